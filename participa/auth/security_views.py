"""Account security pages: password and email changes, signed-in devices, two-step
verification and the account's security log."""
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participa import authz
from participa.auth import bp, email_change, security_log, service, sessions
from participa.auth import two_factor as two_factor_service
from participa.auth.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    CodeForm,
    DisableTwoFactorForm,
    EmptyForm,
)
from participa.domain import DomainError
from participa.extensions import db
from participa.labels import security_event_label
from participa.mail import external_url, send_mail
from participa.models.audit import record
from participa.numbers import page_arg
from participa.web import attempt, show_domain_error



def _me():
    """The signed-in user object itself (not the proxy), for services and the audit log."""
    return current_user._get_current_object()


def _notify(email: str, subject: str, what: str) -> None:
    send_mail(email, subject, render_template("auth/security_mail.txt", user=current_user,
                                              what=what))


def _refused(form, error: DomainError) -> int:
    """Show why a change was refused and undo it, but keep the failed password or code
    check that refused it (and any lock it caused): those count as at sign-in.
    Returns the page's status."""
    if isinstance(error, (service.InvalidCredentials, service.AccountLocked,
                          two_factor_service.InvalidCode)):
        db.session.commit()
    else:
        db.session.rollback()
    show_domain_error(form, error)
    return error.status_code if isinstance(error, service.AccountLocked) else 400


def _end_other_sessions() -> int:
    return sessions.end_all_except(_me(), session.get(sessions.SESSION_KEY))


