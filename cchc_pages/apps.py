from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class CchcPagesConfig(AppConfig):
    """The administrative-reform section (chuyên trang CCHC), built on procedures."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cchc_pages"
    verbose_name = _("Administrative reform section")

    def ready(self):
        from .models import CCHCSectionPage

        post_save.connect(_section_created, sender=CCHCSectionPage, dispatch_uid="cchc_section_roles")


def _section_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .roles import setup_section

        setup_section(instance)
