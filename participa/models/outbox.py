"""The mail outbox: every message is a row written in the transaction of the change that
caused it, delivered afterwards by the worker (participa.outbox)."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from participa.extensions import db
from participa.models.types import enum_column_type
from participa.timeutil import utcnow


class OutboxStatus(enum.Enum):
    PENDING = "pending"    # waiting for its (next) attempt at next_attempt_at
    SENDING = "sending"    # claimed by one delivery run; no other run touches it
    SENT = "sent"          # handed to the relay; the body is purged
    FAILED = "failed"      # gave up after MAIL_MAX_ATTEMPTS, or interrupted: an admin decides


class OutboxMail(db.Model):
    __tablename__ = "outbox"
    __table_args__ = (
        # What the delivery run asks for: pending rows whose time has come, oldest first.
        Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text)
    # None once sent: bodies may hold secrets (password reset links) and personal data.
    body: Mapped[str | None] = mapped_column(Text)
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column_type(OutboxStatus, "outbox_status"), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    # Extra headers ({name: value}): List-Unsubscribe on mail a person may stop.
    headers: Mapped[dict | None] = mapped_column(JSON)
