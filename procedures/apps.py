from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    """Administrative procedures (TTHC): the base of the reusable CCHC plugin."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "procedures"
    verbose_name = _("Administrative procedures")

    def ready(self):
        from . import catalogue, permissions

        permissions.connect_signals()
        catalogue.connect_signals()
