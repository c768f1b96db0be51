"""Proposal rules: submission, supports and the threshold, answers, the sweep by dates.

Functions take the acting user and loaded objects, raise participa.domain errors, write the
audit record for privileged actions and leave the commit to the caller. `now` is a parameter
(naive UTC) so that the date rules can be tested at any moment.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from participa import cedula_voice as voice
from participa.domain import Conflict, DomainError, NotFound
from participa.extensions import db
from participa.locking import begin_write, lock_row
from participa.models import (
    AnswerOutcome,
    Institution,
    Level,
    ModerationState,
    Proposal,
    ProposalAnswer,
    ProposalSettings,
    ProposalState,
    ProposalSupport,
    ProposalTopic,
    User,
)
from participa.models.audit import record
from participa.moderation import service as moderation
from participa.proposals.deadlines import answer_due_on, is_past_due, local_date
from participa.sanitize import plain_text
from participa.timeutil import utcnow
from participa.verification import service as verification

SORTS = ("supports", "newest", "closing")
PER_PAGE = 20

# --- Settings --------------------------------------------------------------------------------


def settings_for(institution: Institution) -> ProposalSettings:
    """The institution's settings; the defaults (not yet saved) when it never set them."""
    settings = db.session.scalar(select(ProposalSettings).where(
        ProposalSettings.institution_id == institution.id))
    if settings is None:
        settings = ProposalSettings(
            institution=institution,
            support_threshold=ProposalSettings.DEFAULT_THRESHOLD,
            collection_days=ProposalSettings.DEFAULT_COLLECTION_DAYS,
            answer_business_days=ProposalSettings.DEFAULT_ANSWER_BUSINESS_DAYS,
            premoderate_proposals=False, supporter_level=Level.CEDULA_DECLARED)
    return settings


def update_settings(actor: User, institution: Institution, *, support_threshold: int,
                    collection_days: int, answer_business_days: int,
                    premoderate_proposals: bool,
                    supporter_level: Level | None = None) -> ProposalSettings:
    verification.check_requirable(supporter_level)
    settings = settings_for(institution)
    before = {"support_threshold": settings.support_threshold,
              "collection_days": settings.collection_days,
              "answer_business_days": settings.answer_business_days,
              "premoderate_proposals": settings.premoderate_proposals,
              "supporter_level": settings.supporter_level.value}
    settings.support_threshold = support_threshold
    settings.collection_days = collection_days
    settings.answer_business_days = answer_business_days
    settings.premoderate_proposals = premoderate_proposals
    if supporter_level is not None:
        settings.supporter_level = supporter_level
    db.session.add(settings)
    record("proposal_settings.updated", actor=actor, institution=institution,
           target=institution, before=before)
    return settings


# --- Authoring -------------------------------------------------------------------------------


def _check_text(title: str, summary: str, body: str) -> None:
    if not plain_text(title).strip():
        raise DomainError(_l("Give your proposal a title."), field="title")
    if not plain_text(summary).strip():
        raise DomainError(_l("Summarise your proposal in a few lines."), field="summary")
    if not plain_text(body).strip():
        raise DomainError(_l("Explain your proposal."), field="body")


def _publish(proposal: Proposal, settings: ProposalSettings, now: datetime) -> None:
    proposal.moderation = ModerationState.PUBLISHED
    proposal.published_at = now
    proposal.closes_at = now + timedelta(days=settings.collection_days)
    proposal.support_threshold = settings.support_threshold
    proposal.required_level = settings.supporter_level or Level.CEDULA_DECLARED


def submit_proposal(author: User, institution: Institution, *, title: str, summary: str,
                    body: str, topic: ProposalTopic, now: datetime | None = None) -> Proposal:
    now = now or utcnow()
    if not institution.active:
        raise DomainError(_l("This institution does not take proposals at the moment."),
                          field="institution")
    moderation.ensure_not_banned(author, institution, now)
    _check_text(title, summary, body)
    settings = settings_for(institution)
    proposal = Proposal(institution=institution, author=author, title=title.strip(),
                        summary=summary.strip(), body=body.strip(), topic=topic,
                        state=ProposalState.OPEN, support_threshold=settings.support_threshold,
                        created_at=now, updated_at=now)
    if settings.premoderate_proposals:
        proposal.moderation = ModerationState.PENDING
    else:
        _publish(proposal, settings, now)
    db.session.add(proposal)
    db.session.flush()
    return proposal


