"""Password policy and hashing.

Hashes are Argon2id (argon2-cffi, RFC 9106 parameters). Hashes made before, with werkzeug's
scrypt or with older Argon2 parameters, still verify and are replaced at the next sign-in
(`needs_rehash`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash

MAX_LENGTH = 128  # long passphrases are welcome; the bound only stops abuse of the hasher
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt"

_TRAILING_NOISE = re.compile(r"[\d\W_]+$")


@lru_cache(maxsize=4)
def _hasher_for(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def _hasher() -> PasswordHasher:
    """Argon2id with the configured costs (default: RFC 9106's low-memory profile)."""
    config = current_app.config
    return _hasher_for(config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_KIB"],
                       config["ARGON2_PARALLELISM"])


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (see participa/data/README.md)."""
    with COMMON_PASSWORDS_FILE.open(encoding="utf-8") as lines:
        return frozenset(
            line.strip() for line in lines if line.strip() and not line.startswith("#")
        )


def is_common(password: str) -> bool:
    """In the list, or a listed word followed only by digits/symbols, or a listed word repeated."""
    lowered = password.lower()
    common = common_passwords()
    if lowered in common:
        return True
    stem = _TRAILING_NOISE.sub("", lowered)
    if stem != lowered and len(stem) >= 4 and stem in common:
        return True
    for size in range(4, len(lowered) // 2 + 1):
        if len(lowered) % size == 0 and lowered[:size] * (len(lowered) // size) == lowered:
            return True
    return len(set(lowered)) < 4


def password_problem(password: str, *, email: str = "", name: str = ""):
    """Return a translated reason the password is too weak, or None when it is acceptable."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return _l("The password must have at least %(n)d characters.", n=minimum)
    if len(password) > MAX_LENGTH:
        return _l("The password must have at most %(n)d characters.", n=MAX_LENGTH)
    lowered = password.lower()
    if is_common(password):
        return _l("This password is too common or too easy to guess. Choose another one.")
    local_part = email.split("@")[0].lower()
    if (local_part and len(local_part) >= 4 and local_part in lowered) or (
        name and name.lower().replace(" ", "") == lowered
    ):
        return _l("The password must not contain your name or email address.")
    return None


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    if password_hash.startswith("$argon2"):
        try:
            return _hasher().verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
    # Hashes from before Argon2 (werkzeug's scrypt or pbkdf2).
    return check_password_hash(password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    """True for a hash not made with the current algorithm and parameters."""
    if not password_hash.startswith("$argon2id$"):
        return True
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def dummy_hash() -> str:
    """A hash of no one's password, made with the current costs (once per process and set
    of costs): verified instead of a real one when there is none to check (unknown address,
    locked account), so that every sign-in costs the same and its time tells nothing."""
    return _dummy_hash(_hasher())


@lru_cache(maxsize=4)
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("not-a-real-password")
