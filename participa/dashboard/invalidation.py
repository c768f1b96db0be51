"""Figures computed live (the open period) are cached; a commit that adds, changes or
removes what they count (cases and their events, consultations, comments, sections,
proposals and their answers, requests for open data; for the observatory also reuses, norms
and the institutions of the executive registry) starts a new cache generation, so
that the next read computes the open days afresh. Published periods are not affected: they
change only when recomputed."""
from __future__ import annotations

from flask import has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from participa.figures_cache import new_generation
from participa.models import (Case, CaseEvent, Comment, Consultation, DataRequest,
                              Institution, NormFact, Proposal, ProposalAnswer, Reuse, Section)

COUNTED = (Case, CaseEvent, Comment, Consultation, DataRequest, Institution, NormFact, Proposal,
           ProposalAnswer, Reuse, Section)
_KEY = "participa.figures.changed"


@event.listens_for(Session, "after_flush")
def _note(session: Session, context) -> None:
    if _KEY in session.info:
        return
    for item in (*session.new, *session.dirty, *session.deleted):
        if isinstance(item, COUNTED):
            session.info[_KEY] = True
            return


@event.listens_for(Session, "after_commit")
def _bump(session: Session) -> None:
    if session.info.pop(_KEY, None) and has_app_context():
        new_generation()


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(_KEY, None)
