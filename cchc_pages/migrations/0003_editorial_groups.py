"""Create the editorial groups of the CCHC section with their model permissions.

Page permissions and the approval workflow are attached to each CCHC section page by
cchc_pages.roles.setup_section (on creation, and here for sections that already exist).
The "Quản trị TTHC" group belongs to the procedures app and is not created here.
"""

from django.db import migrations

CONTRIBUTORS = "Cán bộ viết bài"
EDITORS = "Biên tập viên"
APPROVERS = "Văn phòng Sở – Duyệt bài"
MEDIA = ["add_image", "choose_image", "add_document", "choose_document"]
MODEL_PERMISSIONS = {
    CONTRIBUTORS: [],
    EDITORS: [
        "add_topic", "change_topic", "delete_topic",
        "add_legaldocument", "change_legaldocument", "delete_legaldocument",
    ],
    APPROVERS: [
        "add_topic", "change_topic", "delete_topic",
        "add_legaldocument", "change_legaldocument", "delete_legaldocument",
        "view_feedback", "change_feedback",
    ],
}
PAGE_PERMISSIONS = {
    CONTRIBUTORS: ["add_page"],
    EDITORS: ["add_page", "change_page", "lock_page", "unlock_page"],
    APPROVERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")

    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    media = list(
        Permission.objects.filter(content_type__app_label__in=["wagtailimages", "wagtaildocs"], codename__in=MEDIA)
    )
    root_collection = Collection.objects.filter(depth=1).first()
    section_type = ContentType.objects.filter(app_label="cchc_pages", model="cchcsectionpage").first()
    sections = list(Page.objects.filter(content_type=section_type)) if section_type else []
    for name, codenames in MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            access_admin,
            *Permission.objects.filter(content_type__app_label="cchc_pages", codename__in=codenames),
        )
        if root_collection is not None:
            for permission in media:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
        for page in sections:
            for codename in PAGE_PERMISSIONS[name]:
                permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(MODEL_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cchc_pages", "0002_articles_documents_indices_plans_feedback"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
