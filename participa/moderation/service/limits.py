"""The cap on links per comment: many links in one comment are the mark of spam."""
from __future__ import annotations

import re

from flask import current_app
from flask_babel import lazy_gettext as _l

from participa.domain import DomainError

_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def max_links() -> int:
    return int(current_app.config.get("COMMENT_MAX_LINKS", 3))


def check_links(text: str, field: str = "body") -> None:
    """Refuse a text with more links than the configured cap."""
    limit = max_links()
    if len(_LINK.findall(text or "")) > limit:
        raise DomainError(_l("A comment can contain at most %(n)d links. Remove some and "
                             "publish again.", n=limit), field=field)
