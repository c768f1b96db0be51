"""The outcome report: one form for every section's decision and the summary, a preview of
the public page, publishing; and the outcome of single comments."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participa.consultations import bp, outcome, service
from participa.consultations.forms import (
    DecisionForm,
    outcome_report_choices,
    outcome_report_data,
    outcome_report_form,
)
from participa.consultations.views.common import (
    comment_or_404,
    managed_or_403,
)
from participa.models import Decision
from participa.web import attempt


@bp.route("/consultas/<int:consultation_id>/resultado", methods=["GET", "POST"])
@login_required
def outcome_report(consultation_id: int):
    consultation = managed_or_403(consultation_id)
    commented = outcome.commented_sections(consultation)
    form = outcome_report_form(
        consultation, commented,
        **({} if request.method == "POST" else {"data": outcome_report_data(consultation)}))
    status = 200
    if form.validate_on_submit():
        done = attempt(lambda: outcome.save_report(
            current_user, consultation, choices=outcome_report_choices(form, consultation, request.form),
            summary=form.summary.data, adopted_text_url=form.adopted_text_url.data),
            form=form, success=_("Outcome report saved."))
        if done:
            endpoint = "consultations.outcome_preview" if request.form.get("action") == \
                "preview" else "consultations.outcome_report"
            return redirect(url_for(endpoint, consultation_id=consultation.id))
        status = done.status_code
    elif request.method == "POST":
        status = 400
    return render_template("consultations/outcome.html", consultation=consultation, form=form,
                           phase=consultation.phase, commented=commented,
                           figures=service.figures(consultation)), status


@bp.route("/consultas/<int:consultation_id>/resultado/vista-previa")
@login_required
def outcome_preview(consultation_id: int):
    """The outcome as the public page will show it, with the button that publishes it."""
    consultation = managed_or_403(consultation_id)
    return render_template("consultations/outcome_preview.html", consultation=consultation,
                           phase=consultation.phase, figures=service.figures(consultation))


@bp.route("/consultas/<int:consultation_id>/resultado/publicar", methods=["POST"])
@login_required
def publish_outcome(consultation_id: int):
    consultation = managed_or_403(consultation_id)
    if attempt(lambda: outcome.publish_outcome(current_user, consultation),
               success=_("The outcome has been published and the participants notified.")):
        return redirect(url_for("consultations.show", consultation_id=consultation.id))
    return redirect(url_for("consultations.outcome_report", consultation_id=consultation.id))


def _decision(form) -> Decision | None:
    return Decision(form.decision.data) if form.decision.data else None


@bp.route("/consultas/<int:consultation_id>/comentarios/<int:comment_id>/resultado",
          methods=["POST"])
@login_required
def comment_outcome(consultation_id: int, comment_id: int):
    consultation = managed_or_403(consultation_id)
    comment = comment_or_404(consultation, comment_id)
    form = DecisionForm()
    if form.validate_on_submit():
        attempt(lambda: outcome.record_comment_outcome(
            current_user, comment, decision=_decision(form), reason=form.reason.data),
            success=_("Comment outcome saved."))
    else:
        flash(_("Choose a valid decision."), "error")
    return redirect(url_for("consultations.show", consultation_id=consultation.id,
                            _anchor=f"comentario-{comment.root_id or comment.id}"))
