"""Contacto Ciudadano: citizen cases addressed to institutions, and their event history.

Every transition is a CaseEvent; `Case.state` is a denormalised copy of the state after the
latest event that changed it, written only by `participa.cases.lifecycle.append_event`.
"""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (CheckConstraint, Date, Enum, Float, ForeignKey, Index, String, Text,
                        UniqueConstraint, false, text, true)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.extensions import db
from participa.models.assisted import Channel
from participa.models.types import enum_column_type
from participa.timeutil import utcnow

DEFAULT_DEADLINE_DAYS = 30  # Código Orgánico Administrativo, art. 207: 30 business days
DEFAULT_REOPEN_DAYS = 15


class CaseType(enum.Enum):
    INFORMATION_REQUEST = "information_request"
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    REPORT = "report"
    CONGRATULATION = "congratulation"
    # Personal-data rights (Ley Orgánica de Protección de Datos Personales, arts. 13-19).
    DATA_ACCESS = "data_access"
    DATA_RECTIFICATION = "data_rectification"
    DATA_DELETION = "data_deletion"
    DATA_OBJECTION = "data_objection"
    DATA_PORTABILITY = "data_portability"
    DATA_AUTOMATED_DECISION = "data_automated_decision"


class CaseState(enum.Enum):
    RECEIVED = "received"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REJECTED = "rejected"


# States in which the institution still owes an answer: the deadline runs.
OPEN_STATES = (CaseState.RECEIVED, CaseState.ASSIGNED, CaseState.IN_PROGRESS)
# 0 for an open case, 1 for the others: the work queue's first sort key. Written with literal
# states (no bound parameters) so that SQLite and PostgreSQL both recognise the same
# expression in ORDER BY as in ix_cases_queue, and walk the index instead of sorting.
QUEUE_OPEN_LAST = ("CASE WHEN state IN ("
                   + ", ".join(f"'{state.value}'" for state in OPEN_STATES)
                   + ") THEN 0 ELSE 1 END")
FINAL_STATES = (CaseState.RESOLVED, CaseState.CLOSED, CaseState.REJECTED)


class EventKind(enum.Enum):
    FILED = "filed"
    ASSIGNED = "assigned"
    CATEGORISED = "categorised"
    STARTED = "started"
    NOTE = "note"  # internal: never shown to the citizen
    ANSWERED = "answered"
    REOPENED = "reopened"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REJECTED = "rejected"
    TRANSFERRED = "transferred"
    ESCALATED = "escalated"
    IMPORTED = "imported"
    EXTENDED = "extended"  # an information request's term extended once (LOTAIP)
    # The institution asks the citizen for more information (COA arts. 140 and 162.1)...
    INFORMATION_REQUESTED = "information_requested"
    # ...and the citizen answers it; the term runs again.
    INFORMATION_PROVIDED = "information_provided"


class RefusalGround(enum.Enum):
    """The legal ground of a refused information request (LOTAIP)."""

    RESERVED = "reserved"          # information classified as reserved, with its resolution
    CONFIDENTIAL = "confidential"  # confidential personal data


class PriorityGroup(enum.Enum):
    """The groups that the Constitution of Ecuador (art. 35) gives priority attention."""

    OLDER_ADULT = "older_adult"
    DISABILITY = "disability"
    PREGNANCY = "pregnancy"
    CHILD_OR_ADOLESCENT = "child_or_adolescent"
    DEPRIVED_OF_LIBERTY = "deprived_of_liberty"
    CATASTROPHIC_ILLNESS = "catastrophic_illness"
    VIOLENCE_VICTIM = "violence_victim"
    CHILD_MISTREATMENT = "child_mistreatment"
    DISASTER_VICTIM = "disaster_victim"
    OTHER = "other"


class PriorityConsent(enum.Enum):
    """How the person consented to the processing of their priority data (LOPDP)."""

    ONLINE_FORM = "online_form"  # the checkbox of the filing form
    IN_PERSON = "in_person"
    PHONE = "phone"
    WRITTEN = "written"


