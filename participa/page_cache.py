"""A few seconds' memory of the public pages that visitors who are not signed in read.

A national consultation's page, the lists and the open data pages are the same for everyone
who is not signed in, and that is most of the audience of a busy day: rendering each of them
once every PAGE_CACHE_SECONDS per worker, rather than on every visit, is what lets one server
carry it (bench/RESULTS.md). What is kept is only what is the same for every such visitor:

- a GET of an endpoint in PUBLIC_PAGES by a visitor whose session holds nothing of their
  own (no account, no flashed message, no form state: at most the form token's secret and
  the chosen language) and who has no remember-me cookie;
- a 200 answer that set no cookie and wrote nothing to the session but the form token's
  secret (every page has the language form): the kept page has a marker where this
  visitor's token was, and each visitor who gets it from memory gets their own token there
  (and the session cookie that goes with it), so forms keep their CSRF protection;
- keyed by the language chosen for the visitor, the host and the full path with its query.

Files and API answers (DATA_PAGES) are the same whoever asks: they are answered and kept for
signed-in visitors too, before the person is even loaded.

Whoever is signed in always gets a fresh page, so a citizen sees their own comment at once;
other readers see a change at most PAGE_CACHE_SECONDS later (0 turns the cache off, as in
the tests). The memory is each worker's own, bounded in entries and in page size: no
serialisation, nothing shared to invalidate, and a flood of made-up query strings only
pushes out the oldest pages.
"""
from __future__ import annotations

from flask import Flask, Response, current_app, g, request, session
from flask_wtf.csrf import generate_csrf

from participa.expiring_lru import ExpiringLRU
from participa.i18n import SESSION_KEY as LOCALE_SESSION_KEY, select_locale

# Files and API answers: no layout and nothing of the reader's own, whoever asks. They are
# answered from memory (and kept) for signed-in readers too, without loading the person.
DATA_PAGES = frozenset({
    "open311.services", "open311.service_definition", "open311.requests_list",
    "open311.request_detail",
    "open_data.catalogue", "open_data.institutions_csv", "open_data.institutions_xlsx",
    "open_data.institutions_json", "open_data.channels_file",
    "stats_api.summary", "stats_api.institutions",
    "observatory_data.indicator_csv", "observatory_data.indicator_xlsx",
    "observatory_data.indicator_json",
    "catalogue.catalogue_jsonld", "catalogue.catalogue_turtle", "catalogue.catalogue_rdfxml",
    "catalogue.consultations", "catalogue.data_requests", "catalogue.reuses",
    "public_api.openapi_document", "public_api.institutions", "public_api.institution",
    "public_api.consultations", "public_api.consultation", "public_api.sections",
    "public_api.comments", "public_api.outcome", "public_api.questions",
    "public_api.proposals", "public_api.proposal",
})
# Pages that show the same thing to every visitor who is not signed in, and do nothing else.
PUBLIC_PAGES = DATA_PAGES | frozenset({
    "main.home", "main.about", "auth.register", "auth.login", "main.institutions", "main.institution", "privacy.policy",
    "consultations.index", "consultations.show", "consultations.outcome_report",
    "proposals.index", "proposals.show",
    "open_data.index", "open_data.methodology",
    "observatory.index", "observatory.norm_facts", "observatory.requests_index",
    "observatory.request_show", "observatory.reuses_index", "observatory.reuse_show",
})
MAX_ENTRIES = 256
MAX_BODY_BYTES = 512 * 1024
# Sent anew with every answer, never kept.
PER_REQUEST_HEADERS = frozenset({"set-cookie", "x-request-id", "date", "content-length"})
# Where the visitor's own CSRF token goes in a kept page (no page text contains a NUL).
TOKEN_MARKER = b"\x00csrf-token\x00"


def _key() -> str | None:
    """The page's key when this request may be answered from memory, else None."""
    if request.method != "GET" or request.endpoint not in PUBLIC_PAGES:
        return None
    config = current_app.config
    if not config["PAGE_CACHE_SECONDS"]:
        return None
    if request.endpoint in DATA_PAGES:
        return f"{select_locale()}|{request.host}|{request.full_path}"
    if config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies:
        return None
    if set(session) - _impersonal_session_keys():
        return None  # someone signed in, a message waiting, a form's state: their own page
    return f"{select_locale()}|{request.host}|{request.full_path}"


def _impersonal_session_keys() -> set[str]:
    """What a visitor's session may hold and still get the page everyone gets: the form
    token's secret (handed out per visitor, see above), the chosen language (in the key),
    and flask-login's marks of a visitor who is not signed in."""
    return {current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), LOCALE_SESSION_KEY,
            "_permanent", "_fresh"}


def kept_headers(response) -> list[tuple[str, str]]:
    """The headers a kept answer is given again with (PER_REQUEST_HEADERS are sent anew)."""
    return [(name, value) for name, value in response.headers.items()
            if name.lower() not in PER_REQUEST_HEADERS]


def register(app: Flask, memory: ExpiringLRU | None = None) -> ExpiringLRU:
    """Answer from memory before anything else is loaded; remember eligible answers after
    everything else has added its headers. Call before the blueprints are registered, so
    that the lookup runs before their request hooks and the keeping after theirs. The
    memory keeps (status, headers, body) under each page's key."""
    memory = ExpiringLRU(MAX_ENTRIES) if memory is None else memory
    app.extensions["page_memory"] = memory

    @app.before_request
    def answer_from_memory():
        key = _key()
        g.page_cache_key = key
        if key is None:
            return None
        kept = memory.get(key)
        if kept is None:
            return None
        g.page_cache_key = None  # answered: nothing to keep afterwards
        status, headers, body = kept
        if TOKEN_MARKER in body:
            body = body.replace(TOKEN_MARKER, generate_csrf().encode())
        return Response(body, status=status, headers=headers)

    @app.after_request
    def keep_in_memory(response):
        key = g.pop("page_cache_key", None)
        token_field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        if (key is None or response.status_code != 200 or response.direct_passthrough
                or response.is_streamed
                or (request.endpoint not in DATA_PAGES
                    and set(session) - _impersonal_session_keys())
                or "Set-Cookie" in response.headers
                or "no-store" in (response.headers.get("Cache-Control") or "")):
            return response
        body = response.get_data()
        if len(body) > MAX_BODY_BYTES or TOKEN_MARKER in body:
            return response
        token = g.get(token_field)  # this request's signed token, as flask-wtf keeps it
        if token:
            body = body.replace(token.encode(), TOKEN_MARKER)
        memory.put(key, (200, kept_headers(response), body),
                   current_app.config["PAGE_CACHE_SECONDS"])
        return response

    return memory
