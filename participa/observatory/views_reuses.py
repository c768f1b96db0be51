"""Registered reuses of open data: the public gallery, registering one, and its review."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participa import authz
from participa.domain import NotFound
from participa.extensions import db
from participa.models import Institution, ReuseKind, ReviewStatus
from participa.numbers import page_arg
from participa.observatory import bp
from participa.observatory import reuses as service
from participa.observatory.forms import ReuseForm, ReviewForm
from participa.web import attempt


def _reuse_or_404(reuse_id: int):
    try:
        reuse = service.get(reuse_id)
    except NotFound:
        abort(404)
    if not service.can_view(current_user, reuse):
        abort(404)  # not public yet: it does not exist for other people
    return reuse


def _all_institutions():
    return list(db.session.scalars(select(Institution).order_by(Institution.name)))


@bp.route("/reutilizaciones/")
def reuses_index():
    acronym = request.args.get("institucion", "").strip().upper()
    institution = db.session.scalar(select(Institution).where(
        Institution.acronym == acronym)) if acronym else None
    raw_kind = request.args.get("tipo", "")
    try:
        kind = ReuseKind(raw_kind) if raw_kind else None
    except ValueError:
        kind = None
    page = page_arg()
    pagination = service.gallery(institution=institution, kind=kind, page=page)
    filters = {"institucion": institution.acronym if institution else None,
               "tipo": kind.value if kind else None}
    return render_template("observatory/reuses.html", pagination=pagination, filters=filters,
                           institutions=_all_institutions(),
                           pending=service.pending_for(current_user),
                           mine=service.submitted_by(current_user))


@bp.route("/reutilizaciones/nueva", methods=["GET", "POST"])
@login_required
def reuse_new():
    form = ReuseForm()
    form.institutions.choices = [(i.acronym, f"{i.name} ({i.acronym})")
                                 for i in _all_institutions()]
    if request.method == "GET":
        form.author_name.data = current_user.public_name
    status = 200
    if form.validate_on_submit():

        def register():
            chosen = service.institutions_by_acronym(form.institutions.data or [])
            return service.register(
                current_user, title=form.title.data, url=form.url.data,
                description=form.description.data, kind=ReuseKind(form.kind.data),
                datasets=form.datasets.data, institutions=chosen,
                author_name=form.author_name.data)

        done = attempt(register, form=form,
                       success=_("Thank you. The initiative is public once an institution "
                                 "whose data it uses, or the rector ministry, has reviewed it."))
        if done:
            return redirect(url_for("observatory.reuse_show", reuse_id=done.value.id))
        status = done.status_code if done.status_code != 404 else 400
    elif form.errors:
        status = 400
    return render_template("observatory/reuse_form.html", form=form), status


@bp.route("/reutilizaciones/<int:reuse_id>")
def reuse_show(reuse_id: int):
    reuse = _reuse_or_404(reuse_id)
    return _render_reuse(reuse)


def _render_reuse(reuse, form=None, status: int = 200):
    can_review = service.can_review(current_user, reuse) \
        and reuse.status == ReviewStatus.PENDING
    return render_template("observatory/reuse.html", reuse=reuse,
                           review_form=(form or ReviewForm()) if can_review else None), status


@bp.route("/reutilizaciones/<int:reuse_id>/revisar", methods=["POST"])
@login_required
def reuse_review(reuse_id: int):
    try:
        reuse = service.get(reuse_id)
    except NotFound:
        abort(404)
    if not service.can_review(current_user, reuse):
        abort(404 if not service.can_view(current_user, reuse) else 403)
    form = ReviewForm()
    if form.validate_on_submit():
        done = attempt(lambda: service.review(current_user, reuse,
                                              approve=form.decision.data == "approve",
                                              reason=form.reason.data or ""),
                       form=form, success=_("The review is saved."))
        if not done:
            return _render_reuse(reuse, form, done.status_code)
        return redirect(url_for("observatory.reuse_show", reuse_id=reuse.id))
    return _render_reuse(reuse, form, 400)


@bp.route("/reutilizaciones/pendientes")
@login_required
def reuses_pending():
    authz.require(authz.is_platform_admin(current_user)
                  or bool(authz.institutions_acting_for(current_user)))
    return render_template("observatory/reuses_pending.html",
                           pending=service.pending_for(current_user))
