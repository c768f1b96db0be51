"""The one place where user-supplied HTML is cleaned (nh3, an ammonia binding).

Every piece of user HTML that Participa renders as markup goes through `clean_html`;
everything else is plain text and autoescaped by Jinja.
"""
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "a", "code",
    "h2", "h3", "h4",
    # Tables of drafts imported from Word (participa/consultations/word.py).
    "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"},
                      "th": {"colspan", "rowspan", "scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(raw: str) -> Markup:
    """Return markup that is safe to render: scripts, styles and event handlers removed,
    links marked rel="nofollow ugc noopener" so that user links earn no ranking."""
    cleaned = nh3.clean(
        raw or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )
    return Markup(cleaned)


def plain_text(raw: str) -> str:
    """Strip every tag, keeping only the text (for titles, summaries, exports)."""
    return nh3.clean(raw or "", tags=set())
