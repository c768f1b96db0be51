"""A public consultation in a real browser, in Spanish: a citizen reads the draft, comments on
an article with a stance, replies, supports someone else's comment; an official of the
institution answers, and the citizen finds the notice."""
import re

from participa.consultations.demo import OPEN_TITLE

from .kit import demo_person, new_person

MINTEL_OFFICIAL = demo_person("funcionario.mintel@mintel.gob.ec", "Andrés Funcionario Salazar")
SECTION = "Artículo 3.- Identidad digital"
# Demo comments by others, on the open consultation.
MARIAS_COMMENT = "En muchas parroquias rurales no hay cobertura celular estable."
CARLOS_COMMENT = "Muy bien que no se exijan copias."


def comment(browser, text: str):
    """The comment (its article, without its replies) whose text includes `text`."""
    return browser.page.locator("article.comment").filter(has_text=text)


def reply_to(browser, text: str, reply: str) -> int:
    """Open the reply box under a comment, write and publish the reply."""
    article = comment(browser, text)
    article.locator("summary").filter(has_text="Responder").click()
    article.get_by_label("Su respuesta", exact=True).fill(reply)
    return browser.press("Publicar respuesta", within=article)


def test_citizen_comments_replies_supports_and_an_official_answers(visitor, device):
    diana = new_person("Diana Pazmiño Vega")
    mine = f"Pedir la firma electrónica encarece el trámite ({device.name}): que el código "
    mine += "por correo electrónico también valga."

    citizen = visitor("ciudadana")
    citizen.register(diana)
    citizen.follow("Consultas", within="navigation")
    assert citizen.heading() == "Consultas públicas"
    citizen.follow(OPEN_TITLE)
    assert citizen.heading() == OPEN_TITLE
    assert "Ministerio de Telecomunicaciones" in citizen.text()
    assert "Abierta a comentarios" in citizen.text()

    # A comment on one article, against it.
    citizen.choose("Acerca de", SECTION)
    citizen.choose("Su posición", "En contra")
    citizen.fill("Su comentario", mine)
    assert citizen.press("Publicar comentario") == 200
    assert "Se publicó su comentario." in citizen.flash()
    header = comment(citizen, mine).locator("header").inner_text()
    assert diana.name in header and "En contra" in header and SECTION in header

    # A reply to someone else's comment, and a support for another.
    reply = f"Coincido: en mi parroquia tampoco hay señal ({device.name})."
    assert reply_to(citizen, MARIAS_COMMENT, reply) == 200
    assert "Se publicó su respuesta." in citizen.flash()
    assert reply in citizen.page.locator("li").filter(has_text=MARIAS_COMMENT).first.inner_text()

    carlos = comment(citizen, CARLOS_COMMENT)
    before = int(re.search(r"(\d+) apoyos?", carlos.inner_text()).group(1))
    assert citizen.press("Apoyar", within=carlos) == 200
    carlos = comment(citizen, CARLOS_COMMENT)
    assert f"{before + 1} apoyo" in carlos.inner_text()
    assert "Usted apoya este comentario" in carlos.inner_text()
    # One's own comment cannot be supported.
    assert not comment(citizen, mine).get_by_role("button", name="Apoyar").count()

    # The institution's official answers the citizen's comment.
    official = visitor("funcionario")
    assert official.sign_in(MINTEL_OFFICIAL) == 200
    official.follow("Consultas", within="navigation")
    official.follow(OPEN_TITLE)
    answer = ("Gracias. El reglamento admitirá también el código enviado al correo "
              f"electrónico registrado ({device.name}).")
    assert reply_to(official, mine, answer) == 200
    assert "Se publicó su respuesta." in official.flash()
    official_reply = comment(official, answer)
    assert "Respuesta oficial del MINTEL" in official_reply.locator("header").inner_text()
    assert "Comentario respondido" in comment(official, mine).inner_text()

    # The citizen finds the notice, and from it the answer.
    citizen.follow("Consultas", within="navigation")
    citizen.follow(re.compile(r"^Sus avisos \(1 nuevo\)$"))
    assert citizen.heading() == "Avisos"
    notice = f"La institución respondió su comentario en «{OPEN_TITLE}»"
    assert "Nuevo:" in citizen.page.locator("li.unread").inner_text()
    citizen.follow(notice)
    assert citizen.heading() == OPEN_TITLE
    assert "Respuesta oficial del MINTEL" in comment(citizen, answer).inner_text()
    citizen.open("/avisos")
    assert citizen.press("Marcar todos como leídos") == 200
    assert not citizen.page.locator("li.unread").count()
