"""Administration pages: each view loads its objects, asks authz, then calls the service."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participa import authz, csv_export, exports
from participa.admin import audit_log, bp, service
from participa.auth import security_log as account_security_log
from participa.admin.forms import AuditFilterForm, GlobalRoleForm, InstitutionForm, MemberForm
from participa.domain import DomainError, NotFound
from participa.extensions import db
from participa.labels import action_label, security_event_label
from participa.models import GlobalRole, InstitutionRole
from participa.numbers import page_arg
from participa.privacy.access import log_user_opened
from participa.web import attempt


def _institution_or_404(acronym: str):
    try:
        return service.get_institution(acronym)
    except NotFound:
        abort(404)


@bp.route("/")
def index():
    authz.require(authz.has_any_admin_area(current_user))
    return render_template(
        "admin/index.html",
        institutions=authz.institutions_managed_by(current_user),
        is_platform_admin=authz.is_platform_admin(current_user),
    )


GUESS = "auto"  # the article choice that lets the service guess it from the name


@bp.route("/instituciones/nueva", methods=["GET", "POST"])
def create_institution():
    authz.require(authz.can_administer_platform(current_user))
    form = InstitutionForm(article=GUESS)
    form.article.choices = [(GUESS, _("From the name's first word"))] + form.article.choices
    if form.validate_on_submit():
        done = attempt(lambda: service.create_institution(
            current_user, acronym=form.acronym.data, name=form.name.data,
            sector=form.sector.data, active=form.active.data,
            article=None if form.article.data == GUESS else form.article.data),
            form=form, success=lambda institution: _(
                "Institution %(acronym)s created.", acronym=institution.acronym))
        if done:
            return redirect(url_for("admin.members", acronym=done.value.acronym))
    return render_template("admin/institution_form.html", form=form, institution=None), \
        400 if form.errors else 200


@bp.route("/instituciones/<acronym>/editar", methods=["GET", "POST"])
def edit_institution(acronym: str):
    institution = _institution_or_404(acronym)
    authz.require(authz.can_administer_platform(current_user))
    form = InstitutionForm(obj=institution)
    if form.validate_on_submit():
        done = attempt(lambda: service.update_institution(
            current_user, institution, acronym=form.acronym.data, name=form.name.data,
            sector=form.sector.data, active=form.active.data, article=form.article.data),
            form=form, success=lambda _institution: _(
                "Institution %(acronym)s saved.", acronym=institution.acronym))
        if done:
            return redirect(url_for("admin.index"))
    return render_template("admin/institution_form.html", form=form, institution=institution), \
        400 if form.errors else 200


@bp.route("/instituciones/<acronym>/miembros", methods=["GET", "POST"])
def members(acronym: str):
    institution = _institution_or_404(acronym)
    authz.require(authz.can_manage_members(current_user, institution))
    form = MemberForm()
    status = 200
    if form.validate_on_submit():
        try:
            service.add_member(current_user, institution, email=form.email.data,
                               role=InstitutionRole(form.role.data))
        except DomainError as error:
            db.session.rollback()
            form.email.errors = list(form.email.errors) + [error.message]
            status = error.status_code
        else:
            db.session.commit()
            flash(_("Role added."), "success")
            return redirect(url_for("admin.members", acronym=institution.acronym))
    elif form.errors:
        status = 400
    return render_template("admin/members.html", institution=institution, form=form,
                           members=service.list_members(institution)), status


@bp.route("/instituciones/<acronym>/miembros/<int:membership_id>/quitar", methods=["POST"])
def remove_member(acronym: str, membership_id: int):
    institution = _institution_or_404(acronym)
    authz.require(authz.can_manage_members(current_user, institution))
    try:
        service.remove_member(current_user, institution, membership_id)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        if error.status_code == 404:
            abort(404)
    else:
        db.session.commit()
        flash(_("Role removed."), "success")
    return redirect(url_for("admin.members", acronym=institution.acronym))


@bp.route("/roles-globales", methods=["GET", "POST"])
def global_roles():
    authz.require(authz.can_administer_platform(current_user))
    form = GlobalRoleForm()
    status = 200
    if form.validate_on_submit():
        role = GlobalRole(form.role.data) if form.role.data else None
        try:
            service.set_global_role(current_user, email=form.email.data, role=role)
        except DomainError as error:
            db.session.rollback()
            form.email.errors = list(form.email.errors) + [error.message]
            status = error.status_code
        else:
            db.session.commit()
            flash(_("Global role saved."), "success")
            return redirect(url_for("admin.global_roles"))
    elif form.errors:
        status = 400
    return render_template("admin/global_roles.html", form=form,
                           users=service.users_with_global_roles()), status


@bp.route("/seguridad")
def security_log():
    """Every account's security events, for the platform administrators."""
    authz.require(authz.can_read_security_log(current_user))
    pagination = db.paginate(account_security_log.entries_query(),
                             page=page_arg(), per_page=50,
                             error_out=False)
    users = account_security_log.users_of(pagination.items)
    for person in users.values():  # each person learns from "My data" who saw their details
        log_user_opened(current_user, person)
    db.session.commit()
    return render_template("admin/security_log.html", pagination=pagination,
                           users=users,
                           event_label=security_event_label)


