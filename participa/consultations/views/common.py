"""Helpers the consultation views share: loading objects the visitor may see, the page."""
from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participa import authz
from participa.comment_urls import comment_url_maker
from participa.consultations import comments, reader_pages, service
from participa.consultations.forms import CommentForm
from participa.digest import service as digest_service
from participa.domain import NotFound
from participa.models import Phase
from participa.numbers import arg_int, page_arg


# Phases whose page is the same for every citizen who does not run the consultation (the
# outcome adds each comment's decision, shown with extras that are not kept).
KEPT_PHASES = frozenset({Phase.INFORMATION, Phase.OPEN, Phase.CLOSED})


def consultation_or_404(consultation_id: int):
    try:
        consultation = service.get_consultation(consultation_id)
    except NotFound:
        abort(404)
    if not authz.can_view_consultation(current_user, consultation):
        abort(404)  # a draft does not exist for the public
    return consultation

def managed_or_403(consultation_id: int):
    consultation = consultation_or_404(consultation_id)
    authz.require(authz.can_manage_consultation(current_user, consultation))
    return consultation

def comment_or_404(consultation, comment_id: int):
    try:
        return comments.get_comment(consultation, comment_id)
    except NotFound:
        abort(404)

def render_page(consultation, form=None, status: int = 200, kept_reply: dict | None = None):
    """The consultation page; `kept_reply` brings back a refused reply's text and error.
    A citizen's page may come from the content kept for signed-in readers (reader_pages)."""
    can_manage = authz.can_manage_consultation(current_user, consultation)
    page_key = reader_pages.key(consultation, consultation.phase.value)
    keepable = (form is None and kept_reply is None and status == 200
                and consultation.phase in KEPT_PHASES
                and reader_pages.may_keep(consultation, current_user, runs_it=can_manage)
                and not reader_pages.has_recent_stake(consultation, current_user))

    def questions_panel() -> str:
        from participa.ballots.views import kept_panel  # the ballots import this module

        return kept_panel(consultation)
    kept = reader_pages.kept_for(page_key, current_user, questions_panel) if keepable else None
    if kept is not None:
        return render_template("consultations/show.html", consultation=consultation, kept_content=kept), status
    sort = request.args.get("orden", "recientes")
    if sort not in comments.SORTS:
        sort = "recientes"
    section_id = request.args.get("seccion", type=int)
    form = form or CommentForm()
    form.section.choices = [("", _("The whole text"))] + [
        (str(s.id), s.heading or _("Preamble")) for s in consultation.sections]
    if form.section.data is None and section_id:
        form.section.data = str(section_id)
    figures = service.figures(consultation)
    thread = comments.comment_page(consultation, viewer=current_user, sort=sort,
                                   section_id=section_id, page=page_arg(),
                                   after=arg_int("despues"), before=arg_int("antes"),
                                   public_total=figures.public_thread_length(section_id))
    shown = comments.thread_comments(thread)
    holes = keepable and current_user.id not in {c.author_id for c in shown}
    return render_template(
        "consultations/show.html", consultation=consultation, form=form,
        reader_holes=reader_pages.Holes if holes else None,
        keep_content=reader_pages.keeper(page_key, shown, current_user, questions_panel)
        if holes else None,
        comments_open=consultation.phase == Phase.OPEN,
        official_institution=consultation.institution,
        comment_url=comment_url_maker(
            lambda action: "moderation.flag_comment" if action == "flag"
            else f"consultations.{action}", consultation_id=consultation.id),
        thread_url=lambda **args: url_for("consultations.show", consultation_id=consultation.id,
                                          **{"seccion": section_id, **args}),
        phase=consultation.phase, figures=figures,
        thread=thread,
        sort=sort, section_id=section_id,
        can_manage=can_manage,
        can_still_edit=comments.can_still_edit, max_depth=comments.MAX_DEPTH,
        kept_reply=kept_reply,
        shared_answers=(digest_service.shared_answers([c.id for c in shown])
                        if consultation.phase in (Phase.CLOSED, Phase.OUTCOME) else {}),
    ), status