def publish_proposal(actor: User, proposal: Proposal, now: datetime | None = None) -> None:
    """Publish a proposal held for pre-moderation (its collection window starts now), or the
    waiting edit of a published one."""
    now = now or utcnow()
    if proposal.pending_edit and proposal.moderation == ModerationState.PUBLISHED:
        moderation.apply_pending_edit(proposal)
        record("proposal.edit_published", actor=actor, institution=proposal.institution,
               target=proposal, at=now)
        return
    if proposal.moderation != ModerationState.PENDING or proposal.state != ProposalState.OPEN:
        raise Conflict(_l("This proposal is not waiting to be published."))
    _publish(proposal, settings_for(proposal.institution), now)
    record("proposal.published", actor=actor, institution=proposal.institution, target=proposal,
           at=now)


def support_count(proposal: Proposal) -> int:
    return db.session.scalar(select(func.count(ProposalSupport.id)).where(
        ProposalSupport.proposal_id == proposal.id)) or 0


def is_in_authoring(proposal: Proposal, now: datetime | None = None) -> bool:
    """Still in its author's hands: waiting to be published or collecting supports."""
    now = now or utcnow()
    return proposal.state == ProposalState.OPEN and (
        proposal.moderation == ModerationState.PENDING or proposal.is_open(now))


def edit_problem(proposal: Proposal, now: datetime | None = None):
    """Why the proposal cannot be edited any more, or None while it can."""
    if not is_in_authoring(proposal, now):
        return _l("This proposal can no longer be edited.")
    if support_count(proposal):
        return _l("This proposal can no longer be edited: it already has supports, "
                  "and they were given to the text as it is.")
    return None


def edit_proposal(author: User, proposal: Proposal, *, title: str, summary: str, body: str,
                  topic: ProposalTopic, now: datetime | None = None) -> None:
    now = now or utcnow()
    problem = edit_problem(proposal, now)
    if problem:
        raise Conflict(problem)
    _check_text(title, summary, body)
    if proposal.moderation == ModerationState.PUBLISHED \
            and settings_for(proposal.institution).premoderate_proposals:
        # The published text stays public until the institution decides on the edit.
        proposal.pending_edit = {"title": title.strip(), "summary": summary.strip(),
                                 "body": body.strip(), "topic": topic.value}
        return
    proposal.title, proposal.summary = title.strip(), summary.strip()
    proposal.body, proposal.topic = body.strip(), topic
    proposal.updated_at = now
    proposal.pending_edit = None


def reject_proposal_edit(actor: User, proposal: Proposal, now: datetime | None = None) -> None:
    """Keep the published text and drop the author's waiting edit."""
    if not proposal.pending_edit:
        raise Conflict(_l("This proposal has no edit waiting for a decision."))
    proposal.pending_edit = None
    record("proposal.edit_rejected", actor=actor, institution=proposal.institution,
           target=proposal, at=now or utcnow())


def withdraw_proposal(author: User, proposal: Proposal, now: datetime | None = None) -> None:
    """The author may withdraw while the proposal collects supports (or waits to be
    published); once it reached the threshold the institution owes its supporters an answer."""
    now = now or utcnow()
    if not is_in_authoring(proposal, now):
        raise Conflict(_l("This proposal can no longer be withdrawn."))
    proposal.state = ProposalState.WITHDRAWN
    proposal.withdrawn_at = now


# --- Supports --------------------------------------------------------------------------------


def has_supported(user, proposal: Proposal) -> bool:
    # The person's support, even one given from an account they deleted since.
    key = voice.voter_key(user) if getattr(user, "is_authenticated", False) else None
    if key is None:
        return False
    return db.session.scalar(select(ProposalSupport.id).where(
        ProposalSupport.proposal_id == proposal.id,
        ProposalSupport.voter_key == key)) is not None


def supports_and_mine(user, proposal: Proposal) -> tuple[int, bool]:
    """support_count and has_supported in one query (both read the unique index on
    proposal and voter key, which covers them)."""
    key = voice.voter_key(user) if getattr(user, "is_authenticated", False) else None
    if key is None:
        return support_count(proposal), False
    count, mine = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case(
            (ProposalSupport.voter_key == key, 1), else_=0)), 0))
        .where(ProposalSupport.proposal_id == proposal.id)).one()
    return count or 0, bool(mine)


def _answer_due_on(proposal: Proposal, now: datetime):
    return answer_due_on(local_date(now), settings_for(proposal.institution)
                         .answer_business_days)


