"""Who may do what in the section: the three editorial groups and the approval workflow.

The groups and their model permissions are created by migration 0003. Page permissions and
the workflow attach to a page, so they are granted on every CCHC section page when it is
created (signal in apps.py) and by the demo loader; ``setup_section`` is idempotent.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

CONTRIBUTORS = "Cán bộ viết bài"
EDITORS = "Biên tập viên"
APPROVERS = "Văn phòng Sở – Duyệt bài"
WORKFLOW_NAME = "Duyệt tin, bài chuyên trang CCHC"
TASK_NAME = "Văn phòng Sở duyệt"

# Contributors write and submit their own pages; editors also edit others' pages; the office publishes.
PAGE_PERMISSIONS = {
    CONTRIBUTORS: ["add_page"],
    EDITORS: ["add_page", "change_page", "lock_page", "unlock_page"],
    APPROVERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


def section_workflow():
    """The section's workflow: one approval step by the office; created once."""
    approvers = Group.objects.get(name=APPROVERS)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=TASK_NAME)
            task.groups.set([approvers])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


@transaction.atomic
def setup_section(section):
    """Grant the groups their page permissions on ``section`` and attach the workflow to it."""
    if Group.objects.filter(name__in=PAGE_PERMISSIONS).count() != len(PAGE_PERMISSIONS):
        return  # groups not migrated yet (e.g. while migrating)
    for group_name, codenames in PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=section, permission=permission)
    if not WorkflowPage.objects.filter(page=section).exists():
        WorkflowPage.objects.create(page=section, workflow=section_workflow())
