"""An institution's moderation rules: the flag threshold and comment pre-moderation."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.domain import DomainError
from participa.extensions import db
from participa.models import Institution, ModerationSettings, User
from participa.models.audit import record


def settings_for(institution: Institution) -> ModerationSettings:
    settings = db.session.scalar(select(ModerationSettings).where(
        ModerationSettings.institution_id == institution.id))
    if settings is None:
        settings = ModerationSettings(institution_id=institution.id,
                                      flag_threshold=ModerationSettings.DEFAULT_FLAG_THRESHOLD)
    return settings


def update_settings(actor: User, institution: Institution, *, flag_threshold: int):
    if flag_threshold < 1:
        raise DomainError(_l("Enter a whole number between %(min)d and %(max)d.", min=1,
                             max=1000), field="flag_threshold")
    settings = settings_for(institution)
    before = settings.flag_threshold
    settings.flag_threshold = flag_threshold
    db.session.add(settings)
    record("moderation.settings_updated", actor=actor, institution=institution,
           target=institution, flag_threshold=flag_threshold, before=before)
    return settings


def set_comment_premoderation(actor: User, consultation, enabled: bool) -> None:
    consultation.premoderate_comments = enabled
    record("moderation.comment_premoderation", actor=actor,
           institution=consultation.institution, target=consultation, enabled=enabled)
