"""How sure Participa is of who a person is, and the verifications that prove it.

Three levels, named for what they are: the email address was confirmed; a cédula was
declared (its check digit is right, nothing more: anyone can type a made-up or another
person's number); the identity was verified (the cédula was proven against the census, by an
official with the person present, or by the civil registry). A verification row records who
proved it, how, where and when; revoking keeps the row and says who revoked it and why.

`identity_key` is the keyed hash of the verified cédula (participa.cedula_hash). A partial
unique index on it among active (not revoked) verifications means two accounts can never
hold the same verified identity, on SQLite and PostgreSQL alike, even when two requests race.
A deleted account's verification is revoked with the account (participa.privacy.deletion),
so the same person can verify a new account, and never two at once.
"""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.extensions import db
from participa.models.types import enum_column_type
from participa.timeutil import utcnow


class Level(enum.Enum):
    """What is known of a person, weakest first."""

    EMAIL_CONFIRMED = "email_confirmed"
    CEDULA_DECLARED = "cedula_declared"
    IDENTITY_VERIFIED = "identity_verified"

    @property
    def rank(self) -> int:
        return list(Level).index(self)

    def __ge__(self, other: "Level") -> bool:
        return self.rank >= other.rank

    def __lt__(self, other: "Level") -> bool:
        return self.rank < other.rank


def level_column_type(name: str):
    return enum_column_type(Level, name)


class VerificationMethod(enum.Enum):
    CENSUS = "census"
    IN_PERSON = "in_person"
    REGISTRY = "registry"


class Verification(db.Model):
    __tablename__ = "verifications"
    __table_args__ = (
        Index("uq_verifications_active_identity", "identity_key", unique=True,
              sqlite_where=text("revoked_at IS NULL"),
              postgresql_where=text("revoked_at IS NULL")),
        Index("uq_verifications_active_user", "user_id", unique=True,
              sqlite_where=text("revoked_at IS NULL"),
              postgresql_where=text("revoked_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # HMAC-SHA256 of the verified cédula: the identity, without the number in clear.
    identity_key: Mapped[str] = mapped_column(String(64))
    method: Mapped[VerificationMethod] = mapped_column(
        enum_column_type(VerificationMethod, "verification_method"))
    verified_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The official who verified the person in person (None for the automatic methods).
    verified_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    # Where an in-person verification happened (an office counter, an Infocentro).
    place: Mapped[str | None] = mapped_column(String(200))
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(Text)

    user: Mapped["User"] = relationship(foreign_keys=[user_id])  # noqa: F821
    verified_by: Mapped["User | None"] = relationship(foreign_keys=[verified_by_id])  # noqa: F821
    revoked_by: Mapped["User | None"] = relationship(foreign_keys=[revoked_by_id])  # noqa: F821
    institution: Mapped["Institution | None"] = relationship()  # noqa: F821

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class CensusEntry(db.Model):
    """One row of the imported census (padrón), kept only as the keyed hash of cédula and
    date of birth: nobody reading the table learns a number or a birthday. Importing a new
    file replaces every row."""

    __tablename__ = "census_entries"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    parish: Mapped[str | None] = mapped_column(String(120))


class RegistryState(enum.Enum):
    PENDING = "pending"      # not answered yet (the service failed or was not reached)
    MATCHED = "matched"      # the registry confirmed cédula, name and date of birth
    NO_MATCH = "no_match"    # the registry answered that they do not match


class RegistryRequest(db.Model):
    """A person's request to be verified by the civil registry service. It is stored before
    the service is asked, so that a timeout or an error never loses it: it stays pending and
    is asked again (`flask participa verification retry`) until the service answers."""

    __tablename__ = "registry_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[date]
    state: Mapped[RegistryState] = mapped_column(
        enum_column_type(RegistryState, "registry_state"), default=RegistryState.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
