"""Figures computed live (the open period) are cached; a commit that adds, changes or
removes what they count (cases and their events, consultations, comments, sections,
proposals and their answers, requests for open data; for the observatory also reuses, norms
and the institutions of the executive registry) starts a new cache generation, so
that the next read computes the open days afresh. Published periods are not affected: they
change only when recomputed."""
from __future__ import annotations

from sqlalchemy.orm import Session

from participa.figures_cache import GENERATION_TOKEN, track_changes
from participa.models import (Case, CaseEvent, Comment, Consultation, DataRequest,
                              Institution, NormFact, Proposal, ProposalAnswer, Reuse, Section)

COUNTED = (Case, CaseEvent, Comment, Consultation, DataRequest, Institution, NormFact, Proposal,
           ProposalAnswer, Reuse, Section)


def _changed_figures(session: Session, _context) -> tuple[str, ...]:
    if any(isinstance(item, COUNTED) for item in (*session.new, *session.dirty, *session.deleted)):
        return (GENERATION_TOKEN,)
    return ()


track_changes(_changed_figures)
