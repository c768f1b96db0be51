"""Authorisation: every permission question Participa asks is answered here.

Views call these predicates (or `require`) instead of inspecting roles themselves, so a rule
changes in one place. Predicates take the acting user explicitly and never trust ids from the
client: callers pass objects loaded from the database.
"""
from __future__ import annotations

from flask import abort
from sqlalchemy import select

from participa.extensions import db
from participa.models import GlobalRole, Institution, InstitutionRole, Membership


def _is_authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def is_platform_admin(user) -> bool:
    return _is_authenticated(user) and user.global_role == GlobalRole.PLATFORM_ADMIN


def is_rector_analyst(user) -> bool:
    return _is_authenticated(user) and user.global_role == GlobalRole.RECTOR_ANALYST


def roles_in(user, institution: Institution) -> set[InstitutionRole]:
    """The roles `user` holds in `institution` (empty for anonymous users)."""
    if not _is_authenticated(user):
        return set()
    return {m.role for m in user.memberships if m.institution_id == institution.id}


def has_role(user, institution: Institution, *roles: InstitutionRole) -> bool:
    return bool(roles_in(user, institution) & set(roles))


def can_administer_platform(user) -> bool:
    return is_platform_admin(user)


def can_manage_members(user, institution: Institution) -> bool:
    return is_platform_admin(user) or has_role(
        user, institution, InstitutionRole.INSTITUTION_ADMIN
    )


def can_act_for(user, institution: Institution) -> bool:
    """Publish consultations, answer comments and handle cases for the institution."""
    return has_role(user, institution, InstitutionRole.OFFICIAL, InstitutionRole.INSTITUTION_ADMIN)


MODERATING_ROLES = frozenset({InstitutionRole.MODERATOR, InstitutionRole.INSTITUTION_ADMIN})


def can_moderate(user, institution: Institution) -> bool:
    return has_role(user, institution, *MODERATING_ROLES)


def can_view_statistics(user) -> bool:
    return is_rector_analyst(user) or is_platform_admin(user)


def can_review_reuse(user, institutions) -> bool:
    """Approve or reject a registered reuse of open data: the officials and administrators of
    an institution whose data it uses, or a platform administrator. The rector ministry's
    analysts read statistics and change nothing, here as everywhere."""
    return is_platform_admin(user) or any(can_act_for(user, i) for i in institutions)


def can_view_institution_statistics(user, institution: Institution) -> bool:
    """An institution's own figures and scores beside the national median: its officials
    and administrators, and whoever sees the whole dashboard."""
    return can_view_statistics(user) or can_act_for(user, institution)


def institutions_managed_by(user) -> list[Institution]:
    """Institutions whose members `user` may manage, by name."""
    if not _is_authenticated(user):
        return []
    query = select(Institution).order_by(Institution.name)
    if not is_platform_admin(user):
        query = query.join(Membership).where(
            Membership.user_id == user.id,
            Membership.role == InstitutionRole.INSTITUTION_ADMIN,
        )
    return list(db.session.scalars(query))


def has_any_admin_area(user) -> bool:
    if is_platform_admin(user):
        return True
    return _is_authenticated(user) and any(
        m.role == InstitutionRole.INSTITUTION_ADMIN for m in user.memberships
    )


def require(allowed: bool) -> None:
    """Stop the request with 403 unless the permission holds."""
    if not allowed:
        abort(403)


# --- Proposals -------------------------------------------------------------------------------

def can_submit_proposal(user) -> bool:
    """Any signed-in person may bring a proposal to an institution."""
    return _is_authenticated(user)


def can_support_proposals(user) -> bool:
    """Supports count people: a cédula at least (declared; a proposal may need a verified
    identity, checked by the service)."""
    return _is_authenticated(user) and user.is_verified_citizen


def is_proposal_author(user, proposal) -> bool:
    return _is_authenticated(user) and proposal.author_id == user.id


def can_review_proposals(user, institution: Institution) -> bool:
    """See and publish the institution's proposals held for pre-moderation."""
    return can_moderate(user, institution) or can_act_for(user, institution)


def can_view_proposal(user, proposal) -> bool:
    if proposal.is_published:
        return True
    return is_proposal_author(user, proposal) or can_review_proposals(user, proposal.institution)


def can_answer_proposal(user, proposal) -> bool:
    """Only officials and administrators of the institution the proposal is addressed to."""
    return can_act_for(user, proposal.institution)


def can_configure_proposals(user, institution: Institution) -> bool:
    """Set the support threshold, collection window, answer deadline and pre-moderation."""
    return is_platform_admin(user) or has_role(user, institution,
                                               InstitutionRole.INSTITUTION_ADMIN)


