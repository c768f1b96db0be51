"""Public pages: the list, a consultation, its documents, the CSV export and notices."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from participa import authz, csv_export, exports
from participa.consultations import bp, notify, outcome, service
from participa.consultations.views.common import (
    consultation_or_404,
    render_page,
)
from participa.domain import NotFound
from participa.extensions import db
from participa.models import Institution, Phase
from participa.numbers import page_arg


@bp.route("/consultas")
def index():
    args = request.args
    pagination = service.list_public(
        institution=args.get("institucion", ""), topic=args.get("tema", ""),
        phase=args.get("fase", ""), query=args.get("q", "")[:100],
        page=page_arg())
    institutions = db.session.scalars(db.select(Institution).where(
        Institution.active.is_(True)).order_by(Institution.acronym)).all()
    return render_template("consultations/index.html", pagination=pagination,
                           institutions=institutions, topics=service.public_topics(),
                           phases=[p for p in Phase if p != Phase.DRAFT], args=args)



@bp.route("/consultas/<int:consultation_id>")
def show(consultation_id: int):
    return render_page(consultation_or_404(consultation_id))


@bp.route("/consultas/<int:consultation_id>/documentos/<int:document_id>")
def document(consultation_id: int, document_id: int):
    consultation = consultation_or_404(consultation_id)
    try:
        doc = service.get_document(consultation, document_id)
    except NotFound:
        abort(404)
    path = service.document_path(doc)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=doc.content_type, as_attachment=True,
                         download_name=doc.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response





def _exported_comments(consultation_id: int):
    """The consultation and whether its export carries the anonymised authors; a 403 while
    the public may not download its comments yet."""
    consultation = consultation_or_404(consultation_id)
    full = authz.can_manage_consultation(current_user, consultation)
    if not full and consultation.phase in (Phase.DRAFT, Phase.OPEN):
        abort(403)
    return consultation, full


@bp.route("/consultas/<int:consultation_id>/comentarios.csv")
def export(consultation_id: int):
    consultation, full = _exported_comments(consultation_id)
    body = outcome.export_csv(consultation, with_authors=full)
    return csv_export.csv_response(body, f"consulta-{consultation.id}-comentarios.csv")


@bp.route("/consultas/<int:consultation_id>/comentarios.xlsx")
def export_xlsx(consultation_id: int):
    consultation, full = _exported_comments(consultation_id)
    header, rows = outcome.export_table(consultation, with_authors=full)
    return exports.xlsx_download(header, rows, f"consulta-{consultation.id}-comentarios.xlsx",
                                 sheet=_("Comments"))




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
                                            page_arg()))


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
