"""Public pages: the list, a consultation, its documents, the CSV export and notices."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participa import authz, csv_export, exports, kept_content
from participa.consultations import bp, outcome, service
from participa.consultations.views.common import (
    consultation_or_404,
    render_page,
)
from participa.domain import NotFound
from participa.extensions import csrf, db
from participa.models import Institution, Phase
from participa.numbers import page_arg


@bp.route("/consultas")
def index():
    args = request.args
    # The filters and the list are the same for every signed-in reader: kept a few seconds.
    shared_key = kept_content.key("consultations") \
        if kept_content.may_keep(current_user) else None
    kept = kept_content.get(shared_key) if shared_key else None
    if kept is not None:
        return render_template("consultations/index.html",
                               kept_content=kept_content.with_token(kept))
    pagination = service.list_public(
        institution=args.get("institucion", ""), topic=args.get("tema", ""),
        phase=args.get("fase", ""), query=args.get("q", "")[:100],
        page=page_arg())
    institutions = db.session.scalars(db.select(Institution).where(
        Institution.active.is_(True)).order_by(Institution.acronym)).all()
    return render_template("consultations/index.html", pagination=pagination,
                           institutions=institutions, topics=service.public_topics(),
                           phases=[p for p in Phase if p != Phase.DRAFT], args=args,
                           keep_content=kept_content.keeper(shared_key))



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
    if not full and consultation.phase in (Phase.DRAFT, Phase.INFORMATION,
                                                    Phase.OPEN):
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
def notifications():
    """The notices now have one page (participa.citizen)."""
    return redirect(url_for("citizen.notices"), 308 if request.method == "POST" else 301)


@bp.route("/avisos/baja/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the authority, as on the page it now leads to
def unsubscribe(token: str):
    """Links in the first consultation mails: the same page as every kind of mail's."""
    from participa.citizen.views import unsubscribe as unsubscribe_kind

    return unsubscribe_kind(token)
