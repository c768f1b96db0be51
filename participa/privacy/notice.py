"""The privacy notice: its version, and the consents people give to it.

Change NOTICE_VERSION whenever the notice or the policy changes in substance: everyone who
agreed to an earlier version is asked again at their next request after signing in.
"""
from __future__ import annotations

from functools import cache

from flask import current_app
from sqlalchemy import bindparam, select

from participa.extensions import db
from participa.models import Consent, ConsentPurpose
from participa.models.audit import record
from participa.timeutil import utcnow

NOTICE_VERSION = "2026-11"


def record_consent(purpose: ConsentPurpose, *, user=None, case=None) -> Consent:
    consent = Consent(user_id=getattr(user, "id", None), case_id=getattr(case, "id", None),
                      purpose=purpose, version=NOTICE_VERSION, at=utcnow())
    db.session.add(consent)
    return consent


@cache
def _latest_version_statement():
    """Built once: the consent guard asks it on every signed-in request."""
    return (select(Consent.version).where(Consent.user_id == bindparam("user_id"),
                                          Consent.purpose == ConsentPurpose.ACCOUNT)
            .order_by(Consent.at.desc(), Consent.id.desc()).limit(1))


def latest_version(user) -> str | None:
    return db.session.scalar(_latest_version_statement(), {"user_id": user.id})


ASK = object()  # needs_consent: read the latest version from the database


def needs_consent(user, version=ASK) -> bool:
    """Whether `user` must agree to the current notice before going on. Accounts without any
    recorded consent (made by operators before the notice existed) are asked too, unless the
    deployment says otherwise (PRIVACY_ASK_UNRECORDED). `version`: the latest one when the
    caller has already read it."""
    if version is ASK:
        version = latest_version(user)
    if version is None:
        return current_app.config.get("PRIVACY_ASK_UNRECORDED", True)
    return version != NOTICE_VERSION


def agree(user) -> None:
    record_consent(ConsentPurpose.ACCOUNT, user=user)
    record("privacy.consent_given", actor=user, target=user, version=NOTICE_VERSION)
