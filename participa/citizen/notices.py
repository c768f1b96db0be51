"""One list of what a person was told: official replies and consultation outcomes
(notifications), moderation decisions (moderation_notices) and news on their cases (a case
whose latest public change came after the citizen last looked at it).

Each source keeps its own read state; this module only reads them together. The unread
count is one statement of three indexed counts: it runs on every page of a signed-in person.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask import g
from sqlalchemy import bindparam, func, literal, or_, select, union_all, update
from sqlalchemy.orm import selectinload

from participa.extensions import db
from participa.models import (Case, Comment, ModerationItem, ModerationNotice, Notification,
                              User)
from participa.timeutil import utcnow

PER_PAGE = 30
CONSULTATION, MODERATION, CASE = "consultation", "moderation", "case"


def _case_news(user_id):
    return (Case.citizen_id == user_id, Case.last_public_at.is_not(None),
            or_(Case.citizen_seen_at.is_(None), Case.last_public_at > Case.citizen_seen_at))


@cache
def _unread_statement():
    """Built once: the header asks it on every signed-in page, and building and keying a
    statement costs several times what running it does."""
    return select(unread_expression())


def unread_expression():
    """The unread notices of every source for the bound parameter "user_id" (also read with
    the signed-in user, participa.auth.signed_in)."""
    user_id = bindparam("user_id")
    consultation = select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)).scalar_subquery()
    moderation = select(func.count()).select_from(ModerationNotice).where(
        ModerationNotice.user_id == user_id, ModerationNotice.read_at.is_(None)
    ).scalar_subquery()
    cases = select(func.count()).select_from(Case).where(*_case_news(user_id)).scalar_subquery()
    return consultation + moderation + cases


def header_count(user) -> int | None:
    """The header's count of unread notices, once per request: read with the person when
    signed in (participa.auth.signed_in), unless the request has written since. None for a
    visitor who is not signed in."""
    if not user.is_authenticated:
        return None
    if "unread_notices" not in g:
        from participa.auth import signed_in

        known = signed_in.unread_notices(user)
        g.unread_notices = known if known is not None else unread_count(user)
    return g.unread_notices


def unread_count(user: User) -> int:
    """Unread notices of every source, in one query (each count reads a small index)."""
    return db.session.scalar(_unread_statement(), {"user_id": user.id}) or 0


@dataclass
class Entry:
    source: str
    at: datetime
    unread: bool
    item: object  # a Notification, a ModerationNotice or a Case


@dataclass
class Page:
    items: list[Entry]
    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def _all(user_id):
    return union_all(
        select(literal(CONSULTATION).label("source"), Notification.id.label("id"),
               Notification.created_at.label("at"),
               Notification.read_at.is_(None).label("unread"))
        .where(Notification.user_id == user_id),
        select(literal(MODERATION), ModerationNotice.id, ModerationNotice.created_at,
               ModerationNotice.read_at.is_(None))
        .where(ModerationNotice.user_id == user_id),
        select(literal(CASE), Case.id, Case.last_public_at,
               or_(Case.citizen_seen_at.is_(None), Case.last_public_at > Case.citizen_seen_at))
        .where(Case.citizen_id == user_id, Case.last_public_at.is_not(None)),
    ).subquery()


def notices_for(user: User, page: int = 1) -> Page:
    """A page of the person's notices, newest first: one query for the page, one per source
    for its rows."""
    everything = _all(user.id)
    total = db.session.scalar(select(func.count()).select_from(everything)) or 0
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), pages)
    rows = db.session.execute(
        select(everything.c.source, everything.c.id, everything.c.at, everything.c.unread)
        .order_by(everything.c.at.desc(), everything.c.source, everything.c.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    wanted = {source: [row.id for row in rows if row.source == source]
              for source in (CONSULTATION, MODERATION, CASE)}
    loaded = {
        CONSULTATION: db.session.scalars(
            select(Notification).where(Notification.id.in_(wanted[CONSULTATION]))
            .options(selectinload(Notification.consultation),
                     selectinload(Notification.comment).selectinload(Comment.proposal)))
        if wanted[CONSULTATION] else [],
        MODERATION: db.session.scalars(
            select(ModerationNotice).where(ModerationNotice.id.in_(wanted[MODERATION]))
            .options(selectinload(ModerationNotice.item).selectinload(ModerationItem.comment),
                     selectinload(ModerationNotice.item).selectinload(ModerationItem.proposal),
                     selectinload(ModerationNotice.item).selectinload(
                         ModerationItem.institution))) if wanted[MODERATION] else [],
        CASE: db.session.scalars(
            select(Case).where(Case.id.in_(wanted[CASE]))
            .options(selectinload(Case.institution))) if wanted[CASE] else [],
    }
    by_key = {(source, obj.id): obj for source, objs in loaded.items() for obj in objs}
    items = [Entry(row.source, row.at, bool(row.unread), by_key[(row.source, row.id)])
             for row in rows if (row.source, row.id) in by_key]
    return Page(items, page, pages, total)


def mark_read(user: User, entries: list[Entry], now: datetime | None = None) -> None:
    """The notices the person has just seen are read. The caller commits."""
    now = now or utcnow()
    ids = {source: [e.item.id for e in entries if e.source == source and e.unread]
           for source in (CONSULTATION, MODERATION, CASE)}
    if ids[CONSULTATION]:
        db.session.execute(update(Notification).where(
            Notification.user_id == user.id, Notification.id.in_(ids[CONSULTATION]),
            Notification.read_at.is_(None)).values(read_at=now),
            execution_options={"synchronize_session": False})
    if ids[MODERATION]:
        db.session.execute(update(ModerationNotice).where(
            ModerationNotice.user_id == user.id, ModerationNotice.id.in_(ids[MODERATION]),
            ModerationNotice.read_at.is_(None)).values(read_at=now),
            execution_options={"synchronize_session": False})
    if ids[CASE]:
        db.session.execute(update(Case).where(
            Case.citizen_id == user.id, Case.id.in_(ids[CASE])).values(citizen_seen_at=now),
            execution_options={"synchronize_session": False})


def mark_all_read(user: User, now: datetime | None = None) -> None:
    now = now or utcnow()
    db.session.execute(update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)).values(read_at=now),
        execution_options={"synchronize_session": False})
    db.session.execute(update(ModerationNotice).where(
        ModerationNotice.user_id == user.id, ModerationNotice.read_at.is_(None))
        .values(read_at=now), execution_options={"synchronize_session": False})
    db.session.execute(update(Case).where(*_case_news(user.id)).values(citizen_seen_at=now),
                       execution_options={"synchronize_session": False})
