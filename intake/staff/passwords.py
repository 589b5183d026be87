"""Staff passwords: the policy, and hashing with argon2id.

Hashing parameters (OWASP Password Storage Cheat Sheet, argon2id minimum configuration):
argon2id, memory m = 19 MiB (19456 KiB), iterations t = 2, parallelism p = 1, 16-byte salt,
32-byte hash. Werkzeug's default scrypt is below that floor, so we do not use it. The
parameters are stored in each hash; a login with an older, weaker hash re-hashes it.

The same message, and the same work, whether or not an account exists: an unknown e-mail is
verified against a dummy hash of the same parameters, so timing tells nothing either.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 256  # argon2 takes any length; a cap keeps a megabyte "password" from costing CPU
DATA = Path(__file__).resolve().parent / "data"

hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16,
                        type=Type.ID)


def hash_password(password: str) -> str:
    return hasher.hash(password)


@cache
def _dummy_hash() -> str:
    return hasher.hash("dummy password that no account has")


def verify(password_hash: str | None, password: str) -> bool:
    """Checks a password; with no hash (unknown account) it does the same work and says no."""
    try:
        return hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher.check_needs_rehash(password_hash)


@cache
def common_passwords() -> frozenset[str]:
    words: set[str] = set()
    for name in ("common-passwords.txt", "common-passwords-da.txt"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                words.add(line.strip().lower())
    return frozenset(words)


_TRAILING = re.compile(r"[\d\W_]+$")


def problems(password: str, email: str | None = None) -> list[str]:
    """Why a new password is refused, in Danish; empty when it is fine."""
    found: list[str] = []
    if len(password) < MIN_LENGTH:
        found.append(str(_l("Adgangskoden skal være mindst %(n)d tegn lang.", n=MIN_LENGTH)))
    if len(password) > MAX_LENGTH:
        found.append(str(_l("Adgangskoden må højst være %(n)d tegn lang.", n=MAX_LENGTH)))
    lowered = password.lower()
    stem = _TRAILING.sub("", lowered)
    common = common_passwords()
    if (lowered in common or (len(stem) >= 4 and stem in common) or len(set(lowered)) <= 2
            or lowered.isdigit()):
        found.append(str(_l("Adgangskoden er for almindelig og let at gætte. Vælg en anden, "
                             "fx flere tilfældige ord.")))
    elif email and email.split("@")[0].lower() in lowered and len(email.split("@")[0]) >= 4:
        found.append(str(_l("Adgangskoden må ikke indeholde din e-mailadresse.")))
    return found