class CaseSettings(db.Model):
    """How an institution takes cases: whether anonymous filing is allowed, reopen window."""

    __tablename__ = "case_settings"
    __table_args__ = (CheckConstraint("reopen_days >= 0 AND reopen_days <= 365",
                                      name="reopen_days_range"),)

    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), primary_key=True)
    allows_anonymous: Mapped[bool] = mapped_column(default=False)
    reopen_days: Mapped[int] = mapped_column(default=DEFAULT_REOPEN_DAYS)
    # Requests under the personal-data law (access, rectification, ...) filed here.
    offers_data_rights: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Business days a priority case (participa.cases.priority) gets; None: the normal term.
    priority_days: Mapped[int | None]


class CaseCategory(db.Model):
    __tablename__ = "case_categories"
    __table_args__ = (
        UniqueConstraint("institution_id", "name"),
        CheckConstraint(f"deadline_days >= 1 AND deadline_days <= {DEFAULT_DEADLINE_DAYS}",
                        name="deadline_days_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    deadline_days: Mapped[int] = mapped_column(default=DEFAULT_DEADLINE_DAYS)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    institution: Mapped["Institution"] = relationship()  # noqa: F821


class HolidayKind(enum.Enum):
    """How a stored day changes the law's calendar (participa.cases.holiday_calendar)."""

    ADDED = "added"      # a day off decreed by the government, on top of the law's holidays
    REMOVED = "removed"  # a law's holiday that a decree moved: a business day after all


class Holiday(db.Model):
    """A platform administrator's change to the national holidays that the law sets: a day
    added or a day removed. The law's own holidays are not stored (the `holidays` package)."""

    __tablename__ = "holidays"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[HolidayKind] = mapped_column(enum_column_type(HolidayKind, "holiday_kind"),
                                              default=HolidayKind.ADDED,
                                              server_default=HolidayKind.ADDED.value)


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_range"),
        # Imported historical cases (external_id) may have lost their citizen's contact.
        # An assisted case (filed for a person at a counter, an Infocentro, by phone or by
        # letter) may have no email: its person is reached as participa.models.assisted says.
        CheckConstraint("citizen_id IS NOT NULL OR contact_email IS NOT NULL "
                        "OR external_id IS NOT NULL OR anonymised_at IS NOT NULL "
                        "OR channel <> 'online'", name="has_contact"),
        CheckConstraint("latitude IS NULL OR (latitude >= -90 AND latitude <= 90)",
                        name="latitude_range"),
        CheckConstraint("longitude IS NULL OR (longitude >= -180 AND longitude <= 180)",
                        name="longitude_range"),
        Index("ix_cases_institution_state_due", "institution_id", "state", "due_on"),
        # An institution's work queue in its order (participa.cases.queries.queue): a page,
        # even far down, is read from the index instead of sorting the whole queue. The
        # queue's filters (state, assignee, category) are read from it too, so a filtered
        # page and its count never read the table row by row.
        Index("ix_cases_queue", "institution_id", text(f"({QUEUE_OPEN_LAST})"),
              text("priority DESC"), "due_on", text("id DESC"), "state", "assignee_id",
              "category_id"),
        # The dashboard aggregates a period's cases by filing time from this index alone
        # (a covering index: a year of national cases is read without touching the table).
        Index("ix_cases_statistics", "created_at", "institution_id", "state", "type",
              "was_answered", "reopen_count", "response_days", "responded_on_time",
              "resolution_days", "rating", "due_on", "filed_month", "category_id"),
        # The priority-attention figures (participa.cases.priority_stats) read a period's
        # priority cases, a few among a million: only those are in the index.
        Index("ix_cases_priority_filed", "created_at", "institution_id",
              sqlite_where=text("priority IS 1"), postgresql_where=text("priority IS true")),
        # The Gestión workspace counts an institution's open priority cases and its open
        # cases awaiting the citizen's answer (participa.workspace.counts): a few among
        # thousands of open cases, each read from its own partial index alone (the flag is a
        # column too, so that SQLite prefers it to ix_cases_institution_state_due).
        Index("ix_cases_priority_institution_state", "institution_id", "state", "priority",
              sqlite_where=text("priority IS 1"), postgresql_where=text("priority IS true")),
        Index("ix_cases_awaiting_citizen", "institution_id", "state",
              "information_requested_at",
              sqlite_where=text("information_requested_at IS NOT NULL"),
              postgresql_where=text("information_requested_at IS NOT NULL")),
        # An institution's LOTAIP report (participa.transparency.report.request_lines) reads
        # its information requests of a year in filing order: from this index, rather than
        # every case the country filed that year. The type comes first: led by the
        # institution, SQLite (without statistics for it, as after the migration) took this
        # narrow index for the work queue too, and sorted the institution's whole queue.
        Index("ix_cases_type_institution_created", "type", "institution_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"))
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_categories.id", ondelete="SET NULL"), index=True)
    type: Mapped[CaseType] = mapped_column(enum_column_type(CaseType, "case_type"))
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    citizen_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    province: Mapped[str | None] = mapped_column(String(60))
    canton: Mapped[str | None] = mapped_column(String(80))
    # INEC's DPA code of the most precise place chosen (participa.cases.places); NULL for
    # cases filed before the list, whose canton is free text.
    place_code: Mapped[str | None] = mapped_column(String(6))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    state: Mapped[CaseState] = mapped_column(enum_column_type(CaseState, "case_state"))
    # How the case reached Participa (participa.models.assisted.Channel).
    channel: Mapped[Channel] = mapped_column(enum_column_type(Channel, "case_channel"),
                                             default=Channel.ONLINE,
                                             server_default=Channel.ONLINE.value)
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    due_on: Mapped[date | None] = mapped_column(Date)
    escalated_due_on: Mapped[date | None] = mapped_column(Date)
    # How far the escalation for `escalated_due_on` went: participa.cases.escalation.Step.
    escalation_level: Mapped[int] = mapped_column(default=0, server_default="0")
    # A question to the citizen is pending (participa.cases.information): the term is
    # suspended from `information_requested_at` until the citizen answers or, at the latest,
    # until `information_due_on`; `due_on` already counts the whole suspension and is pulled
    # back when the citizen answers earlier. `due_on_before_request` is the date owed before.
    information_requested_at: Mapped[datetime | None]
    information_due_on: Mapped[date | None] = mapped_column(Date)
    due_on_before_request: Mapped[date | None] = mapped_column(Date)
    answered_at: Mapped[datetime | None]
    rating: Mapped[int | None]
    rating_comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # In-app notice: the citizen has news when a public event came after their last visit.
    last_public_at: Mapped[datetime | None]
    citizen_seen_at: Mapped[datetime | None]
    # The citizen's personal data were removed (retention period over, or account deleted).
    anonymised_at: Mapped[datetime | None]
    # What the statistics need, kept in step with the events (participa.cases.facts).
    filed_month: Mapped[int | None]  # YYYYMM, local time
    first_response_at: Mapped[datetime | None]  # first answer or rejection
    settled_at: Mapped[datetime | None]  # latest move to resolved or closed
    was_answered: Mapped[bool] = mapped_column(default=False, server_default=false())
    reopen_count: Mapped[int] = mapped_column(default=0, server_default="0")
    response_days: Mapped[int | None]  # business days from filing to first response
    resolution_days: Mapped[int | None]  # business days from filing to settled_at
    responded_on_time: Mapped[bool | None]
    # Information requests (LOTAIP): the one extension of the term, and the ground of a refusal.
    extended_at: Mapped[datetime | None]
    refusal_ground: Mapped[RefusalGround | None] = mapped_column(
        enum_column_type(RefusalGround, "refusal_ground"))
    classification_id: Mapped[int | None] = mapped_column(
        ForeignKey("reserved_classifications.id", ondelete="RESTRICT"), index=True)
    # Priority attention (Constitution, art. 35; participa.cases.priority). The group is
    # sensitive personal data (LOPDP): stored only with the person's consent, never public.
    priority: Mapped[bool] = mapped_column(default=False, server_default=false())
    priority_group: Mapped[PriorityGroup | None] = mapped_column(
        Enum(PriorityGroup, name="priority_group", native_enum=False, create_constraint=False,
             length=32, values_callable=lambda members: [m.value for m in members]))
    priority_other: Mapped[str | None] = mapped_column(String(120))
    priority_consent: Mapped[PriorityConsent | None] = mapped_column(
        Enum(PriorityConsent, name="priority_consent", native_enum=False,
             create_constraint=False, length=32,
             values_callable=lambda members: [m.value for m in members]))
    priority_consent_at: Mapped[datetime | None]

    institution: Mapped["Institution"] = relationship()  # noqa: F821
    category: Mapped[CaseCategory | None] = relationship()
    attachments: Mapped[list["CaseAttachment"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseAttachment.id")
    citizen: Mapped["User | None"] = relationship(foreign_keys=[citizen_id])  # noqa: F821
    assignee: Mapped["User | None"] = relationship(foreign_keys=[assignee_id])  # noqa: F821
    events: Mapped[list["CaseEvent"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseEvent.id")
    classification: Mapped["ReservedClassification | None"] = relationship()  # noqa: F821

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def awaits_citizen(self) -> bool:
        """The institution asked the citizen a question that is not answered yet."""
        return self.is_open and self.information_requested_at is not None

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and today > self.due_on

    @property
    def has_news(self) -> bool:
        return self.last_public_at is not None and (
            self.citizen_seen_at is None or self.last_public_at > self.citizen_seen_at)

    @property
    def notify_address(self) -> str | None:
        if self.citizen is not None and self.citizen.deleted_at is None:
            return self.citizen.email
        return self.contact_email

    def __repr__(self) -> str:
        return f"<Case {self.code} {self.state.value}>"


class CasePriorityMark(db.Model):
    """Who marked a case as priority, or removed the mark, when, and how consent was given.
    No group here: that stays on the case, where anonymisation removes it."""

    __tablename__ = "case_priority_marks"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                 index=True)
    marked: Mapped[bool]  # False: the mark was removed
    consent: Mapped[PriorityConsent | None] = mapped_column(
        Enum(PriorityConsent, name="priority_mark_consent", native_enum=False,
             create_constraint=False, length=32,
             values_callable=lambda members: [m.value for m in members]))
    due_on: Mapped[date | None] = mapped_column(Date)  # the due date the change gave

    case: Mapped[Case] = relationship()
    actor: Mapped["User | None"] = relationship()  # noqa: F821


class CaseReplyTemplate(db.Model):
    """A text an institution's officials start an answer from; its administrators keep them."""

    __tablename__ = "case_reply_templates"
    __table_args__ = (UniqueConstraint("institution_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    answer: Mapped[str] = mapped_column(Text)
    reasons: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseAttachment(db.Model):
    """A file the citizen attached to the case; stored outside the database, served only to
    the case's citizen and institution."""

    __tablename__ = "case_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="attachments")


class CaseEvent(db.Model):
    __tablename__ = "case_events"
    __table_args__ = (
        Index("ix_case_events_case_id_at", "case_id", "at"),
        # The dashboard's transfers: the few events of that kind, without reading millions.
        Index("ix_case_events_kind", "kind", "institution_id", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[EventKind] = mapped_column(enum_column_type(EventKind, "case_event_kind"))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The state the case is in after this event; None when the event changes no state.
    state_after: Mapped[CaseState | None] = mapped_column(
        enum_column_type(CaseState, "case_event_state"))
    public: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str] = mapped_column(Text, default="")
    reasons: Mapped[str] = mapped_column(Text, default="")
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"))
    to_institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    case: Mapped[Case] = relationship(back_populates="events")
    actor: Mapped["User | None"] = relationship(foreign_keys=[actor_id])  # noqa: F821
    assignee: Mapped["User | None"] = relationship(foreign_keys=[assignee_id])  # noqa: F821
    institution: Mapped["Institution | None"] = relationship(  # noqa: F821
        foreign_keys=[institution_id])
    to_institution: Mapped["Institution | None"] = relationship(  # noqa: F821
        foreign_keys=[to_institution_id])


class ApiClient(db.Model):
    """A civic-tech client of the Open311 API. Only a hash of its key is stored."""

    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    key_prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None]

    @property
    def active(self) -> bool:
        return self.revoked_at is None
