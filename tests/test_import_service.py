"""The import pipeline on the database: preview, apply, re-import, export round trip, bad input."""

import datetime
import io
from pathlib import Path

from wagtail.models import PageLogEntry, Revision

from procedures.importing import service
from procedures.importing.export import export_records, export_xlsx
from procedures.importing.service import DecisionInfo, apply_import, plan_import
from procedures.models import Decision, DecisionItem, Field, ProcedurePage

from .import_helpers import HEADER, xlsx_bytes

SAMPLE = (Path(__file__).parent / "data" / "sample_decision.xlsx").read_bytes()
DECISION = DecisionInfo(number="512/QĐ-UBND", date_signed=datetime.date(2021, 3, 1))


def snapshot():
    """Everything an import may write, to prove a failed one wrote nothing."""
    return (
        sorted(ProcedurePage.objects.values_list("id", "title", "status", "code", "processing_time")),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        Decision.objects.count(),
        DecisionItem.objects.count(),
        Field.objects.count(),
    )


def test_sample_preview(site):
    before = snapshot()
    plan = plan_import(SAMPLE, "sample_decision.xlsx", decision=DECISION)
    assert plan.errors == []
    assert snapshot() == before  # the preview writes nothing
    assert plan.format == "decision"
    assert plan.decision_number == "512/QĐ-UBND"
    counts = plan.counts()
    assert counts == {"new": 3, "changed": 3, "unchanged": 0, "replaced": 0, "abolished": 2, "errors": 0}
    amended = {c.code: c for c in plan.by_kind("changed")}
    diffs = {label: (old, new) for label, old, new in amended["1.006388"].diffs}
    assert diffs["thời hạn giải quyết"] == (
        "25 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ",
        "20 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
    )
    assert diffs["số ngày làm việc"] == ("25", "20")
    assert diffs["tình trạng"] == ("Đang có hiệu lực", "Đã sửa đổi, bổ sung")
    # The field written "VĂN BẰNG, CHỨNG CHỈ" is the same field: no change there.
    assert "lĩnh vực" not in {label for label, _o, _n in amended["2.001914"].diffs}
    # Levels are added, never removed, by an amending row.
    assert amended["2.001914"].after["levels"] == ["province", "district"]
    assert plan.summary_line() == "new 3, changed 3, unchanged 0, replaced 0, abolished 2, errors 0"


def test_sample_apply_changes_the_site_and_reimport_changes_nothing(site, import_admin, client):
    plan = apply_import(SAMPLE, "sample_decision.xlsx", user=import_admin, decision=DECISION)
    assert plan.errors == [] and plan.applied
    new = ProcedurePage.objects.get(code="1.999001")
    assert new.live and new.get_parent().specific == site
    assert new.title.startswith("Xét, duyệt chính sách hỗ trợ")
    assert new.level_province and new.online_service_level == "partial"
    assert new.online_service_url == "https://dichvucong.baria-vungtau.gov.vn"
    assert [m.mode for m in new.submission_modes.all()] == ["in_person", "online", "postal"]
    assert new.postal_receipt
    assert new.legal_basis.get().number == "116/2016/NĐ-CP"
    assert new.deciding_agency.name == "Sở Giáo dục và Đào tạo"
    assert ProcedurePage.objects.get(code="1.999003").level_district
    amended = ProcedurePage.objects.get(code="1.006388")
    assert amended.status == "amended"
    assert amended.processing_time.startswith("20 ngày")
    assert amended.deciding_agency.name == "Chủ tịch UBND tỉnh"  # a new agency, created
    abolished = ProcedurePage.objects.get(title="Đình chỉ hoạt động trường trung học phổ thông")
    assert abolished.status == "abolished" and abolished.live  # hidden by status, never deleted
    decision = Decision.objects.get(number="512/QĐ-UBND")
    assert decision.date_signed == datetime.date(2021, 3, 1)
    assert decision.items.count() == 8
    assert set(decision.items.values_list("action", flat=True)) == {"published", "amended", "abolished"}
    # Each change is a revision by the user, with an audit-log entry naming the decision.
    assert amended.revisions.latest("created_at").user == import_admin
    entry = PageLogEntry.objects.filter(page=amended, action=service.LOG_ACTION).get()
    assert entry.user == import_admin and entry.data["decision"] == "512/QĐ-UBND"
    # The site shows it.
    response = client.get(amended.url)
    assert response.status_code == 200
    assert "20 ngày làm việc" in response.content.decode()
    listing = client.get(site.url).content.decode()
    assert "Xét công nhận tốt nghiệp trung học cơ sở" in listing
    assert "Đình chỉ hoạt động trường trung học phổ thông" not in listing

    before = snapshot()
    again = apply_import(SAMPLE, "sample_decision.xlsx", user=import_admin, decision=DECISION)
    assert again.errors == []
    assert again.already_applied and not again.applied
    assert again.summary_line() == "new 0, changed 0, unchanged 8, replaced 0, abolished 0, errors 0"
    assert snapshot() == before


