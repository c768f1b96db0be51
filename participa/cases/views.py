"""Citizen pages: file a case, follow it by its code, reopen or confirm and rate the answer."""
from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from participa import authz
from participa.cases import attachments, bp, information, notify, queries, service
from participa.cases.businessdays import local_date
from participa.cases.forms import (ConfirmForm, FileCaseForm, ProvideInformationForm,
                                   ReopenForm, TrackForm)
from participa.domain import NotFound
from participa.extensions import db
from participa.institution_names import institution_label
from participa.labels import CASE_TYPE_LABELS
from participa.models import CaseType, ConsentPurpose, Institution
from participa.numbers import page_arg
from participa.privacy.access import accesses_to_case
from participa.privacy.notice import record_consent
from participa.timeutil import utcnow
from participa.web import attempt


def _active_institution_or_404(acronym: str) -> Institution:
    institution = db.session.scalar(select(Institution).where(
        Institution.acronym == acronym.upper(), Institution.active.is_(True)))
    if institution is None:
        abort(404)
    return institution


class SignInToFollow(Exception):
    """A case filed from an account, asked for by someone signed out."""


def _followed_case_or_404(code: str):
    try:
        case = service.find_case_by_code(code)
    except NotFound:
        abort(404)
    if case.citizen_id is None and case.assisted is not None:
        # Filed for a person without an account: followed with its second factor.
        abort(redirect(url_for("assisted.follow")))
    if not authz.can_follow_case(current_user, case):
        # Signed out, its citizen is asked to sign in: the tracking code is unguessable, so
        # this tells nothing to whoever does not already hold it. Signed in as someone else,
        # the case answers exactly as a case that does not exist.
        if not current_user.is_authenticated:
            raise SignInToFollow()
        abort(404)
    return case


@bp.errorhandler(SignInToFollow)
def _sign_in_to_follow(_error):
    return render_template("cases/sign_in_to_follow.html", next_url=request.path), 401


@bp.route("/")
def index():
    return render_template("cases/index.html", track_form=TrackForm(request.args))


@bp.route("/seguir")
def track():
    form = TrackForm(request.args)
    if form.validate():
        code = service.normalise_code(form.code.data)
        if code:
            return redirect(url_for("cases.show", code=code))
        form.code.errors = list(form.code.errors) + [
            _("No case has this tracking code. Check it and try again.")]
    return render_template("cases/index.html", track_form=form), 400


@bp.route("/nuevo")
def choose_institution():
    page = page_arg()
    pagination = db.paginate(select(Institution).where(Institution.active.is_(True))
                             .order_by(Institution.name), page=page, per_page=50,
                             error_out=False)
    return render_template("cases/choose_institution.html", pagination=pagination)


@bp.route("/nuevo/<acronym>", methods=["GET", "POST"])
def file_case(acronym: str):
    institution = _active_institution_or_404(acronym)
    settings = service.settings_for(institution)
    categories = service.active_categories(institution)
    signed_in = current_user.is_authenticated
    if not signed_in and not settings.allows_anonymous:
        if request.method == "POST":
            abort(403)
        return render_template("cases/file.html", institution=institution, form=None,
                               needs_account=True)
    form = FileCaseForm()
    # The citizen chooses the category: none is chosen for them.
    form.category.choices = [SelectChoice("", _("Choose a category"))] + [
        SelectChoice(c.id, c.name) for c in categories]
    offered = service.offered_types(institution)
    form.type.choices = [SelectChoice(t.value, CASE_TYPE_LABELS[t]) for t in offered]
    if not form.is_submitted() and request.args.get("tipo") in {t.value for t in offered}:
        form.type.data = request.args["tipo"]  # a link for one kind of request
    status = 200
    if form.validate_on_submit():
        def file_it():
            checked = attachments.check_files(form.attachments.data)
            case = service.file_case(
                current_user if signed_in else None, institution,
                category_id=form.category.data, case_type=CaseType(form.type.data),
                subject=form.subject.data, description=form.description.data,
                contact_email=form.contact_email.data, place_code=form.place_code,
                latitude=form.latitude.data, longitude=form.longitude.data,
                priority_request=form.priority_request())
            attachments.attach(case, checked)
            record_consent(ConsentPurpose.CASE, user=current_user if signed_in else None,
                           case=case)
            # The receipt is queued in the same transaction as the case: one commit, and
            # never a filed case without its receipt (a mail that cannot be queued is logged
            # by notify and does not stop the filing).
            notify.tell_citizen(case, case.events[0])
            return case

        filed = attempt(file_it, form=form, success=lambda case: _(
            "Your case has been filed. Its tracking code is %(code)s: keep it to follow the "
            "case.", code=case.code))
        if filed:
            return redirect(url_for("cases.show", code=filed.value.code))
        if filed.error.field is None and filed.status_code != 400:
            abort(filed.status_code)
        status = filed.status_code
    elif form.errors:
        status = 400
    return render_template("cases/file.html", institution=institution, form=form,
                           needs_account=False, categories=categories,
                           signed_in=signed_in), status


