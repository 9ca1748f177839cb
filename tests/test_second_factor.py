"""Two-step verification for admin accounts (django-otp): optional per user, or required by setting.

Codes are computed the way an authenticator app computes them, from the device's key and the
clock. An app device refuses a code it has already accepted, so a test that gives a second
code takes the next time step's (accepted within django-otp's default tolerance of one step).
"""

import io
import time

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.devices import confirm_app_device

SETUP = "/admin/second-factor/"
VERIFY = "/admin/second-factor/code/"


def app_code(device, steps_ahead=0):
    """The code an app holding ``device``'s key shows (an app knows nothing of the server's drift)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device):
    right = {app_code(device, n) for n in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in right)


def html(response):
    return response.content.decode()


@pytest.fixture(autouse=True)
def slow_retries(settings):
    """A wrong code pauses the next try for a minute, so "at once after a failure" holds on a slow machine."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    settings.OTP_STATIC_THROTTLE_FACTOR = 60


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("bientap", "bientap@example.org", "mat-khau-dai-1")


@pytest.fixture
def protected(editor):
    """The editor with an authenticator app set up; returns (device, backup codes)."""
    device = TOTPDevice.objects.create(user=editor, name="authenticator", confirmed=False)
    return device, confirm_app_device(device)


def signed_in(user):
    """A browser that has given the password but not yet a code."""
    browser = Client()
    browser.force_login(user)
    return browser


def test_without_a_second_factor_the_admin_opens_after_the_password(db, editor):
    browser = signed_in(editor)
    assert browser.get("/admin/").status_code == 200


def test_setting_up_an_app_shows_the_qr_code_confirms_it_and_gives_backup_codes_once(db, editor):
    browser = signed_in(editor)
    page = browser.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert "<svg" in html(page) and "Mã QR cho ứng dụng xác thực" in html(page)
    assert page.context["secret"].replace(" ", "") in device.config_url  # the key to type by hand
    assert browser.get(SETUP).context["secret"] == page.context["secret"]  # the same device until confirmed

    wrong = wrong_code(device)
    refused = browser.post(SETUP, {"code": wrong})
    assert refused.status_code == 200
    assert f"Mã “{wrong}” không khớp" in html(refused)
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    locked = browser.post(SETUP, {"code": app_code(device)})  # at once after a failure: paused
    assert "Nhập sai mã quá nhiều lần" in html(locked)
    TOTPDevice.objects.get(pk=device.pk).throttle_reset()

    code = app_code(device)
    done = browser.post(SETUP, {"code": f"{code[:3]} {code[3:]}"})
    assert done.status_code == 200
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    codes = [token.token for token in StaticToken.objects.filter(device__user=editor)]
    assert len(codes) == 10
    assert all(code in html(done) for code in codes)
    assert browser.get("/admin/").status_code == 200  # this session gave its code
    status = browser.get(SETUP)
    assert "Đã bật xác thực hai bước" in html(status) and not any(code in html(status) for code in codes)


def test_sign_in_asks_for_the_code_before_any_admin_page(db, editor, protected):
    device, _codes = protected
    browser = signed_in(editor)
    for path in ("/admin/", "/admin/pages/", "/django-admin/"):
        response = browser.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{VERIFY}?next=")
    page = browser.get(f"{VERIFY}?next=/admin/pages/")
    assert page.status_code == 200
    assert "Nhập mã xác thực" in html(page) and "bientap" in html(page)

    wrong = wrong_code(device)
    refused = browser.post(VERIFY, {"code": wrong, "next": "/admin/pages/"})
    assert f"Mã “{wrong}” không đúng hoặc đã hết hạn" in html(refused)
    assert browser.get("/admin/pages/").status_code == 302
    assert "Nhập sai mã quá nhiều lần" in html(browser.post(VERIFY, {"code": app_code(device, 1)}))
    TOTPDevice.objects.get(pk=device.pk).throttle_reset()

    accepted = browser.post(VERIFY, {"code": app_code(device, 1), "next": "/admin/pages/"})
    assert accepted.status_code == 302 and accepted["Location"] == "/admin/pages/"
    assert browser.get("/admin/pages/").status_code == 200
    assert browser.get(VERIFY).status_code == 302  # nothing more to give


def test_the_public_site_what_the_code_page_loads_and_sign_out_stay_open(db, demo_site, editor, protected):
    browser = signed_in(editor)
    assert browser.get("/").status_code == 200
    sprite = browser.get("/admin/sprite/")  # icons.js fetches it and puts it in the page as it is
    assert sprite.status_code == 200 and "<svg" in html(sprite) and "<main" not in html(sprite)
    assert browser.get("/admin/jsi18n/").status_code == 200
    assert browser.post("/admin/logout/").status_code == 302
    assert browser.get("/admin/").status_code == 302
    assert "login" in browser.get("/admin/")["Location"]


