"""The two kinds of second factor an admin user can hold, on top of django-otp's devices.

An authenticator app (a TOTP device, codes of 6 digits that change every 30 seconds) and a
sheet of single-use backup codes (a static device) for the day the phone is lost. Only a
confirmed app device counts as "has a second factor"; the backup codes come with it.
"""

from base64 import b32encode

import segno
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"
BACKUP_CODE_COUNT = 10
PENDING_SESSION_KEY = "second_factor_pending_device"


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_app_device(request):
    """The unconfirmed app device being set up in this session (the same one until confirmed).

    The key belongs to the session that was shown it: opening the setup page elsewhere (or
    after the session ended) makes a new key, so a key someone else once saw never signs in.
    """
    user, pk = request.user, request.session.get(PENDING_SESSION_KEY)
    device = TOTPDevice.objects.filter(user=user, confirmed=False, pk=pk).first() if pk else None
    if device is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
        request.session[PENDING_SESSION_KEY] = device.pk
    return device


def secret_for_typing(device):
    """The device's key in base32, in groups of four, for apps set up without the QR code."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device, title):
    """The device's otpauth:// address as an inline SVG QR code (no script, no external image)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, dark="#000", light="#fff", title=title
    )


@transaction.atomic
def confirm_app_device(device):
    """Confirm ``device``, drop any other device of its user and issue fresh backup codes."""
    user = device.user
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


@transaction.atomic
def remove_second_factor(user, keep_session=None):
    """Delete every device of ``user`` and end the user's other sessions.

    The next sign-in asks for the password only; a session verified with the old devices (a
    lost phone's, say) does not live on. ``keep_session`` is the session key of the user who
    turns it off from the account page.
    """
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    end_sessions(user, keep_session)
    return removed


def end_sessions(user, keep_session=None):
    """Sign ``user`` out of every browser (database sessions) but the one keyed ``keep_session``."""
    sessions = Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep_session)
    for session in sessions.iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            session.delete()
