from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from . import urls
from .devices import has_second_factor
from .middleware import awaiting_code, code_page_url


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


# Private pages and documents of private collections let in any signed-in user, so a session
# that has the password but not yet the code is held at the code page there too.
@hooks.register("before_serve_page")
def hold_private_page_for_the_code(page, request, serve_args, serve_kwargs):
    if awaiting_code(request.user) and page.get_view_restrictions().exists():
        return redirect(code_page_url(request))


@hooks.register("before_serve_document")
def hold_private_document_for_the_code(document, request):
    if awaiting_code(request.user) and document.collection.get_view_restrictions().exists():
        return redirect(code_page_url(request))
