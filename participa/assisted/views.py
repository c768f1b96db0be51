"""Pages of assisted filing: the desk of Infocentro staff and officials (file a case for a
person, the receipt, the call list, the printed answer), the public follow-up with a second
factor, the claim by a later account, and the administration of Infocentros."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from participa import authz
from participa.assisted import bp, infocentros, service
from participa.assisted.forms import (AssistedCaseForm, CallForm, FollowForm, InfocentroForm,
                                      PrintLookupForm, StaffForm)
from participa.assisted.labels import (CALL_OUTCOME_LABELS, CHANNEL_LABELS,
                                       CONSENT_FORM_LABELS, FACTOR_LABELS, REACH_BY_LABELS)
from participa.assisted.service import Desk, Person
from participa.cases import queries
from participa.cases import service as cases
from participa.cases.businessdays import local_date
from participa.domain import DomainError
from participa.extensions import db
from participa.institution_names import institution_label
from participa.labels import CASE_TYPE_LABELS
from participa.mail import external_url, send_mail
from participa.models import (CallOutcome, CaseType, ConsentForm, Infocentro, Institution,
                              ReachBy)
from participa.numbers import parse_int
from participa.privacy.access import log_case_opened
from participa.timeutil import utcnow
from participa.web import attempt, show_domain_error


@bp.app_context_processor
def _assisted_labels():
    return {"channel_labels": CHANNEL_LABELS, "reach_by_labels": REACH_BY_LABELS,
            "consent_form_labels": CONSENT_FORM_LABELS, "factor_labels": FACTOR_LABELS,
            "call_outcome_labels": CALL_OUTCOME_LABELS}


def _require_desk() -> None:
    if not current_user.is_authenticated:
        abort(401)
    authz.require(authz.can_file_assisted(current_user))


def _render_desk(lookup_form=None, status=200):
    listed = service.call_list(current_user)
    institutions = db.session.scalars(select(Institution).where(Institution.active.is_(True))
                                      .order_by(Institution.name)).all()
    return render_template("assisted/desk.html", listed=listed, institutions=institutions,
                           calls=service.calls_of([case.id for case in listed]),
                           call_form=CallForm(), lookup_form=lookup_form or PrintLookupForm(),
                           infocentros=authz.infocentros_staffed_by(current_user)), status


@bp.route("/")
@login_required
def desk():
    _require_desk()
    return _render_desk()


def _desk_choices() -> list[SelectChoice]:
    return [SelectChoice(f"i:{place.id}", _("Infocentro %(name)s", name=place.name))
            for place in authz.infocentros_staffed_by(current_user)] + [
            SelectChoice(f"o:{institution.id}", _("Counter of %(of_institution)s",
                                               of_institution=institution_label(institution,
                                                                                "of")))
            for institution in authz.institutions_acting_for(current_user)]


def _desk_of(value: str) -> Desk:
    kind, _sep, raw = (value or "").partition(":")
    ident = parse_int(raw)
    if kind == "i":
        return Desk(infocentro=db.session.get(Infocentro, ident) if ident else None)
    if kind == "o":
        return Desk(office=db.session.get(Institution, ident) if ident else None)
    return Desk()


@bp.route("/nuevo")
@login_required
def choose():
    _require_desk()
    acronym = (request.args.get("institucion") or "").strip()
    if acronym:
        return redirect(url_for("assisted.file_case", acronym=acronym))
    return redirect(url_for("assisted.desk"))


@bp.route("/nuevo/<acronym>", methods=["GET", "POST"])
@login_required
def file_case(acronym: str):
    _require_desk()
    institution = db.session.scalar(select(Institution).where(
        Institution.acronym == acronym.upper(), Institution.active.is_(True)))
    if institution is None:
        abort(404)
    categories = cases.active_categories(institution)
    form = AssistedCaseForm()
    form.desk.choices = _desk_choices()
    form.category.choices = [SelectChoice("", _("Choose a category"))] + [
        SelectChoice(c.id, c.name) for c in categories]
    form.type.choices = [SelectChoice(t.value, CASE_TYPE_LABELS[t])
                         for t in cases.offered_types(institution)]
    status = 200
    if form.validate_on_submit():
        person = Person(name=form.person_name.data, reach_by=ReachBy(form.reach_by.data),
                        phone=form.phone.data or "", postal_address=form.postal_address.data
                        or "", email=form.email.data or "",
                        cedula_last4=form.cedula_last4.data or "")
        def file_and_mail():
            case, pin = service.file_assisted(
                current_user, institution, _desk_of(form.desk.data),
                channel=form.channel_value, person=person, consent_given=form.consent.data,
                consent_form=ConsentForm(form.consent_form.data) if form.consent_form.data
                else None, category_id=form.category.data,
                case_type=CaseType(form.type.data), subject=form.subject.data,
                description=form.description.data,
                priority=form.assisted_priority_request())
            _mail_receipt(case, pin)  # committed with the case: both or neither
            return case, pin

        filed = attempt(file_and_mail, form=form)
        if filed:
            case, pin = filed.value
            return render_template("assisted/receipt.html", case=case, pin=pin,
                                   follow_url=external_url("assisted.follow"))
        if filed.status_code == 403:
            abort(403)
        status = filed.status_code
    elif form.errors:
        status = 400
    return render_template("assisted/file.html", institution=institution, form=form,
                           categories=categories), status


def _mail_receipt(case, pin: str | None) -> None:
    """The receipt by mail, where the person gave an address (in the default language)."""
    if not case.contact_email:
        return
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Your case %(code)s: %(subject)s", code=case.code, subject=case.subject)
        body = render_template("assisted/mail_receipt.txt", case=case, pin=pin,
                               follow_url=external_url("assisted.follow"))
    send_mail(case.contact_email, subject, body)


def _case_for_staff(code: str):
    try:
        return service.assisted_case_for_staff(current_user, code)
    except DomainError:
        abort(404)


@bp.route("/imprimir")
@login_required
def print_lookup():
    _require_desk()
    form = PrintLookupForm(request.args)
    if form.validate():
        try:
            case = service.assisted_case_for_staff(current_user, form.code.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return redirect(url_for("assisted.print_case", code=case.code))
    return _render_desk(form, 400)


@bp.route("/casos/<code>/imprimir")
@login_required
def print_case(code: str):
    """The case's state and answer printed for a person who comes back."""
    case = _case_for_staff(code)
    log_case_opened(current_user, case)  # the person's data are on the page
    db.session.commit()
    return render_template("assisted/print.html", case=case,
                           events=queries.history(case, internal=False),
                           today=local_date(utcnow()))


