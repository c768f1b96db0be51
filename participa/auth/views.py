"""Account pages. Thin: validate the form, call the service, render or redirect."""
from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from participa.auth import bp, service
from participa.auth.forms import ForgotPasswordForm, LoginForm, RegistrationForm, ResetPasswordForm
from participa.domain import DomainError
from participa.extensions import db
from participa.i18n import SESSION_KEY as LOCALE_KEY
from participa.i18n import select_locale
from participa.mail import send_mail
from participa.web import redirect_next, show_domain_error


def _start_session(user, remember: bool = False) -> None:
    """Sign in with a fresh session (no fixation), keeping only the chosen language."""
    locale = session.get(LOCALE_KEY)
    session.clear()
    if locale:
        session[LOCALE_KEY] = locale
    login_user(user, remember=remember)


@bp.route("/registro", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            user = service.register_user(
                name=form.name.data, email=form.email.data, password=form.password.data,
                cedula=form.cedula.data or None, locale=select_locale(),
            )
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            _start_session(user)
            flash(_("Welcome to Participa, %(name)s. Your account is ready.", name=user.name),
                  "success")
            return redirect(url_for("main.home"))
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


@bp.route("/entrar", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect_next()
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = service.authenticate(form.email.data, form.password.data)
        except DomainError as error:
            db.session.commit()  # remember the failed attempt and any lock-out
            flash(error.message, "error")
            status = error.status_code
        else:
            db.session.commit()
            _start_session(user, remember=form.remember.data)
            flash(_("You are signed in."), "success")
            return redirect_next()
    elif form.errors:
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/salir", methods=["POST"])
@login_required
def logout():
    locale = session.get(LOCALE_KEY)
    logout_user()
    session.clear()
    if locale:
        session[LOCALE_KEY] = locale
    flash(_("You have signed out."), "success")
    return redirect(url_for("main.home"))


@bp.route("/recuperar", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = service.find_user_by_email(form.email.data)
        if user is not None:
            token = service.make_reset_token(user)
            link = url_for("auth.reset_password", token=token, _external=True)
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
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("Your password has been changed. You can sign in now."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), 400 if form.errors else 200


@bp.route("/")
@login_required
def account():
    return render_template("auth/account.html")
