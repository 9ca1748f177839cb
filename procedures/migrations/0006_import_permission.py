"""The permission to import and export procedures from Excel, given to "Quản trị TTHC"."""

from django.db import migrations

GROUP = "Quản trị TTHC"
CODENAME = "import_procedures"


def create_permission(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="procedures", model="procedurepage")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=CODENAME,
        defaults={"name": "Can import and export procedures from Excel"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def remove_permission(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="procedures", codename=CODENAME
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0005_search_terms"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_permission, remove_permission)]
