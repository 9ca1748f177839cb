from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CchcPagesConfig(AppConfig):
    """The administrative-reform section (chuyên trang CCHC), built on procedures."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc_pages"
    verbose_name = _("Administrative reform section")
