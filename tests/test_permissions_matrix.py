"""Who may do what: each group (and anonymous visitors) against each admin action the project
added. The groups come from the apps' migrations; the table below is the intended policy, so a
change of permissions that is not also a change of this table fails here.

Allowed means the admin screen opens (200); denied means a redirect to the login page
(anonymous) or Wagtail's permission-denied redirect/403 (logged-in users without the right).
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page

from cchc_pages.models import ArticleIndexPage, ArticlePage, Feedback, LegalDocument, Topic
from cchc_pages.roles import APPROVERS, CONTRIBUTORS, EDITORS
from procedures.models import Agency, Decision, Field, Hotline, ProcedureIndexPage, ProcedurePage
from procedures.permissions import TTHC_ADMIN_GROUP

ANON, CONTRIB, EDITOR, APPROVER, TTHC = "anonymous", "contributor", "editor", "approver", "tthc_admin"
ROLES = (ANON, CONTRIB, EDITOR, APPROVER, TTHC)
GROUPS = {CONTRIB: CONTRIBUTORS, EDITOR: EDITORS, APPROVER: APPROVERS, TTHC: TTHC_ADMIN_GROUP}
NOBODY = frozenset()
TTHC_SNIPPETS = (Field, Agency, Decision, Hotline)
CCHC_SNIPPETS = (Topic, LegalDocument)

# action → the roles allowed to open it
POLICY = {
    **{
        f"{m.__name__.lower()}:{a}": {TTHC}
        for m in (Field, Agency, Decision, Hotline)
        for a in ("list", "add")
    },
    "import:upload": {TTHC},
    "export:index": {TTHC},
    **{
        f"{m.__name__.lower()}:{a}": {EDITOR, APPROVER}
        for m in (Topic, LegalDocument)
        for a in ("list", "add")
    },
    "feedback:list": {APPROVER},
    "feedback:edit": {APPROVER},
    "article:add": {CONTRIB, EDITOR, APPROVER},
    "article:edit": {EDITOR, APPROVER},  # someone else's article; contributors edit only their own
    "procedure:add": {TTHC},
    "procedure:edit": {TTHC},
    "search-report": {APPROVER},  # citizens' queries as typed: the office, which handles feedback
    "second-factor:setup": {CONTRIB, EDITOR, APPROVER, TTHC},  # each user's own, from the account page
    "django-admin": NOBODY,
}
# Page publishing, checked with Wagtail's own permission tester (what the admin's buttons use).
PUBLISH_POLICY = {"article": {APPROVER}, "procedure": {TTHC}}


@pytest.fixture
def fixtures(demo_site):
    index = ArticleIndexPage.objects.filter(locale__language_code="vi").first()
    article = ArticlePage.objects.filter(locale__language_code="vi").first()
    procedure_index = ProcedureIndexPage.objects.filter(locale__language_code="vi").first()
    procedure = ProcedurePage.objects.filter(locale__language_code="vi").first()
    feedback = Feedback.objects.create(reference="PA-MATRIX-1", content="Nội dung phản ánh")
    assert index and article and procedure_index and procedure, "the demo content has each page type"
    return {
        "index": index,
        "article": article,
        "procedure_index": procedure_index,
        "procedure": procedure,
        "feedback": feedback,
    }


def _url(action, f):
    target, _, verb = action.partition(":")
    snippets = {
        m.__name__.lower(): m for m in (Field, Agency, Decision, Hotline, Topic, LegalDocument, Feedback)
    }
    if target in snippets:
        model = snippets[target]
        args = [f["feedback"].pk] if verb == "edit" else []
        return reverse(model.snippet_viewset.get_url_name(verb), args=args)
    if target == "import":
        return reverse("procedures_import:upload")
    if target == "export":
        return reverse("procedures_export_admin:index")
    if target == "article":
        if verb == "add":
            return reverse("wagtailadmin_pages:add", args=["cchc_pages", "articlepage", f["index"].pk])
        return reverse("wagtailadmin_pages:edit", args=[f["article"].pk])
    if target == "procedure":
        if verb == "add":
            return reverse(
                "wagtailadmin_pages:add", args=["procedures", "procedurepage", f["procedure_index"].pk]
            )
        return reverse("wagtailadmin_pages:edit", args=[f["procedure"].pk])
    if target == "search-report":
        return reverse("search_query_report")
    if target == "second-factor":
        return reverse("accounts_second_factor:setup")
    if target == "django-admin":
        return "/django-admin/"
    raise AssertionError(action)


def _user(role):
    if role == ANON:
        return None
    user = get_user_model().objects.create_user(f"user-{role}", f"{role}@example.org", "pw")
    user.groups.add(Group.objects.get(name=GROUPS[role]))
    return user


def test_every_group_exists(db):
    for name in GROUPS.values():
        assert Group.objects.filter(name=name).exists(), name


def test_admin_actions_publishing_and_feedback_follow_the_policy(client, fixtures):
    """One demo site, every role in turn (loading the demo once keeps this test affordable)."""
    wrong = []
    for role in ROLES:
        client.logout()
        user = _user(role)
        if user:
            client.force_login(user)
        for action, allowed in POLICY.items():
            url = _url(action, fixtures)
            response = client.get(url)
            opened = response.status_code == 200
            if opened != (role in allowed):
                expected = "open" if role in allowed else "denied"
                wrong.append(f"{role} {action} {url}: {response.status_code} (expected {expected})")
            if role == ANON:
                assert response.status_code == 302, (action, response.status_code)
                assert "login" in response["Location"], action
        if user:
            # Page publishing, as the admin's buttons decide it.
            for kind, allowed in PUBLISH_POLICY.items():
                page = Page.objects.get(pk=fixtures[kind].pk)
                if page.permissions_for_user(user).can_publish() != (role in allowed):
                    wrong.append(f"{role} publish {kind}")
        # Feedback comes from the public form; only the office may change its status and reply.
        feedback = fixtures["feedback"]
        response = client.post(
            reverse(Feedback.snippet_viewset.get_url_name("edit"), args=[feedback.pk]),
            {"status": "closed", "reply": f"Đã trả lời ({role})"},
        )
        feedback.refresh_from_db()
        if role != APPROVER and (response.status_code not in (302, 403) or role in feedback.reply):
            wrong.append(f"{role} changed feedback")
    assert not wrong, "; ".join(wrong)
