"""A page's content kept a few seconds per worker for signed-in readers.

The public page memory (participa.page_cache) serves whole pages to visitors who are not
signed in. A signed-in reader's page has their own header, so what can be shared is the
content block (the part inside <main>): a list or a thread that is the same for every
citizen. It is kept for PAGE_CACHE_SECONDS (0 turns it off, as in the tests) under the
language, time zone, host and full path, with a marker where the renderer's form token was,
and each reader gets their own token there. The pages decide who may share it (never those
who see tools or held content) and what else is each reader's own (reader_pages).

The template side, in the page's content block:
    {% if kept_content %}{{ kept_content }}{% else -%}
    {% set content_html %}...{% endset %}{{ keep_content(content_html) if keep_content else content_html }}
    {%- endif %}
"""
from __future__ import annotations

from flask import current_app, request
from flask_babel import get_locale, get_timezone
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from participa.expiring_lru import ExpiringLRU

MAX_ENTRIES = 256
# Where the reader's own form token goes (no page text contains a NUL).
TOKEN = "\x00token\x00"


def memory() -> ExpiringLRU:
    """This application's kept content (each worker its own, as the public pages)."""
    return current_app.extensions.setdefault("kept_content", ExpiringLRU(MAX_ENTRIES))


def seconds() -> int:
    return current_app.config["PAGE_CACHE_SECONDS"]


def may_keep(user) -> bool:
    """Whether this request may share content with other signed-in readers at all."""
    return seconds() > 0 and request.method == "GET" and user.is_authenticated


def key(page: str) -> str:
    return f"{page}|{get_locale()}|{get_timezone()}|{request.host}|{request.full_path}"


def get(page_key: str):
    return memory().get(page_key)


def keep(page_key: str, value) -> None:
    memory().put(page_key, value, seconds())


def keeper(page_key: str | None):
    """What a page's template calls with its rendered content (`keep_content`): keeps it
    under `page_key` and shows it; None when the page is not shared."""
    if page_key is None:
        return None

    def keep_and_show(html):
        keep(page_key, without_token(str(html)))
        return html
    return keep_and_show


def without_token(html: str) -> str:
    return html.replace(generate_csrf(), TOKEN)


def with_token(html: str) -> Markup:
    return Markup(html.replace(TOKEN, generate_csrf()))
