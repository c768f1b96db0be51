"""Norm facts: a platform administrator enters the norms issued (with date and link)."""
from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participa import authz
from participa.models import NormKind
from participa.observatory import bp, norms
from participa.observatory.forms import ActionForm, NormForm
from participa.web import attempt


@bp.route("/normas", methods=["GET", "POST"])
@login_required
def norm_facts():
    authz.require(authz.is_platform_admin(current_user))
    form = NormForm()
    status = 200
    if form.validate_on_submit():
        done = attempt(lambda: norms.add(current_user, kind=NormKind(form.kind.data),
                                         title=form.title.data, issued_on=form.issued_on.data,
                                         url=form.url.data),
                       form=form, success=_("The norm is recorded and counts in the observatory."))
        if done:
            return redirect(url_for("observatory.norm_facts"))
        status = 400
    elif form.errors:
        status = 400
    return render_template("observatory/norms.html", form=form, facts=norms.all_facts(),
                           action_form=ActionForm()), status


@bp.route("/normas/<int:fact_id>/borrar", methods=["POST"])
@login_required
def norm_remove(fact_id: int):
    authz.require(authz.is_platform_admin(current_user))
    if ActionForm().validate_on_submit():
        attempt(lambda: norms.remove(current_user, fact_id),
                success=_("The norm is no longer counted."))
    return redirect(url_for("observatory.norm_facts"))
