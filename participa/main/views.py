"""Public pages."""
from flask import abort, current_app, jsonify, redirect, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup

from participa import health
from participa.cases.businessdays import local_date
from participa.extensions import db
from participa.figures_cache import generation, remember
from participa.i18n import remember_locale
from participa.labels import PROPOSAL_STATE_LABELS
from participa.main import bp, institution_cache, institution_page, open_now, service
from participa.numbers import page_arg
from participa.timeutil import utcnow
from participa.web import institution_or_404, safe_next


LIST_SECONDS = 60


@bp.route("/")
def home():
    lists = open_now.home_lists()
    return render_template("main/home.html", figures=service.platform_figures(),
                           closing=lists.closing, near=lists.near, outcomes=lists.outcomes)


@bp.route("/acerca")
def about():
    return render_template("main/about.html")


@bp.route("/instituciones")
def institutions():
    page = max(page_arg(), 1)

    def render_body() -> str:
        return render_template("main/_institutions_body.html",
                               pagination=service.active_institutions(page))

    # The same for everyone: kept a minute, and afresh after a commit that changes an
    # institution (a new cache generation, see participa.dashboard.invalidation).
    key = f"institutions-html:{generation()}:{get_locale()}:{page}"
    return render_template("main/institutions.html",
                           body=Markup(remember(key, render_body, seconds=LIST_SECONDS)))


@bp.route("/instituciones/<acronym>")
def institution(acronym: str):
    institution = institution_or_404(acronym)
    if not institution.active:
        abort(404)
    today = local_date(utcnow())

    def render_body():
        now = utcnow()
        page = institution_page.build(institution, today)
        html = render_template("main/_institution_body.html", page=page,
                               proposal_state_labels=PROPOSAL_STATE_LABELS)
        return html, institution_page.next_change(page, now)

    return render_template("main/institution.html", institution=institution,
                           body=institution_cache.cached_body(institution, today, render_body))


@bp.route("/idioma", methods=["POST"])
def set_language():
    form = FlaskForm()  # validates the CSRF token
    code = request.form.get("lang", "")
    if form.validate_on_submit() and remember_locale(code, current_user):
        db.session.commit()
    return redirect(safe_next())


@bp.route("/healthz")
@bp.route("/readyz")
def healthz():
    """Readiness: 200 only when the database answers, is at the schema this code expects
    and its tables can be read; 503 with what is wrong otherwise."""
    report = health.check(db.engine, current_app.extensions["migrate"].directory)
    return jsonify(report.as_dict()), 200 if report.ok else 503


@bp.route("/livez")
def livez():
    """Liveness: the process serves requests (the database is not consulted)."""
    return jsonify({"status": "ok"})
