"""A request for public information in a real browser: a citizen files it; an official of
the institution extends its term once, with a reason the citizen reads, and answers it; the
request appears in the institution's annual transparency report with its extension."""
import re

from babel.support import Translations

from participa.cases.businessdays import local_date
from participa.config import ROOT_DIR
from participa.timeutil import utcnow

from .kit import new_person
from .test_browser_cases import CATEGORY, MSP, MSP_OFFICIAL

_SPANISH = Translations.load(str(ROOT_DIR / "translations"), ["es"])


def es(msgid: str) -> str:
    """The Spanish text of a message, as the site shows it."""
    return _SPANISH.gettext(msgid)


def test_information_request_is_extended_answered_and_reported(visitor, device, site):
    rosa = new_person("Rosa Quishpe Caiza")
    subject = f"Contratos de compra de medicinas de 2026 ({device.name})"

    citizen = visitor("ciudadana")
    citizen.register(rosa)
    citizen.follow("Contacto Ciudadano", within="navigation")
    citizen.follow("Presentar un caso")
    citizen.follow(f"MSP — {MSP}")
    citizen.choose("Tipo de caso", "Solicitud de información")
    citizen.choose("Categoría", CATEGORY)
    citizen.fill("Asunto", subject)
    citizen.fill("Descripción", "Pido copia de los contratos de compra de medicinas de 2026 "
                                "del hospital de Riobamba.")
    assert citizen.press("Presentar el caso") == 200
    code = re.search(r"(CC-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})", citizen.flash()).group(1)
    # The case page cites the law that sets its term.
    assert "art. 9" in citizen.text()

    official = visitor("funcionaria")
    assert official.sign_in(MSP_OFFICIAL) == 200
    official.follow("Contacto Ciudadano", within="navigation")
    official.follow("Casos de mi institución")
    official.follow(code)
    assert official.heading() == f"Caso {code}"
    reason = "Los contratos están en el archivo de la zona 3 y hay que digitalizarlos."
    official.fill(es("Why the institution needs more time"), reason)
    assert official.press(es("Extend the term")) == 200
    assert es("The term is extended. The requester has been told why.") in official.flash()
    # Once only: the form is gone, the page says why.
    assert official.page.get_by_role("button", name=es("Extend the term"), exact=True).count() \
        == 0
    official.fill("Respuesta a la ciudadanía", "Adjuntamos los enlaces a los tres contratos.")
    official.fill("Razones", "Es información pública (LOTAIP); no está clasificada como "
                             "reservada.")
    assert official.press("Enviar la respuesta") == 200

    # The citizen reads the reason of the extension, on the page and in the mail.
    citizen.open(f"/casos/{code}")
    assert reason in citizen.text()
    assert "Adjuntamos los enlaces a los tres contratos." in citizen.text()
    assert any(reason in mail.get_content() for mail in site.mails_to(rosa.email))

    # The request is a line of this year's transparency report, with its extension.
    year = local_date(utcnow()).year
    assert official.open(f"/transparencia/MSP/informe/{year}") == 200
    row = official.page.locator("table.lotaip-requests tr", has_text=code)
    assert row.count() == 1
    cells = [cell.strip() for cell in row.locator("td").all_inner_texts()]
    assert cells[4] == es("Yes")  # extended
    assert cells[5] == es("Information given")
    assert cells[7] == es("No")  # not late
