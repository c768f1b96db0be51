"""A person's voice, whatever their account: the ballots and supports cast under their cédula.

Ballots and proposal supports carry the keyed hash of the voter's cédula (`voter_key`), and
the unique constraints stand on it. The account (`user_id`) only says who may see and change
them: it is emptied when the account is deleted, and the account that holds the cédula next
(the same person registering again, or the one an administrator moves the cédula to) takes
them up. So one cédula never holds more than one ballot per question and one support per
proposal, and totals never move when accounts come and go.
"""
from __future__ import annotations

from sqlalchemy import update

from participa.cedula_hash import cedula_hash
from participa.extensions import db
from participa.models import Ballot, ProposalSupport, User


def voter_key(user) -> str | None:
    """The key of the person behind a verified account; None without a cédula."""
    cedula = getattr(user, "cedula", None)
    return cedula_hash(cedula) if cedula else None


def take_up(user: User) -> None:
    """The account that now holds a cédula takes up the ballots and supports cast under it
    (by an account deleted since, or by the account it was moved from)."""
    key = voter_key(user)
    if key is None:
        return
    for model in (Ballot, ProposalSupport):
        db.session.execute(update(model).where(model.voter_key == key)
                           .values(user_id=user.id).execution_options(synchronize_session=False))


def let_go(user: User) -> None:
    """The account gives up its ballots and supports (deleted, or its cédula moved): they stay
    counted under their key, with no account."""
    for model in (Ballot, ProposalSupport):
        db.session.execute(update(model).where(model.user_id == user.id)
                           .values(user_id=None).execution_options(synchronize_session=False))
