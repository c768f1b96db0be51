"""Gestión pages: pick an institution, then its workspace."""
from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from participa import authz
from participa.cases.businessdays import local_date
from participa.timeutil import utcnow
from participa.web import institution_or_404
from participa.workspace import bp, board


@bp.route("/")
@login_required
def index():
    authz.require(authz.has_workspace(current_user))
    institutions = authz.workspace_institutions(current_user)
    if len(institutions) == 1 and not authz.is_platform_admin(current_user):
        return redirect(url_for("workspace.institution", acronym=institutions[0].acronym))
    return render_template("workspace/index.html", institutions=institutions)


@bp.route("/<acronym>")
@login_required
def institution(acronym: str):
    found = institution_or_404(acronym)
    authz.require(authz.can_use_workspace(current_user, found))
    today = local_date(utcnow())
    figures = board.Figures(found, today)
    return render_template(
        "workspace/institution.html", institution=found, today=today,
        work=board.today_work(current_user, found, today, figures),
        pages=board.standing_pages(current_user, found, today, figures),
        several=board.has_several_workspaces(current_user))
