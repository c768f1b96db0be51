"""Query parameters of the public API: keyset cursors, page size, institution and dates.

A list is read in id order; the cursor is the last id of a page, opaque to clients (base64),
so a page is one indexed range scan however deep the client has read, and rows added
meanwhile neither repeat nor shift the pages.
"""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from flask import request, url_for
from flask_babel import gettext
from sqlalchemy import select

from participa.cases.businessdays import LOCAL_ZONE
from participa.extensions import db
from participa.models import Institution
from participa.numbers import MAX_INT, parse_int

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class BadRequest(Exception):
    """A parameter the API cannot read: answered 400 with a message per parameter."""

    def __init__(self, fields: dict[str, str]):
        super().__init__(fields)
        self.fields = fields


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(text: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    value = parse_int(raw[3:]) if raw.startswith("id:") else None
    if value is None:
        raise BadRequest({"cursor": gettext("This cursor is not one the API gave.")})
    return value


@dataclass
class ListArgs:
    after: int = 0
    limit: int = DEFAULT_LIMIT
    institution: Institution | None = None
    since: datetime | None = None   # inclusive, UTC
    until: datetime | None = None   # exclusive, UTC
    errors: dict = field(default_factory=dict)


def list_args(*, filters: bool = True) -> ListArgs:
    """cursor, limit and, for lists that take them, institution, since and until."""
    args, errors = ListArgs(), {}
    cursor = request.args.get("cursor", "").strip()
    if cursor:
        try:
            args.after = decode_cursor(cursor)
        except BadRequest as error:
            errors.update(error.fields)
    raw_limit = request.args.get("limit", "").strip()
    if raw_limit:
        limit = parse_int(raw_limit, maximum=MAX_INT)
        if limit is None or not 1 <= limit <= MAX_LIMIT:
            errors["limit"] = gettext("Ask for 1 to %(n)d items per page.", n=MAX_LIMIT)
        else:
            args.limit = limit
    if filters:
        acronym = request.args.get("institution", "").strip().upper()
        if acronym:
            args.institution = db.session.scalar(
                select(Institution).where(Institution.acronym == acronym,
                                          Institution.active.is_(True)))
            if args.institution is None:
                errors["institution"] = gettext("No institution has this acronym.")
        days = {}
        for name in ("since", "until"):
            raw = request.args.get(name, "").strip()
            if not raw:
                continue
            try:
                days[name] = date.fromisoformat(raw)
            except ValueError:
                errors[name] = gettext(
                    "Write the date as year-month-day, for example 2025-03-31.")
        if "since" in days and "until" in days and days["since"] > days["until"]:
            errors["until"] = gettext("The last day must not be before the first day.")
        if "since" in days:
            args.since = local_day_start(days["since"])
        if "until" in days:
            args.until = local_day_start(days["until"] + timedelta(days=1))
    if errors:
        raise BadRequest(errors)
    return args


def local_day_start(day: date) -> datetime:
    """The naive UTC time at which `day` begins in Ecuador."""
    return datetime.combine(day, time(), tzinfo=LOCAL_ZONE).astimezone(
        timezone.utc).replace(tzinfo=None)


def keyset(query, id_column, args: ListArgs):
    """The query limited to one page after the cursor, in id order (one row more, to know
    whether another page follows)."""
    return query.where(id_column > args.after).order_by(id_column).limit(args.limit + 1)


def page(rows: list, args: ListArgs, serialise, **values) -> dict:
    """{"data": [...], "next": the next page's address or null}."""
    more = len(rows) > args.limit
    rows = rows[:args.limit]
    following = None
    if more:
        query = {k: v for k, v in request.args.items() if k != "cursor"}
        following = url_for(request.endpoint, _external=True, **values, **query,
                            cursor=encode_cursor(_id(rows[-1])))
    return {"data": [serialise(row) for row in rows], "next": following}


def _id(row) -> int:
    return row[0].id if isinstance(row, tuple) or hasattr(row, "_fields") else row.id
