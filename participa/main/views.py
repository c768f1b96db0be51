"""Public pages."""
from flask import current_app, jsonify, redirect, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm

from participa.extensions import db
from participa.i18n import remember_locale
from participa.main import bp, service
from participa.numbers import page_arg
from participa.web import safe_next


@bp.route("/")
def home():
    return render_template("main/home.html", figures=service.platform_figures())


@bp.route("/acerca")
def about():
    return render_template("main/about.html")


@bp.route("/instituciones")
def institutions():
    page = page_arg()
    return render_template("main/institutions.html",
                           pagination=service.active_institutions(max(page, 1)))


@bp.route("/idioma", methods=["POST"])
def set_language():
    form = FlaskForm()  # validates the CSRF token
    code = request.form.get("lang", "")
    if form.validate_on_submit() and remember_locale(code, current_user):
        db.session.commit()
    return redirect(safe_next())


@bp.route("/healthz")
def healthz():
    healthy = service.database_answers()
    body = {"status": "ok" if healthy else "error", "database": healthy}
    if not healthy:
        current_app.logger.error("Health check: the database does not answer")
    return jsonify(body), 200 if healthy else 503

