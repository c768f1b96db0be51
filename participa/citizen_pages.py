"""Whole public pages kept a few seconds per worker for signed-in citizens who hold no role.

The public page memory (participa.page_cache) answers visitors who are not signed in. A
citizen who holds no role, staffs no Infocentro and is not suspended sees the pages below
exactly as every other such citizen does, but for three places in the header: their name,
their count of unread notices and their form token. Such a page is rendered once with a
marker in each of those places, kept for PAGE_CACHE_SECONDS (0 turns it off, as in the
tests) under the language, time zone, host and full path, and filled in for each reader.
The person is still loaded (that query also tells whether their session is alive); what is
saved is the rendering.

What a signed-in citizen sees differently from a visitor (the header's links, the privacy
page's "See my data") is the same for all of them. A page with a message for its reader
(a flashed message) is rendered for them alone and never kept; so is anything but a plain
200 HTML answer.
"""
from __future__ import annotations

from functools import wraps
from types import SimpleNamespace

from flask import Flask, current_app, g, request, session
from flask.globals import request_ctx
from flask_babel import get_locale, get_timezone
from flask_login import current_user
from markupsafe import Markup, escape

from participa import authz, kept_content
from participa.auth import signed_in

# Audited: nothing on these pages depends on who the citizen is, only on whether they are
# signed in (cases.index only without a query: a tracking code is never kept).
CITIZEN_PAGES = frozenset({
    "main.home", "main.about", "main.institutions", "main.institution", "privacy.policy",
    "open_data.index", "open_data.methodology", "observatory.index", "cases.index",
})
MEMORY = "citizen_pages"
MAX_ENTRIES = 128
# The header's places that are each reader's own (no page text contains a NUL).
HOLES = SimpleNamespace(name=Markup("\x00reader-name\x00"),
                        notices=Markup("\x00reader-notices\x00"))


def register(app: Flask) -> None:
    """Wrap the views of CITIZEN_PAGES: call after the blueprints are registered. The
    wrapper runs where the view would, after every guard of the request."""
    for endpoint in CITIZEN_PAGES:
        app.view_functions[endpoint] = _kept_for_citizens(app.view_functions[endpoint])


def _memory():
    return kept_content.memory(MEMORY, MAX_ENTRIES)


def _key() -> str | None:
    """The page's key when this reader may share it, else None."""
    if not kept_content.may_keep(current_user) or "_flashes" in session:
        return None
    if request.endpoint == "cases.index" and request.args:
        return None
    facts = signed_in.facts_for(current_user)
    if (facts is None or facts.suspended or facts.staffs_infocentro
            or authz.holds_any_role(current_user)):
        return None
    return f"{get_locale()}|{get_timezone()}|{request.host}|{request.full_path}"


def _kept_for_citizens(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        key = _key()
        if key is None:
            return view(*args, **kwargs)
        kept = _memory().get(key)
        if kept is not None:
            body, mimetype = kept
            return current_app.response_class(_fill(body), mimetype=mimetype)
        g.header_holes = HOLES
        try:
            response = current_app.make_response(view(*args, **kwargs))
        finally:
            g.header_holes = None
        if response.direct_passthrough or response.is_streamed:
            return response  # not rendered from base.html: nothing to fill
        body = response.get_data(as_text=True)
        if (response.status_code == 200 and response.mimetype == "text/html"
                and "Set-Cookie" not in response.headers and not request_ctx.flashes):
            _memory().put(key, (kept_content.without_token(body), response.mimetype),
                          kept_content.seconds())
        response.set_data(_fill(body))
        return response
    return wrapper


def _fill(body: str) -> str:
    """A kept page (or one just rendered with holes) as this reader sees it."""
    from participa.citizen.notices import header_count

    notices = current_app.jinja_env.get_template("citizen/_notices_link.html").render(
        unread=header_count(current_user))
    return str(kept_content.with_token(
        body.replace(HOLES.name, str(escape(current_user.name)))
            .replace(HOLES.notices, notices)))
