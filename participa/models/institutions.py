"""Public institutions and the people who act for them."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.extensions import db
from participa.institution_names import guess_article
from participa.models.types import enum_column_type
from participa.timeutil import utcnow


class InstitutionRole(enum.Enum):
    """Roles a person holds in one institution; a person may hold several."""

    MODERATOR = "moderator"
    OFFICIAL = "official"
    INSTITUTION_ADMIN = "institution_admin"


def _article_from_name(context) -> str:
    return guess_article(context.get_current_parameters().get("name") or "")


class Institution(db.Model):
    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    acronym: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # The Spanish article of the name ("el", "la", "los", "las", "" for none): messages put
    # the name after a preposition with it, contracted ("al Ministerio…", "de la Secretaría…";
    # participa/institution_names.py). Guessed from the name's first word unless given.
    article: Mapped[str] = mapped_column(String(3), default=_article_from_name,
                                         server_default="")
    sector: Mapped[str] = mapped_column(String(120), default="")
    active: Mapped[bool] = mapped_column(default=True)
    # In the registry of the executive function (función ejecutiva): the national plan's
    # adoption indicator counts these, whether or not they are active on Participa.
    executive: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="institution", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Institution {self.acronym}>"


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "institution_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[InstitutionRole] = mapped_column(
        enum_column_type(InstitutionRole, "institution_role")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped["User"] = relationship(back_populates="memberships")  # noqa: F821
    institution: Mapped[Institution] = relationship(back_populates="memberships")
