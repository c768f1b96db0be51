"""The outcome report (what the institution did with what it heard) and the CSV export.

The report is one form: every section's decision, the summary and the link are saved
together (`save_report`), and publishing is a separate step, so that a refused publication
never loses a decision. A section nobody commented on is marked "no contributions" instead
of being given a decision it cannot have."""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participa import csv_export
from participa.consultations.notify import notify
from participa.consultations.service import utc_to_local
from participa.domain import Conflict, DomainError
from participa.extensions import db
from participa.models import (
    Comment,
    Consultation,
    Decision,
    ModerationState,
    NotificationKind,
    Phase,
    Section,
    Support,
)
from participa.models.audit import record
from participa.timeutil import utcnow

MAX_REASON_CHARS = 3000
NO_CONTRIBUTIONS = "no_contributions"  # the report's choice for an uncommented section


def _require_closed(consultation: Consultation, now: datetime) -> None:
    phase = consultation.phase_at(now)
    if phase in (Phase.DRAFT, Phase.INFORMATION, Phase.OPEN):
        raise Conflict(_l("The outcome can be recorded only after the consultation closes."))
    if phase == Phase.OUTCOME:
        raise Conflict(_l("The outcome has already been published."))


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if len(text) > MAX_REASON_CHARS:
        raise DomainError(_l("The reason is longer than %(n)d characters.", n=MAX_REASON_CHARS),
                          field="reason")
    return text


def record_section_outcome(actor, section: Section, *, decision: Decision | None, reason: str,
                           now: datetime | None = None) -> Section:
    _require_closed(section.consultation, now or utcnow())
    section.outcome, section.outcome_reason = decision, _reason(reason)
    section.no_contributions = False
    record("consultation.section_outcome", actor=actor,
           institution=section.consultation.institution, target=section,
           decision=decision.value if decision else None)
    return section


def commented_sections(consultation: Consultation) -> set[int]:
    """Ids of the sections someone commented on (comments deleted by their author aside)."""
    return set(db.session.scalars(select(Comment.section_id).distinct().where(
        Comment.consultation_id == consultation.id, Comment.section_id.is_not(None),
        Comment.deleted_at.is_(None), Comment.is_official.is_(False))))


def save_report(actor, consultation: Consultation, *, choices: dict, summary: str,
                adopted_text_url: str, now: datetime | None = None) -> Consultation:
    """Save the whole report at once. `choices` maps a section id to (choice, reason), the
    choice being a Decision value, NO_CONTRIBUTIONS or "" (not decided yet); sections of
    other consultations are ignored. Only the sections whose entry changed are audited."""
    now = now or utcnow()
    save_summary(actor, consultation, summary=summary, adopted_text_url=adopted_text_url,
                 now=now)
    commented = commented_sections(consultation)
    for section in consultation.sections:
        if section.id not in choices:
            continue
        choice, reason = choices[section.id]
        reason = _reason(reason)
        if choice == NO_CONTRIBUTIONS:
            if section.id in commented:
                raise Conflict(_l("“%(section)s” received comments: choose what was done "
                                  "with them.", section=section.heading or _l("Preamble")),
                               field=f"decision_{section.id}")
            decision, none = None, True
        else:
            try:
                decision, none = (Decision(choice) if choice else None), False
            except ValueError:
                raise DomainError(_l("Choose a valid decision."),
                                  field=f"decision_{section.id}") from None
        if (section.outcome, section.outcome_reason, section.no_contributions) == \
                (decision, reason, none):
            continue
        section.outcome, section.outcome_reason, section.no_contributions = \
            decision, reason, none
        record("consultation.section_outcome", actor=actor,
               institution=consultation.institution, target=section,
               decision=NO_CONTRIBUTIONS if none else (decision.value if decision else None))
    return consultation


def record_comment_outcome(actor, comment: Comment, *, decision: Decision | None, reason: str,
                           now: datetime | None = None) -> Comment:
    _require_closed(comment.consultation, now or utcnow())
    comment.outcome, comment.outcome_reason = decision, _reason(reason)
    from participa.digest.service import detach
    detach(comment)  # decided on its own now, no longer with its group
    record("consultation.comment_outcome", actor=actor,
           institution=comment.consultation.institution, target=comment,
           decision=decision.value if decision else None)
    return comment