def _reach_threshold(proposal: Proposal, now: datetime) -> None:
    proposal.state = ProposalState.AWAITING_ANSWER
    proposal.threshold_reached_at = now
    proposal.answer_due_on = _answer_due_on(proposal, now)


def _supports_of(proposal: Proposal):
    return select(func.count(ProposalSupport.id)).where(
        ProposalSupport.proposal_id == proposal.id).scalar_subquery()


def _cross_threshold(proposal: Proposal, now: datetime) -> bool:
    """Move the proposal to awaiting an answer if its supports reached the threshold; True
    for the one request that made the move. A conditional UPDATE decides, so that two
    requests can never both make it (nor both send the notice)."""
    moved = db.session.execute(
        update(Proposal).where(Proposal.id == proposal.id,
                               Proposal.state == ProposalState.OPEN,
                               Proposal.threshold_reached_at.is_(None),
                               _supports_of(proposal) >= Proposal.support_threshold)
        .values(state=ProposalState.AWAITING_ANSWER, threshold_reached_at=now,
                answer_due_on=_answer_due_on(proposal, now))
        .execution_options(synchronize_session=False)).rowcount == 1
    db.session.refresh(proposal)
    return moved


def support_proposal(user: User, proposal: Proposal, now: datetime | None = None) -> bool:
    """Add the user's support; True when this support brought the proposal to its threshold."""
    now = now or utcnow()
    level = verification.require_level(user, proposal.required_level)
    if not proposal.is_open(now):
        raise Conflict(_l("This proposal no longer collects supports."))
    moderation.ensure_not_banned(user, proposal.institution, now)
    if proposal.author_id == user.id:
        raise Conflict(_l("You cannot support your own proposal."))
    if has_supported(user, proposal):
        raise Conflict(_l("You already support this proposal. Each person supports it once."))
    # Supports of one proposal queue on its row, read again once locked: a support that
    # waited while another one reached the threshold finds the collection closed.
    lock_row(Proposal, proposal.id)
    if not proposal.is_open(now):
        raise Conflict(_l("This proposal no longer collects supports."))
    db.session.add(ProposalSupport(proposal_id=proposal.id, user_id=user.id,
                                   voter_key=voice.voter_key(user), level=level,
                                   created_at=now))
    try:
        db.session.flush()
    except IntegrityError:
        # Another request of the same person got there first and the unique constraint kept
        # only one support; the caller rolls this request back.
        raise Conflict(_l("You already support this proposal. Each person supports it once."))
    return _cross_threshold(proposal, now)


def withdraw_support(user: User, proposal: Proposal, now: datetime | None = None) -> None:
    now = now or utcnow()
    if not proposal.is_open(now):
        raise Conflict(_l("Supports can only be withdrawn while the proposal collects them."))
    key = voice.voter_key(user)
    support = key and db.session.scalar(select(ProposalSupport).where(
        ProposalSupport.proposal_id == proposal.id, ProposalSupport.voter_key == key))
    if support is None:
        raise NotFound(_l("You do not support this proposal."))
    db.session.delete(support)


# --- Answers ---------------------------------------------------------------------------------


def answer_proposal(actor: User, proposal: Proposal, *, outcome: AnswerOutcome, text: str,
                    now: datetime | None = None) -> ProposalAnswer:
    now = now or utcnow()
    if proposal.state != ProposalState.AWAITING_ANSWER:
        raise Conflict(_l("Only proposals awaiting an answer can be answered."))
    text = text.strip()
    if not text:
        raise DomainError(_l("Write the answer and its reasons."), field="text")
    answer = ProposalAnswer(proposal=proposal, outcome=outcome, text=text, answered_at=now,
                            answered_by=actor, is_late=is_past_due(now, proposal.answer_due_on))
    proposal.state = ProposalState.ANSWERED
    db.session.add(answer)
    record("proposal.answered", actor=actor, institution=proposal.institution, target=proposal,
           outcome=outcome.value, late=answer.is_late)
    return answer


def is_overdue(proposal: Proposal, now: datetime | None = None) -> bool:
    return (proposal.state == ProposalState.AWAITING_ANSWER
            and is_past_due(now or utcnow(), proposal.answer_due_on))


# --- The sweep -------------------------------------------------------------------------------


@dataclass
class SweepReport:
    archived: list[Proposal] = field(default_factory=list)
    reached: list[Proposal] = field(default_factory=list)


