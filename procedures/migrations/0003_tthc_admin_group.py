"""Create the group "Quản trị TTHC" (TTHC administrators) with its permissions."""

from django.db import migrations

GROUP = "Quản trị TTHC"
SNIPPET_MODELS = ("field", "agency", "decision", "hotline")
SNIPPET_ACTIONS = ("add", "change", "delete")
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="procedures",
            codename__in=[f"{action}_{model}" for model in SNIPPET_MODELS for action in SNIPPET_ACTIONS],
        ),
    )
    index_type = ContentType.objects.filter(app_label="procedures", model="procedureindexpage").first()
    if index_type is None:
        return
    Page = apps.get_model("wagtailcore", "Page")
    page_permissions = list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS)
    )
    for page in Page.objects.filter(content_type=index_type):
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0002_procedure_pages"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
