"""Questions and ballots through HTTP: officials write questions on a draft, verified citizens
vote while the consultation is open, change their mind, and everyone reads the results after
it closes; the permission table, bad input, the concurrency proof and the secret ballot."""
from __future__ import annotations

import re
import threading

import pytest
from conftest import login_with_code
from factories_consultations import make_consultation, shift, uploads_in_tmp  # noqa: F401
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from participa.ballots import service
from participa.demo import demo_cedula
from participa.extensions import db
from participa.models import AuditEntry, Ballot, BallotChoice, Question, QuestionOption

COLOURS = "Verde\nAzul\nRojo"


@pytest.fixture
def voters(make_user, people):
    """Verified citizens (with a valid cédula)."""
    return {name: make_user(f"{name}@example.ec", name=name.capitalize(),
                            cedula=demo_cedula(f"1710000{n:02d}"))
            for n, name in enumerate(["ana", "beto", "carla"])}


@pytest.fixture
def client_for(app, voters, people):
    """A separate signed-in browser for each person."""
    everyone = {**people, **voters}

    def make(who: str):
        browser = app.test_client()
        assert login_with_code(browser, everyone[who]).status_code == 302
        return browser
    return make


@pytest.fixture
def ask(people):
    """Add a question to a draft consultation (through the service), return it."""
    def add(consultation, text="¿Qué color prefiere?", options=COLOURS, max_choices=1):
        question = service.add_question(people["official_msp"], consultation, text=text,
                                        max_choices=max_choices, options_text=options)
        db.session.commit()
        return question
    return add


@pytest.fixture
def open_vote(make_consultation, ask):
    """An open consultation with a single-choice and a two-choice question."""
    consultation = make_consultation(phase="draft")
    single = ask(consultation)
    double = ask(consultation, text="¿Qué servicios usa? (hasta dos)",
                 options="Agua\nLuz\nInternet\nTeléfono", max_choices=2)
    shift(consultation, opens_days=-1, closes_days=10)
    return consultation, single, double


def option_id(question, label) -> int:
    return next(o.id for o in question.options if o.label == label)


def vote_url(consultation, question) -> str:
    return f"/consultas/{consultation.id}/preguntas/{question.id}/votar"


def ballots() -> int:
    return db.session.scalar(select(func.count(Ballot.id)))


def choices() -> int:
    return db.session.scalar(select(func.count()).select_from(BallotChoice))


# --- the permission table ---------------------------------------------------------------

ACTIONS = ("manage_draft", "add_draft", "edit_draft", "remove_draft", "manage_open", "vote_open")
EXPECTED = {
    #                 manage add  edit remove manage_open vote
    "anonymous":      (302,   302, 302, 302,   302,        302),
    "citizen":        (404,   404, 404, 404,   403,        403),
    "voter":          (404,   404, 404, 404,   403,        302),
    "official_msp":   (200,   302, 200, 302,   200,        403),
    "moderator_msp":  (404,   404, 404, 404,   403,        403),
    "admin_mdt":      (404,   404, 404, 404,   403,        403),
    "rector":         (404,   404, 404, 404,   403,        403),
    "platform_admin": (404,   404, 404, 404,   403,        403),
}
CASES = [(who, action, status) for who, statuses in EXPECTED.items()
         for action, status in zip(ACTIONS, statuses)]


@pytest.mark.parametrize("who, action, status", CASES)
def test_question_and_ballot_permission_table(client_for, client, make_consultation, ask,
                                              who, action, status):
    draft = make_consultation(phase="draft")
    draft_question = ask(draft)
    opened = make_consultation(phase="draft", title="Consulta abierta")
    open_question = ask(opened)
    shift(opened, opens_days=-1, closes_days=10)
    browser = client if who == "anonymous" else client_for("ana" if who == "voter" else who)
    before = db.session.scalar(select(func.count(Question.id)))
    requests = {
        "manage_draft": lambda: browser.get(f"/consultas/{draft.id}/preguntas"),
        "add_draft": lambda: browser.post(f"/consultas/{draft.id}/preguntas", data={
            "text": "¿Otra pregunta?", "options": "Sí\nNo", "max_choices": "1"}),
        "edit_draft": lambda: browser.get(
            f"/consultas/{draft.id}/preguntas/{draft_question.id}/editar"),
        "remove_draft": lambda: browser.post(
            f"/consultas/{draft.id}/preguntas/{draft_question.id}/eliminar"),
        "manage_open": lambda: browser.get(f"/consultas/{opened.id}/preguntas"),
        "vote_open": lambda: browser.post(vote_url(opened, open_question), data={
            "option": option_id(open_question, "Azul")}),
    }
    assert requests[action]().status_code == status
    after = db.session.scalar(select(func.count(Question.id)))
    if action in ("add_draft", "remove_draft") and who != "official_msp":
        assert after == before
    if action == "vote_open":
        assert ballots() == (1 if who == "voter" else 0)