def test_export_then_reimport_reports_zero_changes(site, import_admin):
    apply_import(SAMPLE, "sample_decision.xlsx", user=import_admin, decision=DECISION)
    buffer = io.BytesIO()
    export_xlsx(export_records(), buffer)
    before = snapshot()
    plan = plan_import(buffer.getvalue(), "export.xlsx")
    assert plan.errors == []
    assert plan.format == "flat"
    assert plan.summary_line() == "new 0, changed 0, unchanged 8, replaced 0, abolished 0, errors 0"
    applied = apply_import(buffer.getvalue(), "export.xlsx", user=import_admin)
    assert not applied.applied
    assert snapshot() == before


def test_flat_import_changes_a_field_and_adds_a_procedure(site, import_admin):
    rows = [
        ["ID trang", "Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Cấp thực hiện", "Phí, lệ phí (đồng)"],
        [
            None,
            "1.005074",
            "Cho phép trường trung học phổ thông hoạt động giáo dục",
            "Giáo dục trung học",
            "tỉnh",
            50000,
        ],
        [None, None, "Thủ tục mới không có mã", "Giáo dục - Đào tạo", "xã", None],
    ]
    plan = apply_import(xlsx_bytes({"Thủ tục": rows}), "f.xlsx", user=import_admin)
    assert plan.errors == []
    assert plan.counts()["changed"] == 1 and plan.counts()["new"] == 1
    assert ProcedurePage.objects.get(code="1.005074").fee_amount == 50000
    created = ProcedurePage.objects.get(title="Thủ tục mới không có mã")
    assert created.code == "" and created.level_commune
    assert created.field.name == "Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân"


# -- bad input: a clear Vietnamese message naming row, column and value; nothing written ------


def assert_refused(site, data, *fragments, **kwargs):
    before = snapshot()
    plan = apply_import(data, "x.xlsx", decision=DECISION, **kwargs)
    assert plan.errors, "the import should have been refused"
    assert not plan.applied
    text = " | ".join(str(error) for error in plan.errors)
    for fragment in fragments:
        assert fragment in text
    assert snapshot() == before
    return plan


def test_bad_not_a_spreadsheet(site):
    assert_refused(site, b"%PDF-1.4 \x00\x01\x02 binary", "không phải bảng tính")


def test_bad_no_header(site):
    assert_refused(site, xlsx_bytes({"S": [["Danh sách"], [1, "Một"]]}), "Không tìm thấy dòng tiêu đề")


def test_bad_duplicate_codes(site):
    data = xlsx_bytes({"S": [HEADER, [1, "1.999001", "Một"], [2, "1.999001.000.00.00.H02", "Hai"]]})
    plan = assert_refused(site, data, "dòng 3", "1.999001", "hai lần")
    assert plan.errors[0].row == 3


def test_bad_unknown_field_unless_create_missing_fields(site, import_admin):
    rows = [HEADER, ["I", "Lĩnh vực Thủy sản"], [1, "1.999001", "Một"]]
    data = xlsx_bytes({"S": rows})
    assert_refused(site, data, "Thủy sản", "lĩnh vực")
    plan = apply_import(data, "x.xlsx", user=import_admin, decision=DECISION, create_missing_fields=True)
    assert plan.errors == [] and plan.applied
    assert ProcedurePage.objects.get(code="1.999001").field.name == "Thủy sản"


def test_bad_amended_code_that_does_not_exist(site):
    rows = [["Danh mục thủ tục hành chính được sửa đổi, bổ sung"], HEADER, [1, "1.123456", "Không có"]]
    assert_refused(site, xlsx_bytes({"S": rows}), "dòng 3", "1.123456", "Không có thủ tục nào có mã")


def test_bad_abolished_name_that_does_not_exist(site):
    rows = [["DANH MỤC THỦ TỤC HÀNH CHÍNH BỊ BÃI BỎ"], ["STT", "Tên thủ tục hành chính"], [1, "Thủ tục ma"]]
    assert_refused(site, xlsx_bytes({"S": rows}), "Thủ tục ma")


