"""Priority attention in a real browser: the institution sets a shorter priority term; a
citizen files a case asking for priority attention, with consent; the official's queue lists
it first, flagged in words, due by the shorter term. Fields are found by their ids, so the
journey reads the same before and after the Spanish catalogue has these messages."""
import re
from datetime import timedelta

from participa.cases.businessdays import add_business_days, local_date
from participa.cases.holiday_calendar import _law_days_between
from participa.timeutil import utcnow

from .kit import demo_person, new_person

PLATFORM_ADMIN = demo_person("admin@participa.gob.ec", "Administración de Participa")
MSP_OFFICIAL = demo_person("funcionaria.msp@salud.gob.ec", "Lucía Funcionaria Andrade")
MSP = "Ministerio de Salud Pública"
PRIORITY_DAYS = 3


def submit(person, form_selector: str) -> int:
    return person._navigate(person.page.locator(f"{form_selector} button[type=submit]").click)


def test_a_priority_case_is_first_in_the_queue_with_its_shorter_term(visitor, device):
    # The platform administrator sets MSP's priority term (an institution's administrator
    # would do the same).
    admin = visitor("administración")
    assert admin.sign_in(PLATFORM_ADMIN) == 200
    assert admin.open("/casos/institucion/MSP/categorias") == 200
    admin.page.locator("#priority-priority_days").fill(str(PRIORITY_DAYS))
    assert submit(admin, "form[action$='/plazo-prioritario']") == 200
    assert admin.page.locator("#priority-priority_days").input_value() == str(PRIORITY_DAYS)

    # A citizen files a case and asks for priority attention, with consent.
    citizen = visitor("ciudadano")
    citizen.register(new_person("Manuel Chicaiza Tipán"))
    citizen.follow("Contacto Ciudadano", within="navigation")
    citizen.follow("Presentar un caso")
    citizen.follow(f"MSP — {MSP}")
    citizen.choose("Tipo de caso", "Reclamo")
    citizen.choose("Categoría", "Citas y turnos médicos")
    citizen.fill("Asunto", f"Turno de control cardiológico ({device.name})")
    citizen.fill("Descripción", "Tengo 78 años y necesito un turno de control cardiológico.")
    citizen.page.locator("#priority_requested").check()
    citizen.page.locator("input[name=priority_group][value=older_adult]").check()
    citizen.page.locator("#priority_consent").check()
    assert citizen.press("Presentar el caso") == 200
    code = re.search(r"Su código de seguimiento es (CC-[A-Z0-9-]+)", citizen.flash()).group(1)
    # The citizen's page says nothing of the group.
    assert "Older adult" not in citizen.text() and "Adulto mayor" not in citizen.text()

    # The official's queue: open priority cases first, flagged in words, then the rest.
    official = visitor("funcionaria")
    assert official.sign_in(MSP_OFFICIAL) == 200
    assert official.open("/casos/institucion/MSP") == 200
    rows = official.page.locator("tbody tr")
    flags = [rows.nth(i).locator(".case-priority").count() > 0 for i in range(rows.count())]
    assert flags[0] and flags == sorted(flags, reverse=True)  # flagged rows come first
    first_priority = [rows.nth(i).inner_text() for i in range(rows.count()) if flags[i]]
    assert any(code in text for text in first_priority)
    badge = rows.filter(has_text=code).locator(".case-priority")
    assert badge.inner_text().strip()  # a word, not a colour alone

    # Due by the priority term: 3 business days from today, not the category's 10.
    today = local_date(utcnow())
    expected = add_business_days(today, PRIORITY_DAYS,
                                 _law_days_between(today, today + timedelta(days=60)))
    assert official.open(f"/casos/institucion/MSP?vence_antes={expected.isoformat()}"
                         "&prioritarios=y") == 200
    assert code in official.text()
    day_before = (expected - timedelta(days=1)).isoformat()
    assert official.open(f"/casos/institucion/MSP?vence_antes={day_before}") == 200
    assert code not in official.text()
