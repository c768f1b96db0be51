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


def all_clients() -> list[ApiClient]:
    return list(db.session.scalars(select(ApiClient).order_by(ApiClient.created_at.desc())))
