"""The public read API (/api/v1): what it shows, what it never shows, its pages, filters,
cache and rate limit, and every response checked against its own OpenAPI 3.1 document."""
from datetime import timedelta

import pytest
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from werkzeug.routing import Rule

from conftest import make_app
from factories_opendata import SECRET, public_world  # noqa: F401
from participa.extensions import db
from participa.timeutil import utcnow

EN = {"Accept-Language": "en"}


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def check(spec: dict, path: str, response, status: int = 200) -> dict:
    """The response has the status and body the document declares for `path`."""
    assert response.status_code == status, response.get_data(as_text=True)
    declared = spec["paths"][path]["get"]["responses"][str(status)]
    media_type, content = next(iter(declared["content"].items()))
    assert response.mimetype == media_type
    if media_type != "application/json":
        return {}
    body = response.get_json()
    registry = Registry().with_resource("urn:participa-api",
                                        Resource(contents=spec, specification=DRAFT202012))
    schema = {"$ref": "urn:participa-api" + content["schema"]["$ref"]} \
        if "$ref" in content["schema"] else content["schema"]
    Draft202012Validator(schema, registry=registry,
                         format_checker=Draft202012Validator.FORMAT_CHECKER).validate(body)
    return body


def test_the_document_is_valid_openapi_and_lists_every_api_route(app, spec):
    assert spec["openapi"] == "3.1.0"
    # Every schema is valid JSON Schema 2020-12.
    for name, schema in spec["components"]["schemas"].items():
        validator_for(schema, default=Draft202012Validator).check_schema(schema)
    documented = set(spec["paths"])
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = Rule(rule.rule).rule
            for name in rule.arguments:
                path = path.replace(f"<int:{name}>", f"{{{name}}}").replace(
                    f"<{name}>", f"{{{name}}}")
            assert path in documented, rule.rule
    assert "/api/v1/consultations/{consultation_id}/comments" in documented
    assert "/api/v1/stats/summary" in documented


def test_the_page_of_the_documentation_renders_it_without_javascript(client, spec):
    page = client.get("/api/v1/")
    check(spec, "/api/v1/", page)
    text = page.get_data(as_text=True)
    assert "/api/v1/consultations/{consultation_id}/comments" in text
    assert 'id="schema-Comment"' in text and "<script src=\"http" not in text


def test_consultations_sections_comments_outcome_and_questions(client, spec, public_world):
    done, running = public_world["consultation"], public_world["running"]
    body = check(spec, "/api/v1/consultations", client.get("/api/v1/consultations"))
    assert [c["id"] for c in body["data"]] == [done.id, running.id]
    assert body["next"] is None and body["data"][0]["phase"] == "outcome"
    one = check(spec, "/api/v1/consultations/{consultation_id}",
                client.get(f"/api/v1/consultations/{done.id}"))
    assert one["links"]["outcome"].endswith(f"/consultations/{done.id}/outcome")
    sections = check(spec, "/api/v1/consultations/{consultation_id}/sections",
                     client.get(one["links"]["sections"]))["data"]
    assert [(s["number"], s["outcome"]["decision"]) for s in sections] \
        == [(None, "not_incorporated"), (1, "incorporated")]
    comments = check(spec, "/api/v1/consultations/{consultation_id}/comments",
                     client.get(one["links"]["comments"]))["data"]
    assert [c["id"] for c in comments] == [public_world["comment"].id,
                                           public_world["reply"].id]
    citizen, official = comments
    assert len(citizen["author"]) == 12 and citizen["supports"] == 1
    assert citizen["outcome"] == {"decision": "partly", "reason": "Se recogió en parte."}
    assert official["author"] is None and official["official"] is True
    outcome = check(spec, "/api/v1/consultations/{consultation_id}/outcome",
                    client.get(one["links"]["outcome"]))
    assert outcome["contributions"]["partly"] == 1 and outcome["sections"][1]["number"] == 1
    questions = check(spec, "/api/v1/consultations/{consultation_id}/questions",
                      client.get(one["links"]["questions"]))["data"]
    assert questions[0]["ballots"] == 1
    assert [(o["label"], o["votes"], o["share"]) for o in questions[0]["options"]] \
        == [("Sí", 1, 1.0), ("No", 0, 0.0)]
    # An open consultation: no outcome yet, and its results stay closed until it closes.
    check(spec, "/api/v1/consultations/{consultation_id}/outcome",
          client.get(f"/api/v1/consultations/{running.id}/outcome"), 404)
    hidden = check(spec, "/api/v1/consultations/{consultation_id}/questions",
                   client.get(f"/api/v1/consultations/{running.id}/questions"))["data"]
    assert hidden[0]["results_public"] is False and hidden[0]["ballots"] is None
    assert hidden[0]["options"][0]["votes"] is None


