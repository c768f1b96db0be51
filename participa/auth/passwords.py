"""Password policy and hashing."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

MAX_LENGTH = 128
# A few of the passwords that leaked lists show most often among those of 12+ characters.
COMMON_PASSWORDS = {
    "123456789012", "1234567890123", "qwertyuiopas", "passwordpassword", "password1234",
    "contraseña123", "contrasena123", "contrasena1234", "ecuador12345", "ecuador2026!",
    "iloveyou1234", "abc123456789", "000000000000", "111111111111", "aaaaaaaaaaaa",
    "qwerty123456", "administrador", "participa123", "participa2026", "holamundo123",
}

_HASH_METHOD = "scrypt"  # memory-hard; werkzeug's current default


def password_problem(password: str, *, email: str = "", name: str = ""):
    """Return a translated reason the password is too weak, or None when it is acceptable."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return _l("The password must have at least %(n)d characters.", n=minimum)
    if len(password) > MAX_LENGTH:
        return _l("The password must have at most %(n)d characters.", n=MAX_LENGTH)
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) < 4:
        return _l("This password is too common or too easy to guess. Choose another one.")
    local_part = email.split("@")[0].lower()
    if (local_part and len(local_part) >= 4 and local_part in lowered) or (
        name and name.lower().replace(" ", "") == lowered
    ):
        return _l("The password must not contain your name or email address.")
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=_HASH_METHOD)


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


# Compared against when the email is unknown, so a wrong email costs the same time
# as a wrong password and does not reveal which accounts exist.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method=_HASH_METHOD)


def burn_time(password: str) -> None:
    check_password_hash(_DUMMY_HASH, password)
