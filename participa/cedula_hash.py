"""The keyed hash of a cédula: how ballots and supports know a person without naming them.

HMAC-SHA256 of the normalised number under PARTICIPA_CEDULA_HASH_KEY, a key of its own (not
the session key: rotating that one must not change who voted). Ballots and supports keep this
hash after their account is deleted, so that a person who comes back with the same cédula
still holds one ballot per question and one support per proposal, while no readable cédula
is kept. The key must never change once ballots exist: every hash would stop matching.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app

from participa.cedula import normalise


def cedula_hash(cedula: str, key: str | None = None) -> str:
    """64 hexadecimal characters; `key` defaults to the application's CEDULA_HASH_KEY."""
    key = key if key is not None else current_app.config["CEDULA_HASH_KEY"]
    return hmac.new(key.encode(), normalise(cedula).encode(), hashlib.sha256).hexdigest()
