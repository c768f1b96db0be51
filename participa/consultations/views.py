"""Consultation pages: each view loads its objects, asks authz, calls the service, commits."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from participa import authz
from participa.consultations import bp, comments, notify, outcome, service
from participa.consultations.forms import (
    CommentForm,
    ConsultationForm,
    DecisionForm,
    DocumentForm,
    EditCommentForm,
    OutcomeSummaryForm,
    ReplyForm,
)
from participa.domain import DomainError, NotFound
from participa.extensions import db
from participa.models import Decision, Institution, Phase, Stance
from participa.web import show_domain_error


def _consultation_or_404(consultation_id: int):
    try:
        consultation = service.get_consultation(consultation_id)
    except NotFound:
        abort(404)
    if not authz.can_view_consultation(current_user, consultation):
        abort(404)  # a draft does not exist for the public
    return consultation


def _managed_or_403(consultation_id: int):
    consultation = _consultation_or_404(consultation_id)
    authz.require(authz.can_manage_consultation(current_user, consultation))
    return consultation


def _comment_or_404(consultation, comment_id: int):
    try:
        return comments.get_comment(consultation, comment_id)
    except NotFound:
        abort(404)


def _fail(error: DomainError):
    """Roll back and tell the person why, on the page they came from."""
    db.session.rollback()
    flash(error.message, "error")


# --- public list and page ---------------------------------------------------------------

@bp.route("/consultas")
def index():
    args = request.args
    pagination = service.list_public(
        institution=args.get("institucion", ""), topic=args.get("tema", ""),
        phase=args.get("fase", ""), query=args.get("q", "")[:100],
        page=max(args.get("pagina", 1, type=int), 1))
    institutions = db.session.scalars(db.select(Institution).where(
        Institution.active.is_(True)).order_by(Institution.acronym)).all()
    return render_template("consultations/index.html", pagination=pagination,
                           institutions=institutions, topics=service.public_topics(),
                           phases=[p for p in Phase if p != Phase.DRAFT], args=args)


def _render_page(consultation, form=None, status: int = 200):
    sort = request.args.get("orden", "recientes")
    if sort not in comments.SORTS:
        sort = "recientes"
    section_id = request.args.get("seccion", type=int)
    form = form or CommentForm()
    form.section.choices = [("", _("The whole text"))] + [
        (str(s.id), s.heading or _("Preamble")) for s in consultation.sections]
    if form.section.data is None and section_id:
        form.section.data = str(section_id)
    return render_template(
        "consultations/show.html", consultation=consultation, form=form,
        phase=consultation.phase, figures=service.figures(consultation),
        thread=comments.comment_page(consultation, viewer=current_user, sort=sort,
                                     section_id=section_id,
                                     page=max(request.args.get("pagina", 1, type=int), 1)),
        sort=sort, section_id=section_id, reply_form=ReplyForm(),
        can_manage=authz.can_manage_consultation(current_user, consultation),
        can_still_edit=comments.can_still_edit, max_depth=comments.MAX_DEPTH,
    ), status


@bp.route("/consultas/<int:consultation_id>")
def show(consultation_id: int):
    return _render_page(_consultation_or_404(consultation_id))


@bp.route("/consultas/<int:consultation_id>/documentos/<int:document_id>")
def document(consultation_id: int, document_id: int):
    consultation = _consultation_or_404(consultation_id)
    try:
        doc = service.get_document(consultation, document_id)
    except NotFound:
        abort(404)
    path = service.document_path(doc)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=doc.content_type, as_attachment=True,
                         download_name=doc.filename, max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- publishing -------------------------------------------------------------------------

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
    consultation = _managed_or_403(consultation_id)
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
    consultation = _managed_or_403(consultation_id)
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


# --- comments ---------------------------------------------------------------------------

@bp.route("/consultas/<int:consultation_id>/comentarios", methods=["POST"])
@login_required
def add_comment(consultation_id: int):
    consultation = _consultation_or_404(consultation_id)
    authz.require(authz.can_comment(current_user))
    form = CommentForm()
    form.section.choices = [("", "")] + [(str(s.id), "") for s in consultation.sections]
    if form.validate_on_submit():
        try:
            stance = Stance(form.stance.data)
            comment = comments.add_comment(
                current_user, consultation, body=form.body.data, stance=stance,
                section_id=int(form.section.data) if (form.section.data or "").isdigit() else None,
                parent_id=int(form.parent.data) if (form.parent.data or "").isdigit() else None)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
            if not error.field:
                form.body.errors = list(form.body.errors) + [error.message]
            return _render_page(consultation, form, error.status_code)
        db.session.commit()
        flash(_("Your comment has been published."), "success")
        return redirect(url_for("consultations.show", consultation_id=consultation.id,
                                _anchor=f"comentario-{comment.root_id or comment.id}"))
    return _render_page(consultation, form, 400)


@bp.route("/consultas/<int:consultation_id>/comentarios/<int:comment_id>/responder",
          methods=["POST"])
@login_required
def reply(consultation_id: int, comment_id: int):
    consultation = _consultation_or_404(consultation_id)
    parent = _comment_or_404(consultation, comment_id)
    authz.require(authz.can_comment(current_user))
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            comment = comments.add_comment(current_user, consultation, body=form.body.data,
                                           stance=Stance.NEUTRAL, parent_id=parent.id)
        except DomainError as error:
            db.session.rollback()
            page_form = CommentForm(formdata=None)
            flash(error.message, "error")
            return _render_page(consultation, page_form, error.status_code)
        db.session.commit()
        flash(_("Your reply has been published."), "success")
        return redirect(url_for("consultations.show", consultation_id=consultation.id,
                                _anchor=f"comentario-{comment.root_id}"))
    flash(_("Write your comment."), "error")
    return _render_page(consultation, CommentForm(formdata=None), 400)


@bp.route("/consultas/<int:consultation_id>/comentarios/<int:comment_id>/editar",
          methods=["GET", "POST"])
@login_required
def edit_comment(consultation_id: int, comment_id: int):
    consultation = _consultation_or_404(consultation_id)
    comment = _comment_or_404(consultation, comment_id)
    authz.require(comment.author_id == current_user.id)
    form = EditCommentForm()
    status = 200
    if form.validate_on_submit():
        try:
            comments.edit_comment(current_user, comment, body=form.body.data)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
            if not error.field:
                form.body.errors = list(form.body.errors) + [error.message]
            status = error.status_code
        else:
            db.session.commit()
            flash(_("Your comment has been updated."), "success")
            return redirect(url_for("consultations.show", consultation_id=consultation.id,
                                    _anchor=f"comentario-{comment.root_id or comment.id}"))
    elif request.method == "POST":
        status = 400
    else:
        form.body.data = comment.body_text
    return render_template("consultations/edit_comment.html", form=form,
                           consultation=consultation, comment=comment), status


def _comment_action(consultation_id: int, comment_id: int, action, message: str,
                    manage: bool = False):
    consultation = _managed_or_403(consultation_id) if manage \
        else _consultation_or_404(consultation_id)
    comment = _comment_or_404(consultation, comment_id)
    try:
        action(current_user, comment)
    except DomainError as error:
        _fail(error)
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for("consultations.show", consultation_id=consultation.id,
                            _anchor=f"comentario-{comment.root_id or comment.id}"))


@bp.route("/consultas/<int:consultation_id>/comentarios/<int:comment_id>/eliminar",
          methods=["POST"])
@login_required
def delete_comment(consultation_id: int, comment_id: int):
    return _comment_action(consultation_id, comment_id, comments.delete_comment,
                           _("Your comment has been deleted."))


@bp.route("/consultas/<int:consultation_id>/comentarios/<int:comment_id>/apoyar",
          methods=["POST"])
@login_required
def support(consultation_id: int, comment_id: int):
    return _comment_action(consultation_id, comment_id, comments.support_comment,
                           _("You support this comment."))


@bp.route("/consultas/<int:consultation_id>/comentarios/<int:comment_id>/respondido",
          methods=["POST"])
@login_required
def mark_answered(consultation_id: int, comment_id: int):
    return _comment_action(consultation_id, comment_id, comments.mark_answered,
                           _("The comment is marked as answered."), manage=True)


# --- outcome ----------------------------------------------------------------------------

@bp.route("/consultas/<int:consultation_id>/resultado", methods=["GET", "POST"])
@login_required
def outcome_report(consultation_id: int):
    consultation = _managed_or_403(consultation_id)
    form = OutcomeSummaryForm(obj=consultation if request.method == "GET" else None)
    status = 200
    if form.validate_on_submit():
        try:
            outcome.save_summary(current_user, consultation, summary=form.summary.data,
                                 adopted_text_url=form.adopted_text_url.data)
            if request.form.get("publish"):
                outcome.publish_outcome(current_user, consultation)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
            status = error.status_code
        else:
            db.session.commit()
            if consultation.outcome_published_at:
                flash(_("The outcome has been published and the participants notified."),
                      "success")
                return redirect(url_for("consultations.show", consultation_id=consultation.id))
            flash(_("Outcome report saved."), "success")
            return redirect(url_for("consultations.outcome_report",
                                    consultation_id=consultation.id))
    elif request.method == "POST":
        status = 400
    return render_template("consultations/outcome.html", consultation=consultation, form=form,
                           phase=consultation.phase,
                           figures=service.figures(consultation)), status


def _decision(form) -> Decision | None:
    return Decision(form.decision.data) if form.decision.data else None


@bp.route("/consultas/<int:consultation_id>/resultado/secciones/<int:section_id>",
          methods=["POST"])
@login_required
def section_outcome(consultation_id: int, section_id: int):
    consultation = _managed_or_403(consultation_id)
    section = next((s for s in consultation.sections if s.id == section_id), None)
    if section is None:
        abort(404)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            outcome.record_section_outcome(current_user, section, decision=_decision(form),
                                           reason=form.reason.data)
        except DomainError as error:
            _fail(error)
        else:
            db.session.commit()
            flash(_("Section outcome saved."), "success")
    else:
        flash(_("Choose a valid decision."), "error")
    return redirect(url_for("consultations.outcome_report", consultation_id=consultation.id,
                            _anchor=f"seccion-{section.position}"))


@bp.route("/consultas/<int:consultation_id>/comentarios/<int:comment_id>/resultado",
          methods=["POST"])
@login_required
def comment_outcome(consultation_id: int, comment_id: int):
    consultation = _managed_or_403(consultation_id)
    comment = _comment_or_404(consultation, comment_id)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            outcome.record_comment_outcome(current_user, comment, decision=_decision(form),
                                           reason=form.reason.data)
        except DomainError as error:
            _fail(error)
        else:
            db.session.commit()
            flash(_("Comment outcome saved."), "success")
    else:
        flash(_("Choose a valid decision."), "error")
    return redirect(url_for("consultations.show", consultation_id=consultation.id,
                            _anchor=f"comentario-{comment.root_id or comment.id}"))


# --- export -----------------------------------------------------------------------------

@bp.route("/consultas/<int:consultation_id>/comentarios.csv")
def export(consultation_id: int):
    consultation = _consultation_or_404(consultation_id)
    full = authz.can_manage_consultation(current_user, consultation)
    if not full and consultation.phase in (Phase.DRAFT, Phase.OPEN):
        abort(403)
    body = outcome.export_csv(consultation, with_authors=full)
    name = f"consulta-{consultation.id}-comentarios.csv"
    return Response("\ufeff" + body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# --- notifications ----------------------------------------------------------------------

@bp.route("/avisos", methods=["GET", "POST"])
@login_required
def notifications():
    if request.method == "POST":
        if FlaskForm().validate_on_submit():
            notify.mark_all_read(current_user)
            db.session.commit()
        return redirect(url_for("consultations.notifications"))
    return render_template(
        "consultations/notifications.html",
        pagination=notify.notifications_for(current_user,
                                            max(request.args.get("pagina", 1, type=int), 1)))


@bp.route("/avisos/baja/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    user = notify.user_for_unsubscribe_token(token)
    if user is None:
        abort(404)
    done = False
    if request.method == "POST":
        if FlaskForm().validate_on_submit():
            notify.unsubscribe(user)
            db.session.commit()
            done = True
    return render_template("consultations/unsubscribe.html", done=done, token=token)
