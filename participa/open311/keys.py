"""API keys for Open311 clients: issued by a platform administrator, revocable."""
from __future__ import annotations

import hashlib
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.domain import Conflict, NotFound
from participa.extensions import db
from participa.models import ApiClient, User
from participa.models.audit import record
from participa.timeutil import utcnow


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key(actor: User | None, name: str) -> tuple[ApiClient, str]:
    """A new client and its key; the key is shown once and only its hash is kept."""
    key = "p311_" + secrets.token_urlsafe(32)
    client = ApiClient(name=name.strip(), key_hash=_hash(key), key_prefix=key[:12],
                       created_by_id=getattr(actor, "id", None))
    db.session.add(client)
    db.session.flush()
    record("api_client.issued", actor=actor, target=client, name=client.name)
    return client, key


def revoke_key(actor: User | None, client_id: int) -> ApiClient:
    client = db.session.get(ApiClient, client_id)
    if client is None:
        raise NotFound(_l("There is no API client with this number."))
    if client.revoked_at is not None:
        raise Conflict(_l("This key is already revoked."))
    client.revoked_at = utcnow()
    record("api_client.revoked", actor=actor, target=client, name=client.name)
    return client


def client_for_key(key: str | None) -> ApiClient | None:
    if not key:
        return None
    return db.session.scalar(select(ApiClient).where(ApiClient.key_hash == _hash(key),
                                                     ApiClient.revoked_at.is_(None)))


def within_allowance(client: ApiClient) -> bool:
    """Count one request against the client's allowance (PARTICIPA_OPEN311_KEY_LIMIT, kept
    in the rate limiter's storage, so Redis shares it across app servers); False once the
    allowance is spent. Each key has its own: an app serves many citizens from one address."""
    from flask import current_app
    from limits import parse

    from participa.extensions import limiter

    if not limiter.enabled:
        return True
    return limiter.limiter.hit(parse(current_app.config["OPEN311_KEY_LIMIT"]),
                               "open311-key", client.key_hash[:32])


def all_clients() -> list[ApiClient]:
    return list(db.session.scalars(select(ApiClient).order_by(ApiClient.created_at.desc())))
