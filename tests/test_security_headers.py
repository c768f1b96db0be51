"""Headers that protect every page, and how the app trusts a reverse proxy."""
from conftest import make_app


def test_every_page_carries_the_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # not in development/testing


def test_error_pages_carry_them_too(client):
    assert "Content-Security-Policy" in client.get("/no-existe").headers


def test_production_adds_hsts(tmp_path):
    app = make_app(tmp_path, ENV_NAME="production")
    response = app.test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_template_uses_inline_scripts_or_styles():
    """The CSP forbids them, so a page that used one would break in the browser."""
    import re
    from participa.config import ROOT_DIR

    offenders = []
    for template in (ROOT_DIR / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r'\sstyle="', text) \
                or re.search(r"\son[a-z]+=\"", text):
            offenders.append(template.name)
    assert offenders == []


def test_behind_a_trusted_proxy_the_scheme_comes_from_the_proxy(tmp_path):
    app = make_app(tmp_path, TRUSTED_PROXIES=1)

    @app.route("/scheme")
    def scheme():
        from flask import request
        return request.scheme

    client = app.test_client()
    assert client.get("/scheme", headers={"X-Forwarded-Proto": "https"}).text == "https"