def test_a_backup_code_signs_in_once(db, editor, protected):
    _device, codes = protected
    first = signed_in(editor)
    accepted = first.post(VERIFY, {"code": codes[0].upper(), "next": "/admin/"}, follow=True)
    assert accepted.redirect_chain[0][0] == "/admin/"
    assert "còn lại 9 mã" in html(accepted)
    again = signed_in(editor).post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200 and "không đúng" in html(again)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
def test_the_code_page_sends_only_to_this_site(db, editor, protected, target):
    device, _codes = protected
    response = signed_in(editor).post(VERIFY, {"code": app_code(device), "next": target})
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_giving_the_code_renews_the_session_key(db, editor, protected):
    device, _codes = protected
    browser = signed_in(editor)
    before = browser.cookies["sessionid"].value
    browser.post(VERIFY, {"code": app_code(device)})
    assert browser.cookies["sessionid"].value != before
    assert browser.get("/admin/").status_code == 200


def test_admin_api_and_scripts_requests_wait_for_the_code_too(db, editor, protected):
    browser = signed_in(editor)
    for path in ("/admin/api/main/pages/", "/admin/choose-page/"):
        response = browser.get(path, headers={"X-Requested-With": "XMLHttpRequest"})
        assert response.status_code == 302 and response["Location"].startswith(VERIFY), path


def test_a_setup_key_shown_to_another_browser_never_signs_in(db, editor):
    seen_elsewhere = signed_in(editor)
    seen_elsewhere.get(SETUP)
    leaked = TOTPDevice.objects.get(user=editor, confirmed=False)
    owner = signed_in(editor)
    owner.get(SETUP)
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert device.pk != leaked.pk and device.key != leaked.key
    assert owner.post(SETUP, {"code": app_code(device)}).status_code == 200
    assert TOTPDevice.objects.get(pk=device.pk).confirmed

    intruder = signed_in(editor)
    refused = intruder.post(VERIFY, {"code": app_code(leaked, 1), "next": "/admin/"})
    assert refused.status_code == 200 and "không đúng" in html(refused)
    assert intruder.get("/admin/").status_code == 302


def test_private_pages_wait_for_the_code(db, demo_site, editor, protected):
    from wagtail.models import Page, PageViewRestriction

    device, _codes = protected
    page = Page.objects.get(depth=3, locale__language_code="vi", slug="cai-cach-hanh-chinh")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    browser = signed_in(editor)
    assert browser.get("/").status_code == 200  # public pages: no code needed
    held = browser.get(page.url)
    assert held.status_code == 302 and held["Location"].startswith(VERIFY)
    browser.post(VERIFY, {"code": app_code(device)})
    assert browser.get(page.url).status_code == 200


def test_turning_it_off_needs_a_current_code(db, editor, protected):
    device, _codes = protected
    other_browser = signed_in(editor)
    browser = signed_in(editor)
    assert browser.post(VERIFY, {"code": app_code(device), "next": "/admin/"}).status_code == 302
    TOTPDevice.objects.get(pk=device.pk).throttle_reset()
    refused = browser.post(SETUP, {"code": wrong_code(device)})
    assert "không đúng" in html(refused)
    assert TOTPDevice.objects.filter(user=editor).exists()
    TOTPDevice.objects.get(pk=device.pk).throttle_reset()

    done = browser.post(SETUP, {"code": app_code(device, 1)}, follow=True)
    assert "Đã tắt xác thực hai bước" in html(done)
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()  # the page offers a new one
    assert not StaticDevice.objects.filter(user=editor).exists()
    assert browser.get("/admin/").status_code == 200  # this browser stays signed in
    assert "login" in other_browser.get("/admin/")["Location"]  # every other one is signed out
    assert signed_in(editor).get("/admin/").status_code == 200


def test_required_by_setting_sends_users_without_one_to_set_it_up(db, editor, settings):
    settings.ADMIN_SECOND_FACTOR_REQUIRED = True
    browser = signed_in(editor)
    response = browser.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"] == SETUP
    page = browser.get(SETUP)
    assert page.status_code == 200
    assert "bắt buộc xác thực hai bước" in html(page)
    assert browser.get("/admin/sprite/").status_code == 200
    assert browser.post("/admin/logout/").status_code == 302


def test_the_account_page_links_to_the_setting(db, editor):
    page = signed_in(editor).get("/admin/account/")
    assert SETUP in html(page) and "Đang tắt" in html(page)


def test_reset_command_turns_it_off_for_a_user_who_lost_everything(db, editor, protected):
    device, _codes = protected
    thief = signed_in(editor)
    thief.post(VERIFY, {"code": app_code(device)})
    assert thief.get("/admin/").status_code == 200
    out = io.StringIO()
    call_command("reset_second_factor", "bientap", stdout=out)
    assert "Removed 2" in out.getvalue()
    assert "login" in thief.get("/admin/")["Location"]  # a session verified with the lost phone ends
    assert signed_in(editor).get("/admin/").status_code == 200
    with pytest.raises(CommandError, match="nobody"):
        call_command("reset_second_factor", "nobody")
