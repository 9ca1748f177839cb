"""django-import-export resources: the one definition of the flat workbook's columns.

One resource per sheet. Its fields are the columns (stable Vietnamese headers, part of the
format) and their widgets turn a cell into a value and back: export renders records through
them, and import cleans every cell through them with ``Resource.import_data`` (rows of the flat
workbook) or ``Resource.import_row`` (rows of a decision appendix, already split into values by
:mod:`~procedures.importing.appendix`). A widget that refuses a cell raises ``ValueError`` with a
Vietnamese message; the resource turns these into :class:`~procedures.importing.errors.RowError`
naming the sheet, row, column and value.

A row is read into a plain dict — the record :mod:`~procedures.importing.service` diffs against
what is published — and the resource never saves it. The diff and the writes stay in ``service``:
one page revision per procedure (its row is spread over five sheets), child rows, replacement
links, decision items and the audit log, and a dry run that writes nothing (django-import-export's
own dry run saves every row inside a rolled-back transaction, which costs as much as the import).
"""

import datetime
import decimal
import re

import tablib
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult
from openpyxl.utils import get_column_letter

from ..codes import national_code
from ..text import normalize_name
from . import flat
from .errors import RowError


def _reverse(words):
    table = {}
    for key, word in words.items():
        table[normalize_name(word)] = key
        table[normalize_name(key)] = key
    return table


_LEVELS = {**_reverse(flat.LEVEL_WORDS), "cap tinh": "province", "cap huyen": "district", "cap xa": "commune"}
_STATUS = _reverse(flat.STATUS_WORDS)
_ONLINE = {**_reverse(flat.ONLINE_WORDS), "khong": "", "toan trinh": "full", "mot phan": "partial"}
_MODES = {
    **_reverse(flat.MODE_WORDS),
    "truc tiep": "in_person",
    "truc tuyen": "online",
    "buu chinh": "postal",
    "qua dich vu buu chinh cong ich": "postal",
}
BLOCK_KEY = "data-block-key"
_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TRUE = {"co", "x", "1", "true", "yes", "dung"}
_FALSE = {"", "khong", "0", "false", "no", "sai"}


# -- widgets: one cell ↔ one value --------------------------------------------------------------


class CellWidget(widgets.Widget):
    """Strips text and undoes the export's formula escaping; an empty cell is ``empty``."""

    empty = None

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = flat.unescape_formula(value.strip())
        if value is None or value == "":
            return list(self.empty) if isinstance(self.empty, list) else self.empty
        return self.to_python(value, **kwargs)

    def to_python(self, value, **kwargs):
        return value

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.to_cell(value)

    def to_cell(self, value):
        return flat.escape_formula(value)


class TextWidget(CellWidget):
    """Text; with ``field`` (``"app.Model.field"``, the field it is written to), no longer than
    that field's ``max_length``, so an over-long cell is a row error, not a database error when
    the import is applied."""

    empty = ""

    def __init__(self, field=None):
        super().__init__()
        self.field = field

    @cached_property
    def model_field(self):
        """Looked up on first use: the models are not loaded when this module may be imported."""
        label, name = self.field.rsplit(".", 1)
        return apps.get_model(label)._meta.get_field(name)

    def to_python(self, value, **kwargs):
        text = value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else str(value)
        max_length = self.model_field.max_length if self.field else None
        if max_length is not None and len(text) > max_length:
            raise ValueError(_("At most %(n)s characters.") % {"n": max_length})
        return text


class URLWidget(TextWidget):
    """A web address (http or https), checked as the admin form checks it."""

    def to_python(self, value, **kwargs):
        url = super().to_python(value)
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValueError(
                _("Not a web address; write it in full, e.g. https://dichvucong.gov.vn/…")
            ) from None
        return url


class RichTextWidget(TextWidget):
    """HTML for a rich-text field, kept to what the field's editor allows.

    The HTML goes through the conversion the editor does when a page is saved (HTML → the
    editor's content → HTML) with the field's features: other elements and attributes, scripts,
    styles and ``javascript:`` links are dropped. Block keys the conversion makes up are left out
    when the cell had none, so the same cell always gives the same HTML."""

    def to_python(self, value, **kwargs):
        from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

        html = super().to_python(value)
        converter = ContentstateConverter(self.model_field.features)
        # The converter keeps the text of elements it drops; a script's or a style's is not text.
        html = _SCRIPT_OR_STYLE.sub("", html)
        clean = converter.to_database_format(converter.from_database_format(html))
        if BLOCK_KEY not in html:
            clean = re.sub(rf' {BLOCK_KEY}="[^"]*"', "", clean)
        return clean


