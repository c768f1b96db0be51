"""Census file (padrón): a platform administrator imports a CSV of cédula, date of birth and,
optionally, parish (the electoral register or an institution's own roll); a person is verified
when their declared cédula and the date of birth they give match a row.

The census is stored only as keyed hashes of cédula and date of birth (HMAC-SHA256 under
PARTICIPA_CEDULA_HASH_KEY, separated from the ballots' hash by a prefix): the table tells
nobody a number or a birthday. Importing replaces the whole census in one transaction; a file
with any bad line is refused whole, with its line numbers, and the census in place stays.
People verified earlier keep their verification.
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from participa.cedula import is_valid_cedula, normalise
from participa.domain import DomainError
from participa.extensions import db
from participa.models import CensusEntry, User, Verification, VerificationMethod
from participa.models.audit import record
from participa.verification import service

METHOD = VerificationMethod.CENSUS
LABEL = _l("Census file")
HOW = _l("Give your date of birth: if it matches your cédula in the census, your identity is "
         "verified at once.")
ENDPOINT = "verification.verify"

MAX_ERRORS = 20
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


class CensusRefused(DomainError):
    """The file was not imported; `errors` lists (line number, reason)."""

    def __init__(self, message, errors: list[tuple[int, str]]):
        super().__init__(message, field="file")
        self.errors = errors


def census_key(cedula: str, birth_date: date) -> str:
    key = current_app.config["CEDULA_HASH_KEY"]
    message = f"census:{normalise(cedula)}:{birth_date.isoformat()}"
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def parse_date(raw: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _rows(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)


def read_census(content: bytes) -> dict[str, str | None]:
    """census key -> parish, from the file's bytes; CensusRefused when any line is bad."""
    entries: dict[str, str | None] = {}
    errors: list[tuple[int, str]] = []
    for number, fields in _rows(content):
        fields = [f.strip() for f in fields]
        if not any(fields):
            continue
        if number == 1 and not normalise(fields[0]).isdigit():
            continue  # a header line
        if len(fields) < 2:
            errors.append((number, str(_l("a line needs a cédula and a date of birth"))))
        elif not is_valid_cedula(fields[0]):
            errors.append((number, str(_l("not a valid cédula number"))))
        elif (born := parse_date(fields[1])) is None:
            errors.append((number, str(_l("the date of birth must be written YYYY-MM-DD or "
                                          "DD/MM/YYYY"))))
        else:
            parish = fields[2][:120] if len(fields) > 2 and fields[2] else None
            entries[census_key(fields[0], born)] = parish
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise CensusRefused(_l("The census was not imported: fix these lines and import the "
                               "file again. The census in place has not changed."), errors)
    if not entries:
        raise CensusRefused(_l("The file has no census lines."), [])
    return entries


def import_census(actor: User, content: bytes, filename: str = "") -> int:
    """Replace the census with the file's rows; the number of rows imported."""
    entries = read_census(content)
    db.session.execute(delete(CensusEntry))
    db.session.add_all(CensusEntry(key=key, parish=parish) for key, parish in entries.items())
    db.session.flush()
    record("census.imported", actor=actor, rows=len(entries), file=filename[:200])
    return len(entries)


def census_size() -> int:
    return db.session.scalar(select(func.count()).select_from(CensusEntry)) or 0


def verify(user: User, birth_date: date | None) -> Verification:
    """Verify the person when their declared cédula and this date of birth are in the census."""
    if birth_date is None:
        raise DomainError(_l("Enter your date of birth."), field="birth_date")
    if user.cedula is None:
        raise DomainError(_l("Declare your cédula first: the census is searched by it."),
                          field="birth_date")
    if db.session.get(CensusEntry, census_key(user.cedula, birth_date)) is None:
        raise DomainError(_l("Your cédula and this date of birth are not in the census together. "
                             "Check the date, or verify your identity another way."),
                          field="birth_date")
    return service.grant(user, METHOD)
