"""The one CSV writer of every export: cells that a spreadsheet would run as formulas are
neutralised, and every download has the same shape (UTF-8, CRLF lines, an attachment name).

A text cell that begins with = + - @, a tab or a carriage return is what Excel, LibreOffice
and Google Sheets read as a formula (=HYPERLINK(...) sends the reader's data elsewhere): such
a cell gets a leading apostrophe, which spreadsheets show as plain text. Numbers are written
as they are, so a negative figure stays a number.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a spreadsheet should see it: text that would start a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(header: Sequence, rows: Iterable[Sequence], *, bom: bool = False) -> str:
    """The CSV text of a header and rows; `bom` starts it with a byte-order mark so that
    spreadsheets open the UTF-8 text with its accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def csv_response(body: str, filename: str) -> Response:
    """A CSV download named `filename`."""
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})
