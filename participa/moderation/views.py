"""Moderation pages: flagging, the institution's queue, settings, and the author's notices.

Every queue page loads the institution by its acronym and asks authz.can_moderate first;
items are then loaded scoped to that institution, so another institution's moderator gets
403 and never sees an item of this queue.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from participa import authz
from participa.domain import DomainError, NotFound
from participa.extensions import db
from participa.institution_names import institution_label
from participa.moderation import bp, notify, service
from participa.moderation.forms import ActionForm, AppealForm, FlagForm, SettingsForm
from participa.models import (
    Comment,
    Consultation,
    ContentKind,
    FlagReason,
    Institution,
    ModerationNotice,
    ModerationState,
    Phase,
    Proposal,
    User,
)
from participa.models.consultations import phase_expression
from participa.numbers import page_arg, parse_int
from participa.timeutil import utcnow
from participa.web import attempt, institution_or_404, redirect_next


def nav_pending_count() -> int | None:
    """For the navigation: items waiting in the queues the visitor works (None: no queue).

    Read from the memberships the signed-in user already carries, so that a person who
    moderates nothing costs no query; a moderator costs one COUNT on indexed columns."""
    if not getattr(current_user, "is_authenticated", False):
        return None
    ids = sorted({m.institution_id for m in current_user.memberships
                  if m.role in authz.MODERATING_ROLES})
    if not ids:
        return None
    return service.pending_count(ids)


def _moderated_or_403(acronym: str) -> Institution:
    institution = institution_or_404(acronym)
    authz.require(authz.can_moderate(current_user, institution))
    return institution


# --- Flagging --------------------------------------------------------------------------------

def _flag_page(kind: ContentKind, content, institution, back_url: str):
    form = FlagForm()
    status = 200
    if form.validate_on_submit():
        done = attempt(lambda: service.flag(
            current_user, kind, content, institution, reason=FlagReason(form.reason.data),
            details=form.details.data or ""), form=form,
            success=_("Thank you. The moderators of %(of_institution)s will review it.",
                      of_institution=institution_label(institution, "of", short=True)))
        if done:
            return redirect(back_url)
        status = done.status_code
    elif form.errors:
        status = 400
    return render_template("moderation/flag.html", form=form, kind=kind, content=content,
                           institution=institution, back_url=back_url), status


@bp.route("/marcar/comentario/<int:consultation_id>/<int:comment_id>", methods=["GET", "POST"])
@login_required
def flag_comment(consultation_id: int, comment_id: int):
    authz.require(authz.can_flag(current_user))
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or not authz.can_view_consultation(current_user, consultation):
        abort(404)
    comment = db.session.scalar(select(Comment).where(
        Comment.id == comment_id, Comment.consultation_id == consultation.id))
    return _flag_comment_page(comment, consultation.institution,
                              url_for("consultations.show", consultation_id=consultation.id))


def _flag_comment_page(comment, institution, page_url: str):
    """Flag a comment of a thread on `page_url`: never a deleted one, nor one held for
    pre-moderation (only its author and the moderators know it exists)."""
    held = comment is not None and comment.moderation == ModerationState.PENDING
    if comment is None or comment.is_deleted or held:
        abort(404)
    back = f"{page_url}#comentario-{comment.root_id or comment.id}"
    return _flag_page(ContentKind.COMMENT, comment, institution, back)


@bp.route("/marcar/comentario-propuesta/<int:proposal_id>/<int:comment_id>",
          methods=["GET", "POST"])
@login_required
def flag_proposal_comment(proposal_id: int, comment_id: int):
    authz.require(authz.can_flag(current_user))
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or not authz.can_view_proposal(current_user, proposal):
        abort(404)
    comment = db.session.scalar(select(Comment).where(
        Comment.id == comment_id, Comment.proposal_id == proposal.id))
    return _flag_comment_page(comment, proposal.institution,
                              url_for("proposals.show", proposal_id=proposal.id))


@bp.route("/marcar/propuesta/<int:proposal_id>", methods=["GET", "POST"])
@login_required
def flag_proposal(proposal_id: int):
    authz.require(authz.can_flag(current_user))
    try:
        from participa.proposals import service as proposal_service

        proposal = proposal_service.get_proposal(proposal_id)
    except NotFound:
        abort(404)
    if not authz.can_view_proposal(current_user, proposal):
        abort(404)
    back = url_for("proposals.show", proposal_id=proposal.id)
    return _flag_page(ContentKind.PROPOSAL, proposal, proposal.institution, back)


# --- The queue -------------------------------------------------------------------------------

@bp.route("/")
@login_required
def index():
    institutions = authz.institutions_moderated_by(current_user)
    admin = authz.is_platform_admin(current_user)
    authz.require(bool(institutions) or admin)
    if len(institutions) == 1 and not admin:
        return redirect(url_for("moderation.queue", acronym=institutions[0].acronym))
    return render_template("moderation/index.html", institutions=institutions,
                           escalated=service.escalated_appeals(page=1).total if admin else 0)


def _render_queue(institution: Institution, status: int = 200, errors: dict | None = None):
    page = page_arg()
    pagination = service.queue(institution, page=page)
    items = list(pagination.items)
    history = service.hidden_history(institution, [i.author_id for i in items if i.author_id])
    return render_template(
        "moderation/queue.html", institution=institution, pagination=pagination,
        history=history, reasons=service.flag_reasons([i.id for i in items]),
        errors=errors or {}, action_form=ActionForm(),
        escalated=service.escalated_ids([i.id for i in items]),
        held_proposals=service.held_proposal_count(institution),
        can_configure=authz.can_configure_moderation(current_user, institution)), status


def _render_decided(institution: Institution, status: int = 200, errors: dict | None = None):
    state = request.args.get("estado", "")
    kind = request.args.get("tipo", "")
    pagination = service.decided(institution, state=state, kind=kind, page=page_arg())
    return render_template(
        "moderation/decided.html", institution=institution, pagination=pagination,
        state=state if state in service.DECIDED_STATES else "",
        kind=kind if kind in {k.value for k in ContentKind} else "",
        errors=errors or {}), status


def _render_escalated(status: int = 200, errors: dict | None = None):
    return render_template("moderation/escalated.html",
                           pagination=service.escalated_appeals(page=page_arg()),
                           errors=errors or {}), status


def _render_back(institution: Institution, status: int, errors: dict):
    """After a refused decision, the page the moderator came from, with the error."""
    back = request.form.get("from", "")
    if back == "decided":
        return _render_decided(institution, status, errors)
    if back == "escalated":
        return _render_escalated(status, errors)
    return _render_queue(institution, status, errors)


@bp.route("/<acronym>")
@login_required
def queue(acronym: str):
    return _render_queue(_moderated_or_403(acronym))


@bp.route("/<acronym>/decididos")
@login_required
def decided(acronym: str):
    return _render_decided(_moderated_or_403(acronym))


@bp.route("/apelaciones")
@login_required
def escalated():
    """Appeals nobody in their institution may decide, for the platform's administrators."""
    authz.require(authz.is_platform_admin(current_user))
    return _render_escalated()


