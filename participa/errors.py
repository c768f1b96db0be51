"""Error pages in the visitor's language; no stack trace ever reaches a user."""
from flask import Flask, Response, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from participa.extensions import db
from participa.open311.errors import error_response as open311_error, is_open311_request

TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You do not have permission to do this"),
    404: _l("Page not found"),
    405: _l("This action is not allowed here"),
    409: _l("This conflicts with the current state"),
    413: _l("The file is too large"),
    429: _l("Too many requests"),
    500: _l("Something went wrong on our side"),
}
EXPLANATIONS = {
    400: _l("Please check the address or the form and try again."),
    403: _l("Your account does not have the role needed for this page. If you think it should, ask your institution's administrator."),
    404: _l("The page you asked for does not exist or has been moved."),
    405: _l("Go back and use the page's own buttons and forms."),
    409: _l("Someone may have changed this in the meantime. Reload the page and try again."),
    413: _l("Choose a smaller file and try again."),
    429: _l("Please wait a moment before trying again."),
    500: _l("The error has been recorded. Please try again in a few minutes."),
}


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def render_error(code: int, explanation=None):
    title = TITLES.get(code, TITLES[500] if code >= 500 else TITLES[400])
    explanation = explanation or EXPLANATIONS.get(
        code, EXPLANATIONS[500] if code >= 500 else EXPLANATIONS[400])
    if wants_json():
        return jsonify(error={"code": code, "message": str(title)}), code
    return render_template("errors/error.html", code=code, title=title,
                           explanation=explanation), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def handle_expired_form(error: CSRFError):
        return render_error(400, _l("The form expired. Please send it again."))

    @app.errorhandler(SecurityError)
    def handle_untrusted_host(error: SecurityError):
        # A host this server does not serve (see TRUSTED_HOSTS): no page can be built for it,
        # as no link can.
        return Response(str(TITLES[400]), 400, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        if is_open311_request():
            return open311_error(error.code or 500)
        if error.response is not None:  # a page prepared by whoever raised it (rate limits)
            return error.response
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return handle_http_error(error)
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        if is_open311_request():
            return open311_error(InternalServerError.code)
        return render_error(InternalServerError.code)
