"""Rectification and deletion of a person's own account.

Deleting an account keeps its row as an empty tombstone, so that supports, comment threads,
answers and case histories that point at it stay whole and every total stays the same; all
personal data on the row and in the tables around it are erased at once. Ballots and proposal
supports keep only the keyed hash of the cédula (participa.cedula_voice), no readable cédula.
"""
from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from participa import cedula_claims, cedula_voice
from participa.auth import two_factor
from participa.auth.passwords import hash_password, verify_password
from participa.domain import Conflict, DomainError
from participa.extensions import db
from participa.models import (AuditEntry, Case, Comment, InfocentroStaff, MailOptOut,
                              Membership, Notification, Proposal, ProposalState, RecoveryCode,
                              TwoFactorCredential, User, UserSession)
from participa.models.audit import record
from participa.models.cases import FINAL_STATES
from participa.privacy.retention import anonymise_case
from participa.proposals.service import is_in_authoring
from participa.timeutil import utcnow
from participa.verification import service as verification

# Keys of audit details that may carry personal data (an old or new email address).
PERSONAL_AUDIT_KEYS = ("old", "new", "email", "name", "cedula")


def update_profile(user: User, *, name: str, display_name: str | None) -> None:
    name = (name or "").strip()
    if not name:
        raise DomainError(_l("Enter your name."), field="name")
    user.name = name
    user.display_name = (display_name or "").strip() or None
    record("account.profile_changed", actor=user, target=user)


def check_deletion(user: User, password: str, code: str | None) -> None:
    """The person proves it is them: the password, and the current code when two-step
    verification is on (every role holder has it)."""
    if user.deleted_at is not None:
        raise Conflict(_l("This account has already been deleted."))
    if not verify_password(user.password_hash, password or ""):
        raise DomainError(_l("Your password is not correct."), field="password")
    if two_factor.is_enabled(user):
        if not code:
            raise DomainError(_l("Enter the code from your app."), field="code")
        try:
            two_factor.verify(user, code)
        except two_factor.InvalidCode as error:
            raise DomainError(error.message, field="code") from None


def delete_account(user: User, *, remove_contributions: bool = False) -> None:
    """Erase the person's data at once. Public contributions stay, signed "Deleted
    participant", or lose their text when the person chooses; supports stay counted."""
    if user.deleted_at is not None:
        raise Conflict(_l("This account has already been deleted."))
    now = utcnow()
    email = user.email
    # Cases: finished ones lose the citizen's data now; open ones keep only a contact
    # address so the institution can still answer, erased once the case is finished
    # (`participa retention`).
    for case in db.session.scalars(select(Case).where(Case.citizen_id == user.id)):
        if case.state in FINAL_STATES:
            anonymise_case(case, now)
        else:
            case.contact_email = email
    if remove_contributions:
        for comment in db.session.scalars(select(Comment).where(
                Comment.author_id == user.id, Comment.deleted_at.is_(None))):
            comment.body_text = comment.body_html = ""
            comment.deleted_at = now
        # Proposals still collecting supports are withdrawn, as their author could; those
        # that reached the threshold are owed an answer and stay.
        for proposal in db.session.scalars(select(Proposal).where(Proposal.author_id == user.id)):
            if is_in_authoring(proposal, now):
                proposal.state = ProposalState.WITHDRAWN
                proposal.withdrawn_at = now
    from participa.observatory.reuses import forget_person

    forget_person(user)
    # Ballots and supports stay counted under the keyed hash of the cédula, with no account:
    # the person who comes back with the same cédula finds them instead of voting twice.
    cedula_voice.let_go(user)
    cedula_claims.forget_account(user)
    # The verified identity is free again for the same person's next account, never two at once.
    verification.let_go(user, "account deleted", now)
    for model in (UserSession, RecoveryCode, TwoFactorCredential, Notification, MailOptOut,
                  Membership, InfocentroStaff):
        db.session.execute(delete(model).where(model.user_id == user.id))
    for entry in db.session.scalars(select(AuditEntry).where(
            AuditEntry.target_type == "User", AuditEntry.target_id == user.id)):
        if any(key in (entry.details or {}) for key in PERSONAL_AUDIT_KEYS):
            entry.details = {k: v for k, v in entry.details.items()
                             if k not in PERSONAL_AUDIT_KEYS}
    user.email = f"eliminado-{user.id}-{secrets.token_hex(4)}@participa.invalid"
    user.name = ""
    user.display_name = None
    user.cedula = None
    user.locale = None
    user.global_role = None
    user.password_hash = hash_password(secrets.token_urlsafe(32))  # nobody knows it
    user.is_active_account = False
    user.awaiting_email_confirmation = False
    user.last_login_at = None
    user.locked_until = None
    user.deleted_at = now
    record("account.deleted", actor=user, target=user,
           contributions="removed" if remove_contributions else "kept")
