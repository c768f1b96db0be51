"""Privacy pages: the policy, the notice to agree to, my data, profile, deletion, access log."""
import json

from flask import Response, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from participa import authz
from participa.extensions import db
from participa.numbers import page_arg
from participa.privacy import access, bp, deletion, notice
from participa.privacy.forms import ConsentForm, DeleteAccountForm, ProfileForm
from participa.labels import CASE_TYPE_LABELS
from participa.privacy.controller import data_controller, data_right_types
from participa.privacy.registry import export_everything
from participa.timeutil import utcnow
from participa.web import attempt, institution_or_404, redirect_next


def _me():
    return current_user._get_current_object()


@bp.route("/privacidad")
def policy():
    return render_template("privacy/policy.html", version=notice.NOTICE_VERSION,
                           controller=data_controller(), data_right_types=data_right_types,
                           data_right_labels=CASE_TYPE_LABELS)


@bp.route("/cuenta/privacidad/aceptar", methods=["GET", "POST"])
@login_required
def consent():
    form = ConsentForm()
    if form.validate_on_submit():
        if notice.needs_consent(current_user):
            notice.agree(_me())
            db.session.commit()
        flash(_("Thank you. Your agreement to the privacy notice has been recorded."),
              "success")
        return redirect_next()
    return render_template("privacy/consent.html", form=form,
                           renewed=notice.latest_version(current_user) is not None)


@bp.route("/cuenta/mis-datos")
@login_required
def my_data():
    from participa.privacy.readable import readable_sections

    return render_template("privacy/my_data.html", sections=readable_sections(_me()))


@bp.route("/cuenta/mis-datos.json")
@login_required
def my_data_json():
    data = {"generated_at": utcnow().isoformat(), "notice_version": notice.NOTICE_VERSION,
            "sections": {item.table: {"title": str(item.title), "rows": rows}
                         for item, rows in export_everything(_me())}}
    return Response(json.dumps(data, ensure_ascii=False, indent=2),
                    mimetype="application/json",
                    headers={"Content-Disposition":
                             'attachment; filename="participa-mis-datos.json"'})


@bp.route("/cuenta/perfil", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=None if request.method == "POST" else current_user)
    if form.validate_on_submit():
        done = attempt(lambda: deletion.update_profile(_me(), name=form.name.data,
                                                       display_name=form.display_name.data),
                       form=form, success=_("Your profile has been updated."))
        if done:
            return redirect(url_for("auth.account"))
    return render_template("privacy/profile.html", form=form), 400 if form.errors else 200


@bp.route("/cuenta/eliminar", methods=["GET", "POST"])
def delete_account():
    if not current_user.is_authenticated:
        # A replayed or repeated deletion: the account is gone or the session has ended.
        if request.method == "POST":
            return render_template("privacy/deleted.html", refused=True), 409
        return redirect(url_for("auth.login", next=request.path))
    form = DeleteAccountForm()
    status = 200
    if form.validate_on_submit():
        me = _me()

        def delete():
            deletion.check_deletion(me, form.password.data, form.code.data)
            deletion.delete_account(me, remove_contributions=form.remove_contributions.data)

        done = attempt(delete, form=form)
        if done:
            logout_user()
            session.clear()
            return render_template("privacy/deleted.html", refused=False)
        status = done.status_code
    elif form.errors:
        status = 400
    return render_template("privacy/delete.html", form=form,
                           needs_code=current_user.two_factor is not None
                           and current_user.two_factor.is_active), status


@bp.route("/privacidad/accesos/<acronym>")
@login_required
def access_log(acronym: str):
    institution = institution_or_404(acronym)
    authz.require(authz.can_review_access_log(current_user, institution))
    page = page_arg()
    pagination = db.paginate(access.institution_log_query(institution), page=page,
                             per_page=50, error_out=False)
    return render_template("privacy/access_log.html", institution=institution,
                           pagination=pagination)


@bp.app_context_processor
def inject_notice_version():
    return {"notice_version": notice.NOTICE_VERSION}
