"""A cédula claimed by an account while another account holds it.

Registration and /cuenta/cedula answer the same whether or not a cédula is taken; when it is,
a conflict waits here for a platform administrator, who checks the person's proof and moves
the cédula to the claimant or refuses. The row is deleted once settled (the audit log keeps
the decision) or when either account is deleted. It keeps no copy of the cédula: the
administrator reads it on the holder's account.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.extensions import db
from participa.timeutil import utcnow


class CedulaConflict(db.Model):
    __tablename__ = "cedula_conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One open claim per account: it has no cédula until the claim is settled.
    claimant_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                             unique=True)
    holder_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                           index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    claimant: Mapped["User"] = relationship(foreign_keys=[claimant_id])  # noqa: F821
    holder: Mapped["User"] = relationship(foreign_keys=[holder_id])  # noqa: F821