def institutions_reviewed_by(user) -> list[Institution]:
    """Institutions whose held proposals `user` may publish, by name."""
    if not _is_authenticated(user):
        return []
    institutions = {m.institution_id: m.institution for m in user.memberships}
    return sorted((i for i in institutions.values() if can_review_proposals(user, i)),
                  key=lambda i: i.name)


__all__ = [
    "can_act_for",
    "can_answer_proposal",
    "can_configure_proposals",
    "can_review_proposals",
    "can_submit_proposal",
    "can_support_proposals",
    "can_view_proposal",
    "institutions_reviewed_by",
    "is_proposal_author",
    "can_administer_platform",
    "can_manage_members",
    "can_moderate",
    "can_view_statistics",
    "can_review_reuse",
    "can_view_institution_statistics",
    "has_any_admin_area",
    "has_role",
    "institutions_managed_by",
    "is_platform_admin",
    "is_rector_analyst",
    "require",
    "roles_in",
]


def holds_any_role(user) -> bool:
    """Platform admins, rector analysts and anyone with a role in an institution."""
    return _is_authenticated(user) and (user.global_role is not None or bool(user.memberships))


def must_use_two_factor(user) -> bool:
    """Role holders can read and act on other people's data: a password alone is not enough.
    Infocentro staff too: they take down the data of the people they file cases for."""
    return holds_any_role(user) or bool(infocentros_staffed_by(user))


__all__ += ["holds_any_role", "must_use_two_factor"]


def can_read_security_log(user) -> bool:
    """Every account's sign-ins and security changes; each person also sees their own."""
    return is_platform_admin(user)


def can_read_audit_log(user, institution: Institution | None = None) -> bool:
    """The whole audit log for platform administrators; an institution's entries for its
    administrators too."""
    if institution is None:
        return is_platform_admin(user)
    return can_manage_members(user, institution)


__all__ += ["can_read_security_log", "can_read_audit_log"]
# --- Consultations ---------------------------------------------------------------------

def can_manage_consultation(user, consultation) -> bool:
    """Edit, upload documents, answer comments and report the outcome of a consultation."""
    return can_act_for(user, consultation.institution)


def can_view_consultation(user, consultation) -> bool:
    """Drafts are visible only to the owning institution; every other phase is public."""
    from participa.models import Phase

    return consultation.phase != Phase.DRAFT or can_manage_consultation(user, consultation)


def can_comment(user) -> bool:
    """Any registered person may comment (the open phase is checked by the service)."""
    return _is_authenticated(user)


def institutions_acting_for(user) -> list[Institution]:
    """Institutions for which `user` acts as an official (consultations, cases), by name."""
    if not _is_authenticated(user):
        return []
    return list(db.session.scalars(
        select(Institution).join(Membership).where(
            Membership.user_id == user.id,
            Membership.role.in_([InstitutionRole.OFFICIAL, InstitutionRole.INSTITUTION_ADMIN]))
        .distinct().order_by(Institution.name)))


def acts_for_any_institution(user) -> bool:
    """Whether `user` is an official or administrator somewhere: the same answer as
    `bool(institutions_acting_for(user))`, from the memberships already loaded with the
    signed-in user (no query on every list page)."""
    return _is_authenticated(user) and any(
        m.role in (InstitutionRole.OFFICIAL, InstitutionRole.INSTITUTION_ADMIN)
        for m in user.memberships)


# --- Contacto Ciudadano ---------------------------------------------------------------

def can_handle_cases(user, institution: Institution) -> bool:
    """Work the institution's case queue: assign, note, answer, reject, transfer, close."""
    return can_act_for(user, institution)


def can_follow_case(user, case) -> bool:
    """See a case as its citizen: a registered person's case only when signed in as that
    person; an anonymous case by whoever holds its unguessable tracking code."""
    if case.citizen_id is None:
        # A case filed for a person without an account (participa.assisted) is followed with
        # its code and its second factor, never by the code alone.
        return getattr(case, "assisted", None) is None
    return _is_authenticated(user) and user.id == case.citizen_id


def can_manage_case_categories(user, institution: Institution) -> bool:
    return can_manage_members(user, institution)


def can_manage_reply_templates(user, institution: Institution) -> bool:
    """Keep the institution's reply templates: its administrators (and platform admins)."""
    return can_manage_members(user, institution)


def can_manage_holidays(user) -> bool:
    return is_platform_admin(user)


def can_manage_api_keys(user) -> bool:
    """Issue and revoke Open311 API keys."""
    return is_platform_admin(user)


# --- Moderation -----------------------------------------------------------------------

def can_flag(user) -> bool:
    """Any signed-in person may flag a comment or a proposal (once)."""
    return _is_authenticated(user)


