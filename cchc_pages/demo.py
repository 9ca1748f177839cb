"""Demo content of the CCHC section, taken from the department's 2021 communication plan.

Source: demo_data/ke-hoach-tuyen-truyen-cchc-2021.txt (the plan itself) and
demo_data/index_results.tsv (the province's published index results). Nothing the sources
leave blank is filled: the plan keeps its blank number and day; no hotline number is made up;
no department-level index value is invented; articles only carry the plan's own text.
Pages with inline rows or a body are created once and then left to the editors.
"""

import datetime
from pathlib import Path

from wagtail.models import Locale

from procedures.demo_tools import translate as _translate
from procedures.demo_tools import upsert_page
from procedures.models import Hotline

from .index_data import read_file
from .models import (
    ArticleIndexPage,
    ArticlePage,
    CCHCSectionFeaturedItem,
    CCHCSectionHotline,
    CCHCSectionPage,
    DocumentLibraryPage,
    FeedbackFormPage,
    IndexResult,
    IndexResultsPage,
    LegalDocument,
    PlanPage,
    PlanTask,
    Topic,
)
from .roles import setup_section

DATA = Path(__file__).resolve().parent / "demo_data"

SECTION_TITLE = "Chuyên trang cải cách hành chính"
SECTION_INTRO = (
    "<p>Thông tin, tuyên truyền các chủ trương của Đảng và các chương trình, kế hoạch, văn bản "
    "chỉ đạo của Trung ương, của Tỉnh về cải cách hành chính; công khai, minh bạch 100% thủ tục "
    "hành chính thuộc thẩm quyền giải quyết của Sở Giáo dục và Đào tạo.</p>"
)
SECTION_EN = {
    SECTION_TITLE: "Administrative reform",
    SECTION_INTRO: (
        "<p>News and guidance on the Party's policies and on the central and provincial "
        "programmes, plans and directives for administrative reform; every administrative "
        "procedure handled by the Department of Education and Training, published in full.</p>"
    ),
}

# The reform areas the plan names (II.1.a), plus e-government and communication itself.
TOPICS = [
    ("Cải cách thể chế", "Institutional reform"),
    ("Cải cách tổ chức bộ máy", "Reform of the administrative apparatus"),
    ("Cải cách công vụ", "Civil service reform"),
    ("Cải cách tài chính công", "Public finance reform"),
    ("Chính quyền điện tử và chuyển đổi số", "E-government and digital transformation"),
    ("Cải cách thủ tục hành chính", "Administrative procedure reform"),
    ("Tuyên truyền cải cách hành chính", "Communicating administrative reform"),
]

UNIT = "Văn phòng Sở Giáo dục và Đào tạo"

