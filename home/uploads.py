"""Uploaded documents are checked by what they contain, not by the name they carry.

Wagtail checks a document's extension against ``WAGTAILDOCS_EXTENSIONS`` only; a page of HTML
or a program renamed ``thong-bao.pdf`` would pass. ``check_document_content`` reads the first
bytes (and, for Office and OpenDocument files, the archive's table of contents) and refuses a file
whose content does not match its extension. Images need no such step: Wagtail opens every image
with Willow and refuses one whose content is not an image of the format its name claims.
"""

import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

HEAD_BYTES = 64 * 1024
OLE_TYPES = {"doc", "xls", "ppt"}
# For zipped formats: a member that must be present, and the ODF mimetype when there is one.
ZIPPED = {
    "docx": ("word/document.xml", None),
    "xlsx": ("xl/workbook.xml", None),
    "odt": ("mimetype", b"application/vnd.oasis.opendocument.text"),
    "ods": ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
    "zip": (None, None),
}
TEXT_TYPES = {"csv", "txt"}


def _extension(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _zip_matches(file, member, mimetype):
    file.seek(0)
    if not zipfile.is_zipfile(file):
        return False
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if member and member not in names:
                return False
            if mimetype and archive.read("mimetype").strip() != mimetype:
                return False
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    return True


def content_matches_extension(file, name):
    """True when the bytes of ``file`` are of the kind its file name ``name`` claims."""
    extension = _extension(name)
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    guessed = filetype.guess(head)
    kind = guessed.extension if guessed else None
    if extension == "pdf":
        return kind == "pdf"
    if extension == "rtf":
        return head.startswith(b"{\\rtf")
    if extension in OLE_TYPES:
        return kind in OLE_TYPES
    if extension in ZIPPED:
        return _zip_matches(file, *ZIPPED[extension])
    if extension in TEXT_TYPES:
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NUL bytes of its own
            return kind is None
        return kind is None and b"\x00" not in head
    return False  # an extension this check does not know is refused, never waved through


def check_document_content(file, name):
    if not content_matches_extension(file, name):
        raise ValidationError(
            _("The content of “%(name)s” is not a valid %(extension)s file."),
            code="content_mismatch",
            params={"name": name, "extension": _extension(name).upper() or "?"},
        )


class ContentCheckedDocumentForm(BaseDocumentForm):
    """Wagtail's document form (single and multiple upload) plus the content check."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            check_document_content(file, file.name)
        return file
