"""The institution administrators' priority term (participa.cases.priority)."""
from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participa import authz
from participa.cases import bp, categories, priority, service
from participa.cases.forms import CategoryForm, SettingsForm
from participa.cases.priority_forms import PriorityTermForm
from participa.web import attempt, institution_or_404


@bp.app_template_global()
def priority_term_form_for(institution) -> PriorityTermForm:
    """The form of the categories page, showing the term in force."""
    return PriorityTermForm(prefix="priority", formdata=None,
                            data={"priority_days": priority.priority_days(institution)})


@bp.route("/institucion/<acronym>/plazo-prioritario", methods=["POST"])
@login_required
def priority_term(acronym: str):
    institution = institution_or_404(acronym)
    authz.require(authz.can_manage_case_categories(current_user, institution))
    form = PriorityTermForm(prefix="priority")
    if form.validate_on_submit():
        saved = attempt(lambda: priority.set_priority_days(
            current_user, institution, form.priority_days.data), form=form,
            success=_("Priority term saved."))
        if saved:
            return redirect(url_for("cases.category_list", acronym=institution.acronym))
        status = saved.status_code
    else:
        status = 400
    return render_template(
        "cases/categories.html", institution=institution,
        form=CategoryForm(prefix="new", formdata=None),
        settings_form=SettingsForm(prefix="settings", obj=service.settings_for(institution)),
        priority_term_form=form, categories=categories.all_categories(institution)), status
