"""Whole numbers from outside (URL paths, query strings, form fields), bounded in one place.

A database integer holds at most 2**63 - 1: a larger number from a URL reached the query and
failed there (OverflowError, a 500). `str.isdigit()` is no guard either, since it accepts
"²" or "٣", which int() then refuses or reads. Everything that turns outside text into an
id or a count goes through here: ASCII digits only, within the database's range.
"""
from __future__ import annotations

import builtins
import re

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

MAX_INT = 2**63 - 1  # PostgreSQL bigint, SQLite integer
MAX_PAGE = 2**31 - 1  # a page number times a page size stays well inside MAX_INT
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def parse_int(text, *, maximum: int = MAX_INT) -> int | None:
    """The number written in `text` (ASCII digits only, at most `maximum`), else None."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text if 0 <= text <= maximum else None
    text = (text or "").strip() if isinstance(text, str) else ""
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if value <= maximum else None


def coerce_id(value) -> int:
    """A WTForms `coerce` for id choices: ValueError (a form error) for anything that is not
    a number the database can hold."""
    number = parse_int(value)
    if number is None:
        raise ValueError(value)
    return number


def arg_int(name: str, default: int | None = None, *, maximum: int = MAX_INT) -> int | None:
    """A query-string number: `default` when absent or not a number, a 404 when too large
    (no page or record can have it)."""
    raw = request.args.get(name, "").strip()
    if not _DIGITS.fullmatch(raw):
        return default
    value = parse_int(raw, maximum=maximum)
    if value is None:
        abort(404)
    return value


def page_arg(name: str = "pagina") -> int:
    """The page asked for with ?pagina= (1 when absent or not a number)."""
    return max(arg_int(name, 1, maximum=MAX_PAGE), 1)


class BoundedIntConverter(IntegerConverter):
    """Flask's <int:...> converter, limited to ASCII digits and to what the database holds:
    a larger number matches no route (404)."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = MAX_INT, signed: bool = False) -> None:
        limit = MAX_INT if max is None else builtins.min(max, MAX_INT)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=limit, signed=signed)


def register(app: Flask) -> None:
    """Replace the int converter before any blueprint adds its rules."""
    app.url_map.converters["int"] = BoundedIntConverter
