"""Publishing: officials create and edit drafts and upload background documents."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participa import authz
from participa.consultations import bp, service, word
from participa.consultations.forms import (
    ConsultationForm,
    DocumentForm,
)
from participa.consultations.views.common import (
    managed_or_403,
)
from participa.domain import DomainError
from participa.models import Phase
from participa.web import attempt, institution_or_404, show_domain_error


@bp.route("/consultas/gestion")
@login_required
def manage():
    institutions = authz.institutions_acting_for(current_user)
    authz.require(bool(institutions))
    return render_template(
        "consultations/manage.html", institutions=institutions,
        consultations=service.managed_consultations([i.id for i in institutions]))


def _form_dates(form):
    announces = form.announces_at.data
    return (service.local_to_utc(announces) if announces else None,
            service.local_to_utc(form.opens_at.data), service.local_to_utc(form.closes_at.data))


def _saved_message(consultation) -> str:
    """What saving did, by the phase the dates put the consultation in."""
    phase = consultation.phase
    opens = format_datetime(consultation.opens_at, "short")
    if phase == Phase.OPEN:
        return _("Consultation published: it is open for comments from now until %(date)s.",
                 date=format_datetime(consultation.closes_at, "short"))
    if phase == Phase.INFORMATION:
        return _("Consultation published: the public can read it now; comments open on "
                 "%(date)s.", date=opens)
    if phase == Phase.DRAFT and consultation.announces_at:
        return _("Consultation saved as a draft, visible only to your institution. It is "
                 "announced to the public on %(announce)s and opens for comments on "
                 "%(opens)s.", announce=format_datetime(consultation.announces_at, "short"),
                 opens=opens)
    if phase == Phase.DRAFT:
        return _("Consultation saved as a draft, visible only to your institution, until it "
                 "opens for comments on %(opens)s.", opens=opens)
    return _("Consultation saved.")


def _fill_dates(form, consultation) -> None:
    form.body.data = consultation.body_markdown
    form.announces_at.data = service.utc_to_local(consultation.announces_at) \
        if consultation.announces_at else None
    form.opens_at.data = service.utc_to_local(consultation.opens_at)
    form.closes_at.data = service.utc_to_local(consultation.closes_at)


def _draft_step(form):
    """Before saving: import a Word file, show the sections, or drop an import. Returns the
    sections to preview (None when the form should be saved) and the HTTP status."""
    action = request.form.get("action", "save")
    if action == "discard_import":
        form.imported_html.data = ""
        return [], 200
    upload = form.word_file.data
    try:
        if upload and getattr(upload, "filename", ""):
            form.imported_html.data = word.import_docx(upload.read()).html
            return word.split_html(form.imported_html.data), 200
        if action == "preview":
            return service.preview_sections(form.body.data or "",
                                             form.imported_html.data or None), 200
    except DomainError as error:
        show_domain_error(form, error)
        return [], 400
    return None, 200


def _save_args(form) -> dict:
    announces_at, opens_at, closes_at = _form_dates(form)
    return dict(title=form.title.data, summary=form.summary.data, topic=form.topic.data,
                body=form.body.data or "", opens_at=opens_at, closes_at=closes_at,
                announces_at=announces_at, imported_html=form.imported_html.data or None)


@bp.route("/consultas/nueva/<acronym>", methods=["GET", "POST"])
@login_required
def create(acronym: str):
    institution = institution_or_404(acronym)
    authz.require(authz.can_act_for(current_user, institution))
    form = ConsultationForm()
    preview, status = None, 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        preview, status = _draft_step(form)
        if preview is None:
            done = attempt(lambda: service.create_consultation(
                current_user, institution, **_save_args(form)), form=form,
                success=_saved_message)
            if done:
                return redirect(url_for("consultations.edit", consultation_id=done.value.id))
            status = done.status_code
    return render_template("consultations/form.html", form=form, institution=institution,
                           consultation=None, document_form=None, preview=preview), status


@bp.route("/consultas/<int:consultation_id>/editar", methods=["GET", "POST"])
@login_required
def edit(consultation_id: int):
    consultation = managed_or_403(consultation_id)
    form = ConsultationForm(obj=None if request.method == "POST" else consultation)
    if request.method == "GET":
        _fill_dates(form, consultation)
    preview, status = None, 200
    if form.validate_on_submit():
        preview, status = _draft_step(form)
        if preview is None:
            done = attempt(lambda: service.update_consultation(
                current_user, consultation, **_save_args(form)), form=form,
                success=_saved_message)
            if done:
                return redirect(url_for("consultations.edit", consultation_id=consultation.id))
            status = done.status_code
    elif request.method == "POST":
        status = 400
    return render_template("consultations/form.html", form=form, consultation=consultation,
                           institution=consultation.institution,
                           document_form=DocumentForm(), preview=preview), status


@bp.route("/consultas/<int:consultation_id>/documentos", methods=["POST"])
@login_required
def upload_document(consultation_id: int):
    consultation = managed_or_403(consultation_id)
    form = DocumentForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read() if upload else b""
        if attempt(lambda: service.add_document(
                current_user, consultation, filename=getattr(upload, "filename", "") or "",
                data=data), form=form, success=_("Document added.")):
            return redirect(url_for("consultations.edit", consultation_id=consultation.id))
    edit_form = ConsultationForm(obj=consultation)
    _fill_dates(edit_form, consultation)
    return render_template("consultations/form.html", form=edit_form, consultation=consultation,
                           institution=consultation.institution, document_form=form,
                           preview=None), 400