@bp.route("/contrasena", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            service.change_password(_me(), form.current_password.data, form.password.data)
        except DomainError as error:
            status = _refused(form, error)
        else:
            _end_other_sessions()
            db.session.commit()
            _notify(current_user.email, _("Your Participa password was changed"),
                    _("Your password was changed from your account page."))
            flash(_("Your password has been changed. You have been signed out everywhere "
                    "else."), "success")
            return redirect(url_for("auth.account"))
    elif form.errors:
        status = 400
    return render_template("auth/change_password.html", form=form), status


@bp.route("/correo", methods=["GET", "POST"])
@login_required
def change_email():
    """Ask for a new address: it changes only once the link sent to it is opened."""
    form = ChangeEmailForm()
    status = 200
    if form.validate_on_submit():
        try:
            token = email_change.request_change(_me(), form.current_password.data,
                                                form.email.data)
        except DomainError as error:
            status = _refused(form, error)
        else:
            db.session.commit()
            new_email = service.normalise_email(form.email.data)
            hours = current_app.config["EMAIL_CONFIRMATION_MAX_AGE"] // 3600
            send_mail(new_email, _("Confirm your new Participa email address"),
                      render_template("auth/email_change_mail.txt", user=current_user,
                                      link=external_url("auth.confirm_email_change",
                                                        token=token), hours=hours))
            _notify(current_user.email,
                    _("A change of your Participa email address was requested"),
                    _("Someone signed in to your account asked to change its email address to "
                      "%(email)s. Nothing changes until the link we sent to that address is "
                      "opened.", email=new_email))
            flash(_("We have sent a link to %(new)s. Your email address changes when you open "
                    "it; until then, sign in with %(old)s.", new=new_email,
                    old=current_user.email), "info")
            return redirect(url_for("auth.account"))
    elif form.errors:
        status = 400
    return render_template("auth/change_email.html", form=form), status


@bp.route("/correo/confirmar/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):
    """The link sent to the new address. Whoever holds it may confirm (it proves the new
    address is reachable; the request already needed the password); the change itself is a
    POST, so that mail scanners that open links change nothing."""
    change = email_change.change_for_token(token)
    form = EmptyForm()
    if change is None:
        flash(_("This link to confirm a new email address is invalid, has expired or was "
                "already used. Ask for the change again."), "error")
        return redirect(url_for("auth.account" if current_user.is_authenticated
                                else "auth.login"))
    if not form.validate_on_submit():
        return render_template("auth/confirm_email_change.html", change=change, form=form), \
            400 if request.method == "POST" else 200
    try:
        email_change.confirm_change(token)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return render_template("auth/confirm_email_change.html", change=change,
                               form=form), error.status_code
    user = change.user
    own_session = current_user.is_authenticated and current_user.id == user.id
    sessions.end_all_except(user, session.get(sessions.SESSION_KEY) if own_session else None)
    db.session.commit()
    message = _("The email address of your account was changed to %(email)s.",
                email=change.new_email)
    for address in (change.old_email, change.new_email):
        send_mail(address, _("Your Participa email address was changed"),
                  render_template("auth/security_mail.txt", user=user, what=message))
    if own_session:
        flash(_("Your email address has been changed. You have been signed out everywhere "
                "else."), "success")
        return redirect(url_for("auth.account"))
    flash(_("Your email address has been changed. Sign in with %(email)s.",
            email=change.new_email), "success")
    return redirect(url_for("auth.login"))


@bp.route("/dispositivos")
@login_required
def devices():
    token = session.get(sessions.SESSION_KEY)
    rows = [(row, sessions.describe_agent(row.user_agent), sessions.is_current(row, token))
            for row in sessions.list_for(current_user)]
    return render_template("auth/devices.html", rows=rows, form=EmptyForm())


@bp.route("/dispositivos/<int:session_id>/cerrar", methods=["POST"])
@login_required
def end_device(session_id: int):
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    if not sessions.end_one(_me(), session_id, session.get(sessions.SESSION_KEY)):
        abort(404)
    db.session.commit()
    flash(_("That session has been ended."), "success")
    return redirect(url_for("auth.devices"))


@bp.route("/dispositivos/cerrar-otras", methods=["POST"])
@login_required
def end_other_devices():
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    ended = _end_other_sessions()
    record("account.sessions_ended", actor=_me(), target=_me(), count=ended)
    db.session.commit()
    flash(_("You have been signed out on every other device."), "success")
    return redirect(url_for("auth.devices"))


@bp.route("/dos-pasos", methods=["GET", "POST"])
@login_required
def two_factor():
    """Status of two-step verification, or enrolment: QR code, secret, first code."""
    if two_factor_service.is_enabled(current_user):
        return render_template(
            "auth/two_factor_status.html",
            remaining=two_factor_service.remaining_recovery_codes(current_user),
            required=authz.must_use_two_factor(current_user),
            disable_form=DisableTwoFactorForm(), codes_form=CodeForm(prefix="renew"))
    credential = two_factor_service.pending_credential(_me())
    db.session.commit()
    form = CodeForm()
    if form.validate_on_submit():
        done = attempt(lambda: two_factor_service.confirm_enrolment(_me(), form.code.data),
                       form=form)
        if done:
            _notify(current_user.email, _("Two-step verification is on"),
                    _("Two-step verification was turned on for your account."))
            return render_template("auth/recovery_codes.html", codes=done.value)
    uri = two_factor_service.provisioning_uri(current_user, credential)
    return render_template(
        "auth/two_factor_setup.html", form=form, secret=credential.secret, uri=uri,
        qr_svg=two_factor_service.qr_svg(uri),
        required=authz.must_use_two_factor(current_user),
    ), 400 if form.errors else 200


@bp.route("/dos-pasos/desactivar", methods=["POST"])
@login_required
def disable_two_factor():
    form = DisableTwoFactorForm()
    if form.validate_on_submit():
        try:
            two_factor_service.disable(_me(), form.password.data, form.code.data)
        except DomainError as error:
            _refused(form, error)
            return render_template(
                "auth/two_factor_status.html",
                remaining=two_factor_service.remaining_recovery_codes(current_user),
                required=authz.must_use_two_factor(current_user),
                disable_form=form, codes_form=CodeForm(prefix="renew"),
            ), error.status_code
        db.session.commit()
        _notify(current_user.email, _("Two-step verification is off"),
                _("Two-step verification was turned off for your account."))
        flash(_("Two-step verification is off."), "success")
        return redirect(url_for("auth.account"))
    return render_template(
        "auth/two_factor_status.html",
        remaining=two_factor_service.remaining_recovery_codes(current_user),
        required=authz.must_use_two_factor(current_user),
        disable_form=form, codes_form=CodeForm(prefix="renew"),
    ), 400


@bp.route("/dos-pasos/codigos", methods=["POST"])
@login_required
def renew_recovery_codes():
    form = CodeForm(prefix="renew")
    if form.validate_on_submit():
        try:
            codes = two_factor_service.regenerate_recovery_codes(_me(), form.code.data)
        except DomainError as error:
            _refused(EmptyForm(), error)
            return redirect(url_for("auth.two_factor"))
        db.session.commit()
        return render_template("auth/recovery_codes.html", codes=codes)
    flash(_("Enter the code."), "error")
    return redirect(url_for("auth.two_factor"))


@bp.route("/actividad")
@login_required
def security_activity():
    """The account's own security events, newest first."""
    page = db.paginate(
        security_log.entries_query(_me()), page=page_arg(), per_page=30, error_out=False)
    return render_template("auth/security_log.html", pagination=page,
                           event_label=security_event_label)

