"""Writes a person may make only once, undone before a run on a reused data set.

A citizen supports a proposal once: the "support a proposal" scenario sends each signed-in
citizen's support to each proposal at most once per run, but a second run on the same data
set would find every one of them already given and measure 409 refusals instead of
accepted supports. The supports of the signed-in citizens (the generator gives none: its
supporters are citizens above id 1000) are deleted, and their proposals' kept counts set
back, so every run starts from the data set as generated."""
from __future__ import annotations

from sqlalchemy import delete, func, select, update

from participa.models import Proposal, ProposalSupport


def forget_supports(connection, context: dict) -> int:
    """Delete the signed-in citizens' supports and recount their proposals; how many went."""
    supports, proposals = ProposalSupport.__table__, Proposal.__table__
    given_by_them = supports.c.user_id.in_(context["verified_citizen_ids"])
    touched = list(connection.scalars(
        select(supports.c.proposal_id).where(given_by_them).distinct()))
    if not touched:
        return 0
    removed = connection.execute(delete(supports).where(given_by_them)).rowcount
    remaining = (select(func.count()).select_from(supports)
                 .where(supports.c.proposal_id == proposals.c.id).scalar_subquery())
    connection.execute(update(proposals).where(proposals.c.id.in_(touched))
                       .values(support_count=remaining))
    return removed