# --- The audit log (read only: there is no route that edits or deletes an entry) --------

def _audit_filters(institution):
    form = AuditFilterForm(request.args)
    form.accion.choices = [("", _("All actions"))] + [
        (action, action_label(action)) for action in audit_log.actions_in(institution)]
    if not form.validate():
        return form, None
    return form, audit_log.Filters(action=form.accion.data or "", first=form.desde.data,
                                   last=form.hasta.data, actor=form.actor.data or "")


def _log_people_opened(people) -> None:
    for person in people.values():  # each person learns from "My data" who saw their details
        log_user_opened(current_user, person)


def _audit_page(institution):
    form, filters = _audit_filters(institution)
    endpoint_args = {"acronym": institution.acronym} if institution is not None else {}
    if filters is None:
        return render_template("admin/audit_log.html", form=form, institution=institution,
                               pagination=None, endpoint_args=endpoint_args), 400
    pagination = db.paginate(audit_log.entries_query(institution, filters),
                             page=page_arg(),
                             per_page=audit_log.PER_PAGE, error_out=False)
    people = audit_log.people_of(pagination.items)
    _log_people_opened(people)
    db.session.commit()
    return render_template(
        "admin/audit_log.html", form=form, institution=institution, pagination=pagination,
        people=people, institutions=audit_log.institutions_of(pagination.items),
        filters=filters.as_args(), endpoint_args=endpoint_args,
        reason_of=audit_log.reason_of, other_details=audit_log.other_details)


def _audit_csv(institution, kind: str = "csv"):
    form, filters = _audit_filters(institution)
    if filters is None:
        return _audit_page(institution)
    entries = list(db.session.scalars(audit_log.entries_query(institution, filters)))
    people = audit_log.people_of(entries)
    _log_people_opened(people)
    db.session.commit()
    scope = institution.acronym.lower() if institution is not None else "plataforma"
    if kind == "xlsx":
        rows = audit_log.rows(entries, people, audit_log.institutions_of(entries))
        return exports.xlsx_download(audit_log.CSV_COLUMNS, rows,
                                     f"participa-registro-{scope}.xlsx")
    body = audit_log.to_csv(entries, people, audit_log.institutions_of(entries))
    return csv_export.csv_response(body, f"participa-registro-{scope}.csv")


@bp.route("/registro")
def audit():
    """Every entry of the audit log, for the platform administrators."""
    authz.require(authz.can_read_audit_log(current_user))
    return _audit_page(None)


@bp.route("/registro.csv")
def audit_csv():
    authz.require(authz.can_read_audit_log(current_user))
    return _audit_csv(None)


@bp.route("/registro.xlsx")
def audit_xlsx():
    authz.require(authz.can_read_audit_log(current_user))
    return _audit_csv(None, "xlsx")


@bp.route("/instituciones/<acronym>/registro")
def institution_audit(acronym: str):
    """The institution's entries, for its administrators (and the platform's)."""
    institution = _institution_or_404(acronym)
    authz.require(authz.can_read_audit_log(current_user, institution))
    return _audit_page(institution)


@bp.route("/instituciones/<acronym>/registro.csv")
def institution_audit_csv(acronym: str):
    institution = _institution_or_404(acronym)
    authz.require(authz.can_read_audit_log(current_user, institution))
    return _audit_csv(institution)


@bp.route("/instituciones/<acronym>/registro.xlsx")
def institution_audit_xlsx(acronym: str):
    institution = _institution_or_404(acronym)
    authz.require(authz.can_read_audit_log(current_user, institution))
    return _audit_csv(institution, "xlsx")
