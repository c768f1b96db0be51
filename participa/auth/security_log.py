"""The security log: the audit entries about sign-ins and sign-in settings of accounts."""
from __future__ import annotations

from sqlalchemy import select

from participa.extensions import db
from participa.labels import SECURITY_EVENT_LABELS
from participa.models import AuditEntry, User

SECURITY_ACTIONS = tuple(SECURITY_EVENT_LABELS)


def entries_query(user: User | None = None):
    """Security entries, newest first: about `user`, or about everyone when None."""
    query = select(AuditEntry).where(AuditEntry.target_type == "User",
                                     AuditEntry.action.in_(SECURITY_ACTIONS))
    if user is not None:
        query = query.where(AuditEntry.target_id == user.id)
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def users_of(entries) -> dict[int, User]:
    """The accounts a page of entries is about, in one query."""
    ids = {entry.target_id for entry in entries if entry.target_id is not None}
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}
