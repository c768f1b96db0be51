"""Demo verification data: the demo census file imported, and one citizen of each level
(María verified by the census; Carlos and Ana with a declared cédula, to verify by census and
in person; José with only his email address confirmed)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from participa.extensions import db
from participa.models import User
from participa.verification import census

CENSUS_FILE = Path(__file__).resolve().parent.parent / "data" / "demo-census.csv"


def load_verification_demo() -> None:
    admin = db.session.scalar(select(User).where(User.email == "admin@participa.gob.ec"))
    census.import_census(admin, CENSUS_FILE.read_bytes(), CENSUS_FILE.name)
    maria = db.session.scalar(select(User).where(User.email == "maria.quishpe@example.ec"))
    if maria is not None:
        census.verify(maria, date(1985, 4, 12))
    db.session.flush()
