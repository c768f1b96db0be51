"""What each kind of item puts in the search index, and who may find it.

An item that nobody but its author and moderators may see (a comment held or hidden, a
proposal waiting or taken down, anything deleted) has no document: it cannot be found.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

from participa.models import Case, Comment, Consultation, Proposal, Section
from participa.sanitize import plain_text
from participa.search.text import indexed_text

EXCERPT_LENGTH = 280
KINDS = ("consultation", "section", "comment", "proposal", "case")
INDEXED_CLASSES = (Consultation, Section, Comment, Proposal, Case)


@dataclass(frozen=True)
class DocumentValues:
    kind: str
    item_id: int
    institution_id: int | None
    consultation_id: int | None
    public_from: datetime | None
    dated: datetime
    title: str
    excerpt: str
    terms: str

    def as_row(self) -> dict:
        return dict(self.__dict__)


def excerpt(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT_LENGTH else text[:EXCERPT_LENGTH - 1].rstrip() + "…"


def kind_of(item) -> str | None:
    return {Consultation: "consultation", Section: "section", Comment: "comment",
            Proposal: "proposal", Case: "case"}.get(type(item))


def public_from(consultation: Consultation) -> datetime:
    """When the public may read a consultation's text: its announce date (the information
    phase) or, without one, its opening."""
    if consultation.announces_at is not None and consultation.announces_at < consultation.opens_at:
        return consultation.announces_at
    return consultation.opens_at


def document_for(item) -> DocumentValues | None:
    """The document of an item, or None when it must not be findable."""
    if isinstance(item, Consultation):
        return DocumentValues(
            "consultation", item.id, item.institution_id, item.id, public_from(item),
            item.opens_at, item.title, excerpt(item.summary),
            indexed_text(item.title, item.summary, item.topic or ""))
    if isinstance(item, Section):
        consultation = item.consultation
        if consultation is None:
            return None
        body = html.unescape(plain_text(item.body_html or ""))
        return DocumentValues(
            "section", item.id, consultation.institution_id, consultation.id,
            public_from(consultation), consultation.opens_at,
            (item.heading or consultation.title)[:300], excerpt(body),
            indexed_text(item.heading or "", body))
    if isinstance(item, Comment) and item.proposal_id is not None:
        # A comment under a proposal: findable while both are public (no consultation id;
        # the result opens the proposal's thread through the comment's own address).
        proposal = item.proposal
        if (proposal is None or not proposal.is_published or item.is_deleted
                or not item.is_published):
            return None
        created = item.created_at or proposal.created_at
        return DocumentValues(
            "comment", item.id, proposal.institution_id, None, created, created,
            proposal.title[:300], excerpt(item.body_text), indexed_text(item.body_text))
    if isinstance(item, Comment):
        consultation = item.consultation
        if consultation is None or item.is_deleted or not item.is_published:
            return None
        created = item.created_at or consultation.opens_at
        return DocumentValues(
            "comment", item.id, consultation.institution_id, consultation.id,
            max(created, consultation.opens_at), created, consultation.title[:300],
            excerpt(item.body_text), indexed_text(item.body_text))
    if isinstance(item, Proposal):
        if not item.is_published:
            return None
        return DocumentValues(
            "proposal", item.id, item.institution_id, None, item.created_at, item.created_at,
            item.title, excerpt(item.summary),
            indexed_text(item.title, item.summary, item.body))
    if isinstance(item, Case):
        # Only the institution's staff find cases: they hold personal data.
        return DocumentValues(
            "case", item.id, item.institution_id, None, None, item.created_at,
            f"{item.code} · {item.subject}"[:300], excerpt(item.description),
            indexed_text(item.code, item.subject, item.description))
    return None
