"""Applying a decision: each item sets its procedure's status (and replacement), in every language.

Called when a decision is saved in the admin and by the import. Applying the same decision again
changes nothing (no new revisions).
"""

from django.db import transaction

from .catalogue import changed_on_commit
from .models import DecisionAction, ProcedurePage, Status

ACTION_STATUS = {
    DecisionAction.PUBLISHED: Status.IN_FORCE,
    DecisionAction.AMENDED: Status.AMENDED,
    DecisionAction.REPLACED: Status.REPLACED,
    DecisionAction.ABOLISHED: Status.ABOLISHED,
}


def set_status(page, status, replaced_by=None, user=None):
    """Set ``status`` on ``page`` and its translations; publish live pages. Returns pages changed."""
    changed = []
    for translation in ProcedurePage.objects.filter(translation_key=page.translation_key):
        target = None
        if replaced_by is not None:
            target = (
                ProcedurePage.objects.filter(
                    translation_key=replaced_by.translation_key, locale_id=translation.locale_id
                ).first()
                or replaced_by
            )
        target_id = target.pk if target is not None else None
        # An editor's unpublished draft: the status goes into it too, and it stays the latest revision.
        draft = translation.get_latest_revision_as_object() if translation.has_unpublished_changes else None
        current = translation if translation.live else draft or translation
        if current.status == status and current.replaced_by_id == target_id:
            continue
        if translation.live:
            translation.status = status
            translation.replaced_by_id = target_id
            translation.save_revision(user=user, log_action=True).publish(user=user)
        if draft is not None or not translation.live:
            carry_draft_forward(draft or translation, status, target_id, user=user)
        changed.append(translation)
    return changed


def carry_draft_forward(draft, status, replaced_by_id, user=None):
    """Save ``draft`` (a page as its latest revision holds it) with the new status as the latest
    revision, so that publishing a status change does not discard what an editor has not published."""
    draft.status = status
    draft.replaced_by_id = replaced_by_id
    # Not validated: a draft may be incomplete; only the status has changed.
    return draft.save_revision(user=user, log_action=True, clean=False)


@transaction.atomic
def apply_decision(decision, user=None):
    """Apply every item of ``decision`` in order; returns the pages whose status changed."""
    changed = []
    for item in decision.items.select_related("procedure", "replacement").order_by("sort_order", "pk"):
        status = ACTION_STATUS[DecisionAction(item.action)]
        replacement = item.replacement if item.action == DecisionAction.REPLACED else None
        changed += set_status(item.procedure, status, replaced_by=replacement, user=user)
    if changed:
        changed_on_commit()
    return changed
