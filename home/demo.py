"""Demo content for the site shell: the home page, its English translation, site settings.

Every value comes from the source document (the department's 2021 CCHC communication plan,
copied from ../shared/seed into cchc_pages/demo_data/). Nothing the source leaves blank is filled.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page, Site

from procedures.demo_tools import translate

from .models import DepartmentSettings, HomeFeaturedProcedure, HomePage

DEPARTMENT = "Sở Giáo dục và Đào tạo tỉnh Bà Rịa – Vũng Tàu"
DEPARTMENT_EN = "Department of Education and Training of Bà Rịa – Vũng Tàu Province"
PARENT_BODY = "Ủy ban nhân dân tỉnh Bà Rịa – Vũng Tàu"
HOME_INTRO = (
    "<p>Chuyên trang cải cách hành chính của Sở Giáo dục và Đào tạo: công khai 100% thủ tục "
    "hành chính thuộc thẩm quyền giải quyết của Sở, tin tức cải cách hành chính, "
    "địa chỉ tiếp nhận phản ánh, kiến nghị.</p>"
)
HOME_INTRO_EN = (
    "<p>The administrative reform section of the Department of Education and Training: all "
    "administrative procedures handled by the Department, administrative reform news, and "
    "where to send feedback.</p>"
)
SEARCH_HEADING = "Tra cứu thủ tục hành chính"
DEMO_ADMIN = ("admin", "admin")


def load_home(stdout):
    """Make a HomePage the root of the default site, with settings and an English copy."""
    locale_vi = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code="en")
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    home = HomePage.objects.filter(locale=locale_vi).first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(title=DEPARTMENT, slug="trang-chu", locale=locale_vi, intro=HOME_INTRO)
        )
        stdout.write(f"Created home page “{home.title}”.")
    if site.root_page_id != home.id:
        old_root = site.root_page
        site.root_page = home
        site.site_name = DEPARTMENT
        site.save()
        if type(old_root.specific) is Page and not old_root.get_children().exists():
            old_root.delete()
    if home.search_heading != SEARCH_HEADING or not home.live:
        home.search_heading = SEARCH_HEADING
        home.save_revision().publish()

    department, _ = DepartmentSettings.objects.get_or_create(site=site)
    department.department_name = DEPARTMENT
    department.parent_body = PARENT_BODY
    department.save()

    translate(
        home,
        "en",
        {
            DEPARTMENT: DEPARTMENT_EN,
            HOME_INTRO: HOME_INTRO_EN,
            SEARCH_HEADING: "Find an administrative procedure",
        },
    )
    return home


# Procedures citizens ask for most, by code (all in procedures/demo_data/real_procedures.tsv).
FEATURED_CODES = ["3.000467", "1.005142", "1.004889", "2.001914", "1.006388"]


def feature_procedures(home, stdout):
    """Put a handful of real procedures on the home page, in this order; publish only on change."""
    from procedures.models import ProcedurePage

    by_code = {
        page.code: page
        for page in ProcedurePage.objects.live().filter(locale=home.locale, code__in=FEATURED_CODES)
    }
    wanted = [by_code[code].pk for code in FEATURED_CODES if code in by_code]
    current = list(home.featured_procedures.order_by("sort_order").values_list("page_id", flat=True))
    if current == wanted:
        return
    home = HomePage.objects.get(pk=home.pk)
    home.featured_procedures = [
        HomeFeaturedProcedure(page_id=pk, sort_order=order) for order, pk in enumerate(wanted)
    ]
    home.save_revision().publish()
    stdout.write(f"Featured {len(wanted)} procedures on the home page.")


def ensure_demo_admin(stdout):
    """A local superuser for trying the admin, only where settings allow it (dev)."""
    if not settings.DEMO_ADMIN_ENABLED:
        return
    username, password = DEMO_ADMIN
    user_model = get_user_model()
    if not user_model.objects.filter(username=username).exists():
        user_model.objects.create_superuser(username, "admin@localhost", password)
    stdout.write(
        f"Admin: {settings.WAGTAILADMIN_BASE_URL}/admin/ — user “{username}”, password “{password}”."
    )
