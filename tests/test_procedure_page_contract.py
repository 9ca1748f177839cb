"""The contract of a procedure page: which data it shows, with which Vietnamese label, in what order.

Others rely on this list (the export's columns, the posting sheet, the API); change it on purpose.
"""

import re

import pytest
from django.utils import translation

from procedures.display import PROCEDURE_SECTIONS, SECTION_KEYS
from procedures.models import Agency, Field

from .procedure_helpers import make_index, make_procedure

SECTION_HEADING = r'<section class="procedure-section" id="muc-[^"]+"[^>]*>\s*<h2[^>]*>([^<]+)</h2>'
EXPECTED = [
    ("code", "Mã thủ tục"),
    ("field", "Lĩnh vực"),
    ("levels", "Cấp thực hiện"),
    ("procedure_type", "Loại thủ tục"),
    ("applicants", "Đối tượng thực hiện"),
    ("steps", "Trình tự thực hiện"),
    ("submission_modes", "Cách thức thực hiện"),
    ("online_service", "Dịch vụ công trực tuyến"),
    ("postal_service", "Dịch vụ bưu chính công ích"),
    ("required_documents", "Thành phần hồ sơ"),
    ("dossier_sets", "Số lượng hồ sơ"),
    ("processing_time", "Thời hạn giải quyết"),
    ("fee", "Phí, lệ phí"),
    ("handling_agency", "Cơ quan thực hiện"),
    ("deciding_agency", "Cơ quan có thẩm quyền quyết định"),
    ("interlinked", "Một cửa liên thông"),
    ("receiving_address", "Địa chỉ tiếp nhận hồ sơ"),
    ("result", "Kết quả thực hiện"),
    ("conditions", "Yêu cầu, điều kiện thực hiện"),
    ("legal_basis", "Căn cứ pháp lý"),
    ("description", "Thông tin thêm"),
    ("related_procedures", "Thủ tục liên quan"),
    ("status", "Tình trạng"),
    ("decision_history", "Lịch sử quyết định"),
]


def test_the_section_list_is_the_contract():
    with translation.override("vi"):
        assert [(key, str(label)) for key, label in PROCEDURE_SECTIONS] == EXPECTED
    assert [key for key, _label in EXPECTED] == SECTION_KEYS


@pytest.fixture
def full_page(db):
    from django.core.cache import cache

    cache.clear()
    index = make_index()
    field = Field.objects.create(name="Văn bằng, chứng chỉ")
    agency = Agency.objects.create(name="Sở Giáo dục và Đào tạo")
    other = make_procedure(index, "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc")
    page = make_procedure(
        index,
        "Chỉnh sửa nội dung văn bằng, chứng chỉ",
        rows=2,
        code="2.001914",
        field=field,
        level_province=True,
        procedure_type="TTHC được luật giao quy định chi tiết",
        applicants="Công dân Việt Nam",
        online_service_level="partial",
        postal_receipt=True,
        dossier_sets=1,
        processing_time="05 ngày làm việc",
        fee="Không",
        handling_agency=agency,
        deciding_agency=agency,
        is_interlinked=True,
        receiving_address="Trung tâm Phục vụ hành chính công tỉnh",
        result="Quyết định chỉnh sửa",
        conditions="Không",
        description="<p>Ghi chú thêm.</p>",
    )
    page.related_procedures.create(procedure=other)
    import datetime

    from procedures.models import Decision, DecisionItem

    decision = Decision.objects.create(number="1/QĐ-UBND", date_signed=datetime.date(2024, 1, 2))
    DecisionItem.objects.create(decision=decision, procedure=page, action="published")
    page.save_revision().publish()
    return page


def test_a_complete_page_shows_every_section_in_contract_order(client, full_page):
    html = client.get(full_page.url).content.decode()
    headings = re.findall(
        r'<section class="procedure-section" id="muc-[^"]+"[^>]*>\s*<h2[^>]*>([^<]+)</h2>', html
    )
    assert headings == [label for _key, label in EXPECTED]


def test_empty_sections_are_left_out(client, db):
    from django.core.cache import cache

    cache.clear()
    page = make_procedure(make_index(), "Thủ tục chỉ có tên")
    html = client.get(page.url).content.decode()
    headings = re.findall(SECTION_HEADING, html)
    assert headings == ["Tình trạng"]
