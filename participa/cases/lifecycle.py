"""The one place where a case changes state: every change is an appended event."""
from __future__ import annotations

from datetime import datetime
from typing import Iterable

from participa.cases import facts
from participa.extensions import db
from participa.models import Case, CaseEvent, CaseState, EventKind
from participa.timeutil import utcnow


def append_event(case: Case, kind: EventKind, actor=None, *, state_after: CaseState | None = None,
                 public: bool = True, note: str = "", reasons: str = "", to_institution=None,
                 assignee=None, at: datetime | None = None) -> CaseEvent:
    """Add an event to the case's history and keep the denormalised state in step with it."""
    at = at or utcnow()
    # Before the first flush only the relationship is set, not yet the foreign key.
    institution_id = case.institution_id or getattr(case.institution, "id", None)
    event = CaseEvent(kind=kind, actor_id=getattr(actor, "id", None), at=at,
                      state_after=state_after, public=public, note=note or "",
                      reasons=reasons or "", institution_id=institution_id,
                      to_institution_id=getattr(to_institution, "id", None),
                      assignee_id=getattr(assignee, "id", None))
    case.events.append(event)
    facts.on_event(db.session, case, kind, at, state_after)
    if state_after is not None:
        case.state = state_after
    if public:
        case.last_public_at = at
    case.updated_at = at
    return event


def derive_state(events: Iterable[CaseEvent]) -> CaseState | None:
    """The state the history says the case is in: the last state any event set.

    `events` in the order they were appended (as `Case.events` gives them)."""
    state = None
    for event in events:
        if event.state_after is not None:
            state = event.state_after
    return state
