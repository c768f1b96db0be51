"""The OpenAPI 3.1 document of /api/v1, generated from the code: each view declares its
operation beside its route (`operation`), the schemas live in participa.api.schemas, and the
paths come from the application's own URL map, so a route cannot exist undocumented
without the test noticing.

Why declarations and not apiflask or spectree: apiflask replaces the Flask app and
blueprint classes and brings marshmallow, spectree brings pydantic; both would change how
this app is built for a dozen read-only routes, while OpenAPI 3.1's schemas are plain JSON
Schema, which a test validates responses against with `jsonschema`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from participa.api import schemas

OPERATIONS: dict[str, Operation] = {}


@dataclass
class Operation:
    summary: str
    response: str | None            # a component schema's name; None: not JSON
    parameters: list[str] = field(default_factory=list)
    description: str = ""
    media_type: str = "application/json"
    not_found: bool = False


def operation(endpoint: str, summary: str, response: str | None, *, parameters=(),
              description: str = "", media_type: str = "application/json",
              not_found: bool = False):
    """Declare the operation of the view registered as `endpoint`."""
    def decorate(view):
        OPERATIONS[endpoint] = Operation(summary, response, list(parameters), description,
                                         media_type, not_found)
        return view
    return decorate


QUERY = {
    "cursor": {"description": _l("The `next` address of the previous page carries it."),
               "schema": {"type": "string"}},
    "limit": {"description": _l("Items per page, 1 to 200 (50 by default)."),
              "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
    "institution": {"description": _l("An institution's acronym, e.g. MSP."),
                    "schema": {"type": "string"}},
    "since": {"description": _l("From this day (Ecuador), YYYY-MM-DD."),
              "schema": {"type": "string", "format": "date"}},
    "until": {"description": _l("Up to this day included (Ecuador), YYYY-MM-DD."),
              "schema": {"type": "string", "format": "date"}},
    "from": {"description": _l("First day of the period, YYYY-MM-DD."),
             "schema": {"type": "string", "format": "date"}},
    "to": {"description": _l("Last day of the period, YYYY-MM-DD."),
           "schema": {"type": "string", "format": "date"}},
}

# The figures' API (participa.dashboard.api) is documented here, read from its code.
STATS_SCHEMAS = {
    "StatsSummary": {"type": "object", "required": ["period", "methodology_version",
                                                      "cases_total", "scores"],
                     "properties": {"period": {"type": "object"}, "scores": {"type": "object"},
                                    "cases_total": {"type": "integer"}}},
    "StatsInstitutions": {"type": "object", "required": ["period", "institutions"],
                          "properties": {"period": {"type": "object"},
                                         "institutions": {"type": "array",
                                                          "items": {"type": "object"}}}},
}
OPERATIONS["stats_api.summary"] = Operation(
    _l("National figures of Contacto Ciudadano and scores for a period"), "StatsSummary",
    ["from", "to"])
OPERATIONS["stats_api.institutions"] = Operation(
    _l("Figures and scores per institution for a period"), "StatsInstitutions", ["from", "to"])

_CONVERTER = re.compile(r"<(?:[a-z_]+(?:\([^)]*\))?:)?([a-z_]+)>")


def _path(rule: str) -> str:
    return _CONVERTER.sub(r"{\1}", rule)


def api_rules():
    """The application's routes under /api/v1 (Open311 has its own specification)."""
    return [rule for rule in current_app.url_map.iter_rules()
            if rule.rule.startswith("/api/v1/") or rule.rule == "/api/v1"]


def _responses(op: Operation) -> dict:
    if op.response is None:
        ok = {"description": _l("OK"),
              "content": {op.media_type: {"schema": {"type": "string"}}}}
    else:
        ok = {"description": _l("OK"),
              "content": {op.media_type: {"schema": schemas.ref(op.response)}}}
    error = {"content": {"application/json": {"schema": schemas.ref("Error")}}}
    result = {"200": ok,
              "429": {"description": _l("Too many requests from this client"), **error}}
    if op.parameters:
        result["400"] = {"description": _l("A parameter is not valid"), **error}
    if op.not_found:
        result["404"] = {"description": _l("Not found, or not public"), **error}
    return result


def _plain(value):
    """Translated strings made plain text, for JSON."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def document() -> dict:
    """The OpenAPI document, in the language of the request."""
    return _plain(_document())


def _document() -> dict:
    paths: dict = {}
    for rule in sorted(api_rules(), key=lambda r: r.rule):
        op = OPERATIONS.get(rule.endpoint)
        if op is None:
            continue
        parameters = [{"name": name, "in": "path", "required": True,
                       "schema": {"type": "integer" if "int:" in rule.rule else "string"}}
                      for name in rule.arguments]
        parameters += [{"name": name, "in": "query", "required": False, **QUERY[name]}
                       for name in op.parameters]
        entry = {"operationId": rule.endpoint.replace(".", "_"), "summary": op.summary,
                 "responses": _responses(op)}
        if op.description:
            entry["description"] = op.description
        if parameters:
            entry["parameters"] = parameters
        paths[_path(rule.rule)] = {"get": entry}
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Participa API",
            "version": "1.0.0",
            "description": _l(
                "Everything public on Participa, read-only: institutions, consultations with "
                "their sections, published comments (authors as pseudonyms), outcomes and "
                "questions, and proposals with their supports and answers. Lists are read in "
                "id order, a page at a time: follow `next`. Free to reuse under CC BY 4.0."),
            "license": {"name": "CC BY 4.0",
                        "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": url_for("public_api.docs", _external=True).rstrip("/")
                     .removesuffix("/api/v1")}],
        "paths": paths,
        "components": {"schemas": schemas.COMPONENTS | STATS_SCHEMAS},
    }
