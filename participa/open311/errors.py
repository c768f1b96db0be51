"""Open311 answers every error in its own format: a list of {code, description}, as JSON or as
XML (<errors><error>...</error></errors>) after the extension of the address, whatever the
error (an unknown address, a wrong method, a rate limit, a failure on our side)."""
from __future__ import annotations

from xml.etree import ElementTree

from flask import Response, jsonify, request

PREFIX = "/open311/"
DESCRIPTIONS = {
    400: "the request could not be understood",
    403: "not allowed",
    404: "not found",
    405: "method not allowed",
    413: "the request is too large",
    429: "too many requests: wait before sending more",
    500: "an error on the server; it has been recorded",
}


def is_open311_request() -> bool:
    return request.path.startswith(PREFIX)


def wants_xml() -> bool:
    fmt = (request.view_args or {}).get("fmt")
    if fmt is None:
        fmt = request.path.rpartition(".")[2]
    return fmt == "xml"


def render(items: list[dict], root: str, item: str, status: int = 200) -> Response:
    """Items as JSON, or as XML with `root` around one `item` element per entry."""
    if wants_xml():
        top = ElementTree.Element(root)
        for entry in items:
            node = ElementTree.SubElement(top, item)
            for key, value in entry.items():
                child = ElementTree.SubElement(node, key)
                if isinstance(value, bool):
                    child.text = "true" if value else "false"
                elif value is not None:
                    child.text = str(value)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(top)
        return Response(body, status=status, mimetype="text/xml")
    response = jsonify(items)
    response.status_code = status
    return response


def error_response(code: int, *descriptions: str) -> Response:
    code = code if code in DESCRIPTIONS else (500 if code >= 500 else 400)
    descriptions = descriptions or (DESCRIPTIONS[code],)
    return render([{"code": code, "description": d} for d in descriptions],
                  "errors", "error", code)