def can_configure_moderation(user, institution: Institution) -> bool:
    """Set the flag threshold and which consultations hold comments for approval."""
    return is_platform_admin(user) or has_role(user, institution,
                                               InstitutionRole.INSTITUTION_ADMIN)


def institutions_moderated_by(user) -> list[Institution]:
    """Institutions whose moderation queue `user` works, by name."""
    if not _is_authenticated(user):
        return []
    institutions = {m.institution_id: m.institution for m in user.memberships}
    return sorted((i for i in institutions.values() if can_moderate(user, i)),
                  key=lambda i: i.name)


# --- Personal data protection ----------------------------------------------------------

def can_review_access_log(user, institution: Institution) -> bool:
    """Who in the institution opened which case or person's details."""
    return can_manage_members(user, institution)


def can_delete_own_account(user) -> bool:
    return _is_authenticated(user) and user.deleted_at is None


__all__ += ["can_review_access_log", "can_delete_own_account"]


# --- Questions and ballots ------------------------------------------------------------

def can_manage_questions(user, consultation) -> bool:
    """Add, edit and remove a consultation's questions (the service allows it in draft)."""
    return can_manage_consultation(user, consultation)


def can_cast_ballot(user) -> bool:
    """Any signed-in person may try; the service explains that voting needs a cédula."""
    return _is_authenticated(user)


def can_see_results(user, consultation, question=None) -> bool:
    """Results are public once the consultation closes, or while it is open for a question
    whose official chose live results; its institution sees them anytime."""
    from participa.models import Phase

    return consultation.phase in (Phase.CLOSED, Phase.OUTCOME) \
        or (question is not None and question.live_results
            and consultation.phase == Phase.OPEN) \
        or can_manage_consultation(user, consultation)


# --- Identity verification --------------------------------------------------------------

def institutions_verifying_for(user) -> list[Institution]:
    """Institutions on whose behalf `user` may verify people in person: those they act for."""
    return institutions_acting_for(user)


def can_verify_in_person(user) -> bool:
    """An official (or institution administrator) of any institution, at a counter or an
    Infocentro, checks a person's cédula card and verifies their account."""
    return bool(institutions_verifying_for(user))


def can_revoke_verifications(user) -> bool:
    return is_platform_admin(user)


# --- Gestión: the workspace of the people who work for institutions -----------------------

def has_workspace(user) -> bool:
    """Anyone with a role in an institution, and platform administrators."""
    return _is_authenticated(user) and (is_platform_admin(user) or bool(user.memberships))


def can_use_workspace(user, institution: Institution) -> bool:
    return is_platform_admin(user) or bool(roles_in(user, institution))


def workspace_institutions(user) -> list[Institution]:
    """The institutions whose workspace `user` may open, by name."""
    if not _is_authenticated(user):
        return []
    query = select(Institution).order_by(Institution.name)
    if not is_platform_admin(user):
        query = query.join(Membership).where(Membership.user_id == user.id).distinct()
    return list(db.session.scalars(query))


__all__ += ["has_workspace", "can_use_workspace", "workspace_institutions"]


# --- Assisted filing: cases filed for people without internet --------------------------

def infocentros_staffed_by(user) -> list:
    """The active Infocentros where `user` works, by name."""
    from participa.models import Infocentro, InfocentroStaff

    if not _is_authenticated(user):
        return []
    from participa.auth import signed_in

    facts = signed_in.facts_for(user)
    if facts is not None and not facts.staffs_infocentro:
        return []  # read with the signed-in user: most people staff none, so no query
    return list(db.session.scalars(
        select(Infocentro).join(InfocentroStaff).where(
            InfocentroStaff.user_id == user.id, Infocentro.active.is_(True))
        .order_by(Infocentro.name)))


def can_file_assisted(user) -> bool:
    """Infocentro staff, and officials of any institution (a counter takes any case), file
    cases for a person who is present, on the phone or wrote a letter."""
    return acts_for_any_institution(user) or bool(infocentros_staffed_by(user))


def can_manage_infocentros(user) -> bool:
    return is_platform_admin(user)


def can_call_about(user, case) -> bool:
    """Tell an assisted person of their case's news (call list, printed answer): the staff
    of the Infocentro where it was filed and the officials of the case's institution."""
    filing = getattr(case, "assisted", None)
    if filing is None:
        return False
    if can_handle_cases(user, case.institution):
        return True
    return filing.infocentro_id is not None and filing.infocentro_id in {
        place.id for place in infocentros_staffed_by(user)}


__all__ += ["infocentros_staffed_by", "can_file_assisted", "can_manage_infocentros",
            "can_call_about"]
