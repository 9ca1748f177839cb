"""Admin screens: upload → preview → confirm → summary, and export; plus the public export.

They follow Wagtail's redirects importer (``wagtail/contrib/redirects/views.py``): the uploaded
file waits in a temporary folder between the preview and the confirmation; the views only move
data between the forms and :mod:`procedures.importing.service`.
"""

import contextlib
import os
import tempfile
import time
import uuid

from django.contrib.auth.decorators import user_passes_test
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from wagtail.models import Locale

from . import export, service
from .forms import ConfirmForm, ExportForm, UploadForm, signed_decision_form
from .service import DecisionInfo

PERMISSION = "procedures.import_procedures"
PROGRESS_KEY = "procedures-import-progress:{}"
#: Uploads waiting for a confirmation are deleted after this many seconds.
TEMP_MAX_AGE = 24 * 60 * 60


def can_import(user):
    return user.is_active and (user.is_superuser or user.has_perm(PERMISSION))


def require_permission(view):
    def wrapped(request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return user_passes_test(lambda user: user.is_authenticated)(wrapped)


def _temp_dir():
    path = os.path.join(tempfile.gettempdir(), "procedures-import")
    os.makedirs(path, exist_ok=True)
    return path


def _purge_stale_uploads():
    """Uploads whose preview was never confirmed or abandoned after an error."""
    limit = time.time() - TEMP_MAX_AGE
    with os.scandir(_temp_dir()) as entries:
        for entry in entries:
            if entry.is_file() and entry.stat().st_mtime < limit:
                with contextlib.suppress(FileNotFoundError):  # another request removed it first
                    os.remove(entry.path)


def _store(data):
    name = uuid.uuid4().hex
    with open(os.path.join(_temp_dir(), name), "wb") as handle:
        handle.write(data)
    return name


def _load(name):
    if not name or not name.isalnum():
        return None
    path = os.path.join(_temp_dir(), name)
    if not os.path.exists(path):
        return None
    with open(path, "rb") as handle:
        return handle.read()


def _discard(name):
    if name and name.isalnum():
        path = os.path.join(_temp_dir(), name)
        if os.path.exists(path):
            os.remove(path)


def _progress(token):
    if not token or len(token) > 64:
        return None

    def report(done, total):
        cache.set(PROGRESS_KEY.format(token), {"done": done, "total": total}, 600)

    return report


@require_permission
def progress(request, token):
    """How far the import of the file being uploaded has got (polled by the upload page)."""
    return JsonResponse(cache.get(PROGRESS_KEY.format(token)) or {"done": 0, "total": 0})


def _decision_from(data, locale):
    from ..models import Decision

    if data.get("decision_id"):
        existing = Decision.objects.filter(pk=data["decision_id"]).first()
        if existing is not None:
            return DecisionInfo(existing=existing)
    if not data.get("decision_number"):
        return None
    date = None
    if data.get("decision_date"):
        import datetime

        date = datetime.date.fromisoformat(data["decision_date"])
    return DecisionInfo(
        number=data["decision_number"],
        date_signed=date,
        issuing_body=data.get("issuing_body", ""),
        summary=data.get("summary", ""),
    )


@require_permission
def import_view(request):
    """Step 1 (GET: the form) and step 2 (POST: the preview)."""
    locale = Locale.get_default()
    if request.method != "POST":
        form = UploadForm(locale=locale, initial={"progress_token": uuid.uuid4().hex})
        return render(request, "procedures/admin/import_upload.html", {"form": form})
    _purge_stale_uploads()
    form = UploadForm(request.POST, request.FILES, locale=locale)
    if not form.is_valid():
        return render(request, "procedures/admin/import_upload.html", {"form": form})
    data = form.cleaned_data
    content = data["import_file"].read()
    carried = {
        "file": _store(content),
        "filename": os.path.basename(data["import_file"].name),
        "format": data["file_format"] or None,
        "decision_id": data["decision"].pk if data["decision"] else None,
        "decision_number": data["decision_number"],
        "decision_date": data["decision_date"].isoformat() if data["decision_date"] else "",
        "issuing_body": data["issuing_body"],
        "summary": data["summary"],
        "decision_file": _store(data["decision_file"].read()) if data["decision_file"] else "",
        "decision_file_name": os.path.basename(data["decision_file"].name) if data["decision_file"] else "",
        "create_missing_fields": data["create_missing_fields"],
        "progress_token": data["progress_token"],
    }
    decision = _decision_from(carried, locale)
    plan = service.plan_import(
        content,
        carried["filename"],
        format=carried["format"],
        decision=decision,
        create_missing_fields=carried["create_missing_fields"],
        progress=_progress(data["progress_token"]),
    )
    if decision is None and plan.format == service.FORMAT_DECISION and not plan.errors:
        if plan.decision_number:
            # The number and date printed in the appendix title.
            carried["decision_number"] = plan.decision_number
            if plan.decision_date and not carried["decision_date"]:
                carried["decision_date"] = plan.decision_date.isoformat()
            decision = _decision_from(carried, locale)
            plan = service.plan_import(
                content,
                carried["filename"],
                format=carried["format"],
                decision=decision,
                create_missing_fields=carried["create_missing_fields"],
            )
        else:
            form.add_error(
                "decision_number",
                _("A decision appendix needs its decision: choose one or enter its number."),
            )
            _discard(carried["file"])
            return render(request, "procedures/admin/import_upload.html", {"form": form})
    confirm = ConfirmForm(initial={"token": ConfirmForm.sign(carried)})
    return render(
        request,
        "procedures/admin/import_preview.html",
        {"plan": plan, "counts": plan.counts(), "confirm_form": confirm, "decision": decision},
    )


@require_permission
def confirm_view(request):
    """Step 3: apply everything in one transaction, then the summary with links."""
    if request.method != "POST":
        raise Http404
    locale = Locale.get_default()
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        upload = UploadForm(locale=locale, initial={"progress_token": uuid.uuid4().hex})
        message = form.errors.get("token", [_("Upload the file again.")])[0]
        return render(
            request, "procedures/admin/import_upload.html", {"form": upload, "import_error": message}
        )
    carried = form.cleaned_data["token"]
    content = _load(carried["file"])
    if content is None:
        upload = UploadForm(locale=locale, initial={"progress_token": uuid.uuid4().hex})
        message = _("The uploaded file is no longer available; upload it again.")
        return render(
            request, "procedures/admin/import_upload.html", {"form": upload, "import_error": message}
        )
    decision = _decision_from(carried, locale)
    made = []
    if decision is not None and decision.existing is None and carried.get("decision_file"):

        def make_document():
            made.append(_make_document(request.user, carried))
            return made[-1]

        decision.make_document = make_document
    try:
        plan = service.apply_import(
            content,
            carried["filename"],
            user=request.user,
            format=carried["format"],
            decision=decision,
            create_missing_fields=carried["create_missing_fields"],
            progress=_progress(carried.get("progress_token")),
        )
    except Exception:
        # The document's row was rolled back with the import; its file is not.
        for document in made:
            if document is not None:
                document.file.storage.delete(document.file.name)
        raise
    if plan.errors:
        confirm = ConfirmForm(initial={"token": ConfirmForm.sign(carried)})
        return render(
            request,
            "procedures/admin/import_preview.html",
            {"plan": plan, "counts": plan.counts(), "confirm_form": confirm, "decision": decision},
        )
    _discard(carried["file"])
    _discard(carried.get("decision_file"))
    return render(
        request,
        "procedures/admin/import_summary.html",
        {"plan": plan, "counts": plan.counts(), "decision": plan.decision},
    )


def _make_document(user, carried):
    """The signed decision as a document, saved through the document form that checked it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = _load(carried["decision_file"])
    if content is None:
        return None
    upload = SimpleUploadedFile(carried["decision_file_name"] or "quyet-dinh.pdf", content)
    title = _("Decision %(number)s") % {"number": carried["decision_number"]}
    form = signed_decision_form(upload, title, user=user)
    return form.save() if form.is_valid() else None


@require_permission
def export_view(request):
    """The export form; with ``download`` in the query, the file."""
    locale = Locale.get_default()
    form = ExportForm(request.GET or None, locale=locale, initial={"status": "all"})
    if "download" in request.GET and form.is_valid():
        from ..filters import filter_procedures

        params = {
            "field": form.cleaned_data["field"].slug if form.cleaned_data["field"] else "",
            "level": form.cleaned_data["level"],
            "status": form.cleaned_data["status"],
        }
        from ..models import ProcedurePage

        queryset = filter_procedures(
            ProcedurePage.objects.filter(locale=locale), params, locale=locale
        ).queryset
        records = export.export_records(queryset)
        return export.http_response(records, form.cleaned_data["file_format"], "thu-tuc-hanh-chinh")
    return render(request, "procedures/admin/export.html", {"form": form})


def public_export(request, index_id, file_format):
    """The list a procedure index page shows (with its filters), for anyone to download.

    Cached per filter selection and catalogue version: parameters that are not filters do not
    make a new file."""
    from ..models import ProcedureIndexPage

    index_page = get_object_or_404(ProcedureIndexPage.objects.live().public(), pk=index_id)
    content = export.cached_index_export(index_page, request.GET, file_format)
    return export.file_response(content, file_format, index_page.slug or "thu-tuc")
