"""The public feedback form and the lookup form."""

import re

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models.feedback import FeedbackKind
from .procedure_links import procedure_pages

CONTENT_MAX_LENGTH = 4000
PHONE_RE = re.compile(r"^\+?[0-9 .()-]{8,20}$")
HONEYPOT_FIELD = "website"


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Your feedback is about"), choices=FeedbackKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Full name"), max_length=150)
    contact = forms.CharField(
        label=_("Phone or email"),
        max_length=150,
        help_text=_("So that the office can answer you."),
    )
    related_procedure = forms.ModelChoiceField(
        label=_("Related procedure (if any)"), queryset=None, required=False, empty_label=_("— None —")
    )
    content = forms.CharField(
        label=pgettext_lazy("cchc", "Content"),
        max_length=CONTENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    consent = forms.BooleanField(label=_("I agree to the processing of my personal data described above."))
    # Hidden from people by CSS; bots that fill every field are dropped without a word.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["related_procedure"].queryset = procedure_pages(locale)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["content"].widget.attrs["maxlength"] = CONTENT_MAX_LENGTH
        # Formatted here, in the request's language: at import time it would be frozen in one.
        self.fields["content"].help_text = _("At most %(count)s characters.") % {"count": CONTENT_MAX_LENGTH}

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter your name."))
        return name

    def clean_contact(self):
        contact = self.cleaned_data["contact"].strip()
        if "@" in contact:
            try:
                validate_email(contact)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("“%(value)s” is not a valid email address.") % {"value": contact}
                ) from error
        elif not PHONE_RE.match(contact):
            raise forms.ValidationError(
                _("“%(value)s” is neither a phone number nor an email address.") % {"value": contact}
            )
        return contact

    def clean_content(self):
        content = self.cleaned_data["content"].strip()
        if not content:
            raise forms.ValidationError(_("Please write your feedback."))
        return content

    @property
    def is_spam(self):
        return bool(self.data.get(HONEYPOT_FIELD))


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Reference code"), max_length=32)

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()
