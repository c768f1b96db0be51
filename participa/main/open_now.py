"""What a citizen can take part in now, for the home page: consultations closing soon,
proposals nearest their threshold, and outcomes just published. Each list is one query
with a limit; nothing here counts rows one by one."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Float, and_, cast, select
from sqlalchemy.orm import selectinload

from participa.extensions import db
from participa.models import Consultation, Institution, Phase
from participa.models.consultations import phase_expression
from participa.models.proposals import (ModerationState, Proposal, ProposalAnswer,
                                        ProposalState)
from participa.proposals.service import state_condition
from participa.timeutil import utcnow

LIMIT = 4
# An outcome is "just published" for this long.
RECENT = timedelta(days=60)
FOREVER = timedelta(days=365 * 100)


@dataclass(frozen=True)
class Outcome:
    """A published result: a consultation's outcome report or a proposal's answer."""
    kind: str            # "consultation" or "proposal"
    id: int
    title: str
    institution: Institution
    published_at: datetime


def closing_soon(now: datetime | None = None, *, institution_id: int | None = None,
                 limit: int = LIMIT) -> list[Consultation]:
    """Open consultations, the one closing first first."""
    now = now or utcnow()
    query = (select(Consultation).join(Institution)
             .options(selectinload(Consultation.institution))
             .where(phase_expression(now) == Phase.OPEN.value, Institution.active.is_(True)))
    if institution_id is not None:
        query = query.where(Consultation.institution_id == institution_id)
    return list(db.session.scalars(
        query.order_by(Consultation.closes_at, Consultation.id).limit(limit)))


def near_threshold(now: datetime | None = None, *, institution_id: int | None = None,
                   limit: int = LIMIT) -> list[Proposal]:
    """Proposals still collecting supports, the nearest to their threshold first."""
    now = now or utcnow()
    share = cast(Proposal.support_count, Float) / cast(Proposal.support_threshold, Float)
    query = (select(Proposal).join(Institution)
             .options(selectinload(Proposal.institution))
             .where(Proposal.moderation == ModerationState.PUBLISHED,
                    state_condition(ProposalState.OPEN, now), Proposal.support_threshold > 0,
                    Institution.active.is_(True)))
    if institution_id is not None:
        query = query.where(Proposal.institution_id == institution_id)
    return list(db.session.scalars(
        query.order_by(share.desc(), Proposal.closes_at, Proposal.id).limit(limit)))


def just_published(now: datetime | None = None, *, institution_id: int | None = None,
                   limit: int = LIMIT, since: timedelta = RECENT) -> list[Outcome]:
    """Consultation outcomes and proposal answers published lately, newest first."""
    now = now or utcnow()
    after = now - since
    consultations = (select(Consultation).join(Institution)
                     .options(selectinload(Consultation.institution))
                     .where(Consultation.outcome_published_at.is_not(None),
                            Consultation.outcome_published_at > after,
                            Consultation.outcome_published_at <= now,
                            Institution.active.is_(True)))
    answers = (select(Proposal, ProposalAnswer.answered_at)
               .join(ProposalAnswer, ProposalAnswer.proposal_id == Proposal.id)
               .join(Institution, Institution.id == Proposal.institution_id)
               .options(selectinload(Proposal.institution))
               .where(and_(ProposalAnswer.answered_at > after, ProposalAnswer.answered_at <= now),
                      Proposal.moderation == ModerationState.PUBLISHED,
                      Institution.active.is_(True)))
    if institution_id is not None:
        consultations = consultations.where(Consultation.institution_id == institution_id)
        answers = answers.where(Proposal.institution_id == institution_id)
    found = [Outcome("consultation", c.id, c.title, c.institution, c.outcome_published_at)
             for c in db.session.scalars(consultations.order_by(
                 Consultation.outcome_published_at.desc()).limit(limit))]
    found += [Outcome("proposal", p.id, p.title, p.institution, answered_at)
              for p, answered_at in db.session.execute(answers.order_by(
                  ProposalAnswer.answered_at.desc()).limit(limit))]
    return sorted(found, key=lambda o: o.published_at, reverse=True)[:limit]
