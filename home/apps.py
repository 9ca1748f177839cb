from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The department's home page and site-wide settings."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Home")

    def ready(self):
        from .cache import connect_purge_signals
        from .slugs import use_vietnamese_copy_form, use_vietnamese_slug_input

        connect_purge_signals()
        use_vietnamese_slug_input()
        use_vietnamese_copy_form()
