"""HTTP security headers on every response.

The Content-Security-Policy allows no inline script or style: templates load scripts and
styles from static/ only, and dynamic widths use <progress>/<meter> rather than style="".
"""
from flask import Flask, request
from flask_login import current_user

from participa.page_cache import DATA_PAGES

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


# Pages about one person or one case, whoever asks: never kept by a browser or a proxy.
NO_STORE_ENDPOINTS = ("cases.", "privacy.my_data")


def _private(response) -> bool:
    """A response that must not outlive the visit: anything shown to a signed-in person, a
    case page (reachable by its tracking code alone) and the personal data export."""
    endpoint = request.endpoint or ""
    if endpoint.startswith(NO_STORE_ENDPOINTS):
        return True
    if endpoint in DATA_PAGES:  # the same file for everyone: not theirs, and nobody is loaded
        return False
    return endpoint != "static" and current_user.is_authenticated


def register(app: Flask) -> None:
    production = app.config["ENV_NAME"] not in ("development", "testing")

    @app.after_request
    def add_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if _private(response):
            headers["Cache-Control"] = "no-store"
        elif request.endpoint != "static":
            # Public pages still differ by session (language, flashed messages): a shared
            # cache must key them by the cookie.
            response.vary.add("Cookie")
        if production:
            headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
        return response
