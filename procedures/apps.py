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
        self.connect_search_signals()

    @staticmethod
    def connect_search_signals():
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction

        from .searching.engine import forget_restricted_paths

        for name, signal in (("save", post_save), ("delete", post_delete)):
            uid = f"procedures_restrictions_{name}"
            signal.connect(forget_restricted_paths, sender=PageViewRestriction, dispatch_uid=uid)