@bp.route("/casos/<code>/llamada", methods=["POST"])
@login_required
def record_call(code: str):
    case = _case_for_staff(code)
    form = CallForm()
    if form.validate_on_submit():
        recorded = attempt(lambda: service.record_call(
            current_user, case, CallOutcome(form.outcome.data), form.note.data or ""),
            form=form, success=_("The call has been recorded."))
        if recorded:
            return redirect(url_for("assisted.desk"))
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
    return redirect(url_for("assisted.desk"))


# --- the person, without an account --------------------------------------------------------

@bp.route("/seguimiento", methods=["GET", "POST"])
def follow():
    """The tracking code and the second factor show the case's state and answer."""
    form = FollowForm()
    if form.validate_on_submit():
        try:
            case = service.find_with_factor(form.code.data, form.factor.data)
        except DomainError as error:
            show_domain_error(form, error)
            return render_template("assisted/follow.html", form=form), 400
        return render_template("assisted/status.html", case=case,
                               events=queries.history(case, internal=False),
                               today=local_date(utcnow()))
    return render_template("assisted/follow.html", form=form), 400 if form.errors else 200


@bp.route("/reclamar", methods=["GET", "POST"])
@login_required
def claim():
    """A person who now has an account makes their assisted case theirs."""
    form = FollowForm()
    if form.validate_on_submit():
        claimed = attempt(lambda: service.claim(current_user, form.code.data, form.factor.data),
                          form=form, success=_("The case is now in your account."))
        if claimed:
            return redirect(url_for("cases.show", code=claimed.value.code))
        return render_template("assisted/claim.html", form=form), claimed.status_code
    return render_template("assisted/claim.html", form=form), 400 if form.errors else 200


# --- Infocentros, kept by platform administrators -------------------------------------------

@bp.route("/infocentros", methods=["GET", "POST"])
@login_required
def infocentro_list():
    authz.require(authz.can_manage_infocentros(current_user))
    form = InfocentroForm()
    status = 200
    if form.validate_on_submit():
        created = attempt(lambda: infocentros.create(
            current_user, name=form.name.data, place_code=form.place_code.data), form=form,
            success=_("The Infocentro has been created."))
        if created:
            return redirect(url_for("assisted.infocentro_detail", ident=created.value.id))
        status = created.status_code
    elif form.errors:
        status = 400
    return render_template("assisted/infocentros.html", form=form,
                           infocentros=infocentros.all_infocentros()), status


@bp.route("/infocentros/<int:ident>", methods=["GET", "POST"])
@login_required
def infocentro_detail(ident: int):
    authz.require(authz.can_manage_infocentros(current_user))
    infocentro = db.session.get(Infocentro, ident) or abort(404)
    form = StaffForm()
    status = 200
    if form.validate_on_submit():
        added = attempt(lambda: infocentros.add_staff(current_user, infocentro, form.email.data),
                        form=form, success=_("The person now works at this Infocentro."))
        if added:
            return redirect(url_for("assisted.infocentro_detail", ident=ident))
        status = added.status_code
    elif form.errors:
        status = 400
    return render_template("assisted/infocentro.html", infocentro=infocentro, form=form,
                           remove_form=StaffForm(formdata=None)), status


@bp.route("/infocentros/<int:ident>/personal/<int:user_id>/quitar", methods=["POST"])
@login_required
def remove_staff(ident: int, user_id: int):
    authz.require(authz.can_manage_infocentros(current_user))
    infocentro = db.session.get(Infocentro, ident) or abort(404)
    if FlaskForm().validate_on_submit():  # the CSRF token
        attempt(lambda: infocentros.remove_staff(current_user, infocentro, user_id),
                success=_("The person no longer works at this Infocentro."))
    return redirect(url_for("assisted.infocentro_detail", ident=ident))
