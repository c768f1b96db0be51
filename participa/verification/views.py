"""Identity verification pages: the person's own page, the official's in-person counter, and
the platform administrators' census import and revocations."""
from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from participa import authz
from participa.domain import DomainError
from participa.extensions import db
from participa.mail import external_url, send_mail
from participa.models import RegistryState, User
from participa.privacy.access import log_user_opened
from participa.verification import census, in_person, methods, registry, service
from participa.verification.forms import (CensusForm, CensusImportForm, FindPersonForm,
                                          InPersonForm, RegistryForm, RevokeForm)
from participa.web import attempt, show_domain_error

bp = Blueprint("verification", __name__)

from participa.verification import cli, exporters  # noqa: E402,F401  (register themselves)


@bp.before_request
@login_required
def _signed_in_only():
    """Every page here is about a signed-in person; each view asks authz for its rule."""


def _render_verify(form=None, registry_form=None, status: int = 200):
    return render_template("verification/verify.html", level=current_user.verification_level,
                           history=service.history_of(current_user), methods=methods.enabled(),
                           form=form or CensusForm(formdata=None),
                           registry_form=registry_form or RegistryForm(formdata=None),
                           pending=registry.pending_request(current_user)), status


@bp.route("/cuenta/identidad")
def verify():
    return _render_verify()


@bp.route("/cuenta/identidad/padron", methods=["POST"])
def census_check():
    if not methods.is_enabled("census"):
        abort(404)
    form = CensusForm()
    if not form.validate_on_submit():
        return _render_verify(form, status=400)
    done = attempt(lambda: census.verify(current_user, form.birth_date.data), form=form,
                   success=_("Your identity is verified."))
    if not done:
        return _render_verify(form, status=done.status_code)
    return redirect(url_for("verification.verify"))


@bp.route("/cuenta/identidad/registro-civil", methods=["POST"])
def registry_check():
    if not methods.is_enabled("registry"):
        abort(404)
    form = RegistryForm()
    if not form.validate_on_submit():
        return _render_verify(registry_form=form, status=400)
    filed = attempt(lambda: registry.file_request(current_user, form.full_name.data,
                                                  form.birth_date.data), form=form)
    if not filed:
        return _render_verify(registry_form=form, status=filed.status_code)
    # stored before the service is asked: a failure never loses it
    asked = attempt(lambda: registry.attempt(filed.value))
    if not asked:
        return redirect(url_for("verification.verify"))
    state = asked.value
    if state == RegistryState.MATCHED:
        flash(_("Your identity is verified."), "success")
    elif state == RegistryState.NO_MATCH:
        flash(_("The civil registry says these details do not match your cédula. Check them "
                "and try again, or verify your identity another way."), "error")
    else:
        flash(_("The civil registry did not answer. Your request is kept and will be sent "
                "again; you do not need to do anything."), "info")
    return redirect(url_for("verification.verify"))


# --- In person ---------------------------------------------------------------------------

@bp.route("/verificar-en-persona", methods=["GET", "POST"])
def in_person_find():
    authz.require(methods.is_enabled("in_person") and authz.can_verify_in_person(current_user))
    form = FindPersonForm()
    if form.validate_on_submit():
        person = in_person.find_person(form.email.data)
        if person is None:
            form.email.errors.append(_("No account uses this email address."))
            return render_template("verification/in_person_find.html", form=form), 400
        return redirect(url_for("verification.in_person_confirm", user_id=person.id))
    return render_template("verification/in_person_find.html", form=form), \
        400 if request.method == "POST" else 200


@bp.route("/verificar-en-persona/<int:user_id>", methods=["GET", "POST"])
def in_person_confirm(user_id: int):
    authz.require(methods.is_enabled("in_person") and authz.can_verify_in_person(current_user))
    person = db.session.get(User, user_id)
    if person is None or person.deleted_at is not None:
        abort(404)
    institutions = authz.institutions_verifying_for(current_user)
    form = InPersonForm()
    form.institution.choices = [SelectChoice(i.id, f"{i.acronym} — {i.name}")
                                for i in institutions]
    status = 200
    if form.validate_on_submit():
        institution = next((i for i in institutions if i.id == form.institution.data), None)
        if institution is None:
            abort(403)
        done = attempt(lambda: in_person.verify(current_user, person,
                                                cedula_on_card=form.cedula.data,
                                                place=form.place.data, institution=institution),
                       form=form)
        if not done:
            status = done.status_code
        else:
            if done.value is None:
                flash(_("This account could not be verified now. A platform administrator will "
                        "look into it and write to the person."), "error")
            else:
                flash(_("The person's identity is verified."), "success")
            return redirect(url_for("verification.in_person_find"))
    elif request.method == "POST":
        status = 400
    log_user_opened(current_user, person)  # the person sees in "My data" who opened it
    db.session.commit()
    return render_template("verification/in_person_confirm.html", form=form, person=person,
                           level=person.verification_level), status


# --- Platform administrators -------------------------------------------------------------

@bp.route("/admin/padron", methods=["GET", "POST"])
def census_import():
    authz.require(authz.can_administer_platform(current_user))
    form = CensusImportForm()
    errors: list = []
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        try:
            rows = census.import_census(current_user, upload.read(), upload.filename or "")
        except census.CensusRefused as error:
            db.session.rollback()
            show_domain_error(form, error)
            errors, status = error.errors, 400
        else:
            db.session.commit()
            flash(ngettext("Census imported: %(num)d person.", "Census imported: %(num)d people.",
                           rows), "success")
            return redirect(url_for("verification.census_import"))
    elif request.method == "POST":
        status = 400
    return render_template("verification/census_import.html", form=form, errors=errors,
                           size=census.census_size(),
                           enabled=methods.is_enabled("census")), status


@bp.route("/admin/verificaciones")
def verifications():
    authz.require(authz.can_revoke_verifications(current_user))
    page = service.active_verifications(page=request.args.get("pagina", 1, type=int))
    return render_template("verification/admin_list.html", page=page)


@bp.route("/admin/verificaciones/<int:verification_id>/revocar", methods=["GET", "POST"])
def revoke(verification_id: int):
    authz.require(authz.can_revoke_verifications(current_user))
    try:
        verification = service.get_verification(verification_id)
    except DomainError:
        abort(404)
    form = RevokeForm()
    status = 200
    if form.validate_on_submit():
        done = attempt(lambda: service.revoke(current_user, verification, form.reason.data),
                       form=form)
        if not done:
            status = done.status_code
        else:
            _tell_revoked(verification)
            flash(_("The verification was revoked; the person has been told."), "success")
            return redirect(url_for("verification.verifications"))
    elif request.method == "POST":
        status = 400
    return render_template("verification/revoke.html", form=form,
                           verification=verification), status


def _tell_revoked(verification) -> None:
    """The person learns it, in their language; a failing relay is logged, the decision
    stands."""
    person = verification.user
    with force_locale(person.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Your identity verification on Participa was revoked")
        body = render_template("verification/revoked_mail.txt", person=person,
                               verification=verification,
                               link=external_url("verification.verify"))
    try:
        send_mail(person.email, subject, body)
    except Exception:
        current_app.logger.exception("Could not mail a revoked verification to %s", person.id)
