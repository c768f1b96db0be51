"""Comments: writing, replying, editing, deleting, supporting and marking answered."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participa import authz
from participa.consultations import bp, comments
from participa.consultations.forms import (
    CommentForm,
    EditCommentForm,
    ReplyForm,
)
from participa.consultations.views.common import (
    comment_or_404,
    consultation_or_404,
    managed_or_403,
    render_page,
)
from participa.models import Phase, Stance
from participa.numbers import parse_int
from participa.web import attempt


@bp.route("/consultas/<int:consultation_id>/comentarios", methods=["POST"])
@login_required
def add_comment(consultation_id: int):
    consultation = consultation_or_404(consultation_id)
    authz.require(authz.can_comment(current_user))
    form = CommentForm()
    form.section.choices = [("", "")] + [(str(s.id), "") for s in consultation.sections]
    if form.validate_on_submit():
        done = attempt(lambda: comments.add_comment(
            current_user, consultation, body=form.body.data, stance=Stance(form.stance.data),
            section_id=parse_int(form.section.data), parent_id=parse_int(form.parent.data)),
            form=form, success=published_message)
        under_the_text(form, done)
        if not done:
            return render_page(consultation, form, done.status_code)
        comment = done.value
        return redirect(url_for("consultations.show", consultation_id=consultation.id,
                                _anchor=f"comentario-{comment.root_id or comment.id}"))
    return render_page(consultation, form, 400)


@bp.route("/consultas/<int:consultation_id>/comentarios/<int:comment_id>/responder",
          methods=["POST"])
@login_required
def reply(consultation_id: int, comment_id: int):
    consultation = consultation_or_404(consultation_id)
    parent = comment_or_404(consultation, comment_id)
    authz.require(authz.can_comment(current_user))
    form = ReplyForm()
    if form.validate_on_submit():
        done = attempt(lambda: comments.add_comment(
            current_user, consultation, body=form.body.data, stance=Stance.NEUTRAL,
            parent_id=parent.id), form=form,
            success=lambda c: published_message(c, _("Your reply has been published.")))
        if not done:
            return _refused_reply(consultation, parent, form, done.error.message,
                                  done.status_code)
        comment = done.value
        return redirect(url_for("consultations.show", consultation_id=consultation.id,
                                _anchor=f"comentario-{comment.root_id}"))
    message = next(iter(form.body.errors), None) or _("Write your comment.")
    return _refused_reply(consultation, parent, form, message, 400)


def under_the_text(form, done) -> None:
    """An error that names no field also goes under the text, next to what was written."""
    if not done and not done.error.field:
        form.body.errors = list(form.body.errors) + [done.error.message]


def published_message(comment, published: str | None = None) -> str:
    if comment.is_published:
        return published or _("Your comment has been published.")
    return _("Your comment was received. The moderators review it before it is published; "
             "until then only you can see it.")


def _refused_reply(consultation, parent, form, message, status: int):
    """Show the page again with the reply's text and the reason it was refused."""
    in_box = (consultation.phase == Phase.OPEN and parent.depth + 1 < comments.MAX_DEPTH)
    kept = {"id": parent.id, "text": form.body.data or "", "error": message, "in_box": in_box}
    return render_page(consultation, CommentForm(formdata=None), status, kept_reply=kept)


@bp.route("/consultas/<int:consultation_id>/comentarios/<int:comment_id>/editar",
          methods=["GET", "POST"])
@login_required
def edit_comment(consultation_id: int, comment_id: int):
    consultation = consultation_or_404(consultation_id)
    comment = comment_or_404(consultation, comment_id)
    return edit_page(comment, url_for("consultations.show", consultation_id=consultation.id),
                     consultation.title)


def edit_page(comment, back_url: str, back_title: str):
    """The author edits a comment of the thread on `back_url` (a consultation's or a
    proposal's page), and returns to it."""
    authz.require(comment.author_id == current_user.id)
    form = EditCommentForm()
    status = 200
    if form.validate_on_submit():
        done = attempt(lambda: comments.edit_comment(current_user, comment,
                                                     body=form.body.data),
                       form=form, success=lambda _c: _(
                           "Your edit is saved. A moderator reviews it before it is public.")
                       if comment.pending_edit else _("Your comment has been updated."))
        under_the_text(form, done)
        status = done.status_code
        if done:
            return redirect(f"{back_url}#comentario-{comment.root_id or comment.id}")
    elif request.method == "POST":
        status = 400
    else:
        form.body.data = comment.body_text
    return render_template("consultations/edit_comment.html", form=form, comment=comment,
                           back_url=back_url, back_title=back_title), status


def _comment_action(consultation_id: int, comment_id: int, action, message: str,
                    manage: bool = False):
    consultation = managed_or_403(consultation_id) if manage \
        else consultation_or_404(consultation_id)
    comment = comment_or_404(consultation, comment_id)
    attempt(lambda: action(current_user, comment), success=message)
    return redirect(url_for("consultations.show", consultation_id=consultation.id,
                            _anchor=f"comentario-{comment.root_id or comment.id}"))


@bp.route("/consultas/<int:consultation_id>/comentarios/<int:comment_id>/eliminar",
          methods=["POST"])
@login_required
def delete_comment(consultation_id: int, comment_id: int):
    return _comment_action(consultation_id, comment_id, comments.delete_comment,
                           _("Your comment has been deleted."))


@bp.route("/consultas/<int:consultation_id>/comentarios/<int:comment_id>/apoyar",
          methods=["POST"])
@login_required
def support(consultation_id: int, comment_id: int):
    return _comment_action(consultation_id, comment_id, comments.support_comment,
                           _("You support this comment."))


@bp.route("/consultas/<int:consultation_id>/comentarios/<int:comment_id>/respondido",
          methods=["POST"])
@login_required
def mark_answered(consultation_id: int, comment_id: int):
    return _comment_action(consultation_id, comment_id, comments.mark_answered,
                           _("The comment is marked as answered."), manage=True)