class CodeWidget(TextWidget):
    """A procedure code, stored as its national part (1.006388 from 1.006388.000.00.00.H02)."""

    def to_python(self, value, **kwargs):
        code = national_code(super().to_python(value))
        if code is None:
            raise ValueError(_("Not a procedure code. A code has the national form 1.006388."))
        return code


class WholeNumberWidget(CellWidget):
    """A count or an amount in đồng: 50.000, 50,000 and 50 000 are fifty thousand."""

    def to_python(self, value, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = re.sub(r"[\s\.,](?=\d{3}\b)", "", str(value).strip())
            if not re.fullmatch(r"-?\d+", text):
                raise ValueError(_("Not a whole number."))
            number = int(text)
        if number < 0:
            raise ValueError(_("This value cannot be negative."))
        return number


class DecimalWidget(CellWidget):
    """Working days, with a comma or a point: 2,5 and 2.5."""

    def to_python(self, value, **kwargs):
        try:
            number = decimal.Decimal(str(value).strip().replace(",", "."))
        except decimal.InvalidOperation:
            raise ValueError(_("Not a number.")) from None
        if not number.is_finite():
            raise ValueError(_("Not a number."))
        if number < 0:
            raise ValueError(_("This value cannot be negative."))
        return number

    def to_cell(self, value):
        value = decimal.Decimal(value)
        return int(value) if value == value.to_integral_value() else float(value)


class DateWidget(CellWidget):
    """dd/mm/yyyy (or d.m.yyyy, yyyy-mm-dd, or a date cell)."""

    def to_python(self, value, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        match = re.fullmatch(r"(\d{1,2})[/\.-](\d{1,2})[/\.-](\d{4})", text)
        iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        try:
            if match:
                day, month, year = (int(part) for part in match.groups())
                return datetime.date(year, month, day)
            if iso:
                year, month, day = (int(part) for part in iso.groups())
                return datetime.date(year, month, day)
        except ValueError:
            pass
        raise ValueError(_("Not a date; write it as dd/mm/yyyy, e.g. 18/07/2016."))

    def to_cell(self, value):
        return value.strftime("%d/%m/%Y")


class YesNoWidget(CellWidget):
    empty = False

    def to_python(self, value, **kwargs):
        folded = normalize_name(str(value))
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
        raise ValueError(_("Write Có or Không."))

    def to_cell(self, value):
        return flat.YES if value else flat.NO


class WordsWidget(CellWidget):
    """A choice written as the format's word for it (or its stored value)."""

    def __init__(self, words, table, message, empty=None):
        super().__init__()
        self.words, self.table, self.message, self.empty = words, table, message, empty

    def to_python(self, value, **kwargs):
        folded = normalize_name(str(value))
        if folded not in self.table:
            raise ValueError(self.message())
        return self.table[folded]

    def to_cell(self, value):
        return self.words.get(value, value)


class LevelsWidget(CellWidget):
    """Levels separated by ``;``, ``,`` or new lines, in the order province, district, commune."""

    empty = []

    def to_python(self, value, **kwargs):
        parts = value if isinstance(value, list) else re.split(r"[;,\n]", str(value))
        levels = []
        for part in parts:
            if not part.strip():
                continue
            level = _LEVELS.get(normalize_name(part))
            if level is None:
                raise ValueError(_("Unknown level; write tỉnh, huyện or xã."))
            if level not in levels:
                levels.append(level)
        order = list(flat.LEVEL_WORDS)
        return sorted(levels, key=order.index)

    def render(self, value, obj=None, **kwargs):
        return flat.LIST_SEPARATOR.join(flat.LEVEL_WORDS[level] for level in value or ())


class ListWidget(CellWidget):
    """Items separated by ``;`` or new lines (export writes ``flat.LIST_SEPARATOR``)."""

    empty = []

    def to_python(self, value, **kwargs):
        parts = value if isinstance(value, list) else str(value).replace("\n", ";").split(";")
        return [part.strip() for part in parts if part.strip()]

    def render(self, value, obj=None, **kwargs):
        return flat.escape_formula(flat.LIST_SEPARATOR.join(value or ()))


class RelatedWidget(ListWidget):
    """Procedures by code (page id where there is none); ``service`` checks that they exist."""

    def to_python(self, value, **kwargs):
        return [national_code(key) or key for key in super().to_python(value)]


NAME_FIELDS = {"field": "procedures.Field.name", "agency": "procedures.Agency.name"}


class NameWidget(TextWidget):
    """A field or an agency by any of its names (case, diacritics, aliases), as its stored name.

    The records hold names, not model instances: ``names`` (a :class:`NameIndex`, passed to
    ``import_data``/``import_row``) resolves a cell against every field and agency read once,
    instead of a ``ForeignKeyWidget`` query per cell."""

    def __init__(self, kind):
        super().__init__(NAME_FIELDS[kind])
        self.kind = kind

    def to_python(self, value, names=None, **kwargs):
        name = super().to_python(value)
        return getattr(names, self.kind)(name) if names is not None else name


class NameListWidget(ListWidget):
    def __init__(self, kind):
        super().__init__()
        self.kind = kind
        self.name = TextWidget(NAME_FIELDS[kind])

    def to_python(self, value, names=None, **kwargs):
        items = [self.name.to_python(item) for item in super().to_python(value)]
        if names is not None:
            items = [getattr(names, self.kind)(name) for name in items]
        return sorted(items)


class NameIndex:
    """Fields and agencies by any of their names, read once; collects the ones to create.

    An unknown field is an error unless missing fields may be created; an unknown agency is
    created (a decision names the agencies of the procedures it publishes)."""

    def __init__(self, locale, create_missing_fields=False):
        from ..models import Agency, Field

        self.fields = Field.objects.filter(locale=locale).name_index()
        self.agencies = Agency.objects.filter(locale=locale).name_index()
        self.create_missing_fields = create_missing_fields
        self.new_fields = []
        self.new_agencies = []

    def field(self, name):
        if not name:
            return ""
        found = self.fields.get(normalize_name(name))
        if found is not None:
            return found.name
        if not self.create_missing_fields:
            raise ValueError(
                _(
                    "Unknown field. Use the name of an existing field (or one of its other names), "
                    "or tick “create missing fields”."
                )
            )
        if name not in self.new_fields:
            self.new_fields.append(name)
        return name

    def agency(self, name):
        if not name:
            return ""
        found = self.agencies.get(normalize_name(name))
        if found is not None:
            return found.name
        if name not in self.new_agencies:
            self.new_agencies.append(name)
        return name


# -- resources: one per sheet -------------------------------------------------------------------


class SheetResource(resources.Resource):
    """Rows of one sheet ↔ records (dicts of ``service.record_of``)."""

    child_key = None  # for a child sheet: the record key of its list

    class Meta:
        force_init_instance = True  # which procedure a row is, is decided by ``service``
        instance_loader_class = BaseInstanceLoader
        skip_diff = True  # ``service`` diffs against the published pages
        use_transactions = False
        report_skipped = True  # every row has a result, in the order of the dataset

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.import_fields = super().get_import_fields()
        self.instances = []  # the rows read, in the order of the dataset

    def get_import_fields(self):
        """Computed once: django-import-export asks twice a row (1,000 procedures are 6,000 rows)."""
        return self.import_fields

    # export

    def export(self, queryset=None, **kwargs):
        rows = []
        for record in queryset or []:
            if self.child_key is None:
                rows.append(record)
                continue
            for order, item in enumerate(record.get(self.child_key) or (), start=1):
                rows.append(
                    {
                        **item,
                        "page_id": record.get("page_id"),
                        "code": record.get("code") or "",
                        "order": order,
                    }
                )
        return super().export(rows, **kwargs)

    # import

    def init_instance(self, row=None):
        return {}

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """Only the columns the file has are set: a missing column leaves the value as it is."""
        if field.column_name in row:
            instance[field.attribute] = field.clean(row, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        self.instances.append(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Blank rows (nothing but empty cells and ``Không``) are left out."""
        return not import_validation_errors and not any(
            v not in (None, "", [], False) for v in instance.values()
        )

    def do_instance_save(self, instance, is_create):
        """Nothing is written here: ``service`` applies the whole plan in one transaction."""

    def read(self, sheet, **kwargs):
        """The rows of ``sheet`` (``workbook.Sheet``, header on row 1), cleaned.

        Returns ``(records, errors)``: records are ``{"row", "sheet", "values", "columns",
        "invalid"}`` (``invalid``: the keys whose cell was refused)."""
        wanted = {normalize_name(field.column_name): name for name, field in self.fields.items()}
        positions = {}
        for col, text in enumerate(sheet.row_values(1), start=1):
            name = wanted.get(normalize_name(text)) if isinstance(text, str) else None
            if name and name not in positions:
                positions[name] = col
        headers = [self.fields[name].column_name for name in positions]
        numbers = [row for row in sheet.row_numbers() if row != 1]
        dataset = tablib.Dataset(
            *([sheet.cells.get((row, col)) for col in positions.values()] for row in numbers), headers=headers
        )
        columns = {
            name: f"{get_column_letter(col)} ({self.fields[name].column_name})"
            for name, col in positions.items()
        }
        self.instances = []
        result = self.import_data(dataset, use_transactions=False, **kwargs)
        if result.has_errors():
            raise result.row_errors()[0][1][0].error
        errors = []
        invalid = {}
        for invalid_row in result.invalid_rows:
            row = numbers[invalid_row.number - 1]
            invalid[invalid_row.number] = set(invalid_row.field_specific_errors)
            for name, messages in invalid_row.field_specific_errors.items():
                raw = dataset[invalid_row.number - 1][headers.index(self.fields[name].column_name)]
                for message in messages:
                    errors.append(
                        RowError(row, columns[name], "" if raw is None else str(raw), message, sheet.title)
                    )
        records = [
            {
                "row": numbers[number],
                "sheet": sheet.title,
                "values": values,
                "columns": columns,
                "invalid": invalid.get(number + 1, set()),
            }
            for number, (values, row_result) in enumerate(zip(self.instances, result.rows, strict=True))
            if row_result.import_type != RowResult.IMPORT_TYPE_SKIP
        ]
        return records, errors

    def clean(self, values, **kwargs):
        """One row given as ``{field name: value}`` (a decision appendix row, its cells already
        split): ``(cleaned values, {field name: message})``."""
        row = {self.fields[name].column_name: value for name, value in values.items()}
        self.instances = []
        row_result = self.import_row(row, BaseInstanceLoader(self), row_number=1, **kwargs)
        if row_result.errors:
            raise row_result.errors[0].error
        errors = {}
        if row_result.validation_error is not None:
            errors = {
                name: messages[0] for name, messages in row_result.validation_error.message_dict.items()
            }
        return self.instances[0], errors


def _column(key, header, widget):
    return fields.Field(attribute=key, column_name=header, widget=widget)


def _status_message():
    return _("Unknown status; write one of: %(words)s.") % {"words": ", ".join(flat.STATUS_WORDS.values())}


def _online_message():
    return _("Write Toàn trình, Một phần or leave it empty.")


def _mode_message():
    return _("Unknown way of submitting; write one of: %(words)s.") % {
        "words": ", ".join(flat.MODE_WORDS.values())
    }


class ProcedureResource(SheetResource):
    """The sheet “Thủ tục”: one row per procedure."""

    page_id = _column("page_id", flat.KEY_ID, WholeNumberWidget())
    code = _column("code", flat.KEY_CODE, CodeWidget())
    title = _column("title", flat.KEY_TITLE, TextWidget("wagtailcore.Page.title"))
    field = _column("field", "Lĩnh vực", NameWidget("field"))
    levels = _column("levels", "Cấp thực hiện", LevelsWidget())
    status = _column("status", "Tình trạng", WordsWidget(flat.STATUS_WORDS, _STATUS, _status_message))
    replaced_by = _column("replaced_by", "Được thay thế bởi", TextWidget())
    procedure_type = _column(
        "procedure_type", "Loại thủ tục", TextWidget("procedures.ProcedurePage.procedure_type")
    )
    processing_time = _column("processing_time", "Thời hạn giải quyết", TextWidget())
    processing_days = _column("processing_days", "Số ngày làm việc", DecimalWidget())
    fee = _column("fee", "Phí, lệ phí", TextWidget())
    fee_amount = _column("fee_amount", "Phí, lệ phí (đồng)", WholeNumberWidget())
    dossier_sets = _column("dossier_sets", "Số bộ hồ sơ", WholeNumberWidget())
    applicants = _column("applicants", "Đối tượng thực hiện", TextWidget())
    handling_agency = _column("handling_agency", "Cơ quan thực hiện", NameWidget("agency"))
    deciding_agency = _column("deciding_agency", "Cơ quan có thẩm quyền quyết định", NameWidget("agency"))
    receiving_address = _column("receiving_address", "Địa chỉ tiếp nhận hồ sơ", TextWidget())
    result = _column("result", "Kết quả thực hiện", TextWidget())
    conditions = _column("conditions", "Yêu cầu, điều kiện", TextWidget())
    is_interlinked = _column("is_interlinked", "Liên thông", YesNoWidget())
    interlinked_agencies = _column(
        "interlinked_agencies", "Cơ quan phối hợp liên thông", NameListWidget("agency")
    )
    online_service_level = _column(
        "online_service_level",
        "Dịch vụ công trực tuyến",
        WordsWidget(flat.ONLINE_WORDS, _ONLINE, _online_message, ""),
    )
    online_service_url = _column(
        "online_service_url",
        "Đường dẫn dịch vụ công",
        URLWidget("procedures.ProcedurePage.online_service_url"),
    )
    postal_receipt = _column("postal_receipt", "Tiếp nhận hồ sơ qua bưu chính", YesNoWidget())
    postal_return = _column("postal_return", "Trả kết quả qua bưu chính", YesNoWidget())
    description = _column(
        "description", "Mô tả (HTML)", RichTextWidget("procedures.ProcedurePage.description")
    )
    related_procedures = _column("related_procedures", flat.KEY_RELATED, RelatedWidget())


class ChildSheetResource(SheetResource):
    """A sheet of a procedure's rows, keyed by the procedure's code (page id where there is none)."""

    page_id = _column("page_id", flat.KEY_ID, WholeNumberWidget())
    code = _column("code", flat.KEY_CODE, CodeWidget())
    order = _column("order", flat.KEY_ORDER, WholeNumberWidget())


class StepResource(ChildSheetResource):
    """The sheet “Trình tự thực hiện”."""

    child_key = "steps"
    title = _column("title", "Tiêu đề bước", TextWidget("procedures.ProcedureStep.title"))
    text = _column("text", "Nội dung", TextWidget())


class SubmissionModeResource(ChildSheetResource):
    """The sheet “Cách thức thực hiện”."""

    child_key = "submission_modes"
    mode = _column("mode", "Hình thức nộp", WordsWidget(flat.MODE_WORDS, _MODES, _mode_message))
    processing_time = _column("processing_time", "Thời hạn giải quyết", TextWidget())
    processing_days = _column("processing_days", "Số ngày làm việc", DecimalWidget())
    fee = _column("fee", "Phí, lệ phí", TextWidget())
    fee_amount = _column("fee_amount", "Phí, lệ phí (đồng)", WholeNumberWidget())
    description = _column("description", "Chi tiết", TextWidget())


class RequiredDocumentResource(ChildSheetResource):
    """The sheet “Thành phần hồ sơ”."""

    child_key = "required_documents"
    name = _column("name", "Tên giấy tờ", TextWidget())
    originals = _column("originals", "Số bản chính", WholeNumberWidget())
    copies = _column("copies", "Số bản sao", WholeNumberWidget())
    form = _column("form", "Mẫu đơn, tờ khai (ID tài liệu)", WholeNumberWidget())


class LegalBasisResource(ChildSheetResource):
    """The sheet “Căn cứ pháp lý”."""

    child_key = "legal_basis"
    number = _column("number", "Số ký hiệu", TextWidget("procedures.LegalBasis.number"))
    title = _column("title", "Trích yếu", TextWidget())
    date_issued = _column("date_issued", "Ngày ban hành", DateWidget())
    issuer = _column("issuer", "Cơ quan ban hành", TextWidget("procedures.LegalBasis.issuer"))


#: Sheet name → resource, in the format's sheet order.
SHEET_RESOURCES = {
    flat.SHEET_PROCEDURES: ProcedureResource,
    flat.SHEET_STEPS: StepResource,
    flat.SHEET_MODES: SubmissionModeResource,
    flat.SHEET_DOCUMENTS: RequiredDocumentResource,
    flat.SHEET_LEGAL: LegalBasisResource,
}
CHILD_RESOURCES = {sheet: resource for sheet, resource in SHEET_RESOURCES.items() if resource.child_key}
#: The record keys of a child list, without the keys that name its procedure.
CHILD_FIELDS = {
    resource.child_key: [name for name in resource.fields if name not in ChildSheetResource.fields]
    for resource in CHILD_RESOURCES.values()
}


def datasets(records):
    """``{sheet name: tablib.Dataset}`` for ``records``, in the format's sheet order."""
    result = {}
    for sheet, resource_class in SHEET_RESOURCES.items():
        dataset = resource_class().export(records)
        dataset.title = sheet
        result[sheet] = dataset
    return result
