"""Publishing and reading consultations: drafts, dates, sections, documents and figures.

Functions take the acting user and loaded objects, raise participa.domain errors and leave
the commit to the request. Comments live in comments.py, the outcome in outcome.py.
"""
from __future__ import annotations

import io
import math
import secrets
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import distinct, func, or_, select
from sqlalchemy.orm import joinedload

from participa.consultations.markdown import split_sections
from participa.consultations.word import split_html
from participa.domain import Conflict, DomainError, NotFound
from participa.extensions import db
from participa.figures_cache import remember
from participa.models import (
    Comment,
    Consultation,
    Document,
    Institution,
    ModerationState,
    Phase,
    Section,
    Stance,
    User,
)
from participa.models.audit import record
from participa.models.consultations import phase_expression
from participa.timeutil import utcnow

LOCAL_ZONE = ZoneInfo("America/Guayaquil")
MAX_BODY_CHARS = 100_000
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


# --- time -------------------------------------------------------------------------------

def local_to_utc(value: datetime) -> datetime:
    """A naive date-time typed in Guayaquil time, as naive UTC for storage."""
    return value.replace(tzinfo=LOCAL_ZONE).astimezone(UTC).replace(tzinfo=None)


def utc_to_local(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC).astimezone(LOCAL_ZONE).replace(tzinfo=None)


def days_between(start: datetime, end: datetime) -> int:
    """Whole days from start to end, rounded up (a part of a day counts as a day)."""
    return max(0, math.ceil((end - start).total_seconds() / 86400))


# --- publishing -------------------------------------------------------------------------

def _parse(body: str, imported_html: str | None) -> list:
    """The sections of the draft: imported from Word (sectioned HTML) or written in
    Markdown."""
    if imported_html:
        if len(imported_html) > 5 * MAX_BODY_CHARS:
            raise DomainError(_l("The draft text is too long."), field="body")
        return split_html(imported_html)
    if len(body or "") > MAX_BODY_CHARS:
        raise DomainError(_l("The draft text is too long."), field="body")
    sections = split_sections(body)
    if not sections:
        raise DomainError(_l("Write the draft text, with a line starting with ## before each "
                             "article or section."), field="body")
    return sections


def preview_sections(body: str, imported_html: str | None) -> list:
    """The sections a draft would have, to show them before saving."""
    return _parse(body, imported_html)


def _check_fields(title: str, opens_at: datetime, closes_at: datetime,
                  announces_at: datetime | None = None) -> None:
    if not title.strip():
        raise DomainError(_l("Enter a title."), field="title")
    if announces_at is not None and announces_at >= opens_at:
        raise DomainError(_l("The announcement must come before the opening."),
                          field="announces_at")
    if closes_at <= opens_at:
        raise DomainError(_l("The consultation must close after it opens."), field="closes_at")


def _replace_sections(consultation: Consultation, sections: list) -> None:
    consultation.sections.clear()
    db.session.flush()
    for position, parsed in enumerate(sections, start=1):
        consultation.sections.append(Section(position=position, heading=parsed.heading,
                                             body_html=parsed.body_html))


def create_consultation(actor: User, institution: Institution, *, title: str, summary: str,
                        topic: str, body: str, opens_at: datetime, closes_at: datetime,
                        announces_at: datetime | None = None,
                        imported_html: str | None = None) -> Consultation:
    """Create a consultation; dates are naive UTC. It is a private draft until
    `announces_at` (public, comments closed) or `opens_at` (open for comments). The text is
    `body` in Markdown, or `imported_html` when the draft was imported from Word."""
    _check_fields(title, opens_at, closes_at, announces_at)
    sections = _parse(body, imported_html)
    consultation = Consultation(
        institution=institution, title=title.strip(), summary=summary.strip(),
        topic=topic.strip(), body_markdown="" if imported_html else body, opens_at=opens_at,
        announces_at=announces_at, closes_at=closes_at, created_by_id=actor.id)
    db.session.add(consultation)
    _replace_sections(consultation, sections)
    db.session.flush()
    record("consultation.created", actor=actor, institution=institution, target=consultation,
           **({"imported": "docx"} if imported_html else {}))
    return consultation