def test_proposals_with_supports_and_answers_and_institutions(client, spec, public_world):
    body = check(spec, "/api/v1/proposals", client.get("/api/v1/proposals"))
    assert [p["id"] for p in body["data"]] == [public_world["proposal"].id,
                                               public_world["collecting"].id]
    answered = check(spec, "/api/v1/proposals/{proposal_id}",
                     client.get(f"/api/v1/proposals/{public_world['proposal'].id}"))
    assert answered["supports"] == 3 and answered["answer"]["outcome"] == "under_study"
    institutions = check(spec, "/api/v1/institutions", client.get("/api/v1/institutions"))
    assert [i["acronym"] for i in institutions["data"]] == ["MSP", "MDT"]
    msp = check(spec, "/api/v1/institutions/{acronym}", client.get("/api/v1/institutions/msp"))
    assert msp["name"] == "Ministerio de Salud Pública"
    check(spec, "/api/v1/institutions/{acronym}", client.get("/api/v1/institutions/XYZ"), 404)


def test_drafts_held_hidden_and_deleted_content_never_appear(client, spec, public_world):
    draft = public_world["draft"]
    for path, url in [
            ("/api/v1/consultations/{consultation_id}", f"/api/v1/consultations/{draft.id}"),
            ("/api/v1/consultations/{consultation_id}/comments",
             f"/api/v1/consultations/{draft.id}/comments"),
            ("/api/v1/consultations/{consultation_id}/questions",
             f"/api/v1/consultations/{draft.id}/questions")]:
        check(spec, path, client.get(url), 404)
    for proposal in public_world["unseen_proposals"]:
        check(spec, "/api/v1/proposals/{proposal_id}",
              client.get(f"/api/v1/proposals/{proposal.id}"), 404)
    done = public_world["consultation"]
    for url in ("/api/v1/consultations", "/api/v1/proposals", "/api/v1/institutions",
                f"/api/v1/consultations/{done.id}/comments",
                f"/api/v1/consultations/{done.id}/sections",
                f"/api/v1/consultations/{done.id}/outcome"):
        data = client.get(url).data
        assert SECRET.encode() not in data and b"@example.ec" not in data, url


def test_keyset_pages_follow_each_other_without_repeats(client, spec, public_world):
    done = public_world["consultation"]
    url = f"/api/v1/consultations/{done.id}/comments?limit=1"
    first = check(spec, "/api/v1/consultations/{consultation_id}/comments", client.get(url))
    assert len(first["data"]) == 1 and "cursor=" in first["next"]
    second = check(spec, "/api/v1/consultations/{consultation_id}/comments",
                   client.get(first["next"].replace("http://localhost", "")))
    assert second["data"][0]["id"] > first["data"][0]["id"] and second["next"] is None
    pages = client.get("/api/v1/proposals?limit=1").get_json()
    assert "limit=1" in pages["next"]


def test_filters_by_institution_and_dates(client, spec, public_world):
    body = check(spec, "/api/v1/consultations",
                 client.get("/api/v1/consultations?institution=mdt"))
    assert [c["id"] for c in body["data"]] == [public_world["running"].id]
    today = utcnow().date()
    since = (today - timedelta(days=5)).isoformat()
    body = check(spec, "/api/v1/proposals", client.get(f"/api/v1/proposals?since={since}"))
    assert [p["id"] for p in body["data"]] == [public_world["collecting"].id]
    until = (today - timedelta(days=6)).isoformat()
    body = check(spec, "/api/v1/proposals", client.get(f"/api/v1/proposals?until={until}"))
    assert [p["id"] for p in body["data"]] == [public_world["proposal"].id]


