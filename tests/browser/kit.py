"""What the browser tests are made of: the site, the devices, people and their browsers.

Every page a journey reaches is checked the same way (see `Visitor.check`): no server
error, no WCAG 2.1 A/AA violation found by axe-core, no horizontal scrolling on a phone,
and a screenshot in the screenshot folder (phone pages always, desktop pages too when
PARTICIPA_SCREENSHOT_DIR is set, as `make screenshots` does).
"""
from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import urlsplit

import pyotp

from participa.auth.demo import DEMO_TOTP_SECRET
from participa.cedula import check_digit
from participa.demo import DEMO_PASSWORD

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Violations, and the ARIA checks axe leaves "incomplete" (to review), such as an
# aria-describedby that points at no element: in a server-rendered page that is a defect.
AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                           resultTypes: ['violations', 'incomplete']});
  const ariaToReview = results.incomplete.filter(v => v.id.startsWith('aria-'));
  return results.violations.concat(ariaToReview).map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ' -> ' + n.failureSummary),
  }));
}"""

# What decides axe-core's result on a page: its elements with their attributes (but not
# what was typed into forms) and whether each has text of its own.
PAGE_SHAPE = """() => {
  const parts = [document.documentElement.lang, document.title ? 'T' : ''];
  for (const el of document.querySelectorAll('*')) {
    const attrs = Array.from(el.attributes)
      .filter(a => a.name !== 'value' && a.name !== 'href' && a.name !== 'action')
      .map(a => a.name + '=' + a.value).sort().join(' ');
    const ownText = Array.from(el.childNodes).some(
      n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    parts.push(el.tagName + '[' + attrs + ']' + (ownText ? 't' : ''));
  }
  return parts.join('|');
}"""
_axe_results: dict[tuple[str, str], list[dict]] = {}

# The focused element's name (its label, or its text) and whether its focus is drawn.
FOCUSED = """() => {
  const el = document.activeElement;
  const label = el.labels && el.labels.length ? el.labels[0].textContent : el.textContent;
  const style = getComputedStyle(el);
  return {
    name: (label || '').replace(/\\s+/g, ' ').trim(),
    visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
             || style.boxShadow !== 'none',
  };
}"""

# True when the focus is on the summary of the folded site menu and `name` is inside it.
FOLDED_MENU_HOLDS = """(name) => {
  const el = document.activeElement;
  const menu = el && el.parentElement;
  if (!menu || el.tagName !== 'SUMMARY' || !menu.matches('details.site-menu:not([open])')) {
    return false;
  }
  return [...menu.querySelectorAll('a, button')].some(
    (item) => item.textContent.replace(/\\s+/g, ' ').trim() === name);
}"""

PASSWORD = "una frase larga para el navegador"


@dataclass(frozen=True)
class Device:
    name: str
    options: dict

    @property
    def is_phone(self) -> bool:
        return self.name == "phone"


DEVICES = {
    "desktop": Device("desktop", {"viewport": {"width": 1280, "height": 800}}),
    "phone": Device("phone", {"viewport": {"width": 360, "height": 740},
                              "is_mobile": True, "has_touch": True}),
}


@dataclass
class Site:
    url: str
    mail_dir: Path
    config: dict

    def mails_to(self, address: str) -> list[EmailMessage]:
        """Every mail the app wrote to its MAIL_DIR for this address, oldest first."""
        if not self.mail_dir.exists():
            return []
        parser = BytesParser(policy=policy.default)
        mails = [parser.parsebytes(path.read_bytes())
                 for path in sorted(self.mail_dir.glob("*.eml"))]
        return [mail for mail in mails if mail["To"] == address]


_serial = itertools.count(1)
_last_step: dict[str, int] = {}


def next_demo_code(email: str) -> str:
    """A code from the demo secret that this account has not used yet (each works once).
    The site accepts the next period's code too, no later one: a third sign-in of the same
    account within one period waits, as a person would wait for their app's next code."""
    now_step = int(time.time()) // 30
    step = max(now_step, _last_step.get(email, -1) + 1)
    if step > now_step + 1:
        time.sleep((step - 1) * 30 - time.time() + 1)
    _last_step[email] = step
    return pyotp.TOTP(DEMO_TOTP_SECRET).at(step * 30)


@dataclass
class Person:
    name: str
    email: str
    password: str = PASSWORD
    cedula: str | None = None


def new_person(name: str, *, with_cedula: bool = True) -> Person:
    """Someone not yet registered: a unique email address and valid cédula each time."""
    n = next(_serial)
    first_nine = f"170{n:06d}"
    slug = re.sub(r"[^a-z]+", ".", name.lower().encode("ascii", "ignore").decode()).strip(".")
    return Person(name=name, email=f"{slug}.{n}@example.ec",
                  cedula=first_nine + str(check_digit(first_nine)) if with_cedula else None)


def demo_person(email: str, name: str) -> Person:
    return Person(name=name, email=email, password=DEMO_PASSWORD)


@dataclass
class Visitor:
    """One person's browser (its own context: cookies, language) and the page in it."""

    context: object
    site: Site
    device: Device
    shots: Path | None  # where screenshots go; None: none taken
    label: str
    checked: list[str] = field(default_factory=list)
    checked_url: str | None = None
    unchecked_url: str | None = None

    def __post_init__(self):
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.on("framenavigated", self._navigated)

    def _navigated(self, frame) -> None:
        # A jump to an anchor on the page just checked (the skip link) is no new page.
        if frame == self.page.main_frame and frame.url.split("#")[0] != self.checked_url:
            self.unchecked_url = frame.url

    # Moving around: each returns the HTTP status of the page reached, after checking it.
    def open(self, address: str) -> int:
        """Type an address (a path on the site, or a full link from a mail)."""
        url = address if address.startswith("http") else self.site.url + address
        return self.check(self.page.goto(url))

    def follow(self, name, *, within=None) -> int:
        """Click the link with this accessible name (a string, or a pattern), within a
        landmark role or a part of the page (a locator) if given."""
        return self._navigate(self._scope(within).get_by_role(
            "link", name=name, exact=True).click)

    def press(self, name, *, within=None) -> int:
        """Click the button with this accessible name: submits its form."""
        return self._navigate(self._scope(within).get_by_role(
            "button", name=name, exact=True).click)

    def _scope(self, within):
        if within in ("navigation", "banner"):
            self.open_menu()
        if within is None:
            return self.page
        return self.page.get_by_role(within) if isinstance(within, str) else within

    def _navigate(self, action) -> int:
        with self.page.expect_navigation() as navigation:
            action()
        return self.check(navigation.value)

    def open_menu(self) -> None:
        """On a phone the site menu is folded: open it, as a person taps "Menú"."""
        folded = self.page.locator("details.site-menu:not([open]) > summary")
        if folded.count() and folded.is_visible():
            folded.click()

    def tab_to(self, name: str, limit: int = 40) -> None:
        """Press Tab until the element called `name` has the focus, which must show. A
        folded menu that holds it is opened with Enter on the way, as a keyboard user does."""
        passed = []
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            focused = self.page.evaluate(FOCUSED)
            if self.page.evaluate(FOLDED_MENU_HOLDS, name):
                self.page.keyboard.press("Enter")
            if focused["name"] == name:
                assert focused["visible"], f"{name!r} shows no focus indicator"
                return
            passed.append(focused["name"])
        raise AssertionError(f"Tab never reached {name!r}; it went through {passed}")

    def enter(self) -> int:
        """Press Enter on the focused link or form control: opens or submits."""
        return self._navigate(lambda: self.page.keyboard.press("Enter"))

    def fill(self, label: str, value: str) -> None:
        self.page.get_by_label(label, exact=True).fill(value)

    def choose(self, label: str, option: str) -> None:
        self.page.get_by_label(label, exact=True).select_option(label=option)

    # What the person sees.
    def heading(self) -> str:
        return self.page.locator("h1").inner_text().strip()

    def flash(self) -> str:
        return self.page.locator(".flash-messages").inner_text().strip()

    def text(self) -> str:
        return self.page.locator("body").inner_text()

    def language(self) -> str:
        return self.page.locator("html").get_attribute("lang")

    # The checks every page gets.
    def check(self, response) -> int:
        status = response.status if response is not None else 0
        where = urlsplit(self.page.url).path
        assert status < 500, f"{where} answered {status}"
        violations = self.axe_violations()
        assert not violations, f"Accessibility violations on {where}:\n" + "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
            for v in violations)
        if self.device.is_phone:
            widths = self.page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], (
                f"{where} scrolls sideways on a phone: {widths[0]} px of content in a "
                f"{widths[1]} px window")
        self.checked.append(where)
        slug = re.sub(r"[^A-Za-z0-9]+", "-", where).strip("-")[:40] or "inicio"
        if self.shots is not None:
            self.page.screenshot(
                path=self.shots / f"{self.label}-{len(self.checked):02d}-{slug}-{status}.png",
                full_page=True)
        self.checked_url = self.page.url.split("#")[0]
        self.unchecked_url = None
        return status

    def axe_violations(self) -> list[dict]:
        """axe-core's findings; a page built exactly like one already checked on this
        device (same elements, attributes and empty/non-empty text) shares its result."""
        key = (self.device.name, self.page.evaluate(PAGE_SHAPE))
        if key not in _axe_results:
            if not self.page.evaluate("() => typeof window.axe === 'object'"):
                # Evaluated through the DevTools protocol: the page's CSP forbids inline
                # scripts, and rightly so, but the test harness is not the page.
                self.page.evaluate(AXE_SOURCE + "\n;true")
            _axe_results[key] = self.page.evaluate(AXE_RUN, AXE_TAGS)
        return _axe_results[key]

    # Things people do often.
    def register(self, person: Person) -> None:
        self.open("/")
        self.follow("Registrarse", within="banner")
        self.fill("Nombre completo", person.name)
        self.fill("Correo electrónico", person.email)
        if person.cedula:
            self.fill("Cédula (opcional)", person.cedula)
        self.fill("Contraseña", person.password)
        self.fill("Repita la contraseña", person.password)
        assert self.press("Crear cuenta") == 200
        assert f"Hemos enviado un mensaje a {person.email}" in self.flash()
        # The account exists once its owner opens the link mailed to the address.
        [mail] = self.site.mails_to(person.email)
        link = re.search(r"http://\S+/cuenta/confirmar/\S+", mail.get_content()).group(0)
        assert self.open(link) == 200
        assert f"Le damos la bienvenida a Participa, {person.name}" in self.flash()

    def sign_in(self, person: Person, password: str | None = None) -> int:
        if self.page.url == "about:blank":
            self.open("/")
        self.follow("Iniciar sesión", within="banner")
        self.fill("Correo electrónico", person.email)
        self.fill("Contraseña", password or person.password)
        status = self.press("Iniciar sesión", within="main")
        if status == 200 and self.heading() == "Verificación en dos pasos":
            # Demo accounts with a role use the documented demo authenticator secret.
            self.fill("Código", next_demo_code(person.email))
            status = self.press("Verificar e iniciar sesión", within="main")
        return status

    def enrol_two_step(self) -> None:
        """On the enrolment page: type the key shown as text into an authenticator (here,
        pyotp), confirm with its code, and keep the recovery codes."""
        assert self.heading() == "Configurar la verificación en dos pasos"
        secret = self.page.locator("code.secret").inner_text().strip()
        self.fill("Código", pyotp.TOTP(secret).now())
        assert self.press("Activar la verificación en dos pasos") == 200
        assert self.heading() == "Sus códigos de recuperación"
        self.follow("Ya guardé mis códigos")

    def sign_out(self) -> None:
        assert self.press("Cerrar sesión", within="banner") == 200
        assert "Ha cerrado sesión." in self.flash()
