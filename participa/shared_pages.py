"""Whole pages that every signed-in person of one audience sees alike, kept a few seconds
per worker.

The public page memory (participa.page_cache) answers visitors who are not signed in. Two
audiences of signed-in people also see some pages exactly as every other member does, but
for three places in the header: their name, their count of unread notices and their form
token.
- Citizens: no role, no Infocentro, no running suspension. The public pages in
  PAGES["citizen"] show them what they show every such citizen (the header's links, the
  privacy page's "See my data").
- Rector analysts: that global role and nothing else. The same public pages show them one
  more link; the national figures in PAGES["rector"] are theirs, and whether they may see
  them depends on that role alone. Those pages are also keyed by the figures' change token
  (participa.figures_cache.generation), so the first read after a change is exact.

A listed page is rendered once with a marker in each of the three places, kept for
PAGE_CACHE_SECONDS (0 turns it off, as in the tests) under the audience, language, time
zone, host and full path, and filled in for each reader. The person is still loaded (that
query also tells whether their session is alive), and every guard of the request runs
before the page is looked up; what is saved is the page's own work. A page with a message
for its reader (a flashed message) and anything but a 200 answer are rendered for their
reader alone, never kept.

Rule for listing a page: everything on it, and whether it may be seen at all, depends on
nothing but the audience and the address.
"""
from __future__ import annotations

import re
from functools import lru_cache, wraps
from types import SimpleNamespace

from flask import Flask, current_app, g, request, session
from flask.globals import request_ctx
from flask_babel import get_locale, get_timezone
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from participa import figures_cache, kept_content, page_cache
from participa.auth import signed_in
from participa.models import GlobalRole

PUBLIC = frozenset({
    "main.home", "main.about", "main.institutions", "main.institution", "privacy.policy",
    "open_data.index", "open_data.methodology", "observatory.index", "cases.index",
    "consultations.index", "proposals.index",
})
FIGURES = frozenset({
    "dashboard.summary", "dashboard.institution", "cases.statistics",
    "transparency.annual_report", "transparency.annual_report_xlsx", "transparency.overview",
})
PAGES = {"citizen": PUBLIC, "rector": PUBLIC | FIGURES}
# The places that are each reader's own (no page text contains a NUL): their name, and
# their unread count as the header and the consultation list show it (each a template).
HOLES = SimpleNamespace(name=Markup("\x00reader-name\x00"),
                        notices=Markup("\x00reader-notices\x00"),
                        notices_action=Markup("\x00reader-notices-action\x00"))
UNREAD_TEMPLATES = {HOLES.notices: "citizen/_notices_link.html",
                    HOLES.notices_action: "consultations/_notices_action.html"}


def register(app: Flask) -> None:
    """Wrap the views of the listed pages: call after the blueprints are registered. The
    wrapper runs where the view would, after every guard of the request."""
    for endpoint in set().union(*PAGES.values()):
        app.view_functions[endpoint] = _kept_per_audience(app.view_functions[endpoint])


def audience(user) -> str | None:
    """"citizen", "rector" or None (whoever else: their own pages)."""
    facts = signed_in.facts_for(user)
    if facts is None or facts.suspended or facts.staffs_infocentro or user.memberships:
        return None
    if user.global_role is None:
        return "citizen"
    if user.global_role == GlobalRole.RECTOR_ANALYST:
        return "rector"
    return None


def _key() -> str | None:
    """The page's key when this reader may share it, else None."""
    if not kept_content.may_keep(current_user) or "_flashes" in session:
        return None
    if request.endpoint == "cases.index" and request.args:
        return None  # a tracking code in the address is never kept
    shared_by = audience(current_user)
    if shared_by is None or request.endpoint not in PAGES[shared_by]:
        return None
    token = ""
    if request.endpoint in FIGURES:
        if current_app.config["STATS_CACHE_SECONDS"] <= 0:
            return None  # figures computed on every read: no change token to key them by
        token = figures_cache.generation()
    return (f"page|{shared_by}|{token}|{get_locale()}|{get_timezone()}|{request.host}"
            f"|{request.full_path}")


def _kept_per_audience(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        key = _key()
        if key is None:
            return view(*args, **kwargs)
        kept = kept_content.get(key)
        if kept is not None:
            parts, headers = kept
            return current_app.response_class(_fill(parts), headers=headers)
        g.header_holes = HOLES
        try:
            response = current_app.make_response(view(*args, **kwargs))
        finally:
            g.header_holes = None
        if response.direct_passthrough or response.is_streamed:
            return response
        keepable = (response.status_code == 200 and "Set-Cookie" not in response.headers
                    and not request_ctx.flashes)
        if response.mimetype == "text/html":  # a page: the holes to fill, now and later
            parts = _parts(kept_content.without_token(response.get_data(as_text=True)))
            response.set_data(_fill(parts))
        else:  # a file: nobody's own
            parts = (response.get_data(),)
        if keepable:
            kept_content.keep(key, (parts, page_cache.kept_headers(response)))
        return response
    return wrapper


_HOLE = re.compile("(" + "|".join(re.escape(hole) for hole in (
    HOLES.name, HOLES.notices, HOLES.notices_action, kept_content.TOKEN)) + ")")


def _parts(page: str) -> tuple:
    """The page cut at its holes: bytes between them, each hole as its marker (a str),
    so that filling it is one join rather than a search of the whole page per hole."""
    return tuple(part if index % 2 else part.encode()
                 for index, part in enumerate(_HOLE.split(page)))


def _fill(parts: tuple) -> bytes:
    """A kept page (or one just rendered with holes) as this reader sees it."""
    from participa.citizen.notices import header_count

    def own(hole: str) -> bytes:
        if hole == HOLES.name:
            return str(escape(current_user.name)).encode()
        if hole == kept_content.TOKEN:
            return generate_csrf().encode()
        return _unread_markup(UNREAD_TEMPLATES[hole], str(get_locale()), request.script_root,
                              header_count(current_user))

    # Only the holes the page has are filled (a file has none: no token is made for it).
    filled = {hole: own(hole) for hole in set(parts) if isinstance(hole, str)}
    return b"".join(filled[part] if isinstance(part, str) else part for part in parts)


@lru_cache(maxsize=512)
def _unread_markup(template: str, _locale: str, _script_root: str, unread: int) -> bytes:
    """A count's link as `template` renders it, in the language and under the address it
    was rendered for (the arguments it depends on besides the count are the key)."""
    return current_app.jinja_env.get_template(template).render(unread=unread).encode()
