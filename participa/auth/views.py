"""Account pages. Thin: validate the form, call the service, render or redirect."""
import time

from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from participa import cedula_claims
from participa.auth import bp, email_change, service, sessions, two_factor
from participa.auth.forms import (
    CodeForm,
    ForgotPasswordForm,
    LoginForm,
    RegistrationForm,
    ResetPasswordForm,
)
from participa.domain import DomainError
from participa.extensions import db, limiter
from participa.i18n import SESSION_KEY as LOCALE_KEY
from participa.i18n import remember_account_locale, select_locale
from participa.mail import external_url, send_mail
from participa.models import ConsentPurpose, User
from participa.models.audit import record
from participa.privacy.notice import record_consent
from participa.timeutil import utcnow
from participa.web import redirect_next, safe_next, show_domain_error

# Between the password and the second step: who, since when, and their choices.
PENDING_KEY = "_signin_pending"
PENDING_SECONDS = 300


def _failed_step(response) -> bool:
    """Only failed sign-in steps count towards the per-IP limit."""
    return response.status_code in (401, 429)


def _too_many_from_this_network(request_limit):
    minutes = max(1, round((request_limit.reset_at - time.time()) / 60))
    flash(_("Too many failed sign-in attempts from your network. Try again in %(n)d minutes.",
            n=minutes), "error")
    session.pop(PENDING_KEY, None)
    return make_response(render_template("auth/login.html", form=LoginForm()), 429)


# Per IP address, shared by both sign-in steps; per account, see service.count_failure.
sign_in_ip_limit = limiter.shared_limit(
    lambda: current_app.config["LOGIN_IP_LIMIT"], scope="sign-in", methods=["POST"],
    deduct_when=_failed_step, on_breach=_too_many_from_this_network)


def _fresh_session() -> None:
    """Drop everything in the cookie session but the chosen language (no fixation)."""
    locale = session.get(LOCALE_KEY)
    session.clear()
    if locale:
        session[LOCALE_KEY] = locale


def _start_session(user, remember: bool = False, method: str = "password") -> None:
    """Sign in with a fresh session and a new server-side session row."""
    _fresh_session()
    remember_account_locale(user)
    service.signed_in(user, method=method)
    token = sessions.start(user, user_agent=request.headers.get("User-Agent", ""),
                           ip=request.remote_addr)
    db.session.commit()
    session[sessions.SESSION_KEY] = token
    # "Keep me signed in" keeps the cookie after the browser closes; the idle and absolute
    # limits of the server-side session still apply.
    session.permanent = bool(remember)
    login_user(user)