def sweep(now: datetime | None = None) -> SweepReport:
    """Record what the dates already decided; running it twice changes nothing more.

    - open proposals whose window has ended are archived;
    - open proposals at or over their threshold within the window move to awaiting answer
      (a safety net: supports normally make that move themselves, and a lowered threshold
      never applies to proposals already published).
    """
    now = now or utcnow()
    report = SweepReport()
    open_published = and_(Proposal.state == ProposalState.OPEN,
                          Proposal.moderation == ModerationState.PUBLISHED)
    # The proposals moved are locked (as a support locks its proposal), so that a support
    # reaching the threshold meanwhile and the sweep cannot both move one and notify twice.
    begin_write()
    for proposal in db.session.scalars(select(Proposal).where(
            open_published, Proposal.closes_at <= now).with_for_update(of=Proposal)):
        proposal.state = ProposalState.ARCHIVED
        proposal.archived_at = now
        report.archived.append(proposal)
    for proposal in db.session.scalars(
            select(Proposal).options(selectinload(Proposal.institution)).where(
                open_published, Proposal.closes_at > now,
                Proposal.support_count >= Proposal.support_threshold)
            .with_for_update(of=Proposal)):
        _reach_threshold(proposal, now)
        report.reached.append(proposal)
    if report.archived or report.reached:
        record("proposals.swept", actor=None, archived=[p.id for p in report.archived],
               reached=[p.id for p in report.reached])
    return report


# --- Reading ---------------------------------------------------------------------------------


def state_condition(state: ProposalState, now: datetime):
    """SQL for the effective state of `Proposal.effective_state`, dates included."""
    past_window = and_(Proposal.state == ProposalState.OPEN, Proposal.closes_at <= now)
    if state == ProposalState.OPEN:
        return and_(Proposal.state == ProposalState.OPEN, Proposal.closes_at > now)
    if state == ProposalState.ARCHIVED:
        return or_(Proposal.state == ProposalState.ARCHIVED, past_window)
    return Proposal.state == state


def list_proposals(*, institution: Institution | None = None, topic: ProposalTopic | None = None,
                   state: ProposalState | None = None, sort: str = "supports", page: int = 1,
                   per_page: int = PER_PAGE, now: datetime | None = None):
    """Published proposals, filtered and sorted, one page at a time; each row carries its
    support count from the SQL aggregate."""
    now = now or utcnow()
    query = (select(Proposal)
             .options(selectinload(Proposal.institution), selectinload(Proposal.answer))
             .where(Proposal.moderation == ModerationState.PUBLISHED))
    if institution is not None:
        query = query.where(Proposal.institution_id == institution.id)
    if topic is not None:
        query = query.where(Proposal.topic == topic)
    if state is not None:
        query = query.where(state_condition(state, now))
    if sort == "newest":
        query = query.order_by(Proposal.published_at.desc(), Proposal.id.desc())
    elif sort == "closing":
        still_open = case((state_condition(ProposalState.OPEN, now), 0), else_=1)
        query = query.order_by(still_open, Proposal.closes_at.asc(), Proposal.id.desc())
    else:
        query = query.order_by(Proposal.support_count.desc(), Proposal.published_at.desc(),
                               Proposal.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def pending_proposals(institutions: list[Institution]) -> list[Proposal]:
    if not institutions:
        return []
    return list(db.session.scalars(
        select(Proposal).options(selectinload(Proposal.institution),
                                 selectinload(Proposal.author))
        .where(or_(Proposal.moderation == ModerationState.PENDING,
                   Proposal.pending_edit.is_not(None)),
               Proposal.state == ProposalState.OPEN,
               Proposal.institution_id.in_([i.id for i in institutions]))
        .order_by(Proposal.created_at)))


def get_proposal(proposal_id: int) -> Proposal:
    proposal = db.session.scalar(select(Proposal).options(  # one query, joined
        joinedload(Proposal.institution), joinedload(Proposal.answer))
        .where(Proposal.id == proposal_id))
    if proposal is None:
        raise NotFound(_l("This proposal does not exist."))
    return proposal


def active_institutions() -> list[Institution]:
    return list(db.session.scalars(
        select(Institution).where(Institution.active.is_(True)).order_by(Institution.name)))


def institution_by_acronym(acronym: str) -> Institution | None:
    return db.session.scalar(
        select(Institution).where(func.upper(Institution.acronym) == acronym.upper()))
