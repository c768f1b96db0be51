"""Reading operators' CSV files line by line, so that one bad line never stops a whole import.

The import files hold one record per physical line: none of their fields may contain a line
break. Reading them that way means that a quote left open on one line is reported on that line
instead of swallowing the lines after it, and that a line in another encoding, a NUL byte or a
huge field is one rejected line with its number, not a traceback.

`read_lines` reads bytes and decodes each line with the operator's encoding; `split_line` turns
one line into its fields. Both report problems as `LineError` with a translated message.
"""
from __future__ import annotations

import codecs
import csv
from typing import BinaryIO, Iterable, Iterator

from flask_babel import lazy_gettext as _l

MAX_LINE_BYTES = 16 * 1024
MAX_FIELD_CHARS = 1000


class LineError(ValueError):
    """A line that cannot be read; `args[0]` is the translated reason."""

    @property
    def message(self):
        return self.args[0]


class FileRefused(ValueError):
    """The whole file cannot be imported (no header, wrong header, unknown encoding)."""

    def __init__(self, line: int, message):
        super().__init__(message)
        self.line = line
        self.message = message


def check_encoding(name: str) -> str:
    """The codec's canonical name; FileRefused when Python does not know it or when it is not
    a byte-per-line encoding (lines are split on the byte \\n before decoding)."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise FileRefused(0, _l("unknown encoding %(name)s", name=name)) from None
    if "\n".encode(info.name) != b"\n":
        raise FileRefused(0, _l("the encoding %(name)s is not supported: use UTF-8, Latin-1 or "
                                "Windows-1252", name=name))
    return info.name


def read_lines(handle: BinaryIO, encoding: str = "utf-8",
               max_bytes: int = MAX_LINE_BYTES) -> Iterator[tuple[int, str | LineError]]:
    """(line number, text without its line end) for every physical line, or (line number,
    LineError) for a line that is too long, holds a NUL byte or is not in `encoding`.

    A line longer than `max_bytes` is never held whole in memory: the rest of it is skipped."""
    encoding = check_encoding(encoding)
    utf8 = encoding == "utf-8"
    number = 0
    while True:
        raw = handle.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(64 * 1024)
            yield number, LineError(_l("the line is longer than %(limit)d bytes",
                                       limit=max_bytes))
            continue
        raw = raw.rstrip(b"\r\n")
        if number == 1 and utf8 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if b"\x00" in raw:
            yield number, LineError(_l("the line contains a NUL byte"))
            continue
        try:
            yield number, raw.decode(encoding)
        except UnicodeDecodeError as error:
            yield number, LineError(_l(
                "the line is not valid %(encoding)s (byte %(byte)d); if the file comes from "
                "the previous system, try --encoding latin-1", encoding=encoding.upper(),
                byte=error.start + 1))


def numbered(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Lines already decoded (a list, a text file): numbered from 1, line ends removed."""
    for number, line in enumerate(lines, 1):
        yield number, line.rstrip("\r\n")


def split_line(text: str, max_field: int = MAX_FIELD_CHARS) -> list[str]:
    """The fields of one CSV line; LineError for an open quote, a stray quote, a NUL
    character or a field longer than `max_field` characters."""
    if "\x00" in text:
        raise LineError(_l("the line contains a NUL byte"))
    if "\n" in text or "\r" in text:
        raise LineError(_l("a field contains a line break"))
    if len(text) > MAX_LINE_BYTES:
        raise LineError(_l("the line is longer than %(limit)d bytes", limit=MAX_LINE_BYTES))
    try:
        rows = list(csv.reader([text], strict=True))
    except csv.Error:
        raise LineError(_l("a quoted field is not closed properly: check the quotes on this "
                           "line")) from None
    row = rows[0] if rows else []
    if any(len(cell) > max_field for cell in row):
        raise LineError(_l("a field is longer than %(limit)d characters", limit=max_field))
    return row


def checked_lines(handle: BinaryIO, encoding: str, errors: list) -> Iterator[str]:
    """For readers built on `csv.reader`: every line of the file, each a whole record, with
    an empty line in place of each unreadable one (so that line numbers stay right) and its
    (line number, reason) added to `errors`. FileRefused for an unknown encoding or an empty
    file."""
    empty = True
    for number, text in read_lines(handle, encoding):
        empty = False
        if not isinstance(text, LineError):
            try:
                split_line(text)
            except LineError as error:
                text = error
        if isinstance(text, LineError):
            errors.append((number, text.message))
            text = ""
        yield text + "\n"
    if empty:
        raise FileRefused(1, _l("the file is empty"))