def update_consultation(actor: User, consultation: Consultation, *, title: str, summary: str,
                        topic: str, body: str, opens_at: datetime, closes_at: datetime,
                        announces_at: datetime | None = None,
                        imported_html: str | None = None,
                        now: datetime | None = None) -> Consultation:
    """Change a consultation. The text and the dates change until it opens (nobody has
    commented yet); once open, only the closing date may move, and never into the past.
    A draft imported from Word keeps its sections until a new import or a Markdown text
    replaces them."""
    now = now or utcnow()
    phase = consultation.phase_at(now)
    _check_fields(title, opens_at, closes_at, announces_at)
    if phase in (Phase.DRAFT, Phase.INFORMATION):
        if imported_html or body != consultation.body_markdown:
            _replace_sections(consultation, _parse(body, imported_html))
            consultation.body_markdown = "" if imported_html else body
        consultation.title, consultation.summary = title.strip(), summary.strip()
        consultation.topic, consultation.announces_at = topic.strip(), announces_at
        consultation.opens_at = opens_at
    elif phase == Phase.OPEN:
        changed = (title, summary, topic, body) != (
            consultation.title, consultation.summary, consultation.topic,
            consultation.body_markdown) or opens_at != consultation.opens_at \
            or announces_at != consultation.announces_at or bool(imported_html)
        if changed:
            raise Conflict(_l("Once a consultation is open only its closing date can change."))
        if closes_at <= now:
            raise DomainError(_l("The new closing date must be in the future."),
                              field="closes_at")
    else:
        raise Conflict(_l("A closed consultation cannot be changed."))
    consultation.closes_at = closes_at
    record("consultation.updated", actor=actor, institution=consultation.institution,
           target=consultation)
    return consultation


# --- documents --------------------------------------------------------------------------

