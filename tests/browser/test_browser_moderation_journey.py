"""Moderation in a real browser, in Spanish: three people flag a comment, which reaches the
institution's threshold and is hidden pending moderation; a moderator of the institution
hides it with a reason; its author reads the reason and appeals; the moderator who hid it
cannot decide the appeal, and another one of the institution restores the comment."""
import re
from urllib.parse import urlsplit

from participa.consultations.demo import OPEN_TITLE

from .kit import demo_person, new_person

MINTEL_MODERATOR = demo_person("moderador.mintel@mintel.gob.ec", "Pablo Moderador Ortiz")
# The institution's administrator moderates too: the second moderator of MINTEL.
MINTEL_ADMIN = demo_person("funcionario.mintel@mintel.gob.ec", "Andrés Funcionario Salazar")
# Demo citizens flag: the journey changes nothing of their accounts.
FLAGGERS = [demo_person("maria.quishpe@example.ec", "María Quishpe Guamán"),
            demo_person("carlos.mendoza@example.ec", "Carlos Mendoza Zambrano"),
            demo_person("ana.torres@example.ec", "Ana Torres Loor")]
THRESHOLD = 3  # MINTEL keeps the default flag threshold


def open_consultation(browser) -> None:
    browser.follow("Consultas", within="navigation")
    browser.follow(OPEN_TITLE)


def open_queue(browser) -> None:
    """The navigation shows the count of items waiting; one institution: its queue."""
    browser.follow(re.compile(r"^Moderación \d+ elementos? en espera$"), within="navigation")
    assert browser.heading() == "Cola de moderación del MINTEL"


def queue_item(browser, text: str):
    return browser.page.get_by_role("article").filter(has_text=text)


def test_flagged_comment_is_hidden_appealed_and_restored(visitor, device, site):
    author = new_person("Germán Loja Pinargote")
    words = f"Compre seguidores baratos en mi página, escríbame ya ({device.name})."

    writer = visitor("autor")
    writer.register(author)
    open_consultation(writer)
    writer.fill("Su comentario", words)
    assert writer.press("Publicar comentario") == 200
    comment_id = writer.page.locator("article.comment").filter(has_text=words).get_attribute("id")
    in_thread = f"#{comment_id}"
    consultation = urlsplit(writer.page.url).path

    # Three people flag it; the third flag reaches the threshold and hides it at once.
    for n, person in enumerate(FLAGGERS, start=1):
        flagger = visitor(f"marca{n}")
        flagger.open(consultation)  # a link someone shared; signing in comes back to it
        assert flagger.sign_in(person) == 200
        assert flagger.heading() == OPEN_TITLE
        flagger.follow(re.compile(r"^Señalar — comentario de "),
                       within=flagger.page.locator(in_thread))
        assert flagger.heading() == "Señalar contenido"
        assert words in flagger.text()
        flagger.page.get_by_label("Spam o publicidad", exact=True).check()
        assert flagger.press("Enviar a los moderadores") == 200
        assert flagger.flash() == "Gracias. Los moderadores del MINTEL lo revisarán."
        shown = flagger.page.locator(in_thread).inner_text()
        if n < THRESHOLD:
            assert words in shown
        else:
            assert "Oculto en espera de moderación" in shown and words not in shown

    # A moderator of MINTEL hides it, with the reason its author will read.
    moderator = visitor("moderador")
    assert moderator.sign_in(MINTEL_MODERATOR) == 200
    open_queue(moderator)
    item = queue_item(moderator, words)
    assert "3 señalamientos" in item.inner_text() and "Spam o publicidad (3)" in item.inner_text()
    item.locator("summary").filter(has_text="Ocultar").click()
    reason = "Publicidad de un servicio comercial, ajena a la consulta."
    item.get_by_label("Motivo (el autor lo lee)", exact=True).fill(reason)
    assert moderator.press("Ocultar", within=item) == 200
    assert moderator.flash() == "El contenido está oculto y se informó a su autor el motivo."
    assert not queue_item(moderator, words).count()

    # The author finds the notice with the reason, and appeals.
    open_consultation(writer)
    assert "Oculto por los moderadores" in writer.page.locator(in_thread).inner_text()
    assert any(reason in mail.get_content() for mail in site.mails_to(author.email))
    writer.follow("Consultas", within="navigation")
    writer.follow(re.compile(r"^Sus avisos"))
    assert writer.heading() == "Avisos"  # one page for every notice
    notice = writer.page.get_by_role("listitem").filter(has_text=words)
    assert "Los moderadores ocultaron su contenido." in notice.inner_text()
    assert f"Motivo: {reason}" in notice.inner_text()
    notice.locator("summary").filter(has_text="Apelar esta decisión").click()
    notice.get_by_label("¿Por qué debería restablecerse?", exact=True).fill(
        "Era una broma entre vecinos; no vendo nada. Pido que se publique de nuevo.")
    assert writer.press("Enviar la apelación", within=notice) == 200
    assert writer.flash() == "Su apelación fue enviada. Otro moderador la revisará."

    # The moderator who hid it cannot decide the appeal.
    open_queue(moderator)
    item = queue_item(moderator, words)
    assert "Apelación del autor: Era una broma entre vecinos" in item.inner_text()
    # She is not offered the decision, and is told why.
    assert item.get_by_role("button", name="Restablecer", exact=True).count() == 0
    assert ("Esta apelación la decide otra persona: usted ocultó este contenido."
            in item.inner_text())

    # Another moderator of MINTEL restores it.
    other = visitor("otro-moderador")
    assert other.sign_in(MINTEL_ADMIN) == 200
    open_queue(other)
    item = queue_item(other, words)
    assert f"Motivo por el que se ocultó: {reason}" in item.inner_text()
    assert other.press("Restablecer", within=item) == 200
    assert other.flash() == "El contenido es público de nuevo."
    assert not queue_item(other, words).count()

    # The comment is public again, and its author is told.
    open_consultation(writer)
    assert words in writer.page.locator(in_thread).inner_text()
    writer.open("/moderacion/avisos")
    latest = writer.page.get_by_role("listitem").filter(has_text=words).first
    assert ("Los moderadores restablecieron su contenido: es público de nuevo."
            in latest.inner_text())
