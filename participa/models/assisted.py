"""Assisted filing: cases filed for a person without internet, at a counter, an Infocentro,
by phone or by letter, and the calls that tell such a person of their case's news.

The person's data are kept apart from the case (AssistedFiling) and kept minimal: a name,
how to reach them, the consent they gave and a hash of the second factor that, with the
tracking code, lets them follow the case without an account.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.extensions import db
from participa.models.types import enum_column_type
from participa.timeutil import utcnow


class Channel(enum.Enum):
    """How a case reached Participa."""

    ONLINE = "online"          # the citizen filed it on the web
    COUNTER = "counter"        # at an institution's counter, an official filing it
    INFOCENTRO = "infocentro"  # at an Infocentro, its staff filing it
    PHONE = "phone"            # by phone, an official or Infocentro staff filing it
    LETTER = "letter"          # a letter, typed in by an official


ASSISTED_CHANNELS = (Channel.COUNTER, Channel.INFOCENTRO, Channel.PHONE, Channel.LETTER)


class ReachBy(enum.Enum):
    """How the assisted person is told of their case's news."""

    PHONE = "phone"
    POST = "post"
    EMAIL = "email"
    COME_BACK = "come_back"  # the person comes back to the place where the case was filed


# The person is told by staff who call them (or see them when they come back).
CALLED = (ReachBy.PHONE, ReachBy.COME_BACK)


class ConsentForm(enum.Enum):
    """How the person gave their consent to the processing of their data."""

    READ_ALOUD = "read_aloud"      # the notice was read to them (in person or by phone)
    SIGNED_PAPER = "signed_paper"  # they signed the printed notice


class SecondFactor(enum.Enum):
    PIN = "pin"        # a short PIN printed on the receipt
    CEDULA = "cedula"  # the last four digits of the person's cédula


class CallOutcome(enum.Enum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    LEFT_MESSAGE = "left_message"


class Infocentro(db.Model):
    """A community access point of MINTEL, in a parish of INEC's DPA."""

    __tablename__ = "infocentros"
    __table_args__ = (UniqueConstraint("place_code", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    place_code: Mapped[str] = mapped_column(String(6))
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    staff: Mapped[list["InfocentroStaff"]] = relationship(
        back_populates="infocentro", cascade="all, delete-orphan")


class InfocentroStaff(db.Model):
    """A person who works at an Infocentro and files cases for the people it serves."""

    __tablename__ = "infocentro_staff"
    __table_args__ = (UniqueConstraint("infocentro_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    infocentro_id: Mapped[int] = mapped_column(
        ForeignKey("infocentros.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    infocentro: Mapped[Infocentro] = relationship(back_populates="staff")
    user: Mapped["User"] = relationship()  # noqa: F821


class AssistedFiling(db.Model):
    """Who filed a case for whom, where, with which consent. One per assisted case.

    The person's name, phone and postal address are removed with the case's other personal
    data (participa.privacy.retention); the filing's who and where stay."""

    __tablename__ = "assisted_filings"
    __table_args__ = (Index("ix_assisted_filings_reach_by", "reach_by", "told_at"),)

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         primary_key=True)
    person_name: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(30))
    postal_address: Mapped[str | None] = mapped_column(String(300))
    reach_by: Mapped[ReachBy] = mapped_column(enum_column_type(ReachBy, "reach_by"))
    consent_form: Mapped[ConsentForm] = mapped_column(
        enum_column_type(ConsentForm, "consent_form"))
    notice_version: Mapped[str] = mapped_column(String(20))
    consented_at: Mapped[datetime] = mapped_column(default=utcnow)
    factor: Mapped[SecondFactor] = mapped_column(enum_column_type(SecondFactor, "second_factor"))
    factor_hash: Mapped[str] = mapped_column(String(255))
    filed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    infocentro_id: Mapped[int | None] = mapped_column(
        ForeignKey("infocentros.id", ondelete="SET NULL"), index=True)
    # The institution at whose counter (or phone) an official filed the case.
    office_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"), index=True)
    # The person was last told of the case's news (a call that reached them).
    told_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]

    case: Mapped["Case"] = relationship(  # noqa: F821
        backref=db.backref("assisted", uselist=False, cascade="all, delete-orphan"))
    filed_by: Mapped["User | None"] = relationship(foreign_keys=[filed_by_id])  # noqa: F821
    infocentro: Mapped[Infocentro | None] = relationship()
    office: Mapped["Institution | None"] = relationship()  # noqa: F821


class CaseCall(db.Model):
    """Staff called an assisted person about their case's news (or saw them come back)."""

    __tablename__ = "case_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    caller_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[CallOutcome] = mapped_column(enum_column_type(CallOutcome, "call_outcome"))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")

    caller: Mapped["User | None"] = relationship()  # noqa: F821
