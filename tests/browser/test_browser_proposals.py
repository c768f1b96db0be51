"""A citizen proposal in a real browser, in Spanish: the institution's administrator sets the
number of supports needed, a verified citizen submits a proposal, other verified citizens
support it past that threshold and one comments on it, the institution answers the comment
and the proposal, and the author reads the answer; the thread then stays readable, closed."""
import re

from .kit import demo_person, new_person
from .test_browser_consultations import comment, reply_to

# Official and institution administrator of MINTEL.
MINTEL_OFFICIAL = demo_person("funcionario.mintel@mintel.gob.ec", "Andrés Funcionario Salazar")
MINTEL = "Ministerio de Telecomunicaciones y de la Sociedad de la Información"


def test_proposal_supported_past_the_threshold_gets_an_answer(visitor, device, site):
    title = f"Puntos de recarga para teléfonos en las tenencias políticas ({device.name})"
    author = new_person("Esteban Quimbita Toapanta")
    supporters = [new_person("Nelly Caiza Chicaiza"), new_person("Wilson Yépez Montalvo")]

    # The institution's administrator sets how many supports a proposal needs.
    official = visitor("administrador-institucion")
    assert official.sign_in(MINTEL_OFFICIAL) == 200
    official.follow("Propuestas", within="navigation")
    official.follow("Propuestas por revisar")
    official.follow(f"{MINTEL} (MINTEL)")
    assert official.heading() == f"Reglas de las propuestas del {MINTEL}"
    official.fill("Apoyos necesarios", "2")
    assert official.press("Guardar") == 200
    assert "Se guardaron las reglas de las propuestas para el MINTEL." in official.flash()

    # A citizen with a cédula writes a proposal to MINTEL.
    browser = visitor("autor")
    browser.register(author)
    browser.follow("Propuestas", within="navigation")
    assert browser.heading() == "Propuestas ciudadanas"
    browser.follow("Presentar una propuesta")
    browser.choose("Institución a la que se dirige", f"{MINTEL} (MINTEL)")
    browser.fill("Título", title)
    browser.fill("Resumen", "Un punto de carga solar en cada tenencia política rural.")
    browser.fill("Texto completo", "Muchas comunidades no tienen electricidad estable. Un "
                                   "panel solar con tomas de carga ayudaría a mantenerse "
                                   "comunicados.")
    browser.choose("Tema", "Tecnología y conectividad")
    assert browser.press("Presentar la propuesta") == 200
    assert "Su propuesta está publicada." in browser.flash()
    assert browser.heading() == title
    assert "0 de 2 apoyos" in browser.text()
    assert "Recogiendo apoyos" in browser.text()
    assert not browser.page.get_by_role("button", name="Apoyar esta propuesta").count()
    link = browser.page.url  # shared with friends

    # Two verified citizens support it: the second one reaches the threshold.
    for count, person in enumerate(supporters, start=1):
        supporter = visitor(f"apoyo-{count}")
        supporter.register(person)
        supporter.open(link)
        assert supporter.heading() == title
        assert supporter.press("Apoyar esta propuesta") == 200
        assert "Gracias: su apoyo quedó registrado." in supporter.flash()
        assert f"{count} de 2 apoyos" in supporter.text()
    # Once the threshold is reached the collection ends: the proposal awaits its answer.
    assert "Esperando respuesta" in supporter.text()
    assert "Umbral alcanzado" in supporter.text()

    # The last supporter comments under the proposal, for it, and sees the comment there.
    said = f"En mi comunidad de Zumbahua sería muy útil ({device.name})."
    supporter.choose("Su posición", "A favor")
    supporter.fill("Su comentario", said)
    assert supporter.press("Publicar comentario") == 200
    assert "Se publicó su comentario." in supporter.flash()
    header = comment(supporter, said).locator("header").inner_text()
    assert supporters[-1].name.split()[0] in header and "A favor" in header
    assert "1 comentario" in supporter.text()
    # The author is told by mail, with a link to the comment.
    assert any(f"/propuestas/" in m.get_content() and "#comentario-" in m.get_content()
               for m in site.mails_to(author.email))

    # The institution finds it among the proposals awaiting its answer, answers the
    # comment, then the proposal.
    official.follow("Propuestas", within="navigation")
    official.choose("Institución", f"MINTEL — {MINTEL}")
    official.choose("Estado", "Esperando respuesta")
    official.choose("Ordenar por", "Más recientes")
    official.press("Mostrar")
    official.follow(title)
    official_answer = f"Tomamos nota de Zumbahua para el estudio ({device.name})."
    assert reply_to(official, said, official_answer) == 200
    assert "Se publicó su respuesta." in official.flash()
    assert "Respuesta oficial del MINTEL" in comment(official, official_answer).inner_text()
    official.follow("Responder esta propuesta")
    assert official.heading() == "Responder una propuesta"
    official.page.get_by_label("En estudio", exact=True).check()
    reasons = ("La propuesta se incluirá en el estudio de conectividad rural de 2027, que "
               "definirá las tenencias prioritarias.")
    official.fill("Razones", reasons)
    assert official.press("Publicar la respuesta") == 200
    assert "La respuesta está publicada y se avisó a la persona autora." in official.flash()

    # The author is told by mail, and reads the answer on the proposal's page.
    mail = site.mails_to(author.email)[-1]
    body = mail.get_content()
    assert f"respondió su propuesta «{title}»: En estudio." in body
    assert browser.open(re.search(r"http://\S+/propuestas/\d+", body).group(0)) == 200
    answer = browser.page.get_by_role("region", name="La respuesta de la institución")
    assert "En estudio" in answer.inner_text() and reasons in answer.inner_text()
    assert "Respondida a tiempo" in answer.inner_text()

    # Answered, the proposal keeps its thread readable and takes no more comments.
    supporter.open(link)
    assert said in supporter.text() and official_answer in supporter.text()
    assert not supporter.page.get_by_label("Su comentario", exact=True).count()
