"""A restricted Markdown for draft texts and comments, rendered through the one sanitiser.

Supported: `## ` headings that start a new numbered section (article), `### ` sub-headings,
paragraphs, `- ` / `* ` and `1. ` lists, `> ` quotes, **bold**, *italic*, `code` and
[links](https://...). Everything else is text: the source is escaped first, so raw HTML never
reaches the page, and the result still goes through participa.sanitize.clean_html.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from participa.sanitize import clean_html

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_CODE = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^\s)]+|mailto:[^\s)]+)\)")
_BARE_URL = re.compile(r"(?<![\"=>])\b(https?://[^\s<]+[^\s<.,;:!?)])")
_ORDERED = re.compile(r"^\d{1,3}[.)]\s+")


@dataclass
class ParsedSection:
    heading: str
    body_html: str


def _inline(text: str, autolink: bool = False) -> str:
    html = str(escape(text))
    html = _CODE.sub(r"<code>\1</code>", html)
    html = _LINK.sub(r'<a href="\2">\1</a>', html)
    if autolink:
        html = _BARE_URL.sub(r'<a href="\1">\1</a>', html)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return _ITALIC.sub(r"<em>\1</em>", html)


def _blocks(lines: list[str], autolink: bool, subheadings: bool) -> str:
    out: list[str] = []
    paragraph: list[str] = []
    list_tag: str | None = None
    items: list[str] = []
    quote: list[str] = []

    def flush() -> None:
        nonlocal list_tag
        if paragraph:
            out.append("<p>" + "<br>".join(_inline(p, autolink) for p in paragraph) + "</p>")
            paragraph.clear()
        if list_tag:
            out.append(f"<{list_tag}>" + "".join(
                f"<li>{_inline(i, autolink)}</li>" for i in items) + f"</{list_tag}>")
            items.clear()
            list_tag = None
        if quote:
            out.append("<blockquote><p>" + "<br>".join(_inline(q, autolink) for q in quote)
                       + "</p></blockquote>")
            quote.clear()

    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
            continue
        if subheadings and line.startswith("### "):
            flush()
            out.append(f"<h3>{_inline(line[4:].strip())}</h3>")
        elif line.startswith(("- ", "* ")):
            if list_tag != "ul":
                flush()
                list_tag = "ul"
            items.append(line[2:].strip())
        elif _ORDERED.match(line):
            if list_tag != "ol":
                flush()
                list_tag = "ol"
            items.append(_ORDERED.sub("", line, count=1))
        elif line.startswith(">"):
            if not quote:
                flush()
            quote.append(line.lstrip("> ").strip())
        else:
            if list_tag or quote:
                flush()
            paragraph.append(line)
    flush()
    return "".join(out)


def render(text: str, *, autolink: bool = True) -> Markup:
    """Render a comment or a short text: paragraphs, lists, quotes, emphasis and links."""
    return clean_html(_blocks((text or "").splitlines(), autolink=autolink, subheadings=False))


def split_sections(text: str) -> list[ParsedSection]:
    """Split a draft into sections at each `## ` heading; text before the first heading is
    a preamble section with an empty heading."""
    sections: list[ParsedSection] = []
    heading: str | None = None
    lines: list[str] = []

    def close() -> None:
        body = str(clean_html(_blocks(lines, autolink=False, subheadings=True)))
        if heading is not None or body.strip():
            sections.append(ParsedSection(heading=(heading or "")[:300], body_html=body))

    for raw in (text or "").splitlines():
        if raw.startswith("## "):
            close()
            heading = raw[3:].strip()
            lines = []
        else:
            lines.append(raw)
    close()
    return sections
