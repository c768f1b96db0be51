"""Append-only record of every privileged action.

Entries are only ever added: no page, service or command edits or deletes one (the one
exception is the account deletion of participa.privacy.deletion, which removes personal data
such as old email addresses from the details of entries about the deleted account).
"""
from __future__ import annotations

from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from participa.extensions import db
from participa.timeutil import utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64), index=True)
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"), index=True
    )
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[int | None]
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    # The address the request came from (behind the trusted proxies ProxyFix is told of, the
    # client's); None for entries written outside a request (commands, scheduled jobs).
    ip: Mapped[str | None] = mapped_column(String(45))


def record(action: str, *, actor=None, institution=None, target=None,
           at: datetime | None = None, **details) -> AuditEntry:
    """Add an audit entry to the session; the request commits it with the change. `at` is
    the time of the action when the service was given one (tests, imports); now otherwise."""
    # `current_user` is a proxy: record the object behind it, whose type names the target.
    target = getattr(target, "_get_current_object", lambda: target)()
    entry = AuditEntry(
        action=action,
        at=at or utcnow(),
        actor_id=getattr(actor, "id", None),
        institution_id=getattr(institution, "id", None),
        target_type=type(target).__name__ if target is not None else None,
        target_id=getattr(target, "id", None),
        details=details,
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry
