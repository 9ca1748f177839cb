"""Hold an admin session at the code page until its second factor has been given."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from .devices import has_second_factor

# Admin pages a signed-in user may open before the code: the code page itself, signing out,
# and what every admin page loads (the icon sprite, fetched by script, and the JS catalogue).
OPEN_URL_NAMES = (
    "accounts_second_factor:verify",
    "wagtailadmin_logout",
    "wagtailadmin_login",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
)


def code_page_url(request):
    """The code page, coming back to this request's address once the code is given."""
    return f"{reverse('accounts_second_factor:verify')}?{urlencode({'next': request.get_full_path()})}"


def awaiting_code(user):
    """Whether ``user`` has given the password but not yet the code their account asks for.

    Cheapest first: anonymous visitors and verified sessions need no query.
    """
    return user.is_authenticated and not user.is_verified() and has_second_factor(user)


def second_factor_required():
    """Whether every admin user must set up a second factor (ADMIN_SECOND_FACTOR_REQUIRED)."""
    return getattr(settings, "ADMIN_SECOND_FACTOR_REQUIRED", False)


class SecondFactorMiddleware:
    """Send a signed-in user whose account has a second factor to the code page.

    Runs after django-otp's ``OTPMiddleware`` (which tells whether this session gave a code),
    on the Wagtail admin and the Django admin only; the public site never pays for it. With
    ``ADMIN_SECOND_FACTOR_REQUIRED`` a user without one is sent to set one up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        target = self.redirect_for(request)
        return redirect(target) if target else self.get_response(request)

    def redirect_for(self, request):
        path = request.path
        if not path.startswith(self.protected_prefixes()):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified() or path in self.open_paths():
            return None
        if has_second_factor(user):
            return code_page_url(request)
        setup = reverse("accounts_second_factor:setup")
        if second_factor_required() and path != setup:
            return setup
        return None

    @staticmethod
    def protected_prefixes():
        """Where the Wagtail admin and the Django admin are mounted (a URLconf may have neither)."""
        prefixes = []
        for name in ("wagtailadmin_home", "admin:index"):
            try:
                prefixes.append(reverse(name))
            except NoReverseMatch:
                continue
        return tuple(prefixes)

    @staticmethod
    def open_paths():
        return {reverse(name) for name in OPEN_URL_NAMES}