def upload_dir() -> Path:
    configured = current_app.config.get("UPLOAD_DIR")
    path = Path(configured) if configured else Path(current_app.instance_path) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def detect_document_type(data: bytes) -> str | None:
    """The document kind by its content (not its name): pdf, odt, docx or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == \
                        DOCUMENT_TYPES["odt"].encode():
                    return "odt"
                if "[Content_Types].xml" in names and "word/document.xml" in names:
                    return "docx"
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
    return None


def add_document(actor: User, consultation: Consultation, *, filename: str,
                 data: bytes) -> Document:
    limit = current_app.config.get("CONSULTATION_DOCUMENT_MAX_BYTES", 5 * 1024 * 1024)
    if not data:
        raise DomainError(_l("Choose a file to upload."), field="file")
    if len(data) > limit:
        raise DomainError(_l("The file is larger than %(mb)d MB.", mb=limit // (1024 * 1024)),
                          field="file")
    kind = detect_document_type(data)
    if kind is None:
        raise DomainError(_l("Only PDF, ODT and DOCX documents can be uploaded."), field="file")
    base = Path(filename or "").name.rsplit(".", 1)[0].strip() or "documento"
    safe = "".join(c for c in base if c.isalnum() or c in " -_().")[:150].strip() or "documento"
    stored_name = secrets.token_hex(16) + "." + kind
    (upload_dir() / stored_name).write_bytes(data)
    document = Document(consultation=consultation, filename=f"{safe}.{kind}",
                        content_type=DOCUMENT_TYPES[kind], size=len(data),
                        stored_name=stored_name)
    db.session.add(document)
    db.session.flush()
    record("consultation.document_added", actor=actor, institution=consultation.institution,
           target=document, consultation_id=consultation.id, filename=document.filename)
    return document


def get_document(consultation: Consultation, document_id: int) -> Document:
    document = db.session.scalar(select(Document).where(
        Document.id == document_id, Document.consultation_id == consultation.id))
    if document is None:
        raise NotFound(_l("This document does not exist."))
    return document


def document_path(document: Document) -> Path:
    return upload_dir() / document.stored_name


# --- reading ----------------------------------------------------------------------------

def get_consultation(consultation_id: int) -> Consultation:
    # With its institution: every page of it names the institution and asks about its roles.
    consultation = db.session.get(Consultation, consultation_id,
                                  options=[joinedload(Consultation.institution)])
    if consultation is None:
        raise NotFound(_l("This consultation does not exist."))
    return consultation


def list_public(*, institution: str = "", topic: str = "", phase: str = "", query: str = "",
                page: int = 1, per_page: int = 20, now: datetime | None = None):
    """Consultations the public may see (every phase but draft), newest first."""
    now = now or utcnow()
    phase_sql = phase_expression(now)
    stmt = (select(Consultation).join(Institution)
            .where(phase_sql != Phase.DRAFT.value, Institution.active.is_(True)))
    if institution:
        stmt = stmt.where(func.upper(Institution.acronym) == institution.upper())
    if topic:
        stmt = stmt.where(Consultation.topic == topic)
    if phase in {p.value for p in Phase} and phase != Phase.DRAFT.value:
        stmt = stmt.where(phase_sql == phase)
    if query.strip():
        like = "%" + query.strip().lower().replace("%", "").replace("_", "") + "%"
        stmt = stmt.where(or_(func.lower(Consultation.title).like(like),
                              func.lower(Consultation.summary).like(like)))
    stmt = stmt.order_by(Consultation.opens_at.desc(), Consultation.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def public_topics() -> list[str]:
    return list(db.session.scalars(
        select(Consultation.topic).where(Consultation.topic != "",
                                         phase_expression(utcnow()) != Phase.DRAFT.value)
        .distinct().order_by(Consultation.topic)))


def managed_consultations(institution_ids: list[int]) -> list[Consultation]:
    if not institution_ids:
        return []
    return list(db.session.scalars(
        select(Consultation).where(Consultation.institution_id.in_(institution_ids))
        .order_by(Consultation.created_at.desc()).limit(200)))


@dataclass
class StanceSplit:
    comments: int = 0
    for_: int = 0
    against: int = 0
    neutral: int = 0


@dataclass
class Figures:
    participants: int
    comments: int
    by_section: dict  # section id (None for the whole text) -> StanceSplit
    days_left: int | None
    days_since_close: int | None
    # Top-level comments anyone may see (all but those held for pre-moderation), by section
    # id (None for the whole text): the length of the public thread, for its pages.
    public_roots: dict = field(default_factory=dict)

    def public_thread_length(self, section_id: int | None = None) -> int:
        if section_id:
            return self.public_roots.get(section_id, 0)
        return sum(self.public_roots.values())


# A consultation's counts are cached this long (and dropped when a comment is posted,
# edited or deleted): with 100 000 comments they take two index scans per view.
COUNTS_CACHE_SECONDS = 60


def counts_key(consultation_id: int) -> str:
    return f"consultation:{consultation_id}:counts"


def _comment_counts(consultation_id: int) -> tuple[int, dict, int, dict]:
    """(top-level comments, {section id: StanceSplit}, participants, {section id: public
    top-level comments}) from three aggregates over covering indexes."""
    live = (Comment.consultation_id == consultation_id, Comment.deleted_at.is_(None),
            Comment.parent_id.is_(None), Comment.moderation == ModerationState.PUBLISHED)
    rows = db.session.execute(
        select(Comment.section_id, Comment.stance, func.count(Comment.id))
        .where(*live).group_by(Comment.section_id, Comment.stance)).all()
    by_section: dict = {}
    total = 0
    for section_id, stance, count in rows:
        split = by_section.setdefault(section_id, StanceSplit())
        split.comments += count
        total += count
        if stance == Stance.FOR:
            split.for_ += count
        elif stance == Stance.AGAINST:
            split.against += count
        else:
            split.neutral += count
    participants = db.session.scalar(
        select(func.count(distinct(Comment.author_id))).where(
            Comment.consultation_id == consultation_id, Comment.is_official.is_(False))) or 0
    public_roots = dict(db.session.execute(
        select(Comment.section_id, func.count(Comment.id))
        .where(Comment.consultation_id == consultation_id, Comment.parent_id.is_(None),
               Comment.moderation != ModerationState.PENDING)
        .group_by(Comment.section_id)).all())
    return total, by_section, participants, public_roots


def figures(consultation: Consultation, now: datetime | None = None) -> Figures:
    """Counts and stance splits per section (cached briefly), and the time left."""
    now = now or utcnow()
    total, by_section, participants, public_roots = remember(
        counts_key(consultation.id), lambda: _comment_counts(consultation.id),
        seconds=COUNTS_CACHE_SECONDS)
    phase = consultation.phase_at(now)
    return Figures(
        participants=participants, comments=total, by_section=by_section,
        public_roots=public_roots,
        days_left=days_between(now, consultation.closes_at) if phase == Phase.OPEN else None,
        days_since_close=(now - consultation.closes_at).days if phase == Phase.CLOSED else None,
    )