def _after_commit(result) -> None:
    notify.send(result if isinstance(result, ModerationNotice) else None)


DECIDED_MESSAGES = {
    "approve": _l("The content is published."),
    "hide": _l("The content is hidden and its author has been told why."),
    "restore": _l("The content is public again."),
    "dismiss": _l("The flags were dismissed."),
    "reject_edit": _l("The edit was rejected: the earlier text stays public."),
}


@bp.route("/<acronym>/elementos/<int:item_id>/<action>", methods=["POST"])
@login_required
def decide(acronym: str, item_id: int, action: str):
    institution = institution_or_404(acronym)
    moderates = authz.can_moderate(current_user, institution)
    authz.require(moderates or authz.is_platform_admin(current_user))
    if action not in service.ACTIONS or not ActionForm().validate_on_submit():
        abort(400)
    try:
        item = service.get_item(institution, item_id)
    except NotFound:
        abort(404)
    # A platform administrator decides only the appeals nobody in the institution may.
    authz.require(moderates or service.can_decide(current_user, item))
    revision = parse_int(request.form.get("revision"))
    if revision is None:
        abort(400)
    reason = request.form.get("reason", "")
    args = (reason,) if action in ("hide", "restore") else ()
    done = attempt(lambda: service.ACTIONS[action](current_user, item, revision, *args),
                   success=DECIDED_MESSAGES[action])
    if not done:
        return _render_back(institution, done.status_code,
                            {item_id: {"message": done.error.message, "reason": reason}})
    _after_commit(done.value)
    return redirect_next("moderation.queue", acronym=institution.acronym)


@bp.route("/<acronym>/lote", methods=["POST"])
@login_required
def bulk(acronym: str):
    institution = _moderated_or_403(acronym)
    if not ActionForm().validate_on_submit():
        abort(400)
    action = request.form.get("action", "")
    if action not in service.ACTIONS:
        flash(_("Choose what to do with the selected items."), "error")
        return _render_queue(institution, 400)
    selected = []
    for raw in request.form.getlist("item"):
        item_id, _sep, revision = raw.partition(":")
        if parse_int(item_id) is not None and parse_int(revision) is not None:
            selected.append((parse_int(item_id), parse_int(revision)))
    if not selected:
        flash(_("Select at least one item."), "error")
        return _render_queue(institution, 400)
    reason = request.form.get("reason", "")
    if action == "hide" and not reason.strip():
        flash(_("Give the reason for hiding it: its author will read it."), "error")
        return _render_queue(institution, 400)
    done, refused, notices = 0, [], []
    for item_id, revision in selected:
        try:
            with db.session.begin_nested():
                item = service.get_item(institution, item_id)
                args = (reason,) if action in ("hide", "restore") else ()
                result = service.ACTIONS[action](current_user, item, revision, *args)
        except DomainError as error:
            refused.append(str(error.message))
            continue
        done += 1
        if isinstance(result, ModerationNotice):
            notices.append(result)
    db.session.commit()
    for notice in notices:
        notify.send(notice)
    flash(ngettext("%(done)d of %(num)d item decided.", "%(done)d of %(num)d items decided.",
                   len(selected), done=done),
          "success" if not refused else "error")
    for message in sorted(set(refused)):
        flash(message, "error")
    return redirect(url_for("moderation.queue", acronym=institution.acronym))


