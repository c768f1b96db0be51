"""Claims on a cédula held by another account, settled by the platform administrators: the
list, and the two decisions (move the cédula to the claimant, or refuse), each mailed to both
accounts after it is committed."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from participa import authz, cedula_claims
from participa.admin import bp
from participa.auth.forms import EmptyForm
from participa.domain import DomainError, NotFound
from participa.extensions import db
from participa.mail import external_url, send_mail
from participa.privacy.access import log_user_opened


@bp.route("/cedulas")
def cedula_conflicts():
    authz.require(authz.can_administer_platform(current_user))
    conflicts = cedula_claims.open_conflicts()
    for conflict in conflicts:  # each person learns from "My data" who saw their details
        log_user_opened(current_user, conflict.claimant)
        log_user_opened(current_user, conflict.holder)
    db.session.commit()
    return render_template("admin/cedula_conflicts.html", conflicts=conflicts, form=EmptyForm())


@bp.route("/cedulas/<int:conflict_id>/<any(mover, rechazar):decision>", methods=["POST"])
def settle_cedula_conflict(conflict_id: int, decision: str):
    authz.require(authz.can_administer_platform(current_user))
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        conflict = cedula_claims.get_conflict(conflict_id)
    except NotFound:
        abort(404)
    claimant, holder = conflict.claimant, conflict.holder
    moved = decision == "mover"
    try:
        if moved:
            cedula_claims.move_cedula(current_user, conflict)
        else:
            cedula_claims.refuse_claim(current_user, conflict)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("admin.cedula_conflicts"))
    db.session.commit()
    for person, is_claimant in ((claimant, True), (holder, False)):
        _tell(person, moved=moved, is_claimant=is_claimant)
    flash(_("The cédula was moved to the account that claimed it; both accounts have been "
            "told.") if moved else
          _("The claim was refused; both accounts have been told."), "success")
    return redirect(url_for("admin.cedula_conflicts"))


def _tell(person, *, moved: bool, is_claimant: bool) -> None:
    """The outcome, in the person's language; a failing relay is logged, the decision stands."""
    with force_locale(person.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Your cédula on Participa")
        body = render_template("admin/cedula_outcome_mail.txt", person=person, moved=moved,
                               is_claimant=is_claimant, link=external_url("auth.account"))
    try:
        send_mail(person.email, subject, body)
    except Exception:
        current_app.logger.exception("Could not mail the outcome of a cédula claim to %s",
                                     person.id)
