"""Account security: server-side sign-in sessions, TOTP credentials and recovery codes."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from participa.extensions import db
from participa.timeutil import utcnow


class UserSession(db.Model):
    """One signed-in browser. The cookie carries a random token; only its hash is stored.

    A request is signed in only while its row exists, so deleting rows ends sessions on
    every app server at once.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    ip_prefix: Mapped[str] = mapped_column(String(45), default="")


class TwoFactorCredential(db.Model):
    """A user's TOTP secret (RFC 6238). Active once `confirmed_at` is set."""

    __tablename__ = "two_factor_credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    secret: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[datetime | None]
    # The last time step accepted: a code is never accepted twice.
    last_step: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped["User"] = relationship(  # noqa: F821
        backref=backref("two_factor", uselist=False, cascade="all, delete-orphan")
    )

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(db.Model):
    """A single-use code for when the authenticator is lost; stored as a salted hash."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    salt: Mapped[str] = mapped_column(String(32))
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