PURPOSE = [
    "Thông tin, tuyên truyền các chủ trương của Đảng và các chương trình, kế hoạch, văn bản chỉ đạo "
    "của Trung ương, của Tỉnh về cải cách hành chính (CCHC) nhằm nâng cao nhận thức, trách nhiệm của "
    "cán bộ, công chức, viên chức, người lao động ngành Giáo dục và Đào tạo tỉnh Bà Rịa-Vũng Tàu về ý "
    "nghĩa, mục tiêu, tầm quan trọng công tác cải cách hành chính (CCHC) của tỉnh; tạo chuyển biến tích "
    "cực, mạnh mẽ về tinh thần, trách nhiệm, thái độ làm việc, nhất là người đứng đầu cơ quan hành chính "
    "nhà nước và cán bộ công chức, viên chức trong thực hiện nhiệm vụ CCHC.",
    "Tăng cường công tác phối hợp, chia sẻ thông tin giữa các cơ quan nhà nước, các đơn vị sự nghiệp "
    "giáo dục với các cơ quan truyền thông, báo chí, đảm bảo thông tin về tình hình triển khai và kết quả "
    "thực hiện CCHC trong lĩnh vực GDĐT được phản ánh đầy đủ, kịp thời những mặt tích cực hoặc chưa hiệu "
    "quả của các tổ chức, cá nhân trong việc thực hiện nhiệm vụ CCHC.",
    "Nâng cao nhận thức của người dân, tổ chức về CCHC, trọng tâm là cải cách TTHC; lợi ích của việc sử "
    "dụng dịch vụ công trực tuyến, khuyến khích người dân sử dụng dịch vụ công trực tuyến nhằm tiết kiệm "
    "chi phí của người dân, tổ chức và nguồn lực xã hội. Đồng thời, hướng dẫn người dân, tổ chức tích cực "
    "góp ý, tham gia hoàn thiện TTHC, giám sát cơ quan nhà nước trong quá trình thực thi công vụ.",
]
REQUIREMENTS = [
    "Công tác phổ biến, tuyên truyền CCHC phải được kịp thời, đầy đủ, thường xuyên, liên tục; nội dung "
    "tuyên truyền liên quan về CCHC ngắn gọn, chính xác, dễ hiểu phù hợp với tình hình, đặc điểm, yêu cầu "
    "và khả năng của từng đối tượng mang lại hiệu quả thiết thực trong đời sống.",
    "Tuyên truyền công tác CCHC gắn với nội dung Kế hoạch CCHC nhà nước năm 2021 của UBND tỉnh và việc "
    "thực hiện nhiệm vụ theo Kế hoạch cải cách hành chính năm 2021 của ngành Giáo dục và Đào tạo.",
    "Thông tin kịp thời tình hình CCHC, kinh nghiệm, việc làm hay, mô hình tốt cũng như những tồn tại, hạn "
    "chế ảnh hưởng đến CCHC.",
    "Vai trò, trách nhiệm của các cấp ủy Đảng, của người đứng đầu cơ quan, đơn vị sự nghiệp công lập đối "
    "với việc triển khai thực hiện nhiệm vụ CCHC của Ngành.",
]
LEGAL_GROUNDS = (
    "<p>Căn cứ vào Kế hoạch số 46/KH-UBND ngày 22/3/2021 của UBND tỉnh về việc ban hành Kế hoạch cải cách "
    "hành chính năm 2021 trên địa bàn tỉnh Bà Rịa-Vũng Tàu; Kế hoạch số 2571/KH-SGDĐT ngày 14/12/2020 của "
    "Sở Giáo dục và Đào tạo về Kế hoạch cải cách hành chính năm 2021 của ngành Giáo dục và Đào tạo; Sở Giáo "
    "dục và Đào tạo xây dựng Kế hoạch tuyên truyền cải cách hành chính năm 2021 của ngành Giáo dục và Đào "
    "tạo, cụ thể như sau:</p>"
)
CONTENT_STAFF = [
    "Tiếp tục tuyên truyền, phổ biến các quan điểm, chủ trương của Đảng, chính sách pháp luật của Nhà nước "
    "về CCHC. Tuyên truyền về tầm quan trọng, ý nghĩa, mục tiêu và tác động của CCHC đến phát triển kinh "
    "tế - xã hội.",
    "Tuyên truyền định hướng Chương trình tổng thể Cải cách hành chính nhà nước giai đoạn 2021-2030 của "
    "Chính phủ; Kế hoạch cải cách hành chính nhà nước giai đoạn 2021-2025 của Tỉnh. Kế hoạch cải cách hành "
    "chính năm 2021 của ngành Giáo dục và Đào tạo; các văn bản chỉ đạo của Chính phủ, Bộ GDĐT, của UBND "
    "tỉnh liên quan đến việc thực hiện nhiệm vụ CCHC năm 2021.",
    "Tuyên truyền kết quả xếp hạng chỉ số CCHC của tỉnh; kết quả xếp hạng chỉ số CCHC của Sở GDĐT; kết "
    "quả khảo sát mức độ hài lòng về giải quyết TTHC của tổ chức, cá nhân đối với cơ quan Sở GDĐT năm 2020.",
    "Các quy định về quyền, nghĩa vụ, trách nhiệm, đạo đức của CBCCVC trong thực thi công vụ, gắn với kỷ "
    "luật, kỷ cương nhất là trong giải quyết các công việc liên quan đến người dân; quy tắc ứng xử, văn hóa "
    "giao tiếp, tác phong, thái độ phục vụ nhân dân của CBCCVC.",
    "Các mô hình, cơ chế, đề án, dự án đang triển khai hoặc thí điểm về thực hiện CCHC, các điển hình tốt "
    "cũng như phản ánh những hạn chế, yếu kém trong cải cách hành chính của các sở, ngành, địa phương.",
    "Tuyên truyền về xây dựng và phát triển Chính quyền điện tử; Nghị quyết của Ban Thường vụ Tỉnh ủy và "
    "Chương trình hành động của UBND tỉnh về Chương trình chuyển đổi số, phát triển đô thị thông minh gắn "
    "với cải cách hành chính trên địa bàn tỉnh đến năm 2025, tầm nhìn đến 2030.",
    "Tuyên truyền, phổ biến cụ thể các nội dung khác của CCHC: cải cách thể chế; cải cách tổ chức bộ máy; "
    "cải cách công vụ; cải cách tài chính công.",
]
CONTENT_PUBLIC = [
    "Công khai, minh bạch 100% TTHC thuộc thẩm quyền giải quyết của Sở GDĐT trên Cổng thông tin điện tử "
    "của Sở GDĐT theo các Quyết định của UBND tỉnh phê duyệt ban hành.",
    "Quy trình, thủ tục giải quyết TTHC theo cơ chế một cửa, cơ chế một cửa liên thông tại Trung tâm Phục "
    "vụ Hành chính công tỉnh.",
    "Việc ứng dụng công nghệ thông tin, cung cấp dịch vụ công trực tuyến, đặc biệt dịch vụ công trực tuyến "
    "mức độ 3,4.",
    "Giới thiệu công khai các địa chỉ, điện thoại, thư điện tử (email) tiếp nhận phản ánh, kiến nghị về "
    "TTHC, quy định hành chính, tinh thần trách nhiệm, thái độ giao tiếp, ứng xử của CBCCVC với công dân.",
]
FORMS_STAFF = [
    "Thực hiện công tác tuyên truyền về CCHC vào các buổi họp cơ quan hàng tháng, các cuộc họp giao ban "
    "quý của Sở GDĐT.",
    "Xây dựng và nâng cao chất lượng chuyên trang CCHC của Sở, đưa tin, bài về thực hiện công tác CCHC và "
    "địa chỉ, số điện thoại đường dây nóng về CCHC của cơ quan trên Trang thông tin điện tử của Sở.",
    "Lồng ghép nội dung CCHC trong các hội nghị tuyên truyền, phổ biến giáo dục pháp luật, hội nghị tổng "
    "kết năm học 2020-2021 và sinh hoạt chính trị hè năm 2021.",
    "Tham gia các cuộc thi, hội thi về CCHC cấp tỉnh.",
]
FORMS_PUBLIC = [
    "Niêm yết công khai các quy trình giải quyết TTHC tại Trung tâm Phục vụ Hành chính công tỉnh.",
    "Đăng tải những bài viết tuyên truyền chủ trương, chính sách của Đảng, pháp luật của Nhà nước, việc tổ "
    "chức thực hiện công tác CCHC và địa chỉ, số điện thoại đường dây nóng về CCHC của tỉnh, của Sở GDĐT "
    "lên Trang thông tin điện tử các Sở GDĐT.",
    "Tăng cường ứng dụng công nghệ thông tin, truyền thông trong công tác tuyên truyền về cải cách hành "
    "chính, phát huy và khai thác có hiệu quả các tiện ích của mạng xã hội có nhiều người dùng (như zalo, "
    "Facebook, Youtube...)",
]
ORGANISATION_OFFICE = [
    "Chủ trì, phối hợp với các phòng thuộc Sở, đơn vị trực thuộc Sở và các đơn vị liên quan triển khai có "
    "hiệu quả Kế hoạch tuyên truyền cải cách hành chính năm 2021 của Sở GDĐT.",
    "Nâng cao chất lượng các chuyên mục liên quan đến thủ tục hành chính được đăng tải trên Trang thông tin "
    "điện tử của Sở.",
    "Hướng dẫn, theo dõi việc thực hiện nhiệm vụ theo kế hoạch và báo cáo kết quả công tác tuyên truyền cải "
    "cách hành chính theo đúng quy định.",
]
ORGANISATION_UNITS = [
    "Các phòng thuộc Sở, đơn vị trực thuộc Sở GDĐT chủ động triển khai nhiệm vụ liên quan trong kế hoạch và "
    "lồng ghép vào kế hoạch công tác tháng, quý, năm tại đơn vị.",
    "Khuyến khích cán bộ, công chức, viên chức, người lao động tham gia viết bài liên quan đến cải cách hành "
    "chính trên Trang thông tin điện tử của Sở.",
]
CLOSING = (
    "Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2021 của Sở Giáo dục và Đào tạo. Sở Giáo dục "
    "và Đào tạo đề nghị các phòng thuộc Sở, các đơn vị trực thuộc Sở GDĐT căn cứ vào nhiệm vụ được giao chủ "
    "động, phối hợp thực hiện và báo cáo kết quả theo đúng quy định./."
)

