"""The second-factor screens: the code page after the password, setting up an app, turning it off."""

from django.contrib import messages
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from .devices import (
    PENDING_SESSION_KEY,
    confirm_app_device,
    has_second_factor,
    pending_app_device,
    qr_code_svg,
    remove_second_factor,
    secret_for_typing,
)
from .forms import ConfirmAppForm, SignInCodeForm
from .middleware import second_factor_required


def mark_verified(request, device):
    """Record the code in the session, under a new session key and CSRF token.

    A session key seen while the session had only the password does not become a verified one.
    """
    otp_login(request, device)
    request.session.cycle_key()
    rotate_token(request)


def safe_next(request, default="wagtailadmin_home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


class VerifyView(FormView):
    """Ask for the code after the password, for users whose account has a second factor."""

    form_class = SignInCodeForm
    template_name = "accounts/verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_verified() or not has_second_factor(request.user):
            return redirect(safe_next(request))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["code"].widget.attrs["autofocus"] = True  # the page asks for nothing else
        return form

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": safe_next(self.request)}

    def form_valid(self, form):
        mark_verified(self.request, form.device)
        if isinstance(form.device, StaticDevice):
            left = form.device.token_set.count()
            message = ngettext(
                "You signed in with a backup code; %(count)s is left.",
                "You signed in with a backup code; %(count)s are left.",
                left,
            )
            messages.warning(self.request, message % {"count": left})
        return redirect(safe_next(self.request))


class SetupView(FormView):
    """Add an authenticator app: scan the QR code, confirm with its first code, keep the backup codes.

    A user who already has one sees its status here and can turn it off with a current code.
    """

    template_name = "accounts/setup.html"

    def get_form_class(self):
        return SignInCodeForm if self.has_app else ConfirmAppForm

    def dispatch(self, request, *args, **kwargs):
        self.has_app = has_second_factor(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.has_app:
            return {**kwargs, "user": self.request.user}
        self.device = pending_app_device(self.request)
        return {**kwargs, "device": self.device}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["has_app"] = self.has_app
        context["required"] = second_factor_required()
        if not self.has_app:
            context["qr_code"] = qr_code_svg(self.device, _("QR code for your authenticator app"))
            context["secret"] = secret_for_typing(self.device)
        return context

    def form_valid(self, form):
        if self.has_app:
            remove_second_factor(self.request.user, keep_session=self.request.session.session_key)
            self.request.session.pop(DEVICE_ID_SESSION_KEY, None)
            messages.success(
                self.request, _("Two-step verification is off. Sign-in asks for your password only.")
            )
            return redirect("accounts_second_factor:setup")
        codes = confirm_app_device(self.device)
        self.request.session.pop(PENDING_SESSION_KEY, None)
        mark_verified(self.request, self.device)
        messages.success(self.request, _("Two-step verification is on."))
        return TemplateResponse(self.request, "accounts/backup_codes.html", {"codes": codes})
