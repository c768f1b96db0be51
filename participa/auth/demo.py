"""Demo accounts with roles must use two-step verification: they are enrolled with one fixed,
published TOTP secret (README, "Demo accounts") so that a developer can add it to an
authenticator app once and sign in as any of them. Never use it outside demo data."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from participa import authz
from participa.extensions import db
from participa.models import TwoFactorCredential, User
from participa.timeutil import utcnow

DEMO_TOTP_SECRET = "PARTICIPADEMOTOTPSECRETFORDEVSXX"


def demo_otpauth_uri() -> str:
    return f"otpauth://totp/Participa%20demo?secret={DEMO_TOTP_SECRET}&issuer=Participa%20demo"


def load_security_demo() -> None:
    users = db.session.scalars(select(User).where(~User.two_factor.has())
                               .options(selectinload(User.memberships)))
    for user in users:
        if authz.must_use_two_factor(user):
            db.session.add(TwoFactorCredential(user=user, secret=DEMO_TOTP_SECRET,
                                               confirmed_at=utcnow()))
    db.session.flush()
