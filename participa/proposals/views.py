"""Proposal pages: load scoped objects, ask authz, call the service, commit, render."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participa import authz, kept_content
from participa.consultations import reader_pages
from participa.consultations.comments import thread_comments
from participa.domain import NotFound
from participa.extensions import db
from participa.institution_names import institution_label
from participa.models import (
    AnswerOutcome,
    ContentKind,
    ModerationState,
    ProposalState,
    ProposalTopic,
)
from participa.moderation import service as moderation
from participa.numbers import page_arg
from participa.proposals import bp, notify, service
from participa.proposals.comment_views import thread_context
from participa.proposals.comments import comment_counts
from participa.proposals.forms import (
    ActionForm,
    AnswerForm,
    EditProposalForm,
    ProposalForm,
    SettingsForm,
)
from participa.sanitize import clean_html
from participa.web import attempt


def _enum_arg(name: str, enum_cls):
    raw = request.args.get(name, "")
    try:
        return enum_cls(raw) if raw else None
    except ValueError:
        return None


def visible_proposal_or_404(proposal_id: int):
    try:
        proposal = service.get_proposal(proposal_id)
    except NotFound:
        abort(404)
    if not authz.can_view_proposal(current_user, proposal):
        abort(404)  # held or hidden proposals do not exist for other people
    return proposal


def _institution_or_404(acronym: str):
    institution = service.institution_by_acronym(acronym)
    if institution is None:
        abort(404)
    return institution


@bp.route("/")
def index():
    acronym = request.args.get("institucion", "")
    institution = service.institution_by_acronym(acronym) if acronym else None
    topic = _enum_arg("tema", ProposalTopic)
    state = _enum_arg("estado", ProposalState)
    sort = request.args.get("orden", "supports")
    sort = sort if sort in service.SORTS else "supports"
    page = page_arg()
    reviewed = authz.institutions_reviewed_by(current_user)
    # The list is the same for every citizen who reviews nothing: kept a few seconds.
    shared_key = kept_content.key("proposals") \
        if kept_content.may_keep(current_user) and not reviewed else None
    kept = kept_content.get(shared_key) if shared_key else None
    if kept is not None:
        return render_template("proposals/index.html", kept_content=kept_content.with_token(kept))
    pagination = service.list_proposals(institution=institution, topic=topic, state=state,
                                        sort=sort, page=page)
    filters = {"institucion": institution.acronym if institution else None,
               "tema": topic.value if topic else None,
               "estado": state.value if state else None, "orden": sort}
    return render_template("proposals/index.html", pagination=pagination, filters=filters,
                           comment_counts=comment_counts(p.id for p in pagination.items),
                           institutions=service.active_institutions(),
                           reviewed=reviewed, keep_content=kept_content.keeper(shared_key))


@bp.route("/nueva", methods=["GET", "POST"])
@login_required
def create():
    authz.require(authz.can_submit_proposal(current_user))
    form = ProposalForm()
    institutions = service.active_institutions()
    form.institution.choices = [("", _("Choose…"))] + [
        (i.acronym, f"{i.name} ({i.acronym})") for i in institutions]
    if request.method == "GET" and request.args.get("institucion"):
        form.institution.data = request.args["institucion"]
    status = 200
    if form.validate_on_submit():
        institution = service.institution_by_acronym(form.institution.data)

        def submit():
            if institution is None:
                raise NotFound(_("Choose the institution."), field="institution")
            return service.submit_proposal(
                current_user, institution, title=form.title.data, summary=form.summary.data,
                body=form.body.data, topic=ProposalTopic(form.topic.data))

        done = attempt(submit, form=form, success=lambda proposal: (
            _("Your proposal is published. Share it so that others support it.")
            if proposal.is_published else
            _("Your proposal was received. The institution reviews it before publishing it; "
              "until then only you can see it.")))
        if done:
            return redirect(url_for("proposals.show", proposal_id=done.value.id))
        status = 400
    elif form.errors:
        status = 400
    return render_template("proposals/form.html", form=form, proposal=None), status


@bp.route("/<int:proposal_id>")
def show(proposal_id: int):
    try:
        proposal = service.get_proposal(proposal_id)
    except NotFound:
        abort(404)
    if not authz.can_view_proposal(current_user, proposal):
        if proposal.moderation != ModerationState.HIDDEN:
            abort(404)  # held for pre-moderation: not public yet
        # Hidden by moderation: everyone else learns it is hidden, never what it says.
        item = moderation.item_of_content(ContentKind.PROPOSAL, proposal.id)
        return render_template("proposals/hidden.html", proposal=proposal,
                               under_review=moderation.is_under_review(item))
    return render_show(proposal)


def render_show(proposal, status: int = 200, *, form=None, kept_reply: dict | None = None):
    """The proposal page with its comment thread; `form` and `kept_reply` bring back a
    refused comment or reply with its error. A citizen who neither wrote nor handles the
    proposal may get it from the content kept for signed-in readers (reader_pages)."""
    is_author = authz.is_proposal_author(current_user, proposal)
    can_answer = authz.can_answer_proposal(current_user, proposal)
    state, is_open = proposal.effective_state(), proposal.is_open()
    overdue = service.is_overdue(proposal)
    page_key = reader_pages.key(proposal, f"{state.value} {is_open} {overdue}")
    keepable = (form is None and kept_reply is None and status == 200
                and proposal.is_published and proposal.moderation == ModerationState.PUBLISHED
                and reader_pages.may_keep(proposal, current_user, runs_it=(
                    is_author or can_answer
                    or authz.can_review_proposals(current_user, proposal.institution)))
                and not reader_pages.has_recent_stake(proposal, current_user))

    def supports_box() -> str:
        supports, has_supported = service.supports_and_mine(current_user, proposal)
        return render_template(
            "proposals/_supports.html", proposal=proposal, is_open=is_open, is_author=False,
            supports=supports, action_form=ActionForm(), has_supported=has_supported)
    kept = reader_pages.kept_for(page_key, current_user, supports_box) if keepable else None
    if kept is not None:
        return render_template("proposals/show.html", proposal=proposal, kept_content=kept), status
    item = moderation.item_of_content(ContentKind.PROPOSAL, proposal.id) \
        if proposal.moderation == ModerationState.HIDDEN else None
    thread = thread_context(proposal, form, kept_reply) if proposal.is_published else {}
    shown = thread_comments(thread["thread"]) if thread else []
    holes = keepable and current_user.id not in {c.author_id for c in shown}
    supports, has_supported = service.supports_and_mine(current_user, proposal)
    return render_template(
        "proposals/show.html", proposal=proposal, supports=supports,
        body_html=clean_html(proposal.body), state=state,
        is_open=is_open, is_author=is_author,
        can_edit=is_author and service.edit_problem(proposal) is None,
        can_withdraw=is_author and service.is_in_authoring(proposal),
        has_supported=has_supported,
        can_answer=can_answer and proposal.state == ProposalState.AWAITING_ANSWER,
        can_publish=authz.can_review_proposals(current_user, proposal.institution)
        and not proposal.is_published and proposal.state == ProposalState.OPEN,
        overdue=overdue, action_form=ActionForm(),
        hidden_item=item, under_review=moderation.is_under_review(item),
        reader_holes=reader_pages.Holes if holes else None,
        keep_content=reader_pages.keeper(page_key, shown, current_user, supports_box)
        if holes else None,
        **thread,
    ), status


def _action(proposal_id: int, act, success_message: str, *, author_only: bool = False,
            reviewer_only: bool = False):
    """Run a one-button action and commit; `act` may return a function to call after the
    commit (a notification). On a domain error, show the proposal page with the reason."""
    proposal = visible_proposal_or_404(proposal_id)
    if author_only:
        authz.require(authz.is_proposal_author(current_user, proposal))
    if reviewer_only:
        authz.require(authz.can_review_proposals(current_user, proposal.institution))
    if not ActionForm().validate_on_submit():
        abort(400)
    done = attempt(lambda: act(proposal))
    if not done:
        return render_show(service.get_proposal(proposal_id), done.status_code)
    if done.value is not None:
        done.value()
    flash(success_message, "success")
    return redirect(url_for("proposals.show", proposal_id=proposal.id))


@bp.route("/<int:proposal_id>/apoyar", methods=["POST"])
@login_required
def support(proposal_id: int):
    def act(proposal):
        if service.support_proposal(current_user, proposal):
            return lambda: notify.threshold_reached(proposal)
        return None
    return _action(proposal_id, act, _("Thank you: your support is counted."))


@bp.route("/<int:proposal_id>/retirar-apoyo", methods=["POST"])
@login_required
def unsupport(proposal_id: int):
    return _action(proposal_id, lambda p: service.withdraw_support(current_user, p),
                   _("Your support was withdrawn."))


@bp.route("/<int:proposal_id>/retirar", methods=["POST"])
@login_required
def withdraw(proposal_id: int):
    return _action(proposal_id, lambda p: service.withdraw_proposal(current_user, p),
                   _("Your proposal was withdrawn."), author_only=True)


@bp.route("/<int:proposal_id>/publicar", methods=["POST"])
@login_required
def publish(proposal_id: int):
    return _action(proposal_id, lambda p: service.publish_proposal(current_user, p),
                   _("The proposal is published."), reviewer_only=True)


@bp.route("/<int:proposal_id>/rechazar-edicion", methods=["POST"])
@login_required
def reject_edit(proposal_id: int):
    return _action(proposal_id, lambda p: service.reject_proposal_edit(current_user, p),
                   _("The edit was rejected: the published text stays."), reviewer_only=True)


@bp.route("/<int:proposal_id>/editar", methods=["GET", "POST"])
@login_required
def edit(proposal_id: int):
    proposal = visible_proposal_or_404(proposal_id)
    authz.require(authz.is_proposal_author(current_user, proposal))
    form = EditProposalForm(obj=proposal if request.method == "GET" else None)
    if request.method == "GET":
        form.topic.data = proposal.topic.value
    status = 200
    problem = service.edit_problem(proposal)
    if problem:
        flash(problem, "error")
        status = 409
    if not problem and form.validate_on_submit():
        done = attempt(lambda: service.edit_proposal(
            current_user, proposal, title=form.title.data, summary=form.summary.data,
            body=form.body.data, topic=ProposalTopic(form.topic.data)),
            form=form, success=lambda _value: (
                _("Your changes are saved. The institution reviews them before they are "
                  "public.") if proposal.pending_edit else _("Your changes are saved.")))
        if done:
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
        status = done.status_code
    elif form.errors and not problem:
        status = 400
    return render_template("proposals/form.html", form=form, proposal=proposal), status


@bp.route("/<int:proposal_id>/responder", methods=["GET", "POST"])
@login_required
def answer(proposal_id: int):
    proposal = visible_proposal_or_404(proposal_id)
    authz.require(authz.can_answer_proposal(current_user, proposal))
    form = AnswerForm()
    status = 200
    if proposal.state != ProposalState.AWAITING_ANSWER:
        flash(_("Only proposals awaiting an answer can be answered."), "error")
        status = 409
    if form.validate_on_submit():
        done = attempt(lambda: service.answer_proposal(
            current_user, proposal, outcome=AnswerOutcome(form.outcome.data),
            text=form.text.data), form=form)
        if done:
            notify.answered(proposal)
            flash(_("The answer is published and the author has been told."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
        status = done.status_code
    elif form.errors:
        status = 400
    return render_template("proposals/answer.html", form=form, proposal=proposal,
                           supports=service.support_count(proposal),
                           overdue=service.is_overdue(proposal)), status


@bp.route("/pendientes")
@login_required
def pending():
    institutions = authz.institutions_reviewed_by(current_user)
    authz.require(bool(institutions) or authz.is_platform_admin(current_user))
    configurable = [i for i in service.active_institutions()
                    if authz.can_configure_proposals(current_user, i)]
    return render_template("proposals/pending.html",
                           proposals=service.pending_proposals(institutions),
                           configurable=configurable, action_form=ActionForm())


@bp.route("/ajustes/<acronym>", methods=["GET", "POST"])
@login_required
def settings(acronym: str):
    institution = _institution_or_404(acronym)
    authz.require(authz.can_configure_proposals(current_user, institution))
    current = service.settings_for(institution)
    form = SettingsForm(obj=current)
    status = 200
    if form.validate_on_submit():
        service.update_settings(
            current_user, institution, support_threshold=form.support_threshold.data,
            collection_days=form.collection_days.data,
            answer_business_days=form.answer_business_days.data,
            premoderate_proposals=form.premoderate_proposals.data,
            supporter_level=form.supporter_level.data)
        db.session.commit()
        flash(_("Proposal settings saved for %(for_institution)s.",
              for_institution=institution_label(institution, "for", short=True)),
              "success")
        return redirect(url_for("proposals.settings", acronym=institution.acronym))
    elif form.errors:
        status = 400
    return render_template("proposals/settings.html", form=form, institution=institution), status
