"""Roles and the approval workflow of the CCHC section: contributors submit, the office publishes."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cchc_pages.models import ArticleIndexPage, ArticlePage, CCHCSectionPage
from cchc_pages.roles import APPROVERS, CONTRIBUTORS, EDITORS, WORKFLOW_NAME


def user_in(group_name, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.vn", "mat-khau-123")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def article_form(title, slug, action):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": "2021-03-22",
            "author": "Văn phòng Sở",
            "topic": "",
            "tags": "",
            "summary": "Tóm tắt",
            "feed_image": "",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung bài viết.</p>"))]),
            "related_procedures": inline_formset([]),
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "show_in_menus": "",
            "go_live_at": "",
            "expire_at": "",
        }
    )
    data[action] = "1"
    return data


@pytest.fixture
def news(cchc_site):
    return ArticleIndexPage.objects.get(locale__language_code="vi")


def create_as(client, user, parent, title, slug, action):
    client.force_login(user)
    response = client.post(
        f"/admin/pages/add/cchc_pages/articlepage/{parent.pk}/", article_form(title, slug, action)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return ArticlePage.objects.get(slug=slug)


def test_migration_creates_the_three_editorial_groups(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {CONTRIBUTORS, EDITORS, APPROVERS} <= names


def test_section_has_the_workflow_and_page_permissions(demo_site):
    news = ArticleIndexPage.objects.get(locale__language_code="vi")
    section = CCHCSectionPage.objects.get(locale__language_code="vi")
    assert section.get_workflow().name == WORKFLOW_NAME
    assert news.get_workflow().name == WORKFLOW_NAME  # inherited by the whole section
    english = CCHCSectionPage.objects.get(locale__language_code="en")
    assert english.get_workflow().name == WORKFLOW_NAME


def test_contributor_cannot_publish_but_can_submit(client, news):
    writer = user_in(CONTRIBUTORS, "canbo")
    page = create_as(client, writer, news, "Bài nháp của cán bộ", "bai-nhap-cua-can-bo", "action-publish")
    assert not page.live  # the publish button is not theirs: saved as a draft
    assert not page.permissions_for_user(writer).can_publish()
    assert client.get(page.url or "/cai-cach-hanh-chinh/tin-tuc/bai-nhap-cua-can-bo/").status_code == 404

    page = create_as(client, writer, news, "Bài gửi duyệt", "bai-gui-duyet", "action-submit")
    assert not page.live
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Văn phòng Sở duyệt"


def test_editor_can_edit_but_not_publish(news):
    editor = user_in(EDITORS, "bientap")
    permissions = news.permissions_for_user(editor)
    assert permissions.can_add_subpage() and permissions.can_edit()
    assert not permissions.can_publish()


def test_approver_approves_with_a_comment_and_the_page_goes_live(client, news):
    writer = user_in(CONTRIBUTORS, "canbo")
    approver = user_in(APPROVERS, "vanphong")
    page = create_as(client, writer, news, "Bài chờ duyệt", "bai-cho-duyet", "action-submit")
    assert page.permissions_for_user(approver).can_publish()
    task_state = page.current_workflow_task_state
    client.force_login(approver)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": "Đồng ý đăng."}
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    task_state.refresh_from_db()
    assert page.live
    assert task_state.status == "approved" and task_state.comment == "Đồng ý đăng."
    assert client.get(page.url).status_code == 200


def test_approver_sends_back_with_a_comment(client, news):
    writer = user_in(CONTRIBUTORS, "canbo")
    approver = user_in(APPROVERS, "vanphong")
    page = create_as(client, writer, news, "Bài cần sửa", "bai-can-sua", "action-submit")
    task_state = page.current_workflow_task_state
    client.force_login(approver)
    client.post(
        f"/admin/pages/workflow/action/{page.pk}/reject/{task_state.pk}/",
        {"comment": "Bổ sung nguồn trích dẫn."},
    )
    page.refresh_from_db()
    task_state.refresh_from_db()
    assert not page.live
    assert task_state.status == "rejected" and task_state.comment == "Bổ sung nguồn trích dẫn."
    assert page.workflow_states.get().status == WorkflowState.STATUS_NEEDS_CHANGES


def test_contributor_cannot_approve(client, news):
    writer = user_in(CONTRIBUTORS, "canbo")
    other = user_in(CONTRIBUTORS, "canbo2")
    page = create_as(client, writer, news, "Bài tự duyệt", "bai-tu-duyet", "action-submit")
    task_state = page.current_workflow_task_state
    client.force_login(other)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live
