from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from . import urls
from .devices import has_second_factor


@hooks.register("register_admin_urls")
def register_second_factor_urls():
    return [path("second-factor/", include(urls))]


@hooks.register("register_account_menu_item")
def second_factor_account_item(request):
    on = has_second_factor(request.user)
    return {
        "url": reverse("accounts_second_factor:setup"),
        "label": _("Two-step verification"),
        "help_text": (
            _("On: sign-in asks for a code from your authenticator app.")
            if on
            else _("Off: protect your account with a code from an authenticator app on your phone.")
        ),
    }
