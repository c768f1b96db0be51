"""The outcome report: per-section and per-comment decisions, summary and publishing."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participa.consultations import bp, outcome, service
from participa.consultations.forms import (
    DecisionForm,
    OutcomeSummaryForm,
)
from participa.consultations.views.common import (
    comment_or_404,
    fail,
    managed_or_403,
)
from participa.domain import DomainError
from participa.extensions import db
from participa.models import Decision
from participa.web import show_domain_error


@bp.route("/consultas/<int:consultation_id>/resultado", methods=["GET", "POST"])
@login_required
def outcome_report(consultation_id: int):
    consultation = managed_or_403(consultation_id)
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
    consultation = managed_or_403(consultation_id)
    section = next((s for s in consultation.sections if s.id == section_id), None)
    if section is None:
        abort(404)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            outcome.record_section_outcome(current_user, section, decision=_decision(form),
                                           reason=form.reason.data)
        except DomainError as error:
            fail(error)
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
    consultation = managed_or_403(consultation_id)
    comment = comment_or_404(consultation, comment_id)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            outcome.record_comment_outcome(current_user, comment, decision=_decision(form),
                                           reason=form.reason.data)
        except DomainError as error:
            fail(error)
        else:
            db.session.commit()
            flash(_("Comment outcome saved."), "success")
    else:
        flash(_("Choose a valid decision."), "error")
    return redirect(url_for("consultations.show", consultation_id=consultation.id,
                            _anchor=f"comentario-{comment.root_id or comment.id}"))