# --- officials write questions ----------------------------------------------------------

def test_official_adds_edits_and_removes_questions_while_draft(client_for, make_consultation):
    consultation = make_consultation(phase="draft")
    official = client_for("official_msp")
    url = f"/consultas/{consultation.id}/preguntas"
    response = official.post(url, data={"text": "¿Qué horario prefiere?",
                                        "options": "Mañana\n\nTarde\nNoche ",
                                        "max_choices": "2"})
    assert response.status_code == 302
    question = db.session.scalar(select(Question))
    assert [o.label for o in question.options] == ["Mañana", "Tarde", "Noche"]
    assert question.max_choices == 2
    page = official.get(url).get_data(as_text=True)
    assert "¿Qué horario prefiere?" in page and "hasta 2 opciones" in page

    edit = f"{url}/{question.id}/editar"
    assert "Mañana\nTarde\nNoche" in official.get(edit).get_data(as_text=True)
    response = official.post(edit, data={"text": "¿Qué horario de atención prefiere?",
                                         "options": "Mañana\nTarde", "max_choices": "1"})
    assert response.status_code == 302
    db.session.refresh(question)
    assert question.text == "¿Qué horario de atención prefiere?"
    assert [o.label for o in question.options] == ["Mañana", "Tarde"]

    assert official.post(f"{url}/{question.id}/eliminar").status_code == 302
    assert db.session.scalar(select(func.count(Question.id))) == 0
    assert db.session.scalar(select(func.count(QuestionOption.id))) == 0
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert {"question.added", "question.updated", "question.removed"} <= set(actions)


