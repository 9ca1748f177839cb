"""The code forms: signing in with a second factor, confirming a new app, turning it off."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class CodeField(forms.CharField):
    """A one-time code as people type it: spaces and dashes between the characters are ignored.

    ``digits_only`` fields (a new app's first code) get the phone's number pad; fields that also
    take backup codes (letters and digits) get the ordinary keyboard.
    """

    def __init__(self, digits_only=False, **kwargs):
        kwargs.setdefault("label", pgettext_lazy("one-time code", "Code"))
        kwargs.setdefault("max_length", 20)
        attrs = {"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        attrs["inputmode"] = "numeric" if digits_only else "text"
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return "".join(value.replace("-", " ").split()).lower()


def locked_message(device):
    """A Vietnamese/English message for a device that django-otp's throttling has paused."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return None
    until = timezone.localtime(data["locked_until"])
    return _("Too many wrong codes. Try again after %(time)s.") % {
        "time": formats.date_format(until, "SHORT_DATETIME_FORMAT")
    }


class SignInCodeForm(forms.Form):
    """The code asked for after the password: from the authenticator app, or a backup code."""

    code = CodeField(
        help_text=_("The 6-digit code your authenticator app shows now, or one of your backup codes.")
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
        devices = list(kind.objects.filter(user=self.user, confirmed=True))
        for device in devices:
            message = locked_message(device)
            if message:
                raise forms.ValidationError(message, code="locked")
        for device in devices:
            self.device = verify_token(self.user, device.persistent_id, code)
            if self.device is not None:
                return code
        raise forms.ValidationError(
            _("The code “%(code)s” is wrong or has expired. Enter the code your app shows now."),
            code="invalid",
            params={"code": code},
        )


class ConfirmAppForm(forms.Form):
    """The first code from a newly added app, which proves the app and the site agree."""

    code = CodeField(
        digits_only=True, help_text=_("The 6-digit code the app shows after you have added the account.")
    )

    def __init__(self, *args, device, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        message = locked_message(self.device)
        if message:
            raise forms.ValidationError(message, code="locked")
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(
                _("“%(code)s” is not a code from the app: enter its 6 digits."),
                code="format",
                params={"code": code},
            )
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                _(
                    "The code “%(code)s” does not match. Check that the phone's clock is right "
                    "and enter the code the app shows now."
                ),
                code="invalid",
                params={"code": code},
            )
        return code
