"""Identity verification in a real browser, on a desktop screen and on a phone: a platform
administrator imports a census and a citizen verifies by date of birth; an official verifies
a person present at a counter and the person sees who verified them. Every page reached
passes the usual checks (axe-core, no sideways scrolling on a phone)."""
from .kit import demo_person, new_person

ADMIN = demo_person("admin@participa.gob.ec", "Administración de Participa")
OFFICIAL = demo_person("funcionaria.msp@salud.gob.ec", "Lucía Funcionaria Andrade")


def submit(browser, form_selector: str) -> int:
    """Press the submit button of the form that matches the selector (its text may not be
    translated yet: the form is found by its address)."""
    button = browser.page.locator(f"{form_selector} button[type=submit]")
    return browser._navigate(button.click)


def test_census_verification(visitor):
    person = new_person("Gabriela Census Tapia")
    citizen = visitor("ciudadana")
    citizen.register(person)

    admin = visitor("administracion")
    assert admin.sign_in(ADMIN) == 200
    assert admin.open("/admin/padron") == 200
    admin.page.locator("#file").set_input_files({
        "name": "padron.csv", "mimeType": "text/csv",
        "buffer": f"cedula,fecha_nacimiento,parroquia\n{person.cedula},1990-05-17,Quito\n"
                  .encode()})
    assert submit(admin, "form[enctype='multipart/form-data']") == 200
    assert admin.page.locator(".flash-success").count() == 1

    assert citizen.open("/cuenta/identidad") == 200
    census_form = "form[action$='/cuenta/identidad/padron']"
    citizen.page.locator("#birth_date").fill("1990-05-18")
    assert submit(citizen, census_form) == 400
    assert citizen.page.locator("#birth_date").input_value() == "1990-05-18"
    assert citizen.page.locator("#birth_date").get_attribute("aria-invalid") == "true"
    citizen.page.locator("#birth_date").fill("1990-05-17")
    assert submit(citizen, census_form) == 200
    assert citizen.page.locator(".flash-success").count() == 1
    assert citizen.page.locator(census_form).count() == 0  # verified: nothing more to ask


def test_in_person_verification(visitor):
    person = new_person("Mateo Ventanilla Ruiz")
    citizen = visitor("ciudadano")
    citizen.register(person)

    official = visitor("funcionaria")
    assert official.sign_in(OFFICIAL) == 200
    assert official.open("/verificar-en-persona") == 200
    official.page.locator("#email").fill(person.email)
    assert submit(official, "main form") == 200
    official.page.locator("#cedula").fill(person.cedula)
    official.page.locator("#place").fill("Infocentro de Guamote")
    assert submit(official, "main form") == 200
    assert official.page.locator(".flash-success").count() == 1

    assert citizen.open("/cuenta/identidad") == 200
    page = citizen.text()
    assert OFFICIAL.name in page and "Infocentro de Guamote" in page and "(MSP)" in page