OFFICE = "Văn phòng Sở"
DEPARTMENT_UNITS = "Các phòng thuộc Sở, các đơn vị trực thuộc Sở"
# The appendix (phụ lục), in the source's wording; typos corrected: CBCCVV → CBCCVC, ITC → ICT,
# "sinh hoạt chính trị hệ" → "hè"; task 6 is joined across the page break.
TASKS = [
    (
        "Công khai kết quả chỉ số CCHC tỉnh (Par Index), chỉ số Năng lực cạnh tranh cấp tỉnh (PCI), chỉ số "
        "Hiệu quả quản trị và hành chính công cấp tỉnh (Papi), chỉ số sẵn sàng ứng dụng công nghệ thông tin "
        "(ICT), chỉ số CCHC của Sở GDĐT năm 2020.",
        OFFICE,
        DEPARTMENT_UNITS,
        "Thường xuyên",
        "Văn bản",
    ),
    (
        "Tuyên truyền đến người dân, doanh nghiệp về việc tiếp nhận và trả kết quả TTHC qua dịch vụ "
        "công trực "
        "tuyến mức độ 3,4; dịch vụ bưu chính công ích",
        OFFICE,
        DEPARTMENT_UNITS,
        "Thường xuyên",
        "Văn bản",
    ),
    (
        "Xây dựng và nâng cao chất lượng chuyên trang CCHC của Sở; cập nhật các tin tức, bài viết "
        "về tình hình "
        "và kết quả thực hiện công tác CCHC của Sở",
        OFFICE,
        DEPARTMENT_UNITS,
        "Thường xuyên",
        "Tin, bài về công tác CCHC của Sở",
    ),
    (
        "Cập nhật, công khai đầy đủ, đúng quy định các TTHC tại Trung tâm Phục vụ Hành chính công tỉnh; "
        "Website của Sở GDĐT.",
        OFFICE,
        DEPARTMENT_UNITS,
        "Thường xuyên",
        "Bảng niêm yết các TTHC",
    ),
    (
        "Tham gia các cuộc thi tìm hiểu về CCHC cấp tỉnh",
        "Các phòng thuộc Sở",
        "",
        "Khi có kế hoạch của UBND tỉnh",
        "Sản phẩm dự thi",
    ),
    (
        "Cử CBCCVC tham gia các lớp tập huấn, bồi dưỡng về nghiệp vụ CCHC; bồi dưỡng về kỹ năng giao tiếp, "
        "ứng xử của công chức/viên chức trong công tác tiếp dân, tiếp nhận và giải quyết thủ tục hành chính",
        "Các phòng thuộc Sở",
        "",
        "Khi có kế hoạch của UBND tỉnh",
        "Văn bản",
    ),
    (
        "Lồng ghép nội dung CCHC vào các cuộc họp giao ban quý, các hội nghị tuyên truyền, phổ biến giáo dục "
        "pháp luật, hội nghị tổng kết, sinh hoạt chính trị hè để tăng cường công tác tuyên truyền CCHC",
        DEPARTMENT_UNITS,
        "",
        "Thường xuyên",
        "Phổ biến các văn bản QPPL và các văn bản chỉ đạo của cấp trên về CCHC",
    ),
    (
        "Thực hiện báo cáo hàng quý, 6 tháng, 01 năm về tình hình, kết quả thực hiện công tác "
        "tuyên truyền CCHC",
        OFFICE,
        DEPARTMENT_UNITS,
        "Quý, 6 tháng, 01 năm 2021",
        "Báo cáo",
    ),
]

