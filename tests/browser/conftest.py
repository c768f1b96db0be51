"""Real-browser tests: Participa served on loopback, driven by Chromium through Playwright.

One server (a fresh SQLite file built by the migrations, with the demo data) and one
Chromium per run; every test opens new browser contexts, so it starts with no cookies.

The browser is the distribution's Chromium (`apt-get install chromium`), never one
downloaded by Playwright. Without it the tests are skipped on a developer's machine and
fail in CI (the CI environment variable is set), where they must always run.
"""
from __future__ import annotations

import itertools
import os
import re
import secrets
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from participa import create_app

from .kit import DEVICES, Device, Site, Visitor

CHROMIUM = os.environ.get("PARTICIPA_CHROMIUM", "/usr/bin/chromium")
# As root and on a closed network: no sandbox, no GPU, no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
INSTALL_HINT = ("Install Debian's Chromium with `apt-get install chromium` (or set "
                "PARTICIPA_CHROMIUM to a Chromium binary) and the dev extra with "
                "`pip install -e '.[dev]'`.")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str):
    message = f"Browser tests cannot run: {reason}. {INSTALL_HINT}"
    if _in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


# --- The site under test --------------------------------------------------------------

@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """Participa on a free loopback port, in a thread, as a browser reaches it."""
    base = tmp_path_factory.mktemp("site")
    app = create_app({
        "ENV_NAME": "testing",
        "SECRET_KEY": secrets.token_hex(32),
        "CEDULA_HASH_KEY": secrets.token_hex(32),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{base / 'participa.sqlite'}",
        "MAIL_BACKEND": "file",
        "MAIL_DIR": str(base / "mail"),
        "LOGIN_MAX_FAILURES": 3,
        # Each person's browser comes from an address of its own (X-Forwarded-For, see
        # `visitor`), as people do: the limits per address stay on, and a run of many
        # journeys is not one address registering dozens of accounts.
        "TRUSTED_PROXIES": 1,
        # Light password hashing, as in the other tests: the journeys test pages, not Argon2.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_KIB": 8192,
        "ARGON2_PARALLELISM": 1,
    })
    runner = app.test_cli_runner()
    for command in (["participa", "init"], ["participa", "demo"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 0, f"flask {' '.join(command)} failed:\n{result.output}"

    server = make_server("127.0.0.1", 0, app, threaded=True)
    # Links in mails point at the public address: here, the port the server was given.
    app.config["PUBLIC_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, name="participa-server", daemon=True)
    thread.start()
    try:
        yield Site(url=f"http://127.0.0.1:{server.server_port}", mail_dir=base / "mail",
                   config=app.config)
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (Playwright gives it a fresh profile)."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)) and \
            not shutil.which(CHROMIUM):
        _unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


SCREENSHOTS_ASKED = bool(os.environ.get("PARTICIPA_SCREENSHOT_DIR"))


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    """PARTICIPA_SCREENSHOT_DIR, or a temporary folder that pytest keeps for a while."""
    configured = os.environ.get("PARTICIPA_SCREENSHOT_DIR")
    path = Path(configured) if configured else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(params=list(DEVICES))
def device(request) -> Device:
    """Every journey runs on a desktop screen and on a 360x740 phone."""
    return DEVICES[request.param]


# --- One browser per person in a journey -------------------------------------------

_addresses = itertools.count(1)


@pytest.fixture
def visitor(browser, site, device, screenshot_dir, request):
    """Open a browser for one person: `visitor("ciudadana")` gives a fresh context."""
    opened: list[Visitor] = []
    test_name = re.sub(r"^test_|\[.*$", "", request.node.name)
    params = request.node.callspec.id  # the device first, then any other parameter

    def open_browser(who: str = "visitante") -> Visitor:
        n = next(_addresses)
        context = browser.new_context(
            locale="es-EC", timezone_id="America/Guayaquil",
            extra_http_headers={"X-Forwarded-For": f"10.0.{n // 256 % 256}.{n % 256}"},
            **device.options)
        shots = screenshot_dir if device.is_phone or SCREENSHOTS_ASKED else None
        person = Visitor(context=context, site=site, device=device, shots=shots,
                         label=f"{params}-{test_name}-{who}")
        opened.append(person)
        return person

    yield open_browser
    for person in opened:
        person.context.close()
    report = getattr(request.node, "report_call", None)
    if report is not None and report.passed:
        unchecked = [p.unchecked_url for p in opened if p.unchecked_url]
        assert not unchecked, f"pages reached without the page checks: {unchecked}"