def test_bad_dates_and_numbers(site):
    rows = [HEADER, [1, "1.999001", "Một", None, None, None, None, "Thông tư số 1/2020/TT-X ngày 31/02/2020"]]
    assert_refused(site, xlsx_bytes({"S": rows}), "dòng 2", "31/02/2020", "không tồn tại")
    flat_rows = [
        ["Mã thủ tục", "Tên thủ tục", "Số ngày làm việc", "Số bộ hồ sơ"],
        ["1.005074", "X", "mười", "1,5"],
    ]
    assert_refused(site, xlsx_bytes({"Thủ tục": flat_rows}), "mười", "Không phải là số", "1,5")
    legal = [
        ["ID trang", "Mã thủ tục", "Thứ tự", "Số ký hiệu", "Trích yếu", "Ngày ban hành"],
        [None, "1.005074", 1, "1/2020", "T", "2020-13-45"],
    ]
    assert_refused(
        site,
        xlsx_bytes({"Thủ tục": flat_rows[:1] + [["1.005074", "X", 5, 1]], "Căn cứ pháp lý": legal}),
        "Căn cứ pháp lý",
        "2020-13-45",
        "dd/mm/yyyy",
    )


def test_bad_formula_without_value(site):
    from .test_import_workbook import _formula_workbook

    assert_refused(site, _formula_workbook(None), "B2", "công thức")


def test_bad_password_protected_and_corrupt_and_too_large(site, settings):
    data = (Path(__file__).parent / "data" / "password_protected.xlsx").read_bytes()
    assert_refused(site, data, "mật khẩu")
    assert_refused(site, SAMPLE[:3000], "bị hỏng")
    settings.PROCEDURES_IMPORT_MAX_UPLOAD_SIZE = 1000
    assert_refused(site, SAMPLE, "lớn hơn giới hạn")


def test_bad_zip_bomb(site, settings):
    settings.PROCEDURES_IMPORT_MAX_CELLS = 100
    assert_refused(site, SAMPLE, "ô")


def test_one_bad_row_stops_the_whole_import(site):
    rows = [HEADER, [1, "1.999001", "Một"], [2, "1.999002", "Hai", "Bồ câu đưa thư"]]
    plan = assert_refused(site, xlsx_bytes({"S": rows}), "Bồ câu đưa thư")
    assert plan.counts()["new"] == 1  # the good row is previewed, but nothing was written


def test_replaced_procedure_keeps_its_page_and_links_to_the_new_one(site, import_admin, client):
    rows = [
        ["DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC THAY THẾ"],
        ["STT", "Mã số TTHC", "Tên thủ tục hành chính thay thế", "Tên thủ tục hành chính được thay thế"],
        ["A", "THỦ TỤC HÀNH CHÍNH CẤP TỈNH"],
        ["I", "Lĩnh vực Giáo dục trung học"],
        [1, "1.999010", "Cho phép trường trung học phổ thông hoạt động giáo dục (mới)", "(1.005074)"],
    ]
    data = xlsx_bytes({"S": rows})
    decision = DecisionInfo(number="77/QĐ-UBND")
    plan = plan_import(data, "r.xlsx", decision=decision)
    assert plan.errors == []
    assert plan.counts()["new"] == 1 and plan.counts()["replaced"] == 1
    plan = apply_import(data, "r.xlsx", user=import_admin, decision=decision)
    assert plan.applied
    new = ProcedurePage.objects.get(code="1.999010")
    old = ProcedurePage.objects.get(code="1.005074")
    assert old.status == "replaced" and old.replaced_by == new and old.live
    item = DecisionItem.objects.get(procedure=old)
    assert (item.action, item.replacement, item.decision.number) == ("replaced", new, "77/QĐ-UBND")
    assert DecisionItem.objects.get(procedure=new).action == "published"
    assert client.get(old.url).status_code == 200  # the old page keeps its address
    again = plan_import(data, "r.xlsx", decision=decision)
    assert again.already_applied
    assert again.summary_line() == "new 0, changed 0, unchanged 1, replaced 0, abolished 0, errors 0"


def test_new_pages_have_a_live_revision_and_audit_log(site, import_admin):
    apply_import(SAMPLE, "sample_decision.xlsx", user=import_admin, decision=DECISION)
    page = ProcedurePage.objects.get(code="1.999002")
    assert page.live_revision_id == page.latest_revision_id
    revision = page.live_revision
    assert revision.user == import_admin
    assert revision.as_object().title == page.title
    assert [m.mode for m in revision.as_object().submission_modes.all()] == ["in_person", "postal"]
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert actions == {"wagtail.create", "wagtail.publish", service.LOG_ACTION}
    assert page.get_parent().numchild == 8