BASIS_OF_PLAN = "Căn cứ của Kế hoạch tuyên truyền cải cách hành chính năm 2021 của Sở Giáo dục và Đào tạo."
DOCUMENTS = [
    {
        "number": "46/KH-UBND",
        "title": "Kế hoạch cải cách hành chính năm 2021 trên địa bàn tỉnh Bà Rịa-Vũng Tàu",
        "doc_type": "ke-hoach",
        "issuing_body": "UBND tỉnh Bà Rịa – Vũng Tàu",
        "level": "tinh",
        "date_issued": datetime.date(2021, 3, 22),
        "summary": BASIS_OF_PLAN,
    },
    {
        "number": "2571/KH-SGDĐT",
        "title": "Kế hoạch cải cách hành chính năm 2021 của ngành Giáo dục và Đào tạo",
        "doc_type": "ke-hoach",
        "issuing_body": "Sở Giáo dục và Đào tạo tỉnh Bà Rịa – Vũng Tàu",
        "level": "so",
        "date_issued": datetime.date(2020, 12, 14),
        "summary": BASIS_OF_PLAN,
    },
    {
        "number": "13/2023/NĐ-CP",
        "title": "Nghị định về bảo vệ dữ liệu cá nhân",
        "doc_type": "nghi-dinh",
        "issuing_body": "Chính phủ",
        "level": "trung-uong",
        "date_issued": datetime.date(2023, 4, 17),
        "effective_date": datetime.date(2023, 7, 1),
        "summary": "Căn cứ xử lý dữ liệu cá nhân của người gửi phản ánh, kiến nghị trên chuyên trang.",
    },
]
DOCUMENTS_EN = {
    DOCUMENTS[0]["title"]: "Administrative reform plan 2021 of Bà Rịa – Vũng Tàu Province",
    DOCUMENTS[0]["issuing_body"]: "People's Committee of Bà Rịa – Vũng Tàu Province",
    DOCUMENTS[1]["title"]: "Administrative reform plan 2021 of the education and training sector",
    DOCUMENTS[1]["issuing_body"]: "Department of Education and Training of Bà Rịa – Vũng Tàu Province",
    DOCUMENTS[2]["title"]: "Decree on personal data protection",
    DOCUMENTS[2]["issuing_body"]: "The Government",
    DOCUMENTS[0]["summary"]: "A basis of the Department's 2021 administrative reform communication plan.",
    DOCUMENTS[2]["summary"]: "The basis for handling the personal data of people who send feedback here.",
}