@bp.route("/mis-casos")
@login_required
def mine():
    page = page_arg()
    return render_template("cases/mine.html", pagination=queries.cases_of_citizen(
        current_user, page), today=local_date(utcnow()),
        news=queries.cases_with_news(current_user))


def _render_case(case, reopen_form=None, confirm_form=None, status=200, reply_form=None):
    return render_template(
        "cases/case.html", case=case, events=queries.history(case, internal=False),
        today=local_date(utcnow()), reopen_until=service.reopen_deadline(case),
        can_reopen=(case.answered_at is not None
                    and utcnow() <= service.reopen_deadline(case)),
        reopen_form=reopen_form or ReopenForm(), confirm_form=confirm_form or ConfirmForm(),
        accesses=accesses_to_case(case),
        question=information.pending_question(case), reply_form=reply_form or
        ProvideInformationForm(), term_suspended=information.suspends_term(case),
    ), status


@bp.route("/<code>")
def show(code: str):
    case = _followed_case_or_404(code)
    if current_user.is_authenticated and case.citizen_id == current_user.id and case.has_news:
        case.citizen_seen_at = utcnow()  # the in-app notice is read
        db.session.commit()
    return _render_case(case)


@bp.route("/<code>/adjuntos/<int:attachment_id>")
def attachment(code: str, attachment_id: int):
    return attachments.send(_followed_case_or_404(code), attachment_id)


@bp.route("/<code>/reabrir", methods=["POST"])
def reopen(code: str):
    case = _followed_case_or_404(code)
    form = ReopenForm()
    if form.validate_on_submit():
        reopened = attempt(lambda: service.reopen(
            current_user if current_user.is_authenticated else None, case, form.note.data),
            form=form, success=_("Your case has been reopened. The institution will answer "
                                 "again."))
        if reopened:
            notify.tell_citizen(case, reopened.value)
            return redirect(url_for("cases.show", code=case.code))
        return _render_case(case, reopen_form=form, status=reopened.status_code)
    return _render_case(case, reopen_form=form, status=400)


@bp.route("/<code>/confirmar", methods=["POST"])
def confirm(code: str):
    case = _followed_case_or_404(code)
    form = ConfirmForm()
    if form.validate_on_submit():
        confirmed = attempt(lambda: service.confirm(
            current_user if current_user.is_authenticated else None, case, form.rating.data,
            form.comment.data), form=form, success=_(
                "Thank you. Your case is resolved and your rating has been recorded."))
        if confirmed:
            notify.tell_citizen(case, confirmed.value)
            return redirect(url_for("cases.show", code=case.code))
        return _render_case(case, confirm_form=form, status=confirmed.status_code)
    return _render_case(case, confirm_form=form, status=400)


@bp.route("/<code>/informacion", methods=["POST"])
def provide_information(code: str):
    """The citizen answers the institution's question; its officials are told."""
    case = _followed_case_or_404(code)
    form = ProvideInformationForm()
    if form.validate_on_submit():
        provided = attempt(lambda: information.provide_information(
            current_user if current_user.is_authenticated else None, case, form.reply.data),
            form=form, success=lambda event: _(
                "Your answer has been sent to %(to_institution)s; the term to resolve your "
                "case runs again.", to_institution=institution_label(case.institution, "to")))
        if provided:
            notify.tell_handlers(case, provided.value)
            return redirect(url_for("cases.show", code=case.code))
        return _render_case(case, reply_form=form, status=provided.status_code)
    return _render_case(case, reply_form=form, status=400)
