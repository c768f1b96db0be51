"""The comment thread under a proposal: the same service and templates as a consultation's
thread (participa.consultations.comments, templates/comments/_thread.html)."""
from __future__ import annotations

from flask import abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participa import authz
from participa.comment_urls import comment_url_maker
from participa.consultations import comments
from participa.consultations.forms import CommentForm, ReplyForm
from participa.consultations.views.comments import (
    edit_page,
    published_message,
    under_the_text,
)
from participa.domain import NotFound
from participa.models import Stance
from participa.numbers import arg_int, page_arg
from participa.proposals import bp
from participa.proposals.comments import comment_counts, proposal_comment
from participa.web import attempt

SORTS = ("recientes", "apoyados")  # a proposal has no sections to sort by
# The thread template's actions whose endpoint is not proposals.<action>.
ENDPOINTS = {"support": "proposals.support_comment",
             "flag": "moderation.flag_proposal_comment"}


def _comment_or_404(proposal, comment_id: int):
    try:
        return comments.get_comment(proposal, comment_id)
    except NotFound:
        abort(404)


def _anchor(comment) -> str:
    return f"comentario-{comment.root_id or comment.id}"


def thread_context(proposal, form=None, kept_reply: dict | None = None) -> dict:
    """What the proposal page needs to show its thread and the form to join it."""
    sort = request.args.get("orden", "recientes")
    sort = sort if sort in SORTS else "recientes"
    thread = comments.comment_page(proposal, viewer=current_user, sort=sort, page=page_arg(),
                                   after=arg_int("despues"), before=arg_int("antes"))
    return {
        "thread": thread, "sort": sort, "comment_form": form or CommentForm(),
        "comment_count": comment_counts([proposal.id]).get(proposal.id, 0),
        "comments_open": comments.is_open(proposal),
        "can_manage": authz.can_answer_proposal(current_user, proposal),
        "can_still_edit": comments.can_still_edit, "max_depth": comments.MAX_DEPTH,
        "kept_reply": kept_reply, "official_institution": proposal.institution,
        "comment_url": comment_url_maker(
            lambda action: ENDPOINTS.get(action, f"proposals.{action}"),
            proposal_id=proposal.id),
        "thread_url": lambda **args: url_for("proposals.show", proposal_id=proposal.id, **args),
    }


def _page(proposal, status: int, **thread):
    from participa.proposals.views import render_show

    return render_show(proposal, status, **thread)


def _visible(proposal_id: int):
    from participa.proposals.views import visible_proposal_or_404

    return visible_proposal_or_404(proposal_id)


@bp.route("/<int:proposal_id>/comentarios", methods=["POST"])
@login_required
def add_comment(proposal_id: int):
    proposal = _visible(proposal_id)
    authz.require(authz.can_comment(current_user))
    form = CommentForm()
    if form.validate_on_submit():
        done = attempt(lambda: comments.add_comment(
            current_user, proposal, body=form.body.data, stance=Stance(form.stance.data)),
            form=form, success=published_message)
        under_the_text(form, done)
        if done:
            return redirect(url_for("proposals.show", proposal_id=proposal.id,
                                    _anchor=_anchor(done.value)))
        return _page(proposal, done.status_code, form=form)
    return _page(proposal, 400, form=form)


@bp.route("/<int:proposal_id>/comentarios/<int:comment_id>/responder", methods=["POST"])
@login_required
def reply(proposal_id: int, comment_id: int):
    proposal = _visible(proposal_id)
    parent = _comment_or_404(proposal, comment_id)
    authz.require(authz.can_comment(current_user))
    form = ReplyForm()
    if form.validate_on_submit():
        done = attempt(lambda: comments.add_comment(
            current_user, proposal, body=form.body.data, stance=Stance.NEUTRAL,
            parent_id=parent.id), form=form,
            success=lambda c: published_message(c, _("Your reply has been published.")))
        if done:
            return redirect(url_for("proposals.show", proposal_id=proposal.id,
                                    _anchor=_anchor(done.value)))
        message, status = done.error.message, done.status_code
    else:
        message, status = next(iter(form.body.errors), None) or _("Write your comment."), 400
    in_box = comments.is_open(proposal) and parent.depth + 1 < comments.MAX_DEPTH
    kept = {"id": parent.id, "text": form.body.data or "", "error": message, "in_box": in_box}
    return _page(proposal, status, form=CommentForm(formdata=None), kept_reply=kept)


@bp.route("/<int:proposal_id>/comentarios/<int:comment_id>/editar", methods=["GET", "POST"])
@login_required
def edit_comment(proposal_id: int, comment_id: int):
    proposal = _visible(proposal_id)
    comment = _comment_or_404(proposal, comment_id)
    return edit_page(comment, url_for("proposals.show", proposal_id=proposal.id), proposal.title)


def _comment_action(proposal_id: int, comment_id: int, action, message: str,
                    manage: bool = False):
    proposal = _visible(proposal_id)
    if manage:
        authz.require(authz.can_answer_proposal(current_user, proposal))
    comment = _comment_or_404(proposal, comment_id)
    attempt(lambda: action(current_user, comment), success=message)
    return redirect(url_for("proposals.show", proposal_id=proposal.id, _anchor=_anchor(comment)))


@bp.route("/<int:proposal_id>/comentarios/<int:comment_id>/eliminar", methods=["POST"])
@login_required
def delete_comment(proposal_id: int, comment_id: int):
    return _comment_action(proposal_id, comment_id, comments.delete_comment,
                           _("Your comment has been deleted."))


@bp.route("/<int:proposal_id>/comentarios/<int:comment_id>/apoyar", methods=["POST"])
@login_required
def support_comment(proposal_id: int, comment_id: int):
    return _comment_action(proposal_id, comment_id, comments.support_comment,
                           _("You support this comment."))


@bp.route("/<int:proposal_id>/comentarios/<int:comment_id>/respondido", methods=["POST"])
@login_required
def mark_answered(proposal_id: int, comment_id: int):
    return _comment_action(proposal_id, comment_id, comments.mark_answered,
                           _("The comment is marked as answered."), manage=True)


@bp.route("/comentarios/<int:comment_id>")
def comment_link(comment_id: int):
    """The address of a comment under a proposal (search results, Mi Participa): its place
    in the proposal's thread."""
    comment = proposal_comment(comment_id)
    if comment is None:
        abort(404)
    proposal = _visible(comment.proposal_id)
    return redirect(url_for("proposals.show", proposal_id=proposal.id, _anchor=_anchor(comment)))