@bp.route("/<acronym>/elementos/<int:item_id>/suspender", methods=["POST"])
@login_required
def ban(acronym: str, item_id: int):
    institution = _moderated_or_403(acronym)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        item = service.get_item(institution, item_id)
    except NotFound:
        abort(404)
    author = db.session.get(User, item.author_id) if item.author_id else None
    if author is None:
        abort(404)
    reason = request.form.get("reason", "")
    days = parse_int(request.form.get("days", "")) or 0
    done = attempt(lambda: service.ban(current_user, institution, author, days=days,
                                       reason=reason),
                   success=lambda _ban: ngettext(
                       "%(name)s cannot take part in the spaces of %(of_institution)s for "
                       "%(num)d day.",
                       "%(name)s cannot take part in the spaces of %(of_institution)s for "
                       "%(num)d days.", days, name=author.name,
                       of_institution=institution_label(institution, "of", short=True)))
    if not done:
        return _render_back(institution, done.status_code,
                            {item_id: {"message": done.error.message, "reason": reason,
                                       "ban": True, "field": done.error.field,
                                       "days": request.form.get("days", "")}})
    return redirect_next("moderation.queue", acronym=institution.acronym)


# --- Settings --------------------------------------------------------------------------------

def _consultations(institution: Institution) -> list[Consultation]:
    now = utcnow()
    return list(db.session.scalars(
        select(Consultation).where(Consultation.institution_id == institution.id,
                                   phase_expression(now).in_([Phase.DRAFT.value,
                                                              Phase.INFORMATION.value,
                                                              Phase.OPEN.value]))
        .order_by(Consultation.closes_at).limit(100)))


@bp.route("/<acronym>/ajustes", methods=["GET", "POST"])
@login_required
def settings(acronym: str):
    institution = institution_or_404(acronym)
    authz.require(authz.can_configure_moderation(current_user, institution))
    current = service.settings_for(institution)
    form = SettingsForm(obj=current)
    status = 200
    if form.validate_on_submit():
        service.update_settings(current_user, institution,
                                flag_threshold=form.flag_threshold.data)
        db.session.commit()
        flash(_("Moderation settings saved for %(for_institution)s.",
              for_institution=institution_label(institution, "for", short=True)),
              "success")
        return redirect(url_for("moderation.settings", acronym=institution.acronym))
    elif form.errors:
        status = 400
    return render_template("moderation/settings.html", form=form, institution=institution,
                           consultations=_consultations(institution),
                           action_form=ActionForm()), status


@bp.route("/<acronym>/consultas/<int:consultation_id>/premoderacion", methods=["POST"])
@login_required
def premoderation(acronym: str, consultation_id: int):
    institution = institution_or_404(acronym)
    authz.require(authz.can_configure_moderation(current_user, institution))
    if not ActionForm().validate_on_submit():
        abort(400)
    consultation = db.session.scalar(select(Consultation).where(
        Consultation.id == consultation_id, Consultation.institution_id == institution.id))
    if consultation is None:
        abort(404)
    enabled = request.form.get("enabled") == "1"
    service.set_comment_premoderation(current_user, consultation, enabled)
    db.session.commit()
    flash(_("Comments on “%(title)s” are reviewed before they are published.",
            title=consultation.title) if enabled else
          _("Comments on “%(title)s” are published at once.", title=consultation.title),
          "success")
    return redirect(url_for("moderation.settings", acronym=institution.acronym))


# --- The author's side -----------------------------------------------------------------------

@bp.route("/avisos", methods=["GET", "POST"])
def notices():
    """The notices now have one page (participa.citizen)."""
    return redirect(url_for("citizen.notices"), 308 if request.method == "POST" else 301)


def _render_notices(status: int = 200, appeal_errors: dict | None = None):
    from participa.citizen.views import render_notices

    return render_notices(status, appeal_errors)


@bp.route("/avisos/<int:item_id>/apelar", methods=["POST"])
@login_required
def appeal(item_id: int):
    try:
        item = service.item_of_author(current_user, item_id)
    except NotFound:
        abort(404)
    form = AppealForm()
    text = form.text.data or ""
    if form.validate_on_submit():
        done = attempt(lambda: service.appeal(current_user, item, text), success=_(
            "Your appeal has been sent. A different moderator will review it."))
        if not done:
            return _render_notices(done.status_code,
                                   {item_id: {"message": done.error.message, "text": text}})
        return redirect(url_for("citizen.notices"))
    message = next(iter(form.text.errors), _("Explain why the content should be restored."))
    return _render_notices(400, {item_id: {"message": message, "text": text}})
