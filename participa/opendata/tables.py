"""The open data tables of the observatory and the consultations, without personal data.

Each function returns a `Table`: column names (stable, English, snake_case) and rows of plain
values (numbers, text, dates). Only what is public on the site goes in: answered and open
data requests (never who asked), approved reuses (never who registered them), consultations
once open, and the outcome of a consultation once published (comments that are published
and not deleted, with no author).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from participa.cases.businessdays import local_date
from participa.extensions import db
from participa.models import (Comment, Consultation, DataRequest, DataRequestAnswer,
                              DataRequestState, DataRequestSupport, Institution,
                              ModerationState, Phase, Reuse, Section, Support)
from participa.models.consultations import phase_expression
from participa.models.observatory import ReviewStatus, reuse_institutions

SCHEMA_VERSION = "1.0"


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: list[list]

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def _day(moment: datetime | None) -> date | None:
    return local_date(moment) if moment is not None else None


def data_requests() -> Table:
    supports = (select(DataRequestSupport.request_id, func.count().label("n"))
                .group_by(DataRequestSupport.request_id).subquery())
    published = (select(DataRequestAnswer.request_id, func.max(DataRequestAnswer.url)
                        .label("url"))
                 .where(DataRequestAnswer.outcome == DataRequestState.PUBLISHED)
                 .group_by(DataRequestAnswer.request_id).subquery())
    rows = db.session.execute(
        select(DataRequest, Institution.acronym, func.coalesce(supports.c.n, 0),
               published.c.url)
        .join(Institution, Institution.id == DataRequest.institution_id)
        .outerjoin(supports, supports.c.request_id == DataRequest.id)
        .outerjoin(published, published.c.request_id == DataRequest.id)
        .order_by(DataRequest.id)).all()
    return Table("solicitudes", [
        "request_id", "institution_acronym", "title", "description", "format_wanted",
        "state", "created_on", "due_on", "first_answer_on", "answered_late", "supports",
        "published_url"], [
        [r.id, acronym, r.title, r.description, r.format_wanted, r.state.value,
         _day(r.created_at), r.due_on, _day(r.first_answer_at), r.late, count, url or ""]
        for r, acronym, count, url in rows])


def reuses() -> Table:
    approved = list(db.session.scalars(
        select(Reuse).where(Reuse.status == ReviewStatus.APPROVED).order_by(Reuse.id)))
    acronyms: dict[int, list[str]] = {}
    for reuse_id, acronym in db.session.execute(
            select(reuse_institutions.c.reuse_id, Institution.acronym)
            .join(Institution, Institution.id == reuse_institutions.c.institution_id)
            .order_by(Institution.acronym)):
        acronyms.setdefault(reuse_id, []).append(acronym)
    return Table("reutilizaciones", [
        "reuse_id", "title", "kind", "url", "description", "institutions", "datasets",
        "approved_on"], [
        [r.id, r.title, r.kind.value, r.url, r.description, " ".join(acronyms.get(r.id, [])),
         " ".join(r.dataset_list), _day(r.reviewed_at)] for r in approved])


def public_comment():
    """SQL: a comment anyone can read (published, not deleted)."""
    return (Comment.moderation == ModerationState.PUBLISHED) & Comment.deleted_at.is_(None)


def consultations(now: datetime) -> Table:
    """Every consultation once it has opened (drafts never), with its participation."""
    comments = (select(Comment.consultation_id, func.count().label("n"),
                       func.count(func.distinct(Comment.author_id)).label("people"))
                .where(public_comment(), Comment.is_official.is_(False))
                .group_by(Comment.consultation_id).subquery())
    phase = phase_expression(now)
    rows = db.session.execute(
        select(Consultation, Institution.acronym, phase, func.coalesce(comments.c.n, 0),
               func.coalesce(comments.c.people, 0))
        .join(Institution, Institution.id == Consultation.institution_id)
        .outerjoin(comments, comments.c.consultation_id == Consultation.id)
        .where(phase != Phase.DRAFT.value, Institution.active.is_(True))
        .order_by(Consultation.id)).all()
    return Table("consultas", [
        "consultation_id", "institution_acronym", "title", "topic", "opens_at", "closes_at",
        "phase", "comments", "participants", "outcome_published_on", "adopted_text_url"], [
        [c.id, acronym, c.title, c.topic, c.opens_at, c.closes_at, phase_value, n, people,
         _day(c.outcome_published_at), c.adopted_text_url]
        for c, acronym, phase_value, n, people in rows])


def published_outcomes() -> list[Consultation]:
    return list(db.session.scalars(
        select(Consultation).options(joinedload(Consultation.institution))
        .join(Institution, Institution.id == Consultation.institution_id)
        .where(Consultation.outcome_published_at.is_not(None), Institution.active.is_(True))
        .order_by(Consultation.id)))


def outcome_sections(consultation: Consultation) -> Table:
    return Table(f"consulta-{consultation.id}-secciones", [
        "section_number", "heading", "outcome", "reason"], [
        [consultation.section_number(s.position) if s.heading else None, s.heading,
         s.outcome.value if s.outcome else "", s.outcome_reason]
        for s in consultation.sections])


def outcome_comments(consultation: Consultation) -> Table:
    """The fate of every public contribution (official replies left out), without authors."""
    supports = (select(Support.comment_id, func.count().label("n"))
                .join(Comment, Comment.id == Support.comment_id)
                .where(Comment.consultation_id == consultation.id)
                .group_by(Support.comment_id).subquery())
    rows = db.session.execute(
        select(Comment, Section.position, Section.heading, func.coalesce(supports.c.n, 0))
        .outerjoin(Section, Section.id == Comment.section_id)
        .outerjoin(supports, supports.c.comment_id == Comment.id)
        .where(Comment.consultation_id == consultation.id, public_comment(),
               Comment.is_official.is_(False))
        .order_by(Comment.id)).all()
    return Table(f"consulta-{consultation.id}-comentarios", [
        "comment_id", "reply_to", "section_number", "stance", "supports", "created_on",
        "answered", "outcome", "reason", "text"], [
        [c.id, c.parent_id, consultation.section_number(position) if heading else None,
         c.stance.value, n, _day(c.created_at), c.answered_at is not None,
         c.outcome.value if c.outcome else "", c.outcome_reason, c.body_text]
        for c, position, heading, n in rows])
