"""Which passwords are refused (NIST SP 800-63B, section 5.1.1.2) and how emails compare.

A password is any Unicode text of 8 to 128 characters; it is checked in its NFKC form
(so a full-width lookalike of a listed password is refused too), and hashed as sent, so
the passwords stored before this policy still verify. It is refused when it is one of
the common passwords of breach corpora (zxcvbn's list of 30,000, shipped with the
package: no network), when it is that with digits or symbols around it ("Password1!"),
when it is one repeated character or a keyboard or number run, or when it contains the
account's email or the email's name part (4 characters or more). There are no
composition rules: length and the blocklist are what the guideline asks for. Each
refusal is one sentence, the 422's ``msg``.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 8
MAX_LENGTH = 128
TOO_SHORT = f"The password must be at least {MIN_LENGTH} characters long."
COMMON = "This password is too common (it is in lists of breached passwords): choose another."
SEQUENCE = "This password is one repeated character or a keyboard or number run: choose another."
CONTAINS_EMAIL = "The password must not contain your email address or the part before the @."
# Runs that are not in the list but are just as guessable.
_RUNS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")


@cache
def _common() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def normalise_password(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def normalise_email(email: str) -> str:
    """The form emails are stored and compared in: NFKC, then case-folded."""
    return unicodedata.normalize("NFKC", email).casefold()


def _is_run(text: str) -> bool:
    if len(set(text)) == 1:
        return True
    return any(text in run or text in run[::-1] for run in _RUNS)


def refusal(password: str, email: str | None = None) -> str | None:
    """Why ``password`` is refused (one sentence), or None when it is acceptable."""
    password = normalise_password(password)
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    folded = password.casefold()
    core = folded.strip(" 0123456789!@#$%^&*()-_=+.,?")
    if folded in _common() or folded.strip() in _common() or (core and core in _common()):
        return COMMON
    if _is_run(folded) or (core and len(core) >= 4 and _is_run(core)):
        return SEQUENCE
    if email:
        address = normalise_email(email)
        name = address.split("@", 1)[0]
        if address in folded or (len(name) >= 4 and name in folded):
            return CONTAINS_EMAIL
    return None
