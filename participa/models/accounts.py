"""People who use Participa."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Index, String, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.extensions import db
from participa.models.types import enum_column_type
from participa.timeutil import utcnow


class GlobalRole(enum.Enum):
    """Roles that are not tied to one institution."""

    RECTOR_ANALYST = "rector_analyst"
    PLATFORM_ADMIN = "platform_admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    # Sign-in and the staff's searches find a person by their address whatever its case:
    # without this index each of them read every account.
    __table_args__ = (Index("ix_users_email_lower", text("lower(email)")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # Shown on public contributions instead of the name when set (a pseudonym is allowed).
    display_name: Mapped[str | None] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    # Ecuadorian cédula as declared by the person: only its check digit is checked. The identity
    # is verified apart (participa.models.verifications). One account per cédula.
    cedula: Mapped[str | None] = mapped_column(String(10), unique=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    global_role: Mapped[GlobalRole | None] = mapped_column(
        enum_column_type(GlobalRole, "global_role")
    )
    is_active_account: Mapped[bool] = mapped_column(default=True)
    # Registered on the web and has not opened the confirmation link yet (accounts made by
    # operators, the CLI or the demo are confirmed from the start).
    awaiting_email_confirmation: Mapped[bool] = mapped_column(default=False,
                                                              server_default=false())
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Deleted by its owner: the row stays so that totals and threads hold, without personal
    # data (see participa.privacy.deletion).
    deleted_at: Mapped[datetime | None]

    memberships: Mapped[list["Membership"]] = relationship(  # noqa: F821
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account

    @property
    def public_name(self) -> str:
        """The name shown next to public contributions."""
        if self.deleted_at is not None:
            from flask_babel import gettext

            return gettext("Deleted participant")
        return self.display_name or self.name

    @property
    def is_verified_citizen(self) -> bool:
        """A cédula was declared (check digit only): the least a vote or a support needs.
        Whether the identity behind it was proven is `verification_level`."""
        return self.cedula is not None

    @property
    def verification_level(self):
        """The person's level (participa.models.verifications.Level), None when not even the
        email address is confirmed."""
        from participa.verification.service import level_of

        return level_of(self)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"
