"""Feedback submissions: reference codes, the per-address rate limit, email, and data retention.

The rate limit counts posts per client address in Django's cache, so with the Redis cache it
holds across app servers. Settings (all optional):

- ``CCHC_FEEDBACK_EMAIL``: where submissions are emailed when the page names no address.
- ``CCHC_FEEDBACK_RATE_LIMIT``: ``(posts, seconds)``, default ``(5, 3600)``.
- ``CCHC_FEEDBACK_RETENTION_DAYS``: days contact details are kept, default 365.
- ``CCHC_CLIENT_IP_HEADER``: request header carrying the client address behind a proxy,
  e.g. ``HTTP_X_REAL_IP``; default: the connection's address (``REMOTE_ADDR``).
"""

import datetime
import hashlib
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Feedback

logger = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
DEFAULT_RATE_LIMIT = (5, 3600)
DEFAULT_RETENTION_DAYS = 365


def client_address(request):
    header = getattr(settings, "CCHC_CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() if value else "") or request.META.get("REMOTE_ADDR", "")


def over_rate_limit(address):
    """Count one post from ``address``; True once it has posted more than the limit allows."""
    limit, window = getattr(settings, "CCHC_FEEDBACK_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    key = "cchc:feedback-posts:" + hashlib.sha256(address.encode()).hexdigest()[:32]
    if cache.add(key, 1, timeout=window):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count > limit


def new_reference(today=None):
    """A code the sender can read out over the phone, e.g. PA-20260412-7KQ3XM2P."""
    today = today or timezone.localdate()
    random_part = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"PA-{today:%Y%m%d}-{random_part}"


def save_submission(page, data):
    """Store a valid form's data with a fresh reference code, then email the office."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(
                    reference=new_reference(),
                    page=page,
                    kind=data["kind"],
                    name=data["name"],
                    contact=data["contact"],
                    related_procedure=data.get("related_procedure"),
                    content=data["content"],
                    consent_given_at=timezone.now(),
                )
            break
        except IntegrityError:  # reference collision: draw again
            continue
    else:
        raise RuntimeError("could not draw a unique reference code")
    notify_office(page, feedback)
    return feedback


def notify_office(page, feedback):
    recipient = page.recipient() if page else getattr(settings, "CCHC_FEEDBACK_EMAIL", "")
    if not recipient:
        return
    lines = [
        _("Reference code: %(code)s") % {"code": feedback.reference},
        _("About: %(kind)s") % {"kind": feedback.get_kind_display()},
        _("Name: %(name)s") % {"name": feedback.name},
        _("Contact: %(contact)s") % {"contact": feedback.contact},
    ]
    if feedback.related_procedure_id:
        lines.append(_("Related procedure: %(title)s") % {"title": feedback.related_procedure.title})
    lines += ["", feedback.content]
    try:
        send_mail(
            _("New feedback %(code)s") % {"code": feedback.reference},
            "\n".join(lines),
            None,
            [recipient],
        )
    except Exception:  # the submission is stored; the office still sees it in the admin
        logger.exception("Could not email feedback %s", feedback.reference)


def erase_expired_contacts(now=None, days=None):
    """Erase name and contact of submissions older than the retention period; return how many."""
    now = now or timezone.now()
    if days is None:
        days = getattr(settings, "CCHC_FEEDBACK_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
    cutoff = now - datetime.timedelta(days=days)
    return Feedback.objects.filter(created_at__lt=cutoff, contact_erased_at__isnull=True).update(
        name="", contact="", contact_erased_at=now
    )