# -- related procedures: a column of codes in the flat workbook ---------------------------------


def _relate(page, *others):
    from procedures.models import RelatedProcedure

    # Numbered as the admin form numbers them: rows left NULL come back in any order on PostgreSQL.
    page.related_procedures = [
        RelatedProcedure(procedure=other, sort_order=n) for n, other in enumerate(others)
    ]
    page.save_revision().publish()


def _set_cell(data, code, header, value):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Thủ tục"]
    headers = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[headers.index("Mã thủ tục")].value == code:
            row[headers.index(header)].value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_related_procedures_round_trip_through_the_flat_workbook(site, import_admin):
    school = ProcedurePage.objects.get(code="1.006388")
    activity = ProcedurePage.objects.get(code="1.005074")
    no_code = ProcedurePage.objects.get(title="Đình chỉ hoạt động trường trung học phổ thông")
    _relate(school, activity, no_code)
    buffer = io.BytesIO()
    export_xlsx(export_records(), buffer)
    exported = buffer.getvalue()
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(exported))["Thủ tục"]
    headers = [cell.value for cell in sheet[1]]
    cells = {
        row[1].value: row[headers.index("Thủ tục liên quan")].value for row in sheet.iter_rows(min_row=2)
    }
    # Codes, or the page id of a procedure without one, separated by "; ".
    assert cells["1.006388"] == f"1.005074; {no_code.pk}"

    # Export → import: zero changes.
    plan = plan_import(exported, "export.xlsx")
    assert plan.errors == []
    assert plan.summary_line() == "new 0, changed 0, unchanged 5, replaced 0, abolished 0, errors 0"

    # Changed related codes change them: one page revision, the diff shown before → after.
    changed = _set_cell(exported, "1.006388", "Thủ tục liên quan", "2.001914.000.00.00.H02\n1.005074")
    plan = plan_import(changed, "changed.xlsx")
    assert plan.errors == [] and plan.counts()["changed"] == 1
    (change,) = plan.by_kind("changed")
    assert change.diffs == [("thủ tục liên quan", f"1.005074; {no_code.pk}", "2.001914; 1.005074")]
    revisions = Revision.objects.count()
    assert apply_import(changed, "changed.xlsx", user=import_admin).applied
    school = ProcedurePage.objects.get(pk=school.pk)
    assert [r.procedure.code for r in school.related_procedures.all()] == ["2.001914", "1.005074"]
    assert Revision.objects.count() == revisions + 1
    assert [r.procedure_id for r in school.live_revision.as_object().related_procedures.all()] == [
        ProcedurePage.objects.get(code="2.001914").pk,
        activity.pk,
    ]
    again = plan_import(changed, "changed.xlsx")
    assert again.summary_line() == "new 0, changed 0, unchanged 5, replaced 0, abolished 0, errors 0"

    # An empty cell removes them.
    assert apply_import(_set_cell(changed, "1.006388", "Thủ tục liên quan", None), "x.xlsx").applied
    assert not school.related_procedures.exists()


def test_related_procedure_that_does_not_exist_is_refused(site):
    rows = [
        ["Mã thủ tục", "Tên thủ tục", "Thủ tục liên quan"],
        ["1.005074", "Cho phép trường trung học phổ thông hoạt động giáo dục", "1.006388; 9.999999"],
        ["1.999020", "Thủ tục mới liên quan đến thủ tục mới khác", "1.999021"],
        ["1.999021", "Thủ tục mới khác", "1.999020"],
    ]
    plan = assert_refused(site, xlsx_bytes({"Thủ tục": rows}), "dòng 2", "C (Thủ tục liên quan)", "9.999999")
    assert len(plan.errors) == 1  # procedures new in the same file may be related to each other


def test_flat_import_relates_new_procedures_to_each_other(site, import_admin):
    rows = [
        ["Mã thủ tục", "Tên thủ tục", "Thủ tục liên quan"],
        ["1.999020", "Thủ tục mới thứ nhất", "1.999021; 1.006388"],
        ["1.999021", "Thủ tục mới thứ hai", "1.999020"],
    ]
    plan = apply_import(xlsx_bytes({"Thủ tục": rows}), "f.xlsx", user=import_admin)
    assert plan.errors == [] and plan.counts()["new"] == 2
    first = ProcedurePage.objects.get(code="1.999020")
    assert [r.procedure.code for r in first.related_procedures.all()] == ["1.999021", "1.006388"]
    assert [
        r.procedure.code for r in ProcedurePage.objects.get(code="1.999021").related_procedures.all()
    ] == ["1.999020"]
