"""Procedure codes (mã thủ tục): the national form, and the province's suffixed form.

The national database numbers procedures ``d.dddddd`` (``1.006388``). Provinces publish the same
code with a suffix naming the unit (``1.006388.000.00.00.H02``); the stored code is always the
national part. Many procedures have no published code: an empty code is valid, never invented.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NATIONAL_CODE_RE = re.compile(r"^\d\.\d{6}$")
# A national code, optionally followed by the province's suffix (``.000.00.00.H02``).
ANY_CODE_RE = re.compile(r"^\s*(\d\.\d{6})(?:\.[0-9A-Za-z]+)*\s*$")
EXPECTED_FORM = "d.dddddd (ví dụ 1.006388)"


def national_code(text):
    """The national part of ``text`` (``1.006388`` from ``1.006388.000.00.00.H02``), or None."""
    match = ANY_CODE_RE.match(str(text or ""))
    return match.group(1) if match else None


def validate_code(value):
    """Reject anything but a national code (or its suffixed form); the message names the form."""
    if value and not national_code(value):
        raise ValidationError(
            _("“%(value)s” is not a procedure code: the expected form is %(form)s."),
            code="invalid_code",
            params={"value": value, "form": EXPECTED_FORM},
        )
