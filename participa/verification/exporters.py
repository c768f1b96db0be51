"""The person's verifications and civil registry requests in "My data" (never the identity's
keyed hash)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.extensions import db
from participa.models import RegistryRequest
from participa.privacy.registry import exporter
from participa.verification import service


@exporter("verifications", _l("Verifications of your identity"))
def _verifications(user):
    return [{"method": v.method, "verified_at": v.verified_at,
             "verified_by": v.verified_by.name if v.verified_by else None,
             "institution": v.institution.acronym if v.institution else None,
             "place": v.place, "revoked_at": v.revoked_at, "reason": v.reason}
            for v in service.history_of(user)]


@exporter("registry_requests", _l("Requests to the civil registry"))
def _registry_requests(user):
    rows = db.session.scalars(select(RegistryRequest).where(RegistryRequest.user_id == user.id)
                              .order_by(RegistryRequest.created_at))
    return [{"full_name": r.full_name, "birth_date": r.birth_date, "state": r.state,
             "attempts": r.attempts, "sent_at": r.created_at, "answered_at": r.answered_at}
            for r in rows]
