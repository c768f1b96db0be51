"""Registered reuses of open data: anyone signed in registers one; an official of an
institution whose data it uses, or a rector analyst, approves it (public) or rejects it with a
reason that the person who registered it sees."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa import authz
from participa.domain import Conflict, DomainError, Forbidden, NotFound
from participa.extensions import db
from participa.models import Institution, Reuse, ReuseKind, ReviewStatus, User
from participa.models.audit import record
from participa.models.observatory import reuse_institutions
from participa.observatory.links import is_open_data_path, is_public_link
from participa.timeutil import utcnow

PER_PAGE = 24
MAX_DATASETS = 20


def parse_datasets(text: str) -> list[str]:
    """One address per line: /datos/ files of Participa or public http(s) links."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        raise DomainError(_l("List at least one data set the initiative uses."),
                          field="datasets")
    if len(lines) > MAX_DATASETS:
        raise DomainError(_l("List at most %(max)d data sets.", max=MAX_DATASETS),
                          field="datasets")
    for line in lines:
        if not (is_public_link(line) or is_open_data_path(line)):
            raise DomainError(_l("“%(line)s” is not a public link: give addresses that start "
                                 "with http:// or https://, or with /datos/ for Participa's "
                                 "files.", line=line[:80]), field="datasets")
    return list(dict.fromkeys(lines))


def institutions_by_acronym(acronyms: list[str]) -> list[Institution]:
    wanted = {a.strip().upper() for a in acronyms if a and a.strip()}
    if not wanted:
        raise DomainError(_l("Choose at least one institution whose data it uses."),
                          field="institutions")
    found = list(db.session.scalars(select(Institution).where(Institution.acronym.in_(wanted))))
    if len(found) != len(wanted):
        raise NotFound(_l("Choose institutions from the list."), field="institutions")
    return found


def register(user: User, *, title: str, url: str, description: str, kind: ReuseKind,
             datasets: str, institutions: list[Institution], author_name: str,
             now: datetime | None = None) -> Reuse:
    title, url = title.strip(), url.strip()
    description, author_name = description.strip(), author_name.strip()
    if not is_public_link(url):
        raise DomainError(_l("Give the initiative's address: a link that starts with http:// "
                             "or https://."), field="url")
    if not (title and description and author_name):
        raise DomainError(_l("Give the title, the description and the author."))
    if not institutions:
        raise DomainError(_l("Choose at least one institution whose data it uses."),
                          field="institutions")
    reuse = Reuse(title=title, url=url, description=description, kind=kind,
                  datasets="\n".join(parse_datasets(datasets)), author_name=author_name,
                  submitted_by_id=user.id, created_at=now or utcnow(),
                  institutions=list(institutions))
    db.session.add(reuse)
    db.session.flush()
    return reuse


def get(reuse_id: int) -> Reuse:
    reuse = db.session.get(Reuse, reuse_id)
    if reuse is None:
        raise NotFound(_l("This reuse does not exist."))
    return reuse


def can_review(user, reuse: Reuse) -> bool:
    return authz.can_review_reuse(user, reuse.institutions)


def can_view(user, reuse: Reuse) -> bool:
    if reuse.status == ReviewStatus.APPROVED:
        return True
    is_submitter = getattr(user, "is_authenticated", False) and user.id == reuse.submitted_by_id
    return is_submitter or can_review(user, reuse)


def review(reviewer: User, reuse: Reuse, *, approve: bool, reason: str = "",
           now: datetime | None = None) -> None:
    if not can_review(reviewer, reuse):
        raise Forbidden(_l("Only officials of an institution whose data it uses, or platform "
                           "administrators, review this reuse."))
    if reuse.status != ReviewStatus.PENDING:
        raise Conflict(_l("This reuse has already been reviewed."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise DomainError(_l("Give the reason for not approving it: the person who registered "
                             "it will read it."), field="reason")
    reuse.status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED
    reuse.reviewed_by_id, reuse.reviewed_at = reviewer.id, now or utcnow()
    reuse.rejection_reason = "" if approve else reason
    record("reuse.reviewed", actor=reviewer, target=reuse, approved=approve)


def gallery(*, institution: Institution | None = None, kind: ReuseKind | None = None,
            page: int = 1):
    query = (select(Reuse).where(Reuse.status == ReviewStatus.APPROVED)
             .order_by(Reuse.reviewed_at.desc(), Reuse.id.desc()))
    if institution is not None:
        query = query.where(Reuse.id.in_(select(reuse_institutions.c.reuse_id).where(
            reuse_institutions.c.institution_id == institution.id)))
    if kind is not None:
        query = query.where(Reuse.kind == kind)
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False, count=True)


def pending_for(user) -> list[Reuse]:
    """The reuses waiting for review that `user` may review."""
    query = select(Reuse).where(Reuse.status == ReviewStatus.PENDING).order_by(Reuse.id)
    if not authz.is_platform_admin(user):
        ids = [i.id for i in authz.institutions_acting_for(user)]
        if not ids:
            return []
        query = query.where(Reuse.id.in_(select(reuse_institutions.c.reuse_id).where(
            reuse_institutions.c.institution_id.in_(ids))))
    return list(db.session.scalars(query))


def submitted_by(user) -> list[Reuse]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(select(Reuse).where(Reuse.submitted_by_id == user.id)
                                   .order_by(Reuse.id.desc())))


def forget_person(user: User) -> None:
    """On account deletion: reuses not public yet go away; an approved one signed with the
    person's own name loses that name (it is shown as a deleted participant)."""
    names = {n for n in (user.name, user.display_name) if n}
    for reuse in db.session.scalars(select(Reuse).where(Reuse.submitted_by_id == user.id)):
        if reuse.status != ReviewStatus.APPROVED:
            db.session.delete(reuse)
        elif reuse.author_name in names:
            reuse.author_name = ""
