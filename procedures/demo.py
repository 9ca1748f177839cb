"""Demo content of the procedures app: hotline and procedure settings.

The source document asks the department to publish where citizens send feedback, but gives no
number or address; the hotline is created with the unit and purpose only, for the office to fill.
"""

from wagtail.models import Site

from .demo_tools import translate
from .models import Hotline, ProcedureSettings

OFFICE_HOTLINE = {
    "unit": "Văn phòng Sở Giáo dục và Đào tạo",
    "purpose": "Tiếp nhận phản ánh, kiến nghị về thủ tục hành chính và thái độ, ứng xử của cán bộ",
}
OFFICE_HOTLINE_EN = {
    OFFICE_HOTLINE["unit"]: "Office of the Department of Education and Training",
    OFFICE_HOTLINE["purpose"]: "Feedback on administrative procedures and on the conduct of staff",
}


def load(home, stdout):
    """Create the hotline and point the site's procedure settings at it."""
    hotline = Hotline.objects.filter(locale=home.locale, unit=OFFICE_HOTLINE["unit"]).first()
    if hotline is None:
        hotline = Hotline.objects.create(locale=home.locale, **OFFICE_HOTLINE)
        stdout.write("Created the office hotline.")
    translate(hotline, "en", OFFICE_HOTLINE_EN)
    site = Site.objects.get(root_page=home)
    procedure_settings, _ = ProcedureSettings.objects.get_or_create(site=site)
    if procedure_settings.default_hotline_id != hotline.id:
        procedure_settings.default_hotline = hotline
        procedure_settings.save()
