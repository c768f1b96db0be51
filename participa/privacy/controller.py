"""Participa's own data controller: the institution that answers requests under the
personal-data law about the platform itself (PARTICIPA_DATA_CONTROLLER, an acronym)."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from participa.cases import terms
from participa.cases.service import offered_types
from participa.extensions import db
from participa.models import Institution


def data_controller() -> Institution | None:
    """The controller institution when it exists, is active and takes these requests."""
    acronym = (current_app.config.get("DATA_CONTROLLER") or "").strip().upper()
    if not acronym:
        return None
    institution = db.session.scalar(select(Institution).where(
        Institution.acronym == acronym, Institution.active.is_(True)))
    if institution is None or terms.DATA_RIGHTS[0] not in offered_types(institution):
        return None
    return institution


def data_right_types():
    return terms.DATA_RIGHTS
