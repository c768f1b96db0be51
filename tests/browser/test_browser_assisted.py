"""A case filed by phone at an Infocentro for a person without an account, in a real browser:
a platform administrator opens the Infocentro and gives it its staff; the staff member files
the case while the person is on the phone and prints the receipt; the institution's official
answers; the person reads the answer with the tracking code and the PIN; the case shows its
channel, and the dashboard counts it by channel."""
import re

from babel.support import Translations

from participa.config import ROOT_DIR

from .kit import demo_person, new_person
from .test_browser_cases import CATEGORY, MSP, MSP_OFFICIAL, answer

_SPANISH = Translations.load(str(ROOT_DIR / "translations"), ["es"])
PLATFORM_ADMIN = demo_person("admin@participa.gob.ec", "Administración de Participa")
ANALYST = demo_person("analista@mintel.gob.ec", "Verónica Analista Paredes")


def es(msgid: str, **values) -> str:
    """The Spanish text of a message as the site shows it (the English one until the
    catalogue has it)."""
    text = _SPANISH.gettext(msgid)
    return text % values if values else text


def test_a_case_filed_by_phone_is_answered_and_followed_without_an_account(visitor, device,
                                                                             site):
    infocentro = f"Infocentro Guamote {device.name}"
    olga = new_person("Olga Operadora Yupanqui")

    staff = visitor("operadora")
    staff.register(olga)

    admin = visitor("administracion")
    assert admin.sign_in(PLATFORM_ADMIN) == 200
    admin.follow("Administración", within="navigation")
    admin.follow(es("Infocentros"))
    admin.fill(es("Name of the Infocentro"), infocentro)
    admin.choose(es("Parish"), "Guamote (Guamote, Chimborazo)")
    assert admin.press(es("Create the Infocentro")) == 200
    assert admin.heading() == es("Infocentro %(name)s", name=infocentro)
    admin.fill(es("Email address of the person's account"), olga.email)
    assert admin.press(es("Add")) == 200
    assert olga.email in admin.text()

    # The new member of staff turns on two-step verification, then finds the desk.
    staff.follow("Inicio", within="navigation")
    staff.enrol_two_step()
    staff.follow(es("Assisted filing"), within="navigation")
    assert staff.heading() == es("Assisted filing")
    staff.choose(es("Institution the case is addressed to"), f"{MSP} (MSP)")
    assert staff.press(es("Continue")) == 200
    assert staff.heading() == es("File a case for a person to %(to_institution)s",
                                 to_institution=f"al {MSP}")
    staff.choose(es("Where you are filing from"), es("Infocentro %(name)s", name=infocentro))
    staff.choose(es("How the case reached you"), es("By phone"))
    staff.fill(es("Name of the person"), "Manuel Chimbo Lema")
    staff.page.get_by_role("radio", name=es("By phone"), exact=True).check()
    staff.fill(es("Phone number"), "0987654321")
    staff.choose("Tipo de caso", "Reclamo")
    staff.choose("Categoría", CATEGORY)
    subject = f"Turno para control de diabetes ({device.name})"
    staff.fill("Asunto", subject)
    staff.fill("Descripción", "Llamo desde Guamote: no consigo turno en el centro de salud.")
    staff.page.get_by_role(
        "radio", name=es("The privacy notice was read to the person, who agreed"),
        exact=True).check()
    staff.page.get_by_label(es("The person consents to the processing of their data for "
                               "this case"), exact=True).check()
    assert staff.press(es("File the case and print the receipt")) == 200

    # The receipt: code, PIN, institution, due date; printed without the site's menus.
    assert staff.heading() == es("Receipt of your case")
    receipt = staff.page.locator(".receipt")
    code = re.search(r"CC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", receipt.inner_text()).group(0)
    pin = staff.page.locator(".receipt-pin").inner_text().strip()
    assert re.fullmatch(r"\d{6}", pin)
    assert MSP in receipt.inner_text() and es("Answer due by") in receipt.inner_text()
    staff.page.emulate_media(media="print")
    assert receipt.is_visible()
    assert not staff.page.get_by_role("navigation", name="Menú principal").is_visible()
    assert not staff.page.get_by_role("button", name=es("Print the receipt")).is_visible()
    staff.page.emulate_media(media="screen")

    # The institution's official answers it like any other case; it says how it came in.
    official = visitor("funcionaria")
    assert official.sign_in(MSP_OFFICIAL) == 200
    official.follow("Contacto Ciudadano", within="navigation")
    official.follow("Casos de mi institución")
    official.follow(code)
    assert es("By phone") in official.text()
    answer(official, "Tiene turno el lunes a las 08:00 en el centro de salud de Guamote.",
           "Se abrió un cupo en la agenda de endocrinología.")

    # Manuel comes to the Infocentro (or calls): he is on the list of people to call.
    staff.follow(es("Assisted filing"), within="navigation")
    assert "Manuel Chimbo Lema" in staff.text()

    # Manuel, without an account, reads the answer with the code and the PIN.
    person = visitor("persona")
    person.open("/")
    person.follow("Contacto Ciudadano", within="navigation")
    person.follow(es("Follow it with the code and the PIN on your receipt"))
    person.fill("Código de seguimiento", code)
    person.fill(es("PIN or last four digits of the cédula"), "000000" if pin != "000000"
                else "111111")
    assert person.press(es("Show my case")) == 400
    assert es("The tracking code and the second factor do not match any case. Check both "
              "and try again.") in person.text()
    person.fill(es("PIN or last four digits of the cédula"), pin)
    assert person.press(es("Show my case")) == 200
    assert "Tiene turno el lunes a las 08:00" in person.text()
    assert es("By phone") in person.text()

    # The call that reached him takes him off the list.
    row = staff.page.locator("li.call-item", has_text=code)
    row.get_by_role("radio", name=es("Reached: the person was told"), exact=True).check()
    assert staff.press(es("Record the call"), within=row) == 200
    assert code not in staff.page.locator("#calls-title + p + *").inner_text()

    # The dashboard counts the case by its channel.
    analyst = visitor("analista")
    assert analyst.sign_in(ANALYST) == 200
    assert analyst.open("/tablero/institucion/MSP") == 200
    table = analyst.page.get_by_role("table").filter(has_text=es("Cases by channel"))
    assert es("By phone") in table.inner_text()
