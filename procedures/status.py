"""Applying a decision: each item sets its procedure's status (and replacement), in every language.

Called when a decision is saved in the admin and by the import. Applying the same decision again
changes nothing (no new revisions).
"""

from django.db import transaction

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
        if translation.status == status and translation.replaced_by_id == target_id:
            continue
        translation.status = status
        translation.replaced_by_id = target_id
        revision = translation.save_revision(user=user, log_action=True)
        if translation.live:
            revision.publish(user=user)
        changed.append(translation)
    return changed


@transaction.atomic
def apply_decision(decision, user=None):
    """Apply every item of ``decision`` in order; returns the pages whose status changed."""
    changed = []
    for item in decision.items.select_related("procedure", "replacement").order_by("sort_order", "pk"):
        status = ACTION_STATUS[DecisionAction(item.action)]
        replacement = item.replacement if item.action == DecisionAction.REPLACED else None
        changed += set_status(item.procedure, status, replaced_by=replacement, user=user)
    return changed
