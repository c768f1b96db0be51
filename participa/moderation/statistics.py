"""Moderation figures per institution for a period, for the rector dashboard.

A handful of SQL aggregates per call, never one query per row: flags and appeals come from
the moderation tables, decisions from the append-only audit log (which keeps every decision,
while an item keeps only its last one). The median time to a decision is taken in Python
over the durations of the period's decisions.

Period rule: a figure counts in the period in which its event happened (a flag when it was
made, a decision when it was taken). The time to a decision runs from the first flag (or,
for content held for pre-moderation, its submission) to the decision; for the decision on an
appeal, from the appeal.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import median

from sqlalchemy import and_, func, select

from participa.extensions import db
from participa.models import AuditEntry, Flag, ModerationItem, Proposal
from participa.moderation import statistics_freshness

# Decision actions of the audit log and the figure each one counts in.
DECISIONS = {
    "moderation.approved": "approved",
    "proposal.published": "approved",   # a proposal held for pre-moderation
    "moderation.hidden": "hidden",
    "moderation.appeal_rejected": "appeals_rejected",
    "moderation.restored": "restored",
    "moderation.flags_dismissed": "dismissed",
    "moderation.auto_hidden": "auto_hidden",   # by the flag threshold: not a decision
}
ITEM_DECISIONS = [action for action in DECISIONS
                  if action.startswith("moderation.") and action != "moderation.auto_hidden"]


@dataclass
class ModerationFigures:
    flagged: int = 0            # distinct items flagged in the period
    auto_hidden: int = 0        # hidden by the flag threshold, pending review
    hidden: int = 0             # hidden by a moderator
    restored: int = 0
    approved: int = 0           # held content published, or flagged content kept
    dismissed: int = 0          # flags dismissed as wrong
    appeals: int = 0            # appeals made in the period
    appeals_rejected: int = 0
    hours_to_decision: list[float] = field(default_factory=list)

    @property
    def decisions(self) -> int:
        return len(self.hours_to_decision)

    @property
    def median_hours_to_decision(self) -> float | None:
        if not self.hours_to_decision:
            return None
        return round(median(self.hours_to_decision), 1)

    def add(self, other: "ModerationFigures") -> None:
        for name in ("flagged", "auto_hidden", "hidden", "restored", "approved", "dismissed",
                     "appeals", "appeals_rejected"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.hours_to_decision.extend(other.hours_to_decision)


def _hours(start, end) -> float:
    return (end - start).total_seconds() / 3600


def by_institution(period, institution_id: int | None = None) -> dict[int, ModerationFigures]:
    """Figures of the period keyed by institution id (only institutions with activity);
    `period` has `since` and `until` (naive UTC, `until` excluded). Kept until a change to
    what they count (participa.moderation.statistics_freshness): the caller must not change
    them."""
    return statistics_freshness.kept(
        ("by-institution", period.since, period.until, institution_id),
        lambda: _by_institution(period, institution_id))


def _by_institution(period, institution_id: int | None) -> dict[int, ModerationFigures]:
    figures: dict[int, ModerationFigures] = defaultdict(ModerationFigures)

    def scoped(column, *conditions):
        if institution_id is not None:
            conditions = (*conditions, column == institution_id)
        return and_(*conditions)

    for place, count in db.session.execute(
            select(ModerationItem.institution_id, func.count(func.distinct(Flag.item_id)))
            .join(ModerationItem, ModerationItem.id == Flag.item_id)
            .where(scoped(ModerationItem.institution_id, Flag.created_at >= period.since,
                          Flag.created_at < period.until))
            .group_by(ModerationItem.institution_id)):
        figures[place].flagged = count

    for place, count in db.session.execute(
            select(ModerationItem.institution_id, func.count(ModerationItem.id))
            .where(scoped(ModerationItem.institution_id, ModerationItem.appealed_at >= period.since,
                          ModerationItem.appealed_at < period.until))
            .group_by(ModerationItem.institution_id)):
        figures[place].appeals = count

    in_period = (AuditEntry.at >= period.since, AuditEntry.at < period.until)
    for place, action, count in db.session.execute(
            select(AuditEntry.institution_id, AuditEntry.action, func.count(AuditEntry.id))
            .where(scoped(AuditEntry.institution_id, AuditEntry.action.in_(DECISIONS),
                          *in_period))
            .group_by(AuditEntry.institution_id, AuditEntry.action)):
        if place is not None:
            name = DECISIONS[action]
            setattr(figures[place], name, getattr(figures[place], name) + count)

    # Durations: decisions on items, from the first flag or submission (or the appeal)...
    for place, at, first_flag, created, appealed in db.session.execute(
            select(AuditEntry.institution_id, AuditEntry.at, ModerationItem.first_flag_at,
                   ModerationItem.created_at, ModerationItem.appealed_at)
            .join(ModerationItem, and_(AuditEntry.target_type == "ModerationItem",
                                       AuditEntry.target_id == ModerationItem.id))
            .where(scoped(AuditEntry.institution_id, AuditEntry.action.in_(ITEM_DECISIONS),
                          *in_period))):
        start = appealed if appealed is not None and at >= appealed else first_flag or created
        figures[place].hours_to_decision.append(_hours(start, at))
    # ... and proposals held for pre-moderation, from their submission.
    for place, at, created in db.session.execute(
            select(AuditEntry.institution_id, AuditEntry.at, Proposal.created_at)
            .join(Proposal, and_(AuditEntry.target_type == "Proposal",
                                 AuditEntry.target_id == Proposal.id))
            .where(scoped(AuditEntry.institution_id, AuditEntry.action == "proposal.published",
                          *in_period))):
        figures[place].hours_to_decision.append(_hours(created, at))
    return dict(figures)


def for_institution(period, institution_id: int) -> ModerationFigures:
    return by_institution(period, institution_id).get(institution_id, ModerationFigures())


def national(period) -> ModerationFigures:
    """Totals of every institution; the median is over all the decisions, not of medians."""
    total = ModerationFigures()
    for figures in by_institution(period).values():
        total.add(figures)
    return total
