"""The search report shows citizens' queries as typed: the office (Văn phòng Sở – Duyệt bài), which
already handles feedback, may view it; other groups get it in Settings → Groups."""

from django.db import migrations

GROUP = "Văn phòng Sở – Duyệt bài"
CODENAME = "view_searchquerystat"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="search", model="searchquerystat")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=CODENAME, defaults={"name": "Can view search query statistic"}
    )
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(content_type__app_label="search", codename=CODENAME).first()
    group = Group.objects.filter(name=GROUP).first()
    if group is not None and permission is not None:
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("cchc_pages", "0003_editorial_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
