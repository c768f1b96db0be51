"""What a citizen can take part in now, for the home page: consultations closing soon,
proposals nearest their threshold, and outcomes just published. Each list is one query
with a limit; nothing here counts rows one by one. The home page's lists are kept a minute
(`home_lists`), as its figures are: every visitor of the front page shares them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Float, and_, cast, select
from sqlalchemy.orm import selectinload

from participa.extensions import db
from participa.figures_cache import remember
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
class Open:
    """A consultation or proposal open now, as the home page lists it (plain values, so that
    the lists can be kept in the shared cache)."""
    id: int
    title: str
    acronym: str
    closes_at: datetime | None = None
    supports: int = 0
    threshold: int = 0


@dataclass(frozen=True)
class HomeLists:
    closing: list
    near: list
    outcomes: list


def home_lists(now: datetime | None = None) -> HomeLists:
    """The three lists of the home page, computed at most once a minute."""
    def compute() -> HomeLists:
        at = now or utcnow()
        return HomeLists(
            closing=[Open(c.id, c.title, c.institution.acronym, closes_at=c.closes_at)
                     for c in closing_soon(at)],
            near=[Open(p.id, p.title, p.institution.acronym, supports=p.support_count,
                       threshold=p.support_threshold) for p in near_threshold(at)],
            outcomes=just_published(at))
    return remember("home-open-now", compute, seconds=60)


@dataclass(frozen=True)
class Outcome:
    """A published result: a consultation's outcome report or a proposal's answer."""
    kind: str            # "consultation" or "proposal"
    id: int
    title: str
    acronym: str
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
    found = [Outcome("consultation", c.id, c.title, c.institution.acronym,
                     c.outcome_published_at)
             for c in db.session.scalars(consultations.order_by(
                 Consultation.outcome_published_at.desc()).limit(limit))]
    found += [Outcome("proposal", p.id, p.title, p.institution.acronym, answered_at)
              for p, answered_at in db.session.execute(answers.order_by(
                  ProposalAnswer.answered_at.desc()).limit(limit))]
    return sorted(found, key=lambda o: o.published_at, reverse=True)[:limit]
