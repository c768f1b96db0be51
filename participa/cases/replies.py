"""Reply templates: texts an institution's officials start an answer from. Its
administrators create, change and remove them; they belong to one institution."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.domain import Conflict, NotFound
from participa.extensions import db
from participa.models import CaseReplyTemplate, Institution, User
from participa.models.audit import record
from participa.timeutil import utcnow


def templates_of(institution: Institution) -> list[CaseReplyTemplate]:
    return list(db.session.scalars(select(CaseReplyTemplate).where(
        CaseReplyTemplate.institution_id == institution.id).order_by(CaseReplyTemplate.title)))


def template_of(institution: Institution, template_id: int | None) -> CaseReplyTemplate:
    """The institution's template with this id; another institution's is not found."""
    template = db.session.scalar(select(CaseReplyTemplate).where(
        CaseReplyTemplate.id == template_id,
        CaseReplyTemplate.institution_id == institution.id)) if template_id else None
    if template is None:
        raise NotFound(_l("Choose one of this institution's reply templates."),
                       field="plantilla")
    return template


def _check_title(institution: Institution, title: str, template_id: int | None = None) -> str:
    title = title.strip()
    clash = db.session.scalar(select(CaseReplyTemplate.id).where(
        CaseReplyTemplate.institution_id == institution.id, CaseReplyTemplate.title == title,
        CaseReplyTemplate.id != (template_id or 0)))
    if clash is not None:
        raise Conflict(_l("Another template already has this title."), field="title")
    return title


def create_template(actor: User, institution: Institution, *, title: str, answer: str,
                    reasons: str = "") -> CaseReplyTemplate:
    template = CaseReplyTemplate(institution_id=institution.id,
                                 title=_check_title(institution, title),
                                 answer=answer.strip(), reasons=(reasons or "").strip())
    db.session.add(template)
    db.session.flush()
    record("case_reply_template.created", actor=actor, institution=institution,
           target=template)
    return template


def update_template(actor: User, institution: Institution, template: CaseReplyTemplate, *,
                    title: str, answer: str, reasons: str = "") -> CaseReplyTemplate:
    template.title = _check_title(institution, title, template.id)
    template.answer = answer.strip()
    template.reasons = (reasons or "").strip()
    template.updated_at = utcnow()
    record("case_reply_template.updated", actor=actor, institution=institution,
           target=template)
    return template


def delete_template(actor: User, institution: Institution, template: CaseReplyTemplate) -> str:
    title = template.title
    record("case_reply_template.deleted", actor=actor, institution=institution,
           target=template, title=title)
    db.session.delete(template)
    return title
