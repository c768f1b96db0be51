"""Deciding a group of similar comments at once, and undoing it one comment at a time.

The official records one outcome and reason for the group; every comment in it gets that
fate in its own columns (one UPDATE, so a group of thousands completes in one request) and
joins the shared outcome, which the public page shows as "N contributions like this one".
Changing one comment's outcome afterwards takes that comment out of the shared outcome.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, insert, select, update

from participa import authz
from participa.consultations import outcome
from participa.domain import DomainError, Forbidden
from participa.extensions import db
from participa.models import Comment, Consultation, Decision
from participa.models.audit import record
from participa.models.digest import (CommentGroup, CommentGroupMember, SharedOutcome,
                                     SharedOutcomeMember)
from participa.timeutil import utcnow


def decide_group(actor, group: CommentGroup, *, decision: Decision | None, reason: str,
                 now: datetime | None = None) -> SharedOutcome:
    consultation = db.session.get(Consultation, group.digest.consultation_id)
    if not authz.can_manage_consultation(actor, consultation):
        raise Forbidden()
    outcome._require_closed(consultation, now or utcnow())
    if decision is None:
        raise DomainError(_l("Choose the outcome for the whole group."), field="decision")
    reason = outcome._reason(reason)
    shared = SharedOutcome(consultation_id=consultation.id, decision=decision, reason=reason,
                           representative_id=group.representative_id, decided_by_id=actor.id,
                           decided_at=now or utcnow())
    db.session.add(shared)
    db.session.flush()
    members = select(CommentGroupMember.comment_id).where(
        CommentGroupMember.group_id == group.id)
    # Members decided earlier with another group move to this decision.
    db.session.execute(delete(SharedOutcomeMember).where(
        SharedOutcomeMember.comment_id.in_(members)))
    db.session.execute(insert(SharedOutcomeMember).from_select(
        ["comment_id", "shared_outcome_id"],
        select(CommentGroupMember.comment_id, shared.id).where(
            CommentGroupMember.group_id == group.id)))
    changed = db.session.execute(
        update(Comment).where(Comment.id.in_(members), Comment.consultation_id == consultation.id)
        .values(outcome=decision, outcome_reason=reason)
        .execution_options(synchronize_session=False)).rowcount
    record("consultation.group_outcome", actor=actor, institution=consultation.institution,
           target=consultation, decision=decision.value, comments=changed,
           shared_outcome=shared.id)
    db.session.expire_all()
    return shared


def detach(comment: Comment) -> None:
    """The comment's outcome was decided on its own: it no longer shares the group's."""
    db.session.execute(delete(SharedOutcomeMember).where(
        SharedOutcomeMember.comment_id == comment.id))


def shared_answers(comment_ids) -> dict[int, tuple[SharedOutcome, int]]:
    """{comment id: (its shared outcome, how many comments share it)} for the comments of
    `comment_ids` that carry one (the comments shown on one page)."""
    memberships = dict(db.session.execute(
        select(SharedOutcomeMember.comment_id, SharedOutcomeMember.shared_outcome_id)
        .where(SharedOutcomeMember.comment_id.in_(list(comment_ids)))).all())
    if not memberships:
        return {}
    shared_ids = set(memberships.values())
    sizes = dict(db.session.execute(
        select(SharedOutcomeMember.shared_outcome_id, func.count())
        .where(SharedOutcomeMember.shared_outcome_id.in_(shared_ids))
        .group_by(SharedOutcomeMember.shared_outcome_id)).all())
    outcomes = {row.id: row for row in db.session.scalars(
        select(SharedOutcome).where(SharedOutcome.id.in_(shared_ids)))}
    return {comment_id: (outcomes[shared_id], sizes[shared_id])
            for comment_id, shared_id in memberships.items()}
