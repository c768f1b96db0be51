"""Administration rules: institutions, memberships, global roles and the CSV import.

Every function takes the acting user, checks nothing about the request, writes the audit
record, and leaves the commit to the caller.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from typing import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participa.auth.service import find_user_by_email
from participa.domain import Conflict, DomainError, NotFound
from participa.extensions import db
from participa.institution_names import ARTICLES, guess_article
from participa.models import GlobalRole, Institution, InstitutionRole, Membership, User
from participa.models.audit import record

IMPORT_HEADER = ["acronym", "name", "sector"]
IMPORT_FLAGS = ("executive", "active")  # optional columns after the header's three
IMPORT_ARTICLE = "article"  # optional too: el, la, los, las, or - for a name without one
NO_ARTICLE = "-"
YES = {"yes", "y", "sí", "si", "s", "true", "1", "x"}
NO = {"no", "n", "false", "0"}


def get_institution(acronym: str) -> Institution:
    institution = db.session.scalar(
        select(Institution).where(func.upper(Institution.acronym) == acronym.upper()))
    if institution is None:
        raise NotFound(_l("There is no institution with that acronym."))
    return institution


def _acronym_taken(acronym: str, except_id: int | None = None) -> bool:
    query = select(Institution.id).where(func.upper(Institution.acronym) == acronym.upper())
    if except_id is not None:
        query = query.where(Institution.id != except_id)
    return db.session.scalar(query) is not None


def _checked_article(article: str | None, name: str) -> str:
    """The article given, or the one the name calls for when none is given (None)."""
    if article is None:
        return guess_article(name)
    if article not in ARTICLES:
        raise DomainError(_l("Choose el, la, los, las or no article."), field="article")
    return article


def create_institution(actor: User, *, acronym: str, name: str, sector: str = "",
                       active: bool = True, article: str | None = None) -> Institution:
    acronym = acronym.strip().upper()
    if _acronym_taken(acronym):
        raise Conflict(_l("Another institution already uses this acronym."), field="acronym")
    institution = Institution(acronym=acronym, name=name.strip(), sector=(sector or "").strip(),
                              active=active, article=_checked_article(article, name.strip()))
    db.session.add(institution)
    db.session.flush()
    record("institution.created", actor=actor, institution=institution, target=institution)
    return institution


def update_institution(actor: User, institution: Institution, *, acronym: str, name: str,
                       sector: str = "", active: bool = True,
                       article: str | None = None) -> Institution:
    """`article` None keeps the one the institution has."""
    acronym = acronym.strip().upper()
    if _acronym_taken(acronym, except_id=institution.id):
        raise Conflict(_l("Another institution already uses this acronym."), field="acronym")
    article = institution.article if article is None else _checked_article(article, name)
    before = {"acronym": institution.acronym, "name": institution.name,
              "sector": institution.sector, "active": institution.active,
              "article": institution.article}
    institution.article = article
    institution.acronym, institution.name = acronym, name.strip()
    institution.sector, institution.active = (sector or "").strip(), active
    record("institution.updated", actor=actor, institution=institution, target=institution,
           before=before)
    return institution


def list_members(institution: Institution) -> list[Membership]:
    return list(db.session.scalars(
        select(Membership).join(User).where(Membership.institution_id == institution.id)
        .order_by(User.name, Membership.role)
    ))


def add_member(actor: User, institution: Institution, *, email: str,
               role: InstitutionRole) -> Membership:
    user = find_user_by_email(email)
    if user is None:
        raise NotFound(_l("No account uses this email address. The person must register first."),
                       field="email")
    exists = db.session.scalar(select(Membership.id).where(
        Membership.user_id == user.id, Membership.institution_id == institution.id,
        Membership.role == role))
    if exists:
        raise Conflict(_l("This person already has that role in this institution."), field="role")
    membership = Membership(user=user, institution=institution, role=role)
    db.session.add(membership)
    db.session.flush()
    record("membership.added", actor=actor, institution=institution, target=membership,
           user_id=user.id, role=role.value)
    return membership


def remove_member(actor: User, institution: Institution, membership_id: int) -> None:
    # Looked up within the institution, so an id from another institution is simply not found.
    membership = db.session.scalar(select(Membership).where(
        Membership.id == membership_id, Membership.institution_id == institution.id))
    if membership is None:
        raise NotFound(_l("This membership does not exist in this institution."))
    if membership.role == InstitutionRole.INSTITUTION_ADMIN and actor.global_role is None:
        admins = db.session.scalar(select(func.count(Membership.id)).where(
            Membership.institution_id == institution.id,
            Membership.role == InstitutionRole.INSTITUTION_ADMIN))
        if admins <= 1:
            raise Conflict(_l("An institution must keep at least one administrator."))
    record("membership.removed", actor=actor, institution=institution, target=membership,
           user_id=membership.user_id, role=membership.role.value)
    db.session.delete(membership)


def set_global_role(actor: User, *, email: str, role: GlobalRole | None) -> User:
    user = find_user_by_email(email)
    if user is None:
        raise NotFound(_l("No account uses this email address. The person must register first."),
                       field="email")
    if user.id == actor.id and role != GlobalRole.PLATFORM_ADMIN:
        raise DomainError(_l("You cannot remove your own platform administrator role."),
                          field="role")
    before = user.global_role.value if user.global_role else None
    user.global_role = role
    record("global_role.set", actor=actor, target=user, before=before,
           after=role.value if role else None)
    return user


def users_with_global_roles() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.global_role.is_not(None)).order_by(User.name)))


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def import_institutions(lines: Iterable[str], actor: User | None = None) -> ImportReport:
    """Create or update institutions by acronym from CSV lines (header acronym,name,sector,
    optionally followed by executive and active: yes/no, sí/no, true/false or 1/0, and by
    article: the Spanish article of the name, el, la, los, las, or - for none).

    `executive`: whether the institution belongs to the executive function (the adoption
    indicator's registry); `active`: whether it works on Participa (a registry lists executive
    institutions that do not, yet). Without the column, or with the cell empty, a new
    institution is executive and active and an existing one keeps its value.

    Idempotent: importing the same file twice changes nothing the second time. Bad rows are
    reported with their line number and the import goes on with the next row.
    """
    report = ImportReport()
    reader = csv.reader(lines)
    header = next(reader, None)
    columns = [h.strip().lower() for h in header] if header is not None else []
    if (columns[:3] != IMPORT_HEADER or len(set(columns)) != len(columns)
            or not set(columns[3:]) <= {*IMPORT_FLAGS, IMPORT_ARTICLE}):
        report.errors.append((1, _l("the header must be acronym,name,sector, optionally "
                                    "followed by executive, active and article")))
        return report
    existing = {i.acronym.upper(): i for i in db.session.scalars(select(Institution))}
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            report.errors.append((line, _l("expected %(expected)d columns, found %(n)d",
                                           expected=len(columns), n=len(row))))
            continue
        acronym, name, sector = (cell.strip() for cell in row[:3])
        problem = _import_row_problem(acronym, name, sector)
        optional = dict(zip(columns[3:], row[3:]))
        article = optional.pop(IMPORT_ARTICLE, "").strip().lower()
        flags, flag_problem = _import_flags(list(optional), list(optional.values()))
        if article and article != NO_ARTICLE and article not in ARTICLES:
            flag_problem = flag_problem or _l(
                "the article must be el, la, los, las or - (none), not %(value)s", value=article)
        if problem or flag_problem:
            report.errors.append((line, problem or flag_problem))
            continue
        if article:
            flags["article"] = "" if article == NO_ARTICLE else article
        key = acronym.upper()
        if key in seen:
            report.errors.append((line, _l("the acronym %(acronym)s already appears on line %(line)d",
                                              acronym=key, line=seen[key])))
            continue
        seen[key] = line
        institution = existing.get(key)
        if institution is None:
            institution = Institution(acronym=key, name=name, sector=sector,
                                      executive=flags.get("executive", True),
                                      active=flags.get("active", True),
                                      article=flags.get("article", guess_article(name)))
            db.session.add(institution)
            existing[key] = institution
            report.created += 1
            continue
        wanted = {"name": name, "sector": sector, **flags}
        if any(getattr(institution, column) != value for column, value in wanted.items()):
            for column, value in wanted.items():
                setattr(institution, column, value)
            report.updated += 1
        else:
            report.unchanged += 1
    record("institution.imported", actor=actor, created=report.created, updated=report.updated,
           errors=len(report.errors))
    return report


def _import_flags(columns: list[str], cells: list[str]):
    """({column: bool} of the cells not left empty, None) or ({}, a translated problem)."""
    flags = {}
    for column, cell in zip(columns, cells):
        value = cell.strip().lower()
        if not value:
            continue
        if value not in YES and value not in NO:
            return {}, _l("the %(column)s column must be yes or no, not %(value)s",
                          column=column, value=cell.strip())
        flags[column] = value in YES
    return flags, None


def _import_row_problem(acronym: str, name: str, sector: str):
    if not acronym:
        return _l("the acronym is empty")
    if len(acronym) > 20 or " " in acronym:
        return _l("the acronym %(acronym)s must be at most 20 characters, without spaces",
                  acronym=acronym)
    if not name:
        return _l("the name is empty")
    if len(name) > 200:
        return _l("the name is longer than 200 characters")
    if len(sector) > 120:
        return _l("the sector is longer than 120 characters")
    return None
