"""The comment digest pages, for the consultation's institution."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participa.consultations.views.common import managed_or_403
from participa.digest import build, service
from participa.digest.forms import GroupDecisionForm, ThresholdForm
from participa.extensions import db
from participa.models import Comment, Decision, Section
from participa.models.digest import CommentGroup, CommentGroupMember
from participa.numbers import page_arg
from participa.tasks.after_commit import enqueue_after_commit
from participa.web import attempt

bp = Blueprint("digest", __name__)
MEMBERS_PER_PAGE = 50


def _sections(consultation) -> dict[str, Section]:
    return {str(section.id): section for section in consultation.sections}


@bp.route("/consultas/<int:consultation_id>/resumen", methods=["GET", "POST"])
@login_required
def overview(consultation_id: int):
    consultation = managed_or_403(consultation_id)
    digest = build.digest_of(consultation)
    form = ThresholdForm(obj=digest)
    if form.validate_on_submit():
        build.request(consultation, form.threshold.data)
        enqueue_after_commit("build_digest", consultation.id)
        db.session.commit()
        return redirect(url_for("digest.overview", consultation_id=consultation.id))
    groups = list(db.session.scalars(
        select(CommentGroup).where(CommentGroup.digest_id == digest.id)
        .options(selectinload(CommentGroup.representative))  # one query, not one per group
        .order_by(CommentGroup.position).limit(100))) if digest else []
    grouped = sum(group.size for group in groups)
    return render_template(
        "digest/overview.html", consultation=consultation, digest=digest, form=form,
        groups=groups, grouped=grouped, sections=_sections(consultation),
        new_comments=build.comments_since(digest) if digest else 0)


@bp.route("/consultas/<int:consultation_id>/resumen/grupos/<int:group_id>",
          methods=["GET", "POST"])
@login_required
def group(consultation_id: int, group_id: int):
    consultation = managed_or_403(consultation_id)
    digest = build.digest_of(consultation)
    found = db.session.get(CommentGroup, group_id)
    if digest is None or found is None or found.digest_id != digest.id:
        abort(404)
    form = GroupDecisionForm()
    status = 200
    if form.validate_on_submit():
        done = attempt(lambda: service.decide_group(
            current_user, found, decision=Decision(form.decision.data),
            reason=form.reason.data or ""), form=form, success=lambda shared: ngettext(
                "The outcome was recorded for %(num)d comment.",
                "The outcome was recorded for %(num)d comments.", found.size))
        if done:
            return redirect(url_for("digest.group", consultation_id=consultation.id,
                                    group_id=group_id))
        status = done.status_code
    elif request.method == "POST":
        status = 400
    page = page_arg()
    members = list(db.session.scalars(
        select(Comment).join(CommentGroupMember, CommentGroupMember.comment_id == Comment.id)
        .where(CommentGroupMember.group_id == found.id).order_by(Comment.id)
        .offset((page - 1) * MEMBERS_PER_PAGE).limit(MEMBERS_PER_PAGE + 1)))
    return render_template(
        "digest/group.html", consultation=consultation, group=found, form=form,
        members=members[:MEMBERS_PER_PAGE], page=page,
        has_next=len(members) > MEMBERS_PER_PAGE, sections=_sections(consultation)), status


@bp.route("/consultas/<int:consultation_id>/resumen/temas/<key>/<path:term>")
@login_required
def theme(consultation_id: int, key: str, term: str):
    consultation = managed_or_403(consultation_id)
    digest = build.digest_of(consultation)
    themes = (digest.themes or {}).get(key, []) if digest else []
    chosen = next((entry for entry in themes if entry["term"] == term), None)
    if chosen is None:
        abort(404)
    comments = list(db.session.scalars(select(Comment).where(
        Comment.id.in_(chosen["comment_ids"][:200])).order_by(Comment.id)))
    return render_template("digest/theme.html", consultation=consultation, theme=chosen,
                           section=_sections(consultation).get(key), comments=comments)