def _list(items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def _heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


ARTICLES = [
    {
        "slug": "muc-dich-yeu-cau-ke-hoach-tuyen-truyen-cchc-2021",
        "title": "Mục đích, yêu cầu của Kế hoạch tuyên truyền cải cách hành chính năm 2021",
        "topic": "Tuyên truyền cải cách hành chính",
        "summary": (
            "Kế hoạch tuyên truyền CCHC năm 2021 của Sở Giáo dục và Đào tạo nhằm nâng cao nhận thức, trách "
            "nhiệm của cán bộ, công chức, viên chức, người lao động và của người dân, tổ chức về CCHC."
        ),
        "tags": ["kế hoạch 2021", "tuyên truyền"],
        "body": [
            {"type": "paragraph", "value": LEGAL_GROUNDS},
            _heading("Mục đích"),
            {"type": "paragraph", "value": _list(PURPOSE)},
            _heading("Yêu cầu"),
            {"type": "paragraph", "value": _list(REQUIREMENTS)},
        ],
    },
    {
        "slug": "cong-khai-duong-day-nong-tiep-nhan-phan-anh-kien-nghi",
        "title": (
            "Công khai địa chỉ, điện thoại, thư điện tử tiếp nhận phản ánh, kiến nghị về thủ tục hành chính"
        ),
        "topic": "Cải cách thủ tục hành chính",
        "summary": (
            "Giới thiệu công khai các địa chỉ, điện thoại, thư điện tử (email) tiếp nhận phản ánh, kiến nghị "
            "về TTHC, quy định hành chính, tinh thần trách nhiệm, thái độ giao tiếp, ứng xử của CBCCVC với "
            "công dân."
        ),
        "tags": ["đường dây nóng", "phản ánh, kiến nghị"],
        "body": [
            _paragraph(CONTENT_PUBLIC[3]),
            _paragraph(FORMS_STAFF[1]),
            _paragraph(FORMS_PUBLIC[1]),
        ],
    },
    {
        "slug": "tuyen-truyen-dich-vu-cong-truc-tuyen-buu-chinh-cong-ich",
        "title": "Tuyên truyền về dịch vụ công trực tuyến và dịch vụ bưu chính công ích",
        "topic": "Chính quyền điện tử và chuyển đổi số",
        "summary": (
            "Tuyên truyền đến người dân, doanh nghiệp về việc tiếp nhận và trả kết quả TTHC qua dịch vụ công "
            "trực tuyến; dịch vụ bưu chính công ích."
        ),
        "tags": ["dịch vụ công trực tuyến", "kế hoạch 2021"],
        "body": [
            _paragraph(PURPOSE[2]),
            _paragraph(CONTENT_PUBLIC[2]),
            _paragraph(TASKS[1][0] + "."),
            _paragraph(FORMS_PUBLIC[2]),
        ],
    },
    {
        "slug": "noi-dung-tuyen-truyen-cchc-doi-voi-can-bo-cong-chuc-vien-chuc",
        "title": "Nội dung tuyên truyền cải cách hành chính đối với cán bộ, công chức, viên chức năm 2021",
        "topic": "Tuyên truyền cải cách hành chính",
        "summary": (
            "Các nội dung tuyên truyền CCHC năm 2021 đối với cán bộ, công chức, viên chức và người lao động "
            "ngành Giáo dục và Đào tạo."
        ),
        "tags": ["kế hoạch 2021", "tuyên truyền"],
        "body": [
            {"type": "paragraph", "value": _list(CONTENT_STAFF)},
            _heading("Hình thức tuyên truyền"),
            {"type": "paragraph", "value": _list(FORMS_STAFF)},
        ],
    },
]

PLAN_BODY = (
    "<h2>II. Nội dung và hình thức tuyên truyền</h2>"
    "<h3>1. Nội dung tuyên truyền</h3>"
    "<p>a. Đối với cán bộ, công chức, viên chức và người lao động</p>"
    + _list(CONTENT_STAFF)
    + "<p>b. Đối với tổ chức, cá nhân, doanh nghiệp</p>"
    + _list(CONTENT_PUBLIC)
    + "<h3>2. Hình thức tuyên truyền</h3>"
    "<p>a. Đối với cán bộ, công chức, viên chức và người lao động</p>"
    + _list(FORMS_STAFF)
    + "<p>b. Đối với tổ chức, cá nhân, doanh nghiệp:</p>"
    + _list(FORMS_PUBLIC)
    + "<h2>III. Kinh phí thực hiện</h2>"
    "<p>Sử dụng kinh phí thường xuyên được cấp hằng năm để triển khai thực hiện</p>"
    "<h2>IV. Kế hoạch triển khai các nhiệm vụ</h2><p>(Bảng phụ lục kèm theo)</p>"
    "<h2>V. Tổ chức thực hiện</h2>"
    "<h3>1. Văn phòng Sở</h3>"
    + _list(ORGANISATION_OFFICE)
    + "<h3>2. Các phòng thuộc Sở, các đơn vị trực thuộc Sở GDĐT.</h3>"
    + _list(ORGANISATION_UNITS)
    + f"<p>{CLOSING}</p>"
)

LANDING_PAGES = {
    "articles": ("tin-tuc", "Tin tức cải cách hành chính", "Administrative reform news"),
    "documents": ("van-ban", "Văn bản cải cách hành chính", "Administrative reform documents"),
    "indices": (
        "ket-qua-chi-so",
        "Kết quả chỉ số cải cách hành chính",
        "Administrative reform index results",
    ),
    "plan": (
        "ke-hoach-tuyen-truyen-cchc-2021",
        "Kế hoạch tuyên truyền cải cách hành chính năm 2021",
        "Administrative reform communication plan 2021",
    ),
    "feedback": (
        "phan-anh-kien-nghi",
        "Phản ánh, kiến nghị về thủ tục hành chính",
        "Feedback on administrative procedures",
    ),
}
ARTICLES_INTRO = "<p>Tin, bài về tình hình và kết quả thực hiện công tác cải cách hành chính của Sở.</p>"
DOCUMENTS_INTRO = "<p>Văn bản chỉ đạo của Trung ương, của Tỉnh và của Sở về cải cách hành chính.</p>"
INDICES_INTRO = (
    "<p>Công khai kết quả chỉ số CCHC tỉnh (PAR INDEX), chỉ số hài lòng (SIPAS), chỉ số Hiệu quả quản trị "
    "và hành chính công cấp tỉnh (PAPI), chỉ số Năng lực cạnh tranh cấp tỉnh (PCI) và chỉ số chuyển đổi số, "
    "ứng dụng công nghệ thông tin (DTI, ICT Index) của tỉnh Bà Rịa – Vũng Tàu theo từng năm.</p>"
)
FEEDBACK_INTRO = (
    "<p>Tiếp nhận phản ánh, kiến nghị về TTHC, quy định hành chính, tinh thần trách nhiệm, thái độ giao "
    "tiếp, ứng xử của CBCCVC với công dân.</p>"
)
FEEDBACK_CONSENT = (
    "<p>Tôi đồng ý để Sở Giáo dục và Đào tạo xử lý họ tên và thông tin liên hệ tôi cung cấp "
    "chỉ nhằm tiếp nhận, xử lý và trả lời phản ánh, kiến nghị này, theo Nghị định số "
    "13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ về bảo vệ dữ liệu cá nhân. Thông tin liên hệ "
    "được xóa khi hết thời hạn lưu trữ.</p>"
)
INTROS_EN = {
    ARTICLES_INTRO: (
        "<p>News and articles on the Department's administrative reform work and its results.</p>"
    ),
    DOCUMENTS_INTRO: "<p>Central, provincial and departmental documents on administrative reform.</p>",
    INDICES_INTRO: (
        "<p>The province's published results in the administrative reform index (PAR INDEX), the "
        "satisfaction index (SIPAS), PAPI, the provincial competitiveness index (PCI) and the digital "
        "transformation and ICT indices, year by year.</p>"
    ),
    FEEDBACK_INTRO: (
        "<p>Send feedback on administrative procedures and regulations, and on the conduct of officials "
        "towards citizens.</p>"
    ),
}


def _no_translation(instance, language_code, strings=None):
    return None


def create_once(parent, model, slug, **fields):
    """Create a page under ``parent`` once; later runs leave it (and the editors' changes) alone."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is not None:
        return page, False
    tags = fields.pop("tags", None)
    instance = model(slug=slug, locale=parent.locale, **fields)
    if tags:
        instance.tags.add(*tags)
    page = parent.add_child(instance=instance)
    page.save_revision().publish()
    return page, True


def load_topics(locale, translate=_translate):
    topics = {}
    for name, name_en in TOPICS:
        topic = Topic.objects.filter(locale=locale, name=name).first()
        if topic is None:
            topic = Topic.objects.create(locale=locale, name=name, sort_order=len(topics))
        translate(topic, "en", {name: name_en})
        topics[name] = topic
    return topics


def load_documents(locale, translate=_translate):
    for fields in DOCUMENTS:
        document = LegalDocument.objects.filter(locale=locale, number=fields["number"]).first()
        if document is None:
            document = LegalDocument.objects.create(locale=locale, **fields)
        translate(document, "en", DOCUMENTS_EN)


def plan_tasks():
    return [
        PlanTask(
            number=number,
            content=content,
            lead_unit=lead,
            partner_units=partners,
            timeframe=timeframe,
            product=product,
            sort_order=number,
        )
        for number, (content, lead, partners, timeframe, product) in enumerate(TASKS, start=1)
    ]


def index_results():
    return [
        IndexResult(sort_order=position, **row)
        for position, row in enumerate(read_file(DATA / "index_results.tsv"))
    ]


def load(home, stdout, english=True):
    """Create the section tree under the home page, with English copies of the landing pages.

    ``english=False`` skips the English copies (tests that do not need them run faster).
    """
    translate = _translate if english else _no_translation
    section = upsert_page(
        home,
        CCHCSectionPage,
        "cai-cach-hanh-chinh",
        title=SECTION_TITLE,
        intro=SECTION_INTRO,
        show_in_menus=True,
    )
    setup_section(section)
    translate(section, "en", SECTION_EN)
    topics = load_topics(section.locale, translate)
    load_documents(section.locale, translate)

    slug, title, title_en = LANDING_PAGES["articles"]
    articles, _ = create_once(section, ArticleIndexPage, slug, title=title, intro=ARTICLES_INTRO)
    translate(articles, "en", {title: title_en, **INTROS_EN})
    for spec in ARTICLES:
        _, created = create_once(
            articles,
            ArticlePage,
            spec["slug"],
            title=spec["title"],
            author=UNIT,
            topic=topics[spec["topic"]],
            summary=spec["summary"],
            body=spec["body"],
            tags=spec["tags"],
        )
        if created:
            stdout.write(f"Created article “{spec['title']}”.")

    slug, title, title_en = LANDING_PAGES["documents"]
    library, _ = create_once(section, DocumentLibraryPage, slug, title=title, intro=DOCUMENTS_INTRO)
    translate(library, "en", {title: title_en, **INTROS_EN})

    slug, title, title_en = LANDING_PAGES["indices"]
    indices, _ = create_once(
        section, IndexResultsPage, slug, title=title, intro=INDICES_INTRO, results=index_results()
    )
    translate(indices, "en", {title: title_en, **INTROS_EN})

    slug, title, title_en = LANDING_PAGES["plan"]
    plan, _ = create_once(
        section,
        PlanPage,
        slug,
        title=title,
        number="",
        date_issued=None,
        place_and_date="Bà Rịa-Vũng Tàu, ngày   tháng 3 năm 2021",
        issuing_body="Sở Giáo dục và Đào tạo tỉnh Bà Rịa – Vũng Tàu",
        legal_grounds=LEGAL_GROUNDS,
        purpose=_list(PURPOSE),
        requirements=_list(REQUIREMENTS),
        body=PLAN_BODY,
        signer_title="Giám đốc",
        signer_name="Trần Thị Ngọc Châu",
        tasks=plan_tasks(),
    )
    translate(plan, "en", {title: title_en})

    slug, title, title_en = LANDING_PAGES["feedback"]
    feedback, _ = create_once(
        section, FeedbackFormPage, slug, title=title, intro=FEEDBACK_INTRO, consent_text=FEEDBACK_CONSENT
    )
    translate(feedback, "en", {title: title_en, **INTROS_EN})

    changed = False
    if not section.featured_items.exists():
        section.featured_items = [
            CCHCSectionFeaturedItem(page=plan, sort_order=0),
            CCHCSectionFeaturedItem(page=indices, sort_order=1),
        ]
        changed = True
    if not section.hotlines.exists():
        hotline = Hotline.objects.filter(locale=section.locale).order_by("sort_order", "pk").first()
        if hotline is not None:
            section.hotlines = [CCHCSectionHotline(hotline=hotline, sort_order=0)]
            changed = True
    if changed:
        section.save_revision().publish()
    english_locale = Locale.objects.filter(language_code="en").first()
    english_section = section.get_translation_or_none(english_locale) if english_locale else None
    if english_section is not None:
        setup_section(english_section)
    return section
