"""Reply templates: an institution's administrators keep the texts its officials start
answers from (the case page offers them, participa.cases.office)."""
from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from participa import authz
from participa.cases import bp, replies
from participa.cases.forms import ReplyTemplateForm
from participa.domain import DomainError
from participa.models import Institution
from participa.web import attempt, institution_or_404


def _templates_institution(acronym: str) -> Institution:
    institution = institution_or_404(acronym)
    authz.require(authz.can_manage_reply_templates(current_user, institution))
    return institution


@bp.route("/institucion/<acronym>/plantillas", methods=["GET", "POST"])
@login_required
def reply_templates(acronym: str):
    institution = _templates_institution(acronym)
    form = ReplyTemplateForm()
    status = 200
    if form.validate_on_submit():
        created = attempt(lambda: replies.create_template(
            current_user, institution, title=form.title.data, answer=form.answer.data,
            reasons=form.reasons.data), form=form,
            success=lambda t: _("Template “%(title)s” created: officials can use it now.",
                                title=t.title))
        if created:
            return redirect(url_for("cases.reply_templates", acronym=institution.acronym))
        status = created.status_code
    elif form.errors:
        status = 400
    return render_template("cases/reply_templates.html", institution=institution, form=form,
                           templates=replies.templates_of(institution)), status


def _template_or_404(institution, template_id: int):
    try:
        return replies.template_of(institution, template_id)
    except DomainError:
        abort(404)


@bp.route("/institucion/<acronym>/plantillas/<int:template_id>", methods=["GET", "POST"])
@login_required
def reply_template_edit(acronym: str, template_id: int):
    institution = _templates_institution(acronym)
    template = _template_or_404(institution, template_id)
    form = ReplyTemplateForm(obj=template)
    status = 200
    if form.validate_on_submit():
        saved = attempt(lambda: replies.update_template(
            current_user, institution, template, title=form.title.data,
            answer=form.answer.data, reasons=form.reasons.data), form=form,
            success=lambda t: _("Template “%(title)s” saved.", title=t.title))
        if saved:
            return redirect(url_for("cases.reply_templates", acronym=institution.acronym))
        status = saved.status_code
    elif form.errors:
        status = 400
    return render_template("cases/reply_template_form.html", institution=institution,
                           template=template, form=form), status


@bp.route("/institucion/<acronym>/plantillas/<int:template_id>/eliminar", methods=["POST"])
@login_required
def reply_template_delete(acronym: str, template_id: int):
    institution = _templates_institution(acronym)
    template = _template_or_404(institution, template_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    attempt(lambda: replies.delete_template(current_user, institution, template),
            success=lambda title: _("Template “%(title)s” deleted.", title=title))
    return redirect(url_for("cases.reply_templates", acronym=institution.acronym))
