"""Claims on a cédula that another account holds, settled by a platform administrator.

Registration and /cuenta/cedula give the same answer whether a cédula is free or taken, so
that nobody learns from them who has an account. A taken cédula opens a claim instead: the
person proves to a platform administrator that the cédula is theirs, and the administrator
moves it to their account or refuses. Moving it moves the voice with it: the ballots and
supports cast under the cédula stay with the person it identifies (participa.cedula_voice);
the former holder keeps their account without a cédula. Both accounts are mailed the outcome
(participa.admin.cedula_conflicts) and the decision goes to the audit log.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import selectinload

from participa import cedula_voice
from participa.domain import Conflict, NotFound
from participa.extensions import db
from participa.models import CedulaConflict, User
from participa.models.audit import record
from participa.verification import service as verification


RECEIVED = _l("Thank you: we have received your cédula. If it needs checking, we will write "
              "to you.")


def received_message() -> str:
    """The one answer to a cédula sent, whether it was free or is claimed from another
    account."""
    return str(RECEIVED)


def holder_of(cedula: str) -> User | None:
    return db.session.scalar(select(User).where(User.cedula == cedula))


def open_claim(claimant: User, holder: User) -> CedulaConflict:
    """The claimant says the holder's cédula is theirs; one open claim per account."""
    conflict = db.session.scalar(select(CedulaConflict).where(
        CedulaConflict.claimant_id == claimant.id))
    if conflict is not None:
        return conflict
    conflict = CedulaConflict(claimant_id=claimant.id, holder_id=holder.id)
    db.session.add(conflict)
    db.session.flush()
    record("cedula.claimed", actor=claimant, target=claimant, holder_id=holder.id)
    return conflict


def pending_claim(user) -> CedulaConflict | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(CedulaConflict).where(CedulaConflict.claimant_id == user.id))


def open_conflicts() -> list[CedulaConflict]:
    """Every claim waiting for a decision, oldest first (there are few)."""
    return list(db.session.scalars(
        select(CedulaConflict).options(selectinload(CedulaConflict.claimant),
                                       selectinload(CedulaConflict.holder))
        .order_by(CedulaConflict.created_at, CedulaConflict.id)))


def get_conflict(conflict_id: int) -> CedulaConflict:
    conflict = db.session.get(CedulaConflict, conflict_id)
    if conflict is None:
        raise NotFound(_l("This claim does not exist or was already settled."))
    return conflict


def move_cedula(actor: User, conflict: CedulaConflict) -> None:
    """The claimant proved the cédula is theirs: it leaves the holder's account for theirs,
    with the ballots and supports cast under it."""
    claimant, holder = conflict.claimant, conflict.holder
    if claimant.cedula is not None:
        raise Conflict(_l("The claimant's account already has a cédula."))
    cedula = holder.cedula
    cedula_voice.let_go(holder)
    verification.let_go(holder, "cédula moved to another account")
    holder.cedula = None
    db.session.flush()  # one account per cédula at every moment (users.cedula is unique)
    claimant.cedula = cedula
    db.session.flush()
    cedula_voice.take_up(claimant)
    # Other claims on this cédula are now claims on the claimant's account.
    db.session.execute(update(CedulaConflict).where(CedulaConflict.holder_id == holder.id,
                                                    CedulaConflict.id != conflict.id)
                       .values(holder_id=claimant.id)
                       .execution_options(synchronize_session=False))
    record("cedula.moved", actor=actor, target=claimant, holder_id=holder.id)
    db.session.delete(conflict)
    db.session.flush()


def refuse_claim(actor: User, conflict: CedulaConflict) -> None:
    """The claimant did not prove the cédula is theirs: it stays where it is."""
    record("cedula.claim_refused", actor=actor, target=conflict.claimant,
           holder_id=conflict.holder_id)
    db.session.delete(conflict)
    db.session.flush()


def forget_account(user: User) -> None:
    """A deleted account claims nothing and holds nothing any more."""
    db.session.execute(delete(CedulaConflict).where(or_(
        CedulaConflict.claimant_id == user.id, CedulaConflict.holder_id == user.id)))