@pytest.mark.parametrize("query, field", [
    ("?institution=NADA", "institution"), ("?since=ayer", "since"),
    ("?since=2025-03-10&until=2025-03-01", "until"), ("?limit=0", "limit"),
    ("?limit=99999999999999999999999", "limit"), ("?cursor=%%%", "cursor"),
    ("?cursor=aWQ6eA", "cursor")])
def test_bad_parameters_get_a_translated_400(client, spec, institutions, query, field):
    response = client.get("/api/v1/consultations" + query)
    body = check(spec, "/api/v1/consultations", response, 400)
    assert field in body["error"]["fields"]
    english = client.get("/api/v1/consultations" + query, headers=EN).get_json()
    assert english["error"]["message"] == "The request could not be understood"
    assert body["error"]["message"] == "No se pudo entender la solicitud"


def test_answers_are_cached_for_everyone(tmp_path, public_world):
    app = make_app(tmp_path / "cached", API_CACHE_SECONDS=60,
                   CACHE_DIR=str(tmp_path / "cache"),
                   SQLALCHEMY_DATABASE_URI=db.engine.url.render_as_string(hide_password=False))
    client = app.test_client()
    with app.app_context():
        first = client.get("/api/v1/institutions").get_json()
        from participa.models import Institution
        db.session.add(Institution(acronym="MAG", name="Ministerio de Agricultura"))
        db.session.commit()
        again = client.get("/api/v1/institutions")
        assert again.get_json() == first
        assert again.headers["Cache-Control"] == "public, max-age=60"
        assert [i["acronym"] for i in client.get("/api/v1/institutions?limit=5")
                .get_json()["data"]][-1] == "MAG"
        db.session.remove()
        db.engine.dispose()


def test_a_client_that_reads_too_fast_is_told_to_wait(tmp_path, public_world):
    app = make_app(tmp_path / "limited", API_RATE_LIMIT="3 per minute",
                   SQLALCHEMY_DATABASE_URI=db.engine.url.render_as_string(hide_password=False))
    client = app.test_client()
    with app.app_context():
        statuses = [client.get("/api/v1/institutions").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert client.get("/api/v1/institutions").get_json()["error"]["code"] == 429
        other = client.get("/api/v1/institutions", environ_base={"REMOTE_ADDR": "10.0.0.9"})
        assert other.status_code == 200
        db.session.remove()
        db.engine.dispose()


def test_lists_and_the_catalogue_take_as_many_queries_for_many_rows_as_for_few(
        client, public_world):
    from sqlalchemy import event

    from participa.models import (Comment, Consultation, Proposal, ProposalTopic, Question,
                                  QuestionOption)

    done = public_world["consultation"]
    urls = ["/api/v1/consultations", "/api/v1/proposals", "/api/v1/institutions",
            f"/api/v1/consultations/{done.id}/comments",
            f"/api/v1/consultations/{done.id}/questions", "/datos/catalogo.jsonld",
            "/datos/consultas.json", "/datos/solicitudes.json", "/datos/reutilizaciones.json"]

    def count_queries() -> dict:
        counts = {}
        for url in urls:
            statements = []

            def listener(*args):
                statements.append(args[2])

            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                assert client.get(url).status_code == 200, url
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
            counts[url] = len(statements)
        return counts

    few = count_queries()
    now = utcnow()
    for n in range(3):
        more = Consultation(institution=done.institution, title=f"Otra {n}", summary="",
                            opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=2),
                            outcome_summary="Listo.", outcome_published_at=now)
        db.session.add(more)
        db.session.add(Proposal(institution=done.institution, title=f"Propuesta {n}",
                                summary="s", body="b", topic=ProposalTopic.HEALTH,
                                support_threshold=5, published_at=now))
        db.session.add(Comment(consultation=done, body_text=f"Más {n}", body_html="<p>x</p>"))
        question = Question(consultation=done, position=10 + n, text=f"¿Pregunta {n}?")
        db.session.add_all([question, QuestionOption(question=question, position=1,
                                                     label="Sí")])
    db.session.commit()
    assert count_queries() == few
