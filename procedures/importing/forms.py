"""Forms of the admin import and export screens (labels on every field, stable names)."""

from django import forms
from django.conf import settings
from django.core.signing import BadSignature, TimestampSigner
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..models import Decision, Field, Level, Status
from .errors import ImportFileError
from .service import FORMAT_DECISION, FORMAT_FLAT
from .workbook import check_upload_size

#: Seconds a preview can be confirmed (setting ``PROCEDURES_IMPORT_CONFIRM_MAX_AGE``).
DEFAULT_CONFIRM_MAX_AGE = 60 * 60

FORMAT_CHOICES = [
    ("", _("Detect from the file")),
    (FORMAT_DECISION, _("Decision appendix (the Province's layout)")),
    (FORMAT_FLAT, _("Flat workbook (as exported)")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class UploadForm(forms.Form):
    """Step 1: the file and the decision it applies."""

    import_file = forms.FileField(
        label=_("Excel or CSV file"),
        help_text=_("The decision's appendix (.xlsx) or a flat workbook exported from this site."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    file_format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, required=False)
    decision = forms.ModelChoiceField(
        label=_("Existing decision"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_("Choose it if the decision is already recorded; otherwise fill in the fields below."),
    )
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=100,
        required=False,
        help_text=_("e.g. 512/QĐ-UBND. Left empty, the number in the appendix title is used."),
    )
    decision_date = forms.DateField(label=_("Date signed"), required=False, widget=DateInput())
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=255, required=False)
    summary = forms.CharField(
        label=_("Summary (trích yếu)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decision_file = forms.FileField(
        label=_("Signed decision (file)"),
        required=False,
        help_text=_("The signed decision, attached to the decision record."),
    )
    create_missing_fields = forms.BooleanField(
        label=_("Create missing fields"),
        required=False,
        help_text=_("Create a field named in the file that does not exist yet, instead of refusing the row."),
    )
    progress_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Decision.objects.all()
        if locale is not None:
            queryset = queryset.filter(locale=locale)
        self.fields["decision"].queryset = queryset

    def clean_import_file(self):
        """The size the upload declares, before anything reads the file into memory."""
        upload = self.cleaned_data["import_file"]
        try:
            check_upload_size(upload.size)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload

    def clean_decision_file(self):
        """Checked as the document library checks an upload (extension, size, content)."""
        upload = self.cleaned_data.get("decision_file")
        if upload:
            form = signed_decision_form(upload, upload.name)
            if not form.is_valid():
                raise forms.ValidationError([error for errors in form.errors.values() for error in errors])
            upload.seek(0)
        return upload

    def clean_decision_number(self):
        return " ".join(self.cleaned_data.get("decision_number", "").split())


def signed_decision_form(upload, title, user=None):
    """Wagtail's document form for the signed decision: the site's form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``),
    so the file gets every check the site applies to documents; saving it adds the document."""
    from wagtail.documents import get_document_model
    from wagtail.documents.forms import get_document_form
    from wagtail.models import Collection

    model = get_document_model()
    form_class = get_document_form(model, fields=["title", "file"])
    return form_class(
        data={"title": title, "collection": Collection.get_first_root_node().pk},
        files={"file": upload},
        instance=model(uploaded_by_user=user),
    )


class ConfirmForm(forms.Form):
    """Step 2: what the preview was made from, carried in signed hidden fields."""

    token = forms.CharField(widget=forms.HiddenInput)

    def clean_token(self):
        max_age = getattr(settings, "PROCEDURES_IMPORT_CONFIRM_MAX_AGE", DEFAULT_CONFIRM_MAX_AGE)
        try:
            return TimestampSigner(salt="procedures-import").unsign_object(
                self.cleaned_data["token"], max_age=max_age
            )
        except BadSignature:  # also SignatureExpired
            raise forms.ValidationError(_("The import form has expired; upload the file again.")) from None

    @staticmethod
    def sign(data):
        return TimestampSigner(salt="procedures-import").sign_object(data)


class ExportForm(forms.Form):
    """Export of the whole list or a filtered view."""

    field = forms.ModelChoiceField(
        label=pgettext_lazy("procedure field", "Field"),
        queryset=Field.objects.none(),
        required=False,
        to_field_name="slug",
    )
    level = forms.ChoiceField(label=_("Level"), required=False)
    status = forms.ChoiceField(label=pgettext_lazy("procedure status", "Status"), required=False)
    file_format = forms.ChoiceField(
        label=_("File format"),
        choices=[("xlsx", _("Excel workbook (every sheet)")), ("csv", _("CSV (procedures sheet)"))],
        initial="xlsx",
    )

    def __init__(self, *args, locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Field.objects.all()
        if locale is not None:
            queryset = queryset.filter(locale=locale)
        self.fields["field"].queryset = queryset
        self.fields["level"].choices = [("", _("All levels")), *Level.choices]
        self.fields["status"].choices = [("all", _("All statuses")), ("", _("In force")), *Status.choices]