def save_summary(actor, consultation: Consultation, *, summary: str, adopted_text_url: str,
                 now: datetime | None = None) -> Consultation:
    _require_closed(consultation, now or utcnow())
    if len(summary or "") > 20 * MAX_REASON_CHARS:
        raise DomainError(_l("The summary is too long."), field="summary")
    url = (adopted_text_url or "").strip()
    if url and not url.startswith(("https://", "http://")):
        raise DomainError(_l("The link must start with https://"), field="adopted_text_url")
    consultation.outcome_summary = (summary or "").strip()
    consultation.adopted_text_url = url
    return consultation


def publish_outcome(actor, consultation: Consultation, now: datetime | None = None) -> None:
    """Publish the report and tell everyone who took part."""
    now = now or utcnow()
    _require_closed(consultation, now)
    if not consultation.outcome_summary:
        raise DomainError(_l("Write the final summary before publishing the outcome."),
                          field="summary")
    missing = db.session.scalar(select(func.count(Section.id)).where(
        Section.consultation_id == consultation.id, Section.outcome.is_(None),
        Section.no_contributions.is_(False)))
    if missing:
        raise DomainError(_l("Record the outcome of every section before publishing "
                             "(%(n)d left).", n=missing))
    consultation.outcome_published_at = now
    record("consultation.outcome_published", actor=actor, institution=consultation.institution,
           target=consultation)
    participants = db.session.scalars(select(Comment.author_id).distinct().where(
        Comment.consultation_id == consultation.id, Comment.author_id.is_not(None),
        Comment.is_official.is_(False))).all()
    notify(participants, NotificationKind.OUTCOME_PUBLISHED, consultation)


def anonymous_id(consultation: Consultation, user_id: int | None) -> str:
    """A stable pseudonym per person and consultation that cannot be traced back without
    the server's secret."""
    if user_id is None:
        return ""
    key = current_app.config["SECRET_KEY"].encode()
    message = f"{consultation.id}:{user_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:12]



def export_csv(consultation: Consultation, *, with_authors: bool) -> str:
    """Every comment with its section, stance, supports and date, as UTF-8 CSV; the
    anonymised author id only for the institution."""
    header, body = export_table(consultation, with_authors=with_authors)
    return csv_export.to_csv(header, body, bom=True)


def export_table(consultation: Consultation, *, with_authors: bool) -> tuple[list, list]:
    """The column names and rows of the comments' download (CSV and XLSX)."""
    supports = (select(Support.comment_id, func.count(Support.id).label("n"))
                .join(Comment, Comment.id == Support.comment_id)
                .where(Comment.consultation_id == consultation.id)
                .group_by(Support.comment_id).subquery())
    rows = db.session.execute(
        select(Comment, Section.position, Section.heading, func.coalesce(supports.c.n, 0))
        .outerjoin(Section, Section.id == Comment.section_id)
        .outerjoin(supports, supports.c.comment_id == Comment.id)
        .where(Comment.consultation_id == consultation.id,
               Comment.moderation != ModerationState.PENDING)
        .order_by(Comment.created_at, Comment.id)).all()
    header = ["comment_id", "reply_to", "section_number", "section", "stance", "supports",
              "created_at_ecuador", "official", "answered", "outcome", "text"]
    if with_authors:
        header.insert(1, "author_id")
    body = []
    for comment, position, heading, count in rows:
        number = consultation.section_number(position) if heading else None
        row = [comment.id, comment.parent_id or "", number or "", heading or "",
               comment.stance.value, count,
               utc_to_local(comment.created_at).strftime("%Y-%m-%d %H:%M"),
               "yes" if comment.is_official else "no",
               "yes" if comment.answered_at else "no",
               comment.outcome.value if comment.outcome else "",
               comment.body_text if comment.is_published else ""]
        if with_authors:
            row.insert(1, anonymous_id(consultation, comment.author_id))
        body.append(row)
    return header, body
