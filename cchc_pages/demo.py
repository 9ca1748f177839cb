"""Demo content of the CCHC section, taken from the department's 2021 communication plan."""

from procedures.demo_tools import translate, upsert_page

from .models import CCHCSectionPage

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


def load(home, stdout):
    """Create the section landing page under the home page."""
    section = upsert_page(
        home,
        CCHCSectionPage,
        "cai-cach-hanh-chinh",
        title=SECTION_TITLE,
        intro=SECTION_INTRO,
        show_in_menus=True,
    )
    translate(section, "en", SECTION_EN)
    return section
