"""A citizen's own Participa in a real browser, in Spanish: an official answers the citizen's
comment; the citizen sees the unread count in the header, opens the notices from it and the
official answer from the notice, then Mi Participa; the mail's link stops consultation mail
without signing in, and the page after it subscribes again."""
import re

from participa.consultations.demo import OPEN_TITLE

from .kit import demo_person, new_person
from .test_browser_consultations import comment, reply_to

MINTEL_OFFICIAL = demo_person("funcionario.mintel@mintel.gob.ec", "Andrés Funcionario Salazar")


def test_citizen_finds_the_answer_from_the_header_and_opens_mi_participa(visitor, device):
    person = new_person("Lucía Andrade Toapanta")
    mine = f"¿Vale la cédula física sin chip para el trámite? ({device.name})"

    citizen = visitor("ciudadana")
    citizen.register(person)
    citizen.follow("Consultas", within="navigation")
    citizen.follow(OPEN_TITLE)
    citizen.fill("Su comentario", mine)
    assert citizen.press("Publicar comentario") == 200

    official = visitor("funcionario")
    assert official.sign_in(MINTEL_OFFICIAL) == 200
    official.follow("Consultas", within="navigation")
    official.follow(OPEN_TITLE)
    answer = f"Sí: la cédula sin chip vale para este trámite ({device.name})."
    assert reply_to(official, mine, answer) == 200

    # The header says there is something new, on any page.
    citizen.open("/")
    notices_link = citizen.page.get_by_role("banner").get_by_role(
        "link", name=re.compile(r"^Avisos\s?: 1 "))
    assert notices_link.count() == 1
    assert citizen.follow(re.compile(r"^Avisos\s?: 1 "), within="banner") == 200
    assert citizen.heading() == "Avisos"
    assert "Nuevo:" in citizen.page.locator("li.unread").inner_text()
    citizen.follow(f"La institución respondió su comentario en «{OPEN_TITLE}»")
    assert citizen.heading() == OPEN_TITLE
    assert "Respuesta oficial del MINTEL" in comment(citizen, answer).inner_text()
    # Opened: the header's count is gone.
    assert not citizen.page.get_by_role("banner").get_by_role(
        "link", name=re.compile(r"^Avisos\s?: ")).count()

    # Mi Participa: the comment, its official answer, and the next step for the identity.
    assert citizen.follow("Mi Participa", within="banner") == 200
    assert citizen.heading() == "Mi Participa"
    assert mine[:40] in citizen.text()
    assert citizen.page.get_by_role("link", name="La institución respondió").count() == 1
    assert citizen.page.get_by_role("link", name="Verifique su identidad").count() == 1

    # The mail about the answer stops consultation mail without signing in.
    [mail] = [m for m in citizen.site.mails_to(person.email)
              if "respondió su comentario" in m["Subject"]]
    link = mail["List-Unsubscribe"].strip("<>")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stranger = visitor("buzon")
    assert stranger.open(link) == 200
    assert stranger.press("Darse de baja") == 200
    assert stranger.press("Volver a suscribirse") == 200


def test_signed_out_citizen_following_an_account_case_is_asked_to_sign_in(visitor, device):
    from .test_browser_cases import file_case

    person = new_person("Rosa Quishpe Chango")
    citizen = visitor("ciudadana")
    citizen.register(person)
    code = file_case(citizen, f"Falta de medicinas en el subcentro ({device.name})",
                     "Desde hace un mes no hay paracetamol en el subcentro de mi barrio.")
    # Mi Participa lists the case, with its state and due date.
    citizen.follow("Mi Participa", within="banner")
    case_link = citizen.page.get_by_role("link", name=re.compile(re.escape(code)))
    assert case_link.count() == 1
    assert "Recibido" in citizen.text() and "Debe responderse hasta el" in citizen.text()
    citizen.sign_out()

    # Signed out, the tracking link says to sign in, and signing in leads back to the case.
    assert citizen.open(f"/casos/{code}") == 401
    assert citizen.heading() == "Inicie sesión para ver este caso"
    citizen.follow("Iniciar sesión", within="main")
    citizen.fill("Correo electrónico", person.email)
    citizen.fill("Contraseña", person.password)
    assert citizen.press("Iniciar sesión", within="main") == 200
    assert citizen.heading() == f"Caso {code}"
