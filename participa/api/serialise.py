"""The public API's JSON for each kind of object (the shapes declared in
participa.api.schemas). Times are UTC, ISO 8601 with a Z; no email, cédula or name of a
citizen ever goes in: a comment's author is a pseudonym per consultation."""
from __future__ import annotations

from datetime import date, datetime

from flask import url_for

from participa.consultations.outcome import anonymous_id


def when(moment: datetime | None) -> str | None:
    return None if moment is None else moment.replace(microsecond=0).isoformat() + "Z"


def day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def institution(item) -> dict:
    return {"acronym": item.acronym, "name": item.name, "sector": item.sector,
            "url": url_for("public_api.institution", acronym=item.acronym, _external=True)}


def consultation(item, acronym: str, now: datetime) -> dict:
    values = {"consultation_id": item.id, "_external": True}
    published = item.outcome_published_at is not None
    return {
        "id": item.id, "institution": acronym, "title": item.title, "summary": item.summary,
        "topic": item.topic, "phase": item.phase_at(now).value,
        "opens_at": when(item.opens_at), "closes_at": when(item.closes_at),
        "outcome_published_at": when(item.outcome_published_at),
        "page": url_for("consultations.show", consultation_id=item.id, _external=True),
        "links": {
            "self": url_for("public_api.consultation", **values),
            "sections": url_for("public_api.sections", **values),
            "comments": url_for("public_api.comments", **values),
            "questions": url_for("public_api.questions", **values),
            "outcome": url_for("public_api.outcome", **values) if published else None,
        },
    }


def section(item, consultation, published: bool) -> dict:
    return {
        "id": item.id, "position": item.position,
        "number": consultation.section_number(item.position) if item.heading else None,
        "heading": item.heading, "body_html": item.body_html,
        "outcome": ({"decision": item.outcome.value if item.outcome else None,
                     "reason": item.outcome_reason} if published else None),
    }


def comment(row, consultation, published: bool) -> dict:
    item, supports = row
    return {
        "id": item.id, "section_id": item.section_id, "reply_to": item.parent_id,
        "author": None if item.is_official else anonymous_id(consultation, item.author_id)
        or None,
        "official": item.is_official, "stance": item.stance.value,
        "text": item.body_text, "body_html": item.body_html, "supports": supports,
        "created_at": when(item.created_at), "answered": item.answered_at is not None,
        "outcome": ({"decision": item.outcome.value if item.outcome else None,
                     "reason": item.outcome_reason}
                    if published and not item.is_official else None),
    }


def question(item, public: bool, ballots: dict, votes: dict) -> dict:
    total = ballots.get(item.id, 0)
    return {
        "id": item.id, "position": item.position, "text": item.text,
        "max_choices": item.max_choices, "binding": item.binding,
        "results_public": public, "ballots": total if public else None,
        "options": [{
            "id": option.id, "position": option.position, "label": option.label,
            "votes": votes.get(option.id, 0) if public else None,
            "share": (round(votes.get(option.id, 0) / total, 4) if total else 0.0)
            if public else None,
        } for option in item.options],
    }


def proposal(row, now: datetime) -> dict:
    item, acronym, answer = row
    return {
        "id": item.id, "institution": acronym, "title": item.title, "summary": item.summary,
        "body": item.body, "topic": item.topic.value, "state": item.effective_state(now).value,
        "supports": item.support_count, "support_threshold": item.support_threshold,
        "published_at": when(item.published_at), "closes_at": when(item.closes_at),
        "threshold_reached_at": when(item.threshold_reached_at),
        "answer_due_on": day(item.answer_due_on),
        "answer": None if answer is None else {
            "outcome": answer.outcome.value, "text": answer.text,
            "answered_at": when(answer.answered_at), "late": answer.is_late},
        "page": url_for("proposals.show", proposal_id=item.id, _external=True),
        "links": {"self": url_for("public_api.proposal", proposal_id=item.id,
                                  _external=True)},
    }
