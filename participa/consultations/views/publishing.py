"""Publishing: officials create and edit drafts and upload background documents."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participa import authz
from participa.consultations import bp, service
from participa.consultations.forms import (
    ConsultationForm,
    DocumentForm,
)
from participa.consultations.views.common import (
    managed_or_403,
)
from participa.domain import DomainError
from participa.extensions import db
from participa.models import Institution
from participa.web import show_domain_error


@bp.route("/consultas/gestion")
@login_required
def manage():
    institutions = authz.institutions_acting_for(current_user)
    authz.require(bool(institutions))
    return render_template(
        "consultations/manage.html", institutions=institutions,
        consultations=service.managed_consultations([i.id for i in institutions]))


def _form_dates(form):
    return (service.local_to_utc(form.opens_at.data), service.local_to_utc(form.closes_at.data))


@bp.route("/consultas/nueva/<acronym>", methods=["GET", "POST"])
@login_required
def create(acronym: str):
    institution = db.session.scalar(db.select(Institution).where(
        db.func.upper(Institution.acronym) == acronym.upper()))
    if institution is None:
        abort(404)
    authz.require(authz.can_act_for(current_user, institution))
    form = ConsultationForm()
    if form.validate_on_submit():
        opens_at, closes_at = _form_dates(form)
        try:
            consultation = service.create_consultation(
                current_user, institution, title=form.title.data, summary=form.summary.data,
                topic=form.topic.data, body=form.body.data, opens_at=opens_at,
                closes_at=closes_at)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Consultation saved. It stays a draft, visible only to your institution, "
                    "until its opening date."), "success")
            return redirect(url_for("consultations.edit", consultation_id=consultation.id))
    return render_template("consultations/form.html", form=form, institution=institution,
                           consultation=None, document_form=None), \
        400 if request.method == "POST" else 200


@bp.route("/consultas/<int:consultation_id>/editar", methods=["GET", "POST"])
@login_required
def edit(consultation_id: int):
    consultation = managed_or_403(consultation_id)
    form = ConsultationForm(obj=None if request.method == "POST" else consultation)
    if request.method == "GET":
        form.body.data = consultation.body_markdown
        form.opens_at.data = service.utc_to_local(consultation.opens_at)
        form.closes_at.data = service.utc_to_local(consultation.closes_at)
    status = 200
    if form.validate_on_submit():
        opens_at, closes_at = _form_dates(form)
        try:
            service.update_consultation(
                current_user, consultation, title=form.title.data, summary=form.summary.data,
                topic=form.topic.data, body=form.body.data, opens_at=opens_at,
                closes_at=closes_at)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
            status = error.status_code
        else:
            db.session.commit()
            flash(_("Consultation saved."), "success")
            return redirect(url_for("consultations.edit", consultation_id=consultation.id))
    elif request.method == "POST":
        status = 400
    return render_template("consultations/form.html", form=form, consultation=consultation,
                           institution=consultation.institution,
                           document_form=DocumentForm()), status


@bp.route("/consultas/<int:consultation_id>/documentos", methods=["POST"])
@login_required
def upload_document(consultation_id: int):
    consultation = managed_or_403(consultation_id)
    form = DocumentForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read() if upload else b""
        try:
            service.add_document(current_user, consultation,
                                 filename=getattr(upload, "filename", "") or "", data=data)
        except DomainError as error:
            db.session.rollback()
            form.file.errors = list(form.file.errors) + [error.message]
        else:
            db.session.commit()
            flash(_("Document added."), "success")
            return redirect(url_for("consultations.edit", consultation_id=consultation.id))
    edit_form = ConsultationForm(obj=consultation)
    edit_form.body.data = consultation.body_markdown
    edit_form.opens_at.data = service.utc_to_local(consultation.opens_at)
    edit_form.closes_at.data = service.utc_to_local(consultation.closes_at)
    return render_template("consultations/form.html", form=edit_form, consultation=consultation,
                           institution=consultation.institution, document_form=form), 400