@pytest.mark.parametrize("data, message", [
    ({"text": "¿Sí o no?", "options": "Sí", "max_choices": "1"},
     "Escriba al menos dos opciones, una por línea."),
    ({"text": "¿Sí o no?", "options": "Sí\nNo", "max_choices": "3"},
     "El número de opciones que se pueden elegir debe estar entre 1 y el número de opciones."),
    ({"text": "¿Sí o no?", "options": "Sí\nsí", "max_choices": "1"},
     "Dos opciones tienen el mismo texto."),
    ({"text": "", "options": "Sí\nNo", "max_choices": "1"}, "Escriba la pregunta."),
    ({"text": "¿Sí o no?", "options": "Sí\nNo", "max_choices": "cero"},
     "Ingrese un número del 1 al 20."),
])
def test_bad_questions_are_refused_with_the_text_kept(client_for, make_consultation, data,
                                                      message):
    consultation = make_consultation(phase="draft")
    response = client_for("official_msp").post(f"/consultas/{consultation.id}/preguntas",
                                               data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert data["options"].split("\n")[0] in page
    assert db.session.scalar(select(func.count(Question.id))) == 0


def test_questions_cannot_change_once_the_consultation_opens(client_for, open_vote):
    consultation, single, _ = open_vote
    official = client_for("official_msp")
    url = f"/consultas/{consultation.id}/preguntas"
    page = official.get(url).get_data(as_text=True)
    assert "ya no pueden cambiar" in page and "Añadir la pregunta" not in page
    response = official.post(url, data={"text": "¿Tarde?", "options": "Sí\nNo",
                                        "max_choices": "1"})
    assert response.status_code == 409
    response = official.post(f"{url}/{single.id}/editar", data={
        "text": "Cambiada", "options": "Uno\nDos", "max_choices": "1"})
    assert response.status_code == 409
    assert official.post(f"{url}/{single.id}/eliminar").status_code == 409
    db.session.refresh(single)
    assert single.text == "¿Qué color prefiere?"
    assert db.session.scalar(select(func.count(Question.id))) == 2


def test_a_question_with_ballots_cannot_change_even_if_the_draft_reopens(
        client_for, open_vote, people):
    consultation, single, _ = open_vote
    client_for("ana").post(vote_url(consultation, single),
                           data={"option": option_id(single, "Verde")})
    shift(consultation, opens_days=2, closes_days=10)  # moved back to draft by hand
    response = client_for("official_msp").post(
        f"/consultas/{consultation.id}/preguntas/{single.id}/eliminar")
    assert response.status_code == 409
    assert "ya tiene votos" in response.get_data(as_text=True)
    assert ballots() == 1


def test_a_question_of_another_consultation_is_not_found(client_for, open_vote,
                                                         make_consultation, ask):
    consultation, single, _ = open_vote
    other = make_consultation(phase="draft", title="Otra")
    foreign = ask(other)
    shift(other, opens_days=-1, closes_days=3)
    ana = client_for("ana")
    response = ana.post(f"/consultas/{consultation.id}/preguntas/{foreign.id}/votar",
                        data={"option": foreign.options[0].id})
    assert response.status_code == 404
    assert ballots() == 0


# --- citizens vote ----------------------------------------------------------------------

def test_a_citizen_votes_sees_it_and_changes_their_mind(client_for, open_vote):
    consultation, single, _ = open_vote
    ana = client_for("ana")
    page = ana.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    assert "<legend>¿Qué color prefiere?</legend>" in page
    assert page.count('type="radio"') == 3 and page.count('type="checkbox"') == 4
    assert "Elija una opción." in page and "Elija hasta 2 opciones." in page
    assert "El voto es secreto" in page
    assert "Usted votó en esta pregunta." not in page

    response = ana.post(vote_url(consultation, single),
                        data={"option": option_id(single, "Verde")})
    assert response.status_code == 302
    page = ana.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    assert "Su voto ha sido registrado" in page
    assert "Usted votó en esta pregunta." in page and "Cambiar mi voto" in page
    assert re.search(rf'value="{option_id(single, "Verde")}" checked', page)

    response = ana.post(vote_url(consultation, single),
                        data={"option": option_id(single, "Rojo")})
    assert response.status_code == 302
    assert "Su voto ha sido cambiado" in ana.get(
        f"/consultas/{consultation.id}").get_data(as_text=True)
    assert ballots() == 1
    assert db.session.scalars(select(BallotChoice.option_id)).all() == [
        option_id(single, "Rojo")]


def test_multiple_choice_up_to_the_limit(client_for, open_vote):
    consultation, _, double = open_vote
    ana = client_for("ana")
    three = [option_id(double, label) for label in ("Agua", "Luz", "Internet")]
    response = ana.post(vote_url(consultation, double), data={"option": three})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Elija como máximo 2 opciones." in page
    assert all(re.search(rf'value="{i}" checked', page) for i in three)  # choice kept
    assert ballots() == 0

    response = ana.post(vote_url(consultation, double), data={"option": three[:2]})
    assert response.status_code == 302
    assert sorted(db.session.scalars(select(BallotChoice.option_id))) == sorted(three[:2])


@pytest.mark.parametrize("which, message", [
    ("none", "Elija una opción."),
    ("foreign", "Una de las opciones elegidas no pertenece a esta pregunta."),
    ("forged", "Una de las opciones elegidas no pertenece a esta pregunta."),
    ("two_on_single", "Elija solo una opción."),
])
def test_bad_ballots_are_refused_and_nothing_is_stored(client_for, open_vote, which, message):
    consultation, single, double = open_vote
    data = {"none": {}, "foreign": {"option": double.options[0].id},
            "forged": {"option": "1 OR 1=1"},
            "two_on_single": {"option": [o.id for o in single.options[:2]]}}[which]
    response = client_for("ana").post(vote_url(consultation, single), data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert ballots() == 0 and choices() == 0


def test_a_refused_change_keeps_the_earlier_vote(client_for, open_vote):
    consultation, single, double = open_vote
    ana = client_for("ana")
    ana.post(vote_url(consultation, single), data={"option": option_id(single, "Azul")})
    response = ana.post(vote_url(consultation, single), data={"option": double.options[0].id})
    assert response.status_code == 400
    assert db.session.scalars(select(BallotChoice.option_id)).all() == [
        option_id(single, "Azul")]


def test_votes_only_while_open(client_for, open_vote, make_consultation, ask):
    consultation, single, _ = open_vote
    ana = client_for("ana")
    shift(consultation, opens_days=-20, closes_days=-1)
    response = ana.post(vote_url(consultation, single),
                        data={"option": option_id(single, "Verde")})
    assert response.status_code == 409
    assert "Esta consulta está cerrada: ya no se aceptan votos." in response.get_data(
        as_text=True)

    draft = make_consultation(phase="draft", title="Borrador")
    question = ask(draft)
    # The public does not see a draft at all; its own officials cannot vote on it yet.
    assert ana.post(vote_url(draft, question),
                    data={"option": question.options[0].id}).status_code == 404
    response = client_for("official_msp").post(vote_url(draft, question),
                                               data={"option": question.options[0].id})
    assert response.status_code in (403, 409)
    assert ballots() == 0


def test_unverified_citizens_are_told_how_to_add_their_cedula(client_for, open_vote, people):
    consultation, single, _ = open_vote
    rosa = client_for("citizen")
    page = rosa.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    assert "Su cuenta no tiene cédula" in page and "/cuenta/cedula" in page
    assert 'type="radio"' not in page
    response = rosa.post(vote_url(consultation, single),
                         data={"option": option_id(single, "Verde")})
    assert response.status_code == 403
    text = response.get_data(as_text=True)
    assert "Esto requiere su cédula" in text or "This needs your cédula" in text
    assert ballots() == 0

    assert rosa.post("/cuenta/cedula", data={"cedula": "1234567890"}).status_code == 400
    # A cédula another account holds gets the same answer as a free one and opens a claim
    # (tests/test_cedula_conflicts.py).
    response = rosa.post("/cuenta/cedula", data={
        "cedula": demo_cedula("091234567"),
        "next": f"/consultas/{consultation.id}"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/consultas/{consultation.id}")
    assert rosa.post(vote_url(consultation, single),
                     data={"option": option_id(single, "Verde")}).status_code == 302
    assert ballots() == 1


# --- results and the secret ballot ------------------------------------------------------

def test_results_after_close_for_everyone_and_anytime_for_officials(
        client_for, client, open_vote, voters):
    consultation, single, double = open_vote
    for who, colour, services in (("ana", "Verde", ["Agua", "Luz"]),
                                  ("beto", "Verde", ["Agua"]),
                                  ("carla", "Azul", ["Internet", "Agua"])):
        browser = client_for(who)
        browser.post(vote_url(consultation, single), data={"option": option_id(single, colour)})
        browser.post(vote_url(consultation, double),
                     data={"option": [option_id(double, s) for s in services]})
    url = f"/consultas/{consultation.id}"
    assert "Resultados" not in client.get(url).get_data(as_text=True)
    assert "Resultados" not in client_for("ana").get(url).get_data(as_text=True)
    page = client_for("official_msp").get(url).get_data(as_text=True)
    assert "Resultados: 3 votos" in page
    assert "solo a su institución" in page

    shift(consultation, opens_days=-20, closes_days=-1)
    page = client.get(url).get_data(as_text=True)
    assert page.count("Resultados: 3 votos") == 2
    assert "La votación está cerrada." in page
    # Verde 2 of 3, Azul 1, Rojo 0; Agua chosen on all three ballots of the second question.
    assert re.search(r"Verde</th>\s*<td>2</td>\s*<td><meter[^>]*value=\"0.666", page)
    assert all(re.search(share + r"\s?%", page) for share in ("66,7", "33,3", "100,0"))
    assert re.search(r"Rojo</th>\s*<td>0</td>", page)
    assert "style=" not in page
    # A secret ballot: the page never names who voted.
    for voter in voters.values():
        assert voter.name not in page and voter.email not in page


def test_results_come_from_one_query(open_vote, voters):
    consultation, single, double = open_vote
    for voter, colour in zip(voters.values(), ("Verde", "Verde", "Rojo")):
        service.cast_ballot(voter, single, [option_id(single, colour)])
    db.session.commit()
    single_id, double_id = single.id, double.id  # loaded again after the commit
    statements = []
    from sqlalchemy import event

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        found = service.results([single, double])
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1, statements
    assert found.ballots == {single_id: 3, double_id: 0}
    assert found.options[option_id(single, "Verde")].votes == 2
    assert found.options[option_id(single, "Rojo")].share == pytest.approx(1 / 3)
    assert found.options[option_id(double, "Agua")].share == 0


# --- one ballot per person, under concurrency -------------------------------------------

def test_concurrent_ballots_of_one_person_leave_exactly_one(client_for, open_vote):
    """Simultaneous first votes of the same person, against the file-backed database."""
    consultation, single, _ = open_vote
    browsers = [client_for("ana") for _ in range(4)]
    barrier = threading.Barrier(len(browsers))
    url, statuses = vote_url(consultation, single), []
    options = [o.id for o in single.options] + [single.options[0].id]

    def fire(browser, chosen):
        barrier.wait()
        statuses.append(browser.post(url, data={"option": chosen}).status_code)

    threads = [threading.Thread(target=fire, args=(b, o)) for b, o in zip(browsers, options)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(statuses) == 4 and set(statuses) <= {302, 409}
    assert 302 in statuses
    assert ballots() == 1
    assert choices() == 1  # a single-choice ballot holds exactly one option


def test_the_database_refuses_a_second_ballot(open_vote, voters):
    consultation, single, _ = open_vote
    service.cast_ballot(voters["ana"], single, [single.options[0].id])
    db.session.commit()
    db.session.add(Ballot(question_id=single.id, user_id=voters["ana"].id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert ballots() == 1


def test_live_results_are_public_while_open_when_the_official_chose_so(
        client_for, client, make_consultation):
    consultation = make_consultation(phase="draft")
    official = client_for("official_msp")
    response = official.post(f"/consultas/{consultation.id}/preguntas", data={
        "text": "¿Qué horario prefiere?", "options": "Mañana\nTarde", "max_choices": "1",
        "live_results": "y"})
    assert response.status_code == 302
    live = db.session.scalar(select(Question).where(Question.consultation_id == consultation.id))
    assert live.live_results
    official.post(f"/consultas/{consultation.id}/preguntas", data={
        "text": "¿Cuántas veces al mes?", "options": "Una\nVarias", "max_choices": "1"})
    shift(consultation, opens_days=-1, closes_days=10)

    client_for("ana").post(vote_url(consultation, live),
                           data={"option": option_id(live, "Tarde")})
    page = client.get(f"/consultas/{consultation.id}").get_data(as_text=True)
    # The live question shows its results to everyone; the other one keeps them until close.
    assert page.count("Resultados: 1 voto") == 1
    assert "Resultados en vivo" in page
    csv_text = client.get(f"/consultas/{consultation.id}/resultados.csv").get_data(as_text=True)
    assert "¿Qué horario prefiere?,2,Tarde,1,1,1.0000" in csv_text
    assert "¿Cuántas veces al mes?" not in csv_text


def test_results_csv_after_close_and_refused_before(client_for, client, open_vote):
    consultation, single, double = open_vote
    client_for("ana").post(vote_url(consultation, single),
                           data={"option": option_id(single, "Azul")})
    url = f"/consultas/{consultation.id}/resultados.csv"
    assert client.get(url).status_code == 403  # open, no live results: nothing to download
    shift(consultation, opens_days=-20, closes_days=-1)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "question_position,question,option_position,option,votes,ballots,share"
    assert "1,¿Qué color prefiere?,2,Azul,1,1,1.0000" in lines
    assert "1,¿Qué color prefiere?,1,Verde,0,1,0.0000" in lines


def test_live_results_are_kept_a_minute_but_a_vote_shows_at_once(
        app, client_for, client, open_vote):
    consultation, single, _double = open_vote
    single.live_results = True
    db.session.commit()
    app.config["STATS_CACHE_SECONDS"] = 300
    try:
        url = f"/consultas/{consultation.id}"
        assert "Resultados: 0 votos" in client.get(url).get_data(as_text=True)
        client_for("ana").post(vote_url(consultation, single),
                               data={"option": option_id(single, "Azul")})
        assert "Resultados: 1 voto" in client.get(url).get_data(as_text=True)
        client_for("beto").post(vote_url(consultation, single),
                                data={"option": option_id(single, "Rojo")})
        assert "Resultados: 2 votos" in client.get(url).get_data(as_text=True)
    finally:
        app.config["STATS_CACHE_SECONDS"] = 0
        with app.app_context():
            from participa.extensions import cache
            cache.clear()
