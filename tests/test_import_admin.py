"""The admin import journey (upload → preview → confirm → summary), export, permissions, CLI."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from procedures.importing.service import plan_import
from procedures.models import Decision, ProcedurePage

from .import_helpers import xlsx_bytes

SAMPLE_PATH = Path(__file__).parent / "data" / "sample_decision.xlsx"
SAMPLE = SAMPLE_PATH.read_bytes()


@pytest.fixture
def tthc_admin(django_user_model):
    user = django_user_model.objects.create_user("tthc", "t@example.com", "matkhau-123")
    user.groups.add(Group.objects.get(name="Quản trị TTHC"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("bientap", "b@example.com", "matkhau-123")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def upload(client, data=SAMPLE, name="sample_decision.xlsx", **extra):
    fields = {"import_file": SimpleUploadedFile(name, data), "file_format": "", "progress_token": "abc"}
    fields.update(extra)
    return client.post("/admin/procedures_import/", fields)


def test_only_tthc_admins_and_superusers_may_import(client, site, editor, tthc_admin):
    assert client.get("/admin/procedures_import/").status_code == 302  # to the login page
    client.force_login(editor)
    # Wagtail answers a refused admin view by sending the user back to the dashboard.
    for url in ("/admin/procedures_import/", "/admin/procedures_export_admin/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "/admin/procedures_import/" not in client.get("/admin/").content.decode()
    client.force_login(tthc_admin)
    page = client.get("/admin/procedures_import/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nhập thủ tục từ Excel" in html
    assert 'for="id_import_file"' in html and 'for="id_decision_number"' in html
    menu = client.get("/admin/").content.decode()  # the sidebar menu, as JSON for the sidebar script
    assert "/admin/procedures_import/" in menu and "/admin/procedures_export_admin/" in menu
    assert "Nh\\u1eadp t\\u1eeb Excel" in menu or "Nhập từ Excel" in menu


def test_admin_journey_sample_decision(client, site, tthc_admin):
    client.force_login(tthc_admin)
    preview = upload(client)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert 'data-count="new">3<' in html
    assert 'data-count="changed">3<' in html
    assert 'data-count="abolished">2<' in html
    assert 'data-count="errors">0<' in html
    assert "512/QĐ-UBND" in html  # taken from the appendix title
    assert "25 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ" in html  # before → after
    assert ProcedurePage.objects.count() == 5  # the preview wrote nothing
    token = preview.context["confirm_form"]["token"].value()
    summary = client.post("/admin/procedures_import/confirm/", {"token": token})
    assert summary.status_code == 200
    text = summary.content.decode()
    assert "Đã áp dụng và xuất bản các thay đổi." in text
    assert text.count("/admin/pages/") >= 8  # a link to every page touched
    assert ProcedurePage.objects.count() == 8
    assert ProcedurePage.objects.get(code="1.006388").status == "amended"
    assert Decision.objects.get(number="512/QĐ-UBND").items.count() == 8

    # Export from the admin, re-import: zero changes.
    exported = client.get(
        "/admin/procedures_export_admin/", {"download": "1", "status": "all", "file_format": "xlsx"}
    )
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    again = upload(client, exported.content, "thu-tuc.xlsx")
    assert 'data-count="unchanged">8<' in again.content.decode()
    assert again.context["plan"].has_changes is False
    # And the same decision again says it was already applied.
    repeat = upload(client)
    assert "đã được áp dụng" in repeat.content.decode()


def test_admin_preview_lists_errors_and_confirm_is_not_offered(client, site, tthc_admin):
    client.force_login(tthc_admin)
    data = xlsx_bytes({"S": [["STT", "Mã số TTHC", "Tên thủ tục hành chính"], [1, "9.9", "X"]]})
    response = upload(client, data, "sai.xlsx", decision_number="1/QĐ-UBND")
    html = response.content.decode()
    assert 'data-count="errors">1<' in html
    assert "Không phải mã thủ tục" in html and "9.9" in html
    assert "procedures-import-confirm" not in html


def test_admin_rejects_a_forged_token(client, site, tthc_admin):
    client.force_login(tthc_admin)
    response = client.post("/admin/procedures_import/confirm/", {"token": "x:y"})
    assert response.status_code == 200
    assert "Biểu mẫu nhập đã hết hạn" in response.content.decode()
    assert ProcedurePage.objects.count() == 5


def test_progress_endpoint(client, site, tthc_admin):
    client.force_login(tthc_admin)
    upload(client)
    assert client.get("/admin/procedures_import/progress/abc/").json()["total"] == 8


def test_public_export_of_the_filtered_index_with_formula_escaping(client, site):
    page = ProcedurePage.objects.get(code="1.005074")
    page.fee = '=HYPERLINK("http://evil")'
    page.save_revision().publish()
    response = client.get(f"/thu-tuc/tai-ve/{site.pk}.xlsx", {"field": "giao-duc-trung-hoc"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Thủ tục",
        "Trình tự thực hiện",
        "Cách thức thực hiện",
        "Thành phần hồ sơ",
        "Căn cứ pháp lý",
    ]
    sheet = book["Thủ tục"]
    headers = [c.value for c in sheet[1]]
    rows = [dict(zip(headers, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert {row["Lĩnh vực"] for row in rows} == {"Giáo dục trung học"}
    evil = next(row for row in rows if row["Mã thủ tục"] == "1.005074")
    assert evil["Phí, lệ phí"] == '\'=HYPERLINK("http://evil")'
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    csv_response = client.get(f"/thu-tuc/tai-ve/{site.pk}.csv")
    text = csv_response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("ID trang,Mã thủ tục,Tên thủ tục")
    assert "'=HYPERLINK" in text
    # The escaped cell reads back as the original text: no change.
    assert plan_import(response.content, "x.xlsx").has_changes is False


def workbook_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Thủ tục"]
    headers = [c.value for c in sheet[1]]
    return [dict(zip(headers, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]


def test_public_export_is_built_once_per_filter_selection_and_catalogue_version(client, site, monkeypatch):
    from procedures.importing import export

    built = []
    real_export_xlsx = export.export_xlsx

    def counting_export_xlsx(records, output):
        built.append([record["title"] for record in records])
        real_export_xlsx(records, output)

    monkeypatch.setattr(export, "export_xlsx", counting_export_xlsx)
    url = f"/thu-tuc/tai-ve/{site.pk}.xlsx"
    first = client.get(url, {"field": "giao-duc-trung-hoc", "r": "123"})
    # Junk parameters, a repeated filter, another order: the same list, the same cached file.
    second = client.get(f"{url}?utm_source=zalo&field=x&field=giao-duc-trung-hoc&r=456&r=7")
    assert len(built) == 1 and built[0]
    assert second.content == first.content
    for response in (first, second):
        assert response.status_code == 200
        assert response["Content-Type"] == export.XLSX_CONTENT_TYPE
        assert response["Content-Disposition"] == 'attachment; filename="thu-tuc-hanh-chinh.xlsx"'
    assert [row["Tên thủ tục"] for row in workbook_rows(second.content)] == built[0]

    # Another selection is another file; every unknown field selects nothing and shares one file.
    client.get(url, {"level": "province"})
    assert len(built) == 2
    for junk in ("khong-co", "cung-khong-co", "x" * 300, "giao-duc-trung-hoc\x00"):
        empty = client.get(url, {"field": junk})
        assert empty.status_code == 200 and workbook_rows(empty.content) == []
    assert len(built) == 3 and built[2] == []

    # A procedure changes (the catalogue version moves on): the next download is a fresh file.
    page = ProcedurePage.objects.get(code="1.005074")  # a procedure of that field
    page.title = "Thủ tục đã sửa tên"
    page.save_revision().publish()
    fresh = client.get(url, {"field": "giao-duc-trung-hoc", "r": "789"})
    assert len(built) == 4
    assert "Thủ tục đã sửa tên" in {row["Tên thủ tục"] for row in workbook_rows(fresh.content)}
    assert "Thủ tục đã sửa tên" not in {row["Tên thủ tục"] for row in workbook_rows(first.content)}

    # A view restriction takes the procedure out of the public download at once.
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    restricted = client.get(url, {"field": "giao-duc-trung-hoc"})
    assert len(built) == 5
    assert "Thủ tục đã sửa tên" not in {row["Tên thủ tục"] for row in workbook_rows(restricted.content)}


def test_index_page_links_to_the_download(client, site):
    html = client.get(site.url).content.decode()
    assert f"/thu-tuc/tai-ve/{site.pk}.xlsx" in html
    assert f"/thu-tuc/tai-ve/{site.pk}.csv" in html
    filtered = client.get(site.url, {"level": "province"}).content.decode()
    assert f"/thu-tuc/tai-ve/{site.pk}.csv?level=province" in filtered


# -- command line ----------------------------------------------------------------------------


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    except CommandError as exc:
        code = 1
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


def test_commands_import_dry_run_apply_reapply_export(site, tmp_path):
    code, out, _err = run("import_procedures", str(SAMPLE_PATH), "--dry-run")
    assert code == 0
    assert out.splitlines()[-1] == "new 3, changed 3, unchanged 0, replaced 0, abolished 2, errors 0"
    assert ProcedurePage.objects.count() == 5
    code, out, _err = run(
        "import_procedures",
        str(SAMPLE_PATH),
        "--decision-number",
        "512/QĐ-UBND",
        "--decision-date",
        "2021-03-01",
    )
    assert code == 0 and ProcedurePage.objects.count() == 8
    code, out, _err = run("import_procedures", str(SAMPLE_PATH), "--format", "decision")
    assert out.splitlines()[-1] == "new 0, changed 0, unchanged 8, replaced 0, abolished 0, errors 0"
    assert "đã được áp dụng" in out
    target = tmp_path / "thu-tuc.xlsx"
    code, out, _err = run("export_procedures", str(target))
    assert code == 0 and target.exists()
    code, out, _err = run("import_procedures", str(target))
    assert out.splitlines()[-1] == "new 0, changed 0, unchanged 8, replaced 0, abolished 0, errors 0"
    csv_target = tmp_path / "thu-tuc.csv"
    run("export_procedures", str(csv_target))
    code, out, _err = run("import_procedures", str(csv_target), "--format", "flat")
    assert code == 0
    assert out.splitlines()[-1] == "new 0, changed 0, unchanged 8, replaced 0, abolished 0, errors 0"


def test_command_exits_1_and_writes_nothing_on_error(site, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        xlsx_bytes(
            {
                "S": [
                    ["STT", "Mã số TTHC", "Tên thủ tục hành chính"],
                    [1, "1.999001", "A"],
                    [2, "1.999001", "B"],
                ]
            }
        )
    )
    code, out, err = run("import_procedures", str(bad), "--decision-number", "1/QĐ-UBND")
    assert code == 1
    assert out.splitlines()[-1] == "new 1, changed 0, unchanged 0, replaced 0, abolished 0, errors 1"
    assert "dòng 3" in err and "1.999001" in err
    assert ProcedurePage.objects.count() == 5
    assert not Decision.objects.exists()
    code, out, err = run("import_procedures", str(bad), "--decision-date", "01/03/2021")
    assert code == 1 and "YYYY-MM-DD" in err
