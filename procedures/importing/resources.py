"""django-import-export resources for the flat workbook's sheets.

One resource per sheet, its fields named by the format's stable Vietnamese headers; a resource
exports records (``service.record_of``) to a ``tablib.Dataset``, so any of django-import-export's
formats (xlsx, csv, ods, json …) can write the list. Import does not go through
``Resource.import_data``: its dry run saves every row inside a rolled-back transaction, which
costs as much as the import itself (TECH_NOTES); ``service`` validates and diffs without writing.
"""

from import_export import fields, resources

from . import flat


def _dehydrate(key, kind, child_key=None):
    def method(row):
        record, item, order = row
        if child_key is None:
            return flat.format_cell(kind, record.get(key))
        if key == "page_id":
            return record.get("page_id")
        if key == "code":
            return record.get("code") or ""
        if key == "order":
            return order
        return flat.format_cell(kind, item.get(key))

    return method


def _resource_class(name, columns, child_key=None):
    attrs = {}
    order = []
    if child_key is not None:
        columns = [
            ("page_id", flat.KEY_ID, "int"),
            ("code", flat.KEY_CODE, "text"),
            ("order", flat.KEY_ORDER, "int"),
            *columns,
        ]
    for key, header, kind in columns:
        attrs[key] = fields.Field(column_name=header, dehydrate_method=_dehydrate(key, kind, child_key))
        order.append(key)
    attrs["Meta"] = type("Meta", (), {"fields": tuple(order), "export_order": tuple(order)})
    attrs["child_key"] = child_key
    attrs["__doc__"] = f"The sheet “{name}” of the flat workbook."
    return type(f"{name}Resource", (SheetResource,), attrs)


class SheetResource(resources.Resource):
    """Rows of one sheet from records: ``resource.export(records)`` → ``tablib.Dataset``."""

    child_key = None

    def export(self, queryset=None, **kwargs):
        rows = []
        for record in queryset or []:
            if self.child_key is None:
                rows.append((record, None, None))
            else:
                for order, item in enumerate(record.get(self.child_key) or (), start=1):
                    rows.append((record, item, order))
        return super().export(rows, **kwargs)


ProcedureResource = _resource_class("Procedure", flat.PROCEDURE_COLUMNS)
SHEET_RESOURCES = {flat.SHEET_PROCEDURES: ProcedureResource}
for _sheet, (_key, _columns) in flat.CHILD_SHEETS.items():
    SHEET_RESOURCES[_sheet] = _resource_class(_key.title().replace("_", ""), _columns, child_key=_key)


def datasets(records):
    """``{sheet name: tablib.Dataset}`` for ``records``, in the format's sheet order."""
    result = {}
    for sheet, resource_class in SHEET_RESOURCES.items():
        dataset = resource_class().export(records)
        dataset.title = sheet
        result[sheet] = dataset
    return result