@bp.route("/registro", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegistrationForm()
    if form.validate_on_submit():
        email = service.normalise_email(form.email.data)
        try:
            user = service.register_from_the_web(
                name=form.name.data, email=email, password=form.password.data,
                cedula=form.cedula.data or None, locale=select_locale(),
            )
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            if user is not None:
                record_consent(ConsentPurpose.ACCOUNT, user=user)
            db.session.commit()
            if user is not None:
                _send_confirmation(user)
            else:  # the address has an account: tell its owner, tell the visitor nothing
                send_mail(email, _("Your Participa account"),
                          render_template("auth/account_exists_mail.txt",
                                          login=external_url("auth.login"),
                                          reset=external_url("auth.forgot_password")))
            # The same answer whether or not the address had an account.
            flash(_("We have sent a message to %(email)s. Open the link in it to finish "
                    "creating your account.", email=email), "info")
            if form.cedula.data:  # and whether or not the cédula had one
                flash(cedula_claims.received_message(), "info")
            return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


def _send_confirmation(user) -> None:
    link = external_url("auth.confirm_email", token=service.make_confirmation_token(user))
    hours = current_app.config["EMAIL_CONFIRMATION_MAX_AGE"] // 3600
    send_mail(user.email, _("Confirm your Participa account"),
              render_template("auth/confirm_mail.txt", user=user, link=link, hours=hours))


@bp.route("/confirmar/<token>")
def confirm_email(token: str):
    user = service.confirm_email(token)
    if user is None:
        flash(_("This confirmation link is invalid, has expired or was already used. Sign in "
                "to receive a new one."), "error")
        return redirect(url_for("auth.login"))
    _start_session(user, method="registration")
    flash(_("Welcome to Participa, %(name)s. Your account is ready.", name=user.name),
          "success")
    return redirect(url_for("main.home"))


@bp.route("/entrar", methods=["GET", "POST"])
@sign_in_ip_limit
def login():
    if current_user.is_authenticated:
        return redirect_next()
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = service.authenticate(form.email.data, form.password.data)
        except service.EmailNotConfirmed as error:
            db.session.commit()
            _send_confirmation(error.user)
            flash(error.message, "error")
            status = error.status_code
        except DomainError as error:
            db.session.commit()  # remember the failed attempt and any lock-out
            flash(error.message, "error")
            status = error.status_code
        else:
            if two_factor.is_enabled(user):
                db.session.commit()  # an upgraded password hash
                _fresh_session()
                session[PENDING_KEY] = {"uid": user.id, "at": int(time.time()),
                                        "remember": bool(form.remember.data)}
                return redirect(url_for("auth.login_code", next=safe_next()))
            _start_session(user, remember=form.remember.data)
            flash(_("You are signed in."), "success")
            return redirect_next()
    elif form.errors:
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/entrar/codigo", methods=["GET", "POST"])
@sign_in_ip_limit
def login_code():
    """Second step of the sign-in for accounts with two-step verification."""
    pending = session.get(PENDING_KEY)
    user = db.session.get(User, pending["uid"]) if isinstance(pending, dict) else None
    if user is None or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        session.pop(PENDING_KEY, None)
        flash(_("Please sign in again: the time to enter the code has run out."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            service.check_not_locked(user)
            try:
                method = two_factor.verify(user, form.code.data)
            except two_factor.InvalidCode:
                record("account.two_factor_failed", actor=None, target=user)
                service.count_failure(user, utcnow())
                raise
        except service.AccountLocked as error:
            db.session.commit()
            session.pop(PENDING_KEY, None)
            flash(error.message, "error")
            return redirect(url_for("auth.login"))
        except DomainError as error:
            db.session.commit()  # remember the failed attempt
            show_domain_error(form, error)
            status = error.status_code
        else:
            _start_session(user, remember=pending.get("remember", False), method=method)
            if method == "recovery":
                flash(_("You used a recovery code; it will not work again. You have "
                        "%(n)d left.", n=two_factor.remaining_recovery_codes(user)), "info")
            flash(_("You are signed in."), "success")
            return redirect_next()
    elif form.errors:
        status = 400
    return render_template("auth/login_code.html", form=form), status


@bp.route("/salir", methods=["POST"])
@login_required
def logout():
    sessions.end(session.get(sessions.SESSION_KEY))
    db.session.commit()
    logout_user()
    _fresh_session()
    flash(_("You have signed out."), "success")
    return redirect(url_for("main.home"))


@bp.route("/recuperar", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = service.find_user_by_email(form.email.data)
        if user is not None:
            token = service.make_reset_token(user)
            link = external_url("auth.reset_password", token=token)
            minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
            send_mail(user.email, _("Reset your Participa password"),
                      render_template("auth/reset_mail.txt", user=user, link=link,
                                      minutes=minutes))
        # The same answer whether or not the account exists: no account enumeration.
        flash(_("If an account exists for that address, we have sent it a link to choose "
                "a new password. The link works once, for a limited time."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form), 400 if form.errors else 200


@bp.route("/restablecer/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = service.user_for_reset_token(token)
    if user is None:
        flash(_("This password reset link is invalid, has expired or was already used. "
                "Ask for a new one."), "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            service.set_password(user, form.password.data)
            user.awaiting_email_confirmation = False  # the reset link proved the address
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            sessions.end_all_except(user, None)  # whoever had the old password is out
            db.session.commit()
            send_mail(user.email, _("Your Participa password was changed"),
                      render_template("auth/security_mail.txt", user=user,
                                      what=_("Your password was changed with a reset link.")))
            flash(_("Your password has been changed. You can sign in now."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), 400 if form.errors else 200


@bp.route("/")
@login_required
def account():
    from participa import mail_preferences
    from participa.citizen.forms import MailPreferencesForm

    return render_template("auth/account.html",
                           pending_email=email_change.pending(current_user),
                           mail_form=MailPreferencesForm.of(
                               mail_preferences.wanted(current_user)))
