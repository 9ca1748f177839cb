"""The TTHC administrators' group (Quản trị TTHC) and what it may do.

The group is created by a data migration with the snippet permissions; page permissions are
per page tree, so each procedure index gets add/change/publish for the group when it is created
(signal below) and the migration covers indexes that already exist.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_save

TTHC_ADMIN_GROUP = "Quản trị TTHC"
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
SNIPPET_MODELS = ("field", "agency", "decision", "hotline")
SNIPPET_ACTIONS = ("add", "change", "delete")


def grant_index_permissions(index_page, group=None):
    """Give the TTHC group add/change/publish on ``index_page`` and the procedures below it."""
    from wagtail.models import GroupPagePermission

    group = group or Group.objects.filter(name=TTHC_ADMIN_GROUP).first()
    if group is None:
        return
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=index_page, permission=permission)


def _on_index_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_index_permissions(instance)


def connect_signals():
    from .models import ProcedureIndexPage

    post_save.connect(_on_index_saved, sender=ProcedureIndexPage, dispatch_uid="procedures_index_group_perms")
