"""Drafts from Word: a .docx converted by mammoth into the sectioned draft.

The document's highest heading level used becomes the sections (articles); deeper headings
become sub-headings inside them; text before the first heading is the preamble. Lists,
tables, emphasis and links are kept; everything goes through participa.sanitize. What
cannot be converted faithfully is refused with a reason: a file that is not a .docx, a
corrupt or oversized one, one without headings, one with images.

The sectioned draft travels as HTML with each section opened by an `<h2>`: the same form
is read back by `split_html` when the official saves after the preview.
"""
from __future__ import annotations

import html as html_lib
import io
import re
import zipfile
from dataclasses import dataclass

import mammoth
from flask import current_app
from flask_babel import lazy_gettext as _l

from participa.consultations.markdown import ParsedSection
from participa.domain import DomainError
from participa.sanitize import clean_html, plain_text

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a small file that unpacks to more is refused
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_SECTION = re.compile(r"<h2>(.*?)</h2>", re.S)


@dataclass
class Imported:
    html: str                      # the sectioned draft, sanitised, sections at <h2>
    sections: list[ParsedSection]


def _refuse(message) -> DomainError:
    return DomainError(message, field="word_file")


def _check_package(data: bytes) -> None:
    limit = current_app.config.get("CONSULTATION_DOCX_MAX_BYTES", DEFAULT_MAX_BYTES)
    if not data:
        raise _refuse(_l("Choose a Word document (.docx) to import."))
    if len(data) > limit:
        raise _refuse(_l("The Word document is larger than %(mb)d MB.",
                         mb=limit // (1024 * 1024)))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(_l("Only Word documents (.docx) can be imported. Save the file as "
                         ".docx in Word or LibreOffice and try again.")) from None
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise _refuse(_l("Only Word documents (.docx) can be imported. Save the file as "
                         ".docx in Word or LibreOffice and try again."))
    if unpacked > MAX_UNPACKED_BYTES:
        raise _refuse(_l("The Word document is larger than %(mb)d MB.",
                         mb=MAX_UNPACKED_BYTES // (1024 * 1024)))


def _convert(data: bytes) -> str:
    images = []

    def no_image(image):
        images.append(image.content_type)
        return {}

    try:
        result = mammoth.convert_to_html(io.BytesIO(data),
                                         convert_image=mammoth.images.img_element(no_image))
    except Exception:  # mammoth raises many kinds on a damaged package  # noqa: BLE001
        raise _refuse(_l("The Word document could not be read: it may be damaged. Open it "
                         "in Word or LibreOffice, save it again and retry.")) from None
    if images:
        raise _refuse(_l("The Word document contains images, which a draft cannot show. "
                         "Remove them (publish them as background documents) and retry."))
    return result.value


def _sectioned(html: str) -> str:
    """Headings of the top level used become <h2>; the next ones <h3>, deeper ones <h4>."""
    levels = sorted({int(level) for level, _text in _HEADING.findall(html)})
    if not levels:
        raise _refuse(_l("The Word document has no headings. Give each article or section a "
                         "heading style (Heading 1) in Word and retry."))
    top = levels[0]

    def relevel(match: re.Match) -> str:
        tag = "h" + str(min(4, 2 + int(match.group(1)) - top))
        return f"<{tag}>{match.group(2)}</{tag}>"

    return _HEADING.sub(relevel, html)


def split_html(html: str) -> list[ParsedSection]:
    """The sections of a sectioned draft (sanitised again: it may come back from a form)."""
    cleaned = str(clean_html(html))
    parts = _SECTION.split(cleaned)
    sections = []
    if parts[0].strip():
        sections.append(ParsedSection(heading="", body_html=parts[0].strip()))
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        sections.append(ParsedSection(heading=html_lib.unescape(plain_text(heading)).strip()[:300] or "—",
                                      body_html=body.strip()))
    return sections


def import_docx(data: bytes) -> Imported:
    """Convert a Word document into the sectioned draft, or refuse it with the reason."""
    _check_package(data)
    html = str(clean_html(_sectioned(_convert(data))))
    return Imported(html=html, sections=split_html(html))
