"""Personal data protection: consent and re-consent, the data export and its completeness,
profile and deletion, retention of finished cases, the access log, minimisation."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, func, select

from participa.cases import service as cases_service
from participa.cases.stats import institution_figures
from participa.dashboard.statistics import Period
from participa.consultations import comments as comments_service
from participa.extensions import db
from participa.models import (AccessLogEntry, AuditEntry, Case, CaseState, Comment, Consent,
                              ConsentPurpose, Proposal, ProposalSupport, ProposalTopic, Stance,
                              Support, User)
from participa.privacy import notice, registry
from participa.privacy.retention import run_retention
from participa.proposals import service as proposals_service
from participa.timeutil import utcnow

from conftest import PASSWORD, code_for, login, login_with_code
from factories_cases import allow_anonymous, make_case, make_category
from factories_consultations import make_consultation  # noqa: F401  (fixture)

CEDULA = "1710034065"


def body(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def msp_category(institutions):
    return make_category(institutions["MSP"], "Citas médicas")


# --- Informed consent ---------------------------------------------------------------------

def test_registration_shows_the_notice_and_records_the_consent(client, app):
    page = body(client.get("/cuenta/registro"))
    assert "Aviso de privacidad" in page and 'href="/privacidad"' in page
    assert "Ley Orgánica de Protección de Datos Personales" in page
    response = client.post("/cuenta/registro", data={
        "name": "Marta Nueva", "email": "marta@example.ec", "password": PASSWORD,
        "confirm": PASSWORD})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "marta@example.ec"))
    consent = db.session.scalar(select(Consent).where(Consent.user_id == user.id))
    assert consent.purpose == ConsentPurpose.ACCOUNT
    assert consent.version == notice.NOTICE_VERSION
    assert consent.at is not None


def test_the_policy_page_is_in_both_languages(client):
    assert "Política de privacidad" in body(client.get("/privacidad"))
    client.post("/idioma", data={"lang": "en", "next": "/privacidad"})
    page = body(client.get("/privacidad"))
    assert "Privacy policy" in page and "Your rights" in page


def test_a_changed_notice_is_agreed_to_again_at_the_next_sign_in(client, people, monkeypatch):
    citizen = people["citizen"]
    db.session.add(Consent(user_id=citizen.id, purpose=ConsentPurpose.ACCOUNT,
                           version=notice.NOTICE_VERSION))
    db.session.commit()
    login(client, citizen.email)
    assert client.get("/cuenta/").status_code == 200
    monkeypatch.setattr(notice, "NOTICE_VERSION", "2099-01")
    response = client.get("/propuestas/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/cuenta/privacidad/aceptar")
    page = body(client.get(response.headers["Location"]))
    assert "El aviso de privacidad ha cambiado" in page
    response = client.post("/cuenta/privacidad/aceptar", data={"next": "/propuestas/"})
    assert response.headers["Location"] == "/propuestas/"
    assert client.get("/propuestas/").status_code == 200
    versions = db.session.scalars(select(Consent.version).where(
        Consent.user_id == citizen.id).order_by(Consent.id)).all()
    assert versions[-1] == "2099-01"


def test_accounts_without_a_recorded_consent_are_asked(client, app, people):
    app.config["PRIVACY_ASK_UNRECORDED"] = True
    login(client, people["citizen"].email)
    response = client.get("/cuenta/")
    assert response.headers["Location"].startswith("/cuenta/privacidad/aceptar")
    assert client.post("/cuenta/salir").status_code == 302  # signing out stays possible


def test_filing_a_case_shows_the_notice_and_records_the_consent(client, institutions,
                                                                  msp_category):
    allow_anonymous(institutions["MSP"])
    page = body(client.get("/casos/nuevo/MSP"))
    assert "Aviso de privacidad" in page
    response = client.post("/casos/nuevo/MSP", data={
        "category": msp_category.id, "type": "complaint", "subject": "Sin turno",
        "description": "No hay turnos disponibles.", "contact_email": "anon@example.ec",
        "province": "17", "canton": "1701"})
    assert response.status_code == 302
    case = db.session.scalar(select(Case))
    consent = db.session.scalar(select(Consent).where(Consent.case_id == case.id))
    assert consent.purpose == ConsentPurpose.CASE and consent.user_id is None
    assert consent.version == notice.NOTICE_VERSION


# --- My data ------------------------------------------------------------------------------

def test_every_table_that_references_users_has_an_exporter():
    assert registry.uncovered_tables(db.metadata) == []


def test_a_new_table_referencing_users_without_an_exporter_is_reported():
    metadata = MetaData()
    for table in db.metadata.tables.values():
        table.to_metadata(metadata)
    Table("ballots_example", metadata, Column("id", Integer, primary_key=True),
          Column("voter_id", ForeignKey("users.id")))
    assert registry.uncovered_tables(metadata) == ["ballots_example"]


def test_my_data_shows_everything_and_downloads_as_json(client, people, institutions,
                                                      msp_category, make_consultation):
    citizen = people["citizen"]
    citizen.cedula = CEDULA
    db.session.commit()
    consultation = make_consultation()
    comments_service.add_comment(citizen, consultation, body="Propongo turnos por teléfono.",
                                 stance=Stance.FOR)
    proposal = proposals_service.submit_proposal(
        people["official_msp"], institutions["MSP"], title="Más farmacias de turno",
        summary="Farmacias abiertas de noche en cada cantón.", body="Texto de la propuesta.",
        topic=ProposalTopic.HEALTH)
    db.session.commit()
    proposals_service.support_proposal(citizen, proposal)
    db.session.commit()
    make_case(citizen, institutions["MSP"], msp_category, subject="Demora en la cita")
    login(client, citizen.email)
    page = body(client.get("/cuenta/mis-datos"))
    for expected in ("Rosa Ciudadana", "ciudadana@example.ec", CEDULA,
                     "Propongo turnos por teléfono.", "Más farmacias de turno",
                     "Demora en la cita", "Dispositivos con sesión iniciada"):
        assert expected in page
    response = client.get("/cuenta/mis-datos.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert set(data["sections"]) == set(registry.EXPORTERS)
    sections = data["sections"]
    assert sections["users"]["rows"][0]["email"] == "ciudadana@example.ec"
    assert sections["consultation_comments"]["rows"][0]["text"] == "Propongo turnos por teléfono."
    assert sections["proposal_supports"]["rows"][0]["title"] == "Más farmacias de turno"
    assert sections["cases"]["rows"][0]["subject"] == "Demora en la cita"
    assert sections["user_sessions"]["rows"]  # this very sign-in
    raw = response.get_data(as_text=True)
    assert citizen.password_hash not in raw and "argon2" not in raw
    # Nothing of the other person's: the proposal's author is not named.
    assert "funcionario@msp.gob.ec" not in raw and "Luis Funcionario" not in raw


def test_the_data_export_names_the_place_of_each_case(client, people, institutions,
                                                      msp_category):
    citizen = people["citizen"]
    case = make_case(citizen, institutions["MSP"], msp_category)
    case.place_code = "170150"
    db.session.commit()
    login(client, citizen.email)
    data = json.loads(client.get("/cuenta/mis-datos.json").get_data(as_text=True))
    row = data["sections"]["cases"]["rows"][0]
    assert row["place_code"] == "170150"
    assert row["place"] == "Quito Distrito Metropolitano"


def test_my_data_needs_a_signed_in_person(client):
    assert client.get("/cuenta/mis-datos").status_code == 302
    assert client.get("/cuenta/mis-datos.json").status_code == 302


# --- Rectify and delete -------------------------------------------------------------------

def test_the_name_shown_on_comments_is_the_chosen_pseudonym(client, people, make_consultation):
    citizen = people["citizen"]
    consultation = make_consultation()
    comments_service.add_comment(citizen, consultation, body="Me parece bien.",
                                 stance=Stance.FOR)
    db.session.commit()
    login(client, citizen.email)
    assert "Rosa Ciudadana" in body(client.get("/cuenta/perfil"))
    response = client.post("/cuenta/perfil", data={"name": "Rosa Ciudadana",
                                                   "display_name": "Rosita del Sur"})
    assert response.status_code == 302
    client.post("/cuenta/salir")
    page = body(client.get(f"/consultas/{consultation.id}"))
    assert "Rosita del Sur" in page and "Rosa Ciudadana" not in page
    login(client, citizen.email)
    response = client.post("/cuenta/perfil", data={"name": "", "display_name": "x"})
    assert response.status_code == 400 and "Ingrese su nombre" in body(response)


def _deletion_scene(people, institutions, msp_category, make_consultation):
    citizen, other = people["citizen"], people["official_msp"]
    citizen.cedula = CEDULA
    db.session.commit()
    consultation = make_consultation()
    mine = comments_service.add_comment(citizen, consultation, body="Mi comentario original.",
                                        stance=Stance.FOR)
    db.session.flush()
    reply = comments_service.add_comment(other, consultation, body="Gracias por su aporte.",
                                         stance=Stance.NEUTRAL, parent_id=mine.id)
    comments_service.support_comment(other, mine)
    proposal = proposals_service.submit_proposal(
        other, institutions["MSP"], title="Más farmacias de turno",
        summary="Farmacias abiertas de noche en cada cantón.", body="Texto.",
        topic=ProposalTopic.HEALTH)
    db.session.commit()
    proposals_service.support_proposal(citizen, proposal)
    db.session.commit()
    open_case = make_case(citizen, institutions["MSP"], msp_category, subject="Caso abierto")
    done_case = make_case(citizen, institutions["MSP"], msp_category, subject="Caso resuelto")
    cases_service.answer(other, done_case, "Se asignó su cita.", "Art. 207 COA")
    cases_service.confirm(citizen, done_case, 4, "Buena atención, llamar al 0999999999")
    db.session.commit()
    return consultation, mine, reply, proposal, open_case, done_case


def test_deleting_an_account_erases_the_person_and_keeps_threads_and_totals(
        client, people, institutions, msp_category, make_consultation):
    citizen = people["citizen"]
    consultation, mine, reply, proposal, open_case, done_case = _deletion_scene(
        people, institutions, msp_category, make_consultation)
    supports_before = (db.session.scalar(select(func.count(ProposalSupport.id))),
                       db.session.scalar(select(func.count(Support.id))))
    comments_before = db.session.scalar(select(func.count(Comment.id)))
    login(client, citizen.email)
    response = client.post("/cuenta/eliminar", data={"password": "no es la clave"})
    assert response.status_code == 400 and "contraseña no es correcta" in body(response)
    assert db.session.get(User, citizen.id).deleted_at is None

    response = client.post("/cuenta/eliminar", data={"password": PASSWORD})
    assert response.status_code == 200 and "Cuenta eliminada" in body(response)
    user = db.session.get(User, citizen.id)
    assert user.deleted_at is not None and not user.is_active_account
    assert user.cedula is None and "ciudadana" not in user.email and user.name == ""
    # Totals and threads hold.
    assert (db.session.scalar(select(func.count(ProposalSupport.id))),
            db.session.scalar(select(func.count(Support.id)))) == supports_before
    assert db.session.scalar(select(func.count(Comment.id))) == comments_before
    page = body(client.get(f"/consultas/{consultation.id}"))
    assert "Participante eliminado/a" in page and "Rosa Ciudadana" not in page
    assert "Mi comentario original." in page and "Gracias por su aporte." in page
    # Cases: the finished one has lost the citizen's data; the open one keeps an address.
    db.session.refresh(done_case)
    db.session.refresh(open_case)
    assert done_case.anonymised_at and done_case.citizen_id is None
    assert done_case.rating == 4 and done_case.rating_comment is None
    assert open_case.contact_email == "ciudadana@example.ec"
    assert open_case.notify_address == "ciudadana@example.ec"
    # The audit log says it happened, without the data.
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.deleted"))
    assert entry.target_id == citizen.id
    assert "ciudadana" not in json.dumps(entry.details) and CEDULA not in json.dumps(entry.details)
    # Nobody can sign in with the old address; a replayed deletion is refused.
    assert login(client, "ciudadana@example.ec").status_code == 401
    replay = client.post("/cuenta/eliminar", data={"password": PASSWORD})
    assert replay.status_code == 409 and "Nada que eliminar" in body(replay)


def test_deleting_with_removal_blanks_comments_but_keeps_replies(
        client, people, institutions, msp_category, make_consultation):
    consultation, mine, reply, *_ = _deletion_scene(people, institutions, msp_category,
                                                   make_consultation)
    login(client, people["citizen"].email)
    client.post("/cuenta/eliminar", data={"password": PASSWORD, "remove_contributions": "y"})
    db.session.refresh(mine)
    assert mine.deleted_at is not None and mine.body_text == ""
    page = body(client.get(f"/consultas/{consultation.id}"))
    assert "Mi comentario original." not in page and "Gracias por su aporte." in page


def test_a_role_holder_needs_the_current_code_to_delete(client, people):
    official = people["official_msp"]
    login_with_code(client, official)
    response = client.post("/cuenta/eliminar", data={"password": PASSWORD})
    assert response.status_code == 400 and "código" in body(response)
    assert db.session.get(User, official.id).deleted_at is None
    response = client.post("/cuenta/eliminar", data={"password": PASSWORD,
                                                     "code": code_for(official)})
    assert response.status_code == 200
    assert db.session.get(User, official.id).deleted_at is not None


# --- Retention ----------------------------------------------------------------------------

def test_retention_anonymises_old_finished_cases_once_and_keeps_statistics(
        app, people, institutions, msp_category):
    citizen, official = people["citizen"], people["official_msp"]
    long_ago = utcnow() - timedelta(days=800)
    old = make_case(citizen, institutions["MSP"], msp_category, subject="Caso antiguo",
                    now=long_ago)
    cases_service.reject(official, old, "Fuera de competencia", now=long_ago)
    old.latitude, old.longitude = -0.18, -78.47
    recent = make_case(citizen, institutions["MSP"], msp_category, subject="Caso reciente")
    cases_service.reject(official, recent, "Fuera de competencia")
    still_open = make_case(citizen, institutions["MSP"], msp_category, subject="Abierto",
                           now=long_ago)
    db.session.commit()
    app.config["CASE_RETENTION_DAYS"] = 365
    today = utcnow().date()
    period = Period(today - timedelta(days=1000), today + timedelta(days=1))

    def figures():
        report, rows = institution_figures(period, today)
        return [vars(row) for row in rows]

    before = figures()
    result = app.test_cli_runner().invoke(args=["participa", "retention"])
    assert "1 caso finalizado anonimizado" in result.output, result.output
    db.session.expire_all()
    assert figures() == before
    old, recent, still_open = (db.session.get(Case, c.id) for c in (old, recent, still_open))
    assert old.anonymised_at and old.citizen_id is None and old.latitude is None
    assert old.subject == "Caso antiguo" and old.state == CaseState.REJECTED
    assert recent.anonymised_at is None and recent.citizen_id == citizen.id
    assert still_open.anonymised_at is None and still_open.citizen_id == citizen.id
    again = app.test_cli_runner().invoke(args=["participa", "retention"])
    assert "0 casos finalizados anonimizados" in again.output
    assert figures() == before


def test_retention_finishes_the_job_for_deleted_accounts_once_their_case_ends(
        client, app, people, institutions, msp_category):
    citizen, official = people["citizen"], people["official_msp"]
    case = make_case(citizen, institutions["MSP"], msp_category)
    login(client, citizen.email)
    client.post("/cuenta/eliminar", data={"password": PASSWORD})
    case = db.session.get(Case, case.id)
    assert run_retention() == 0  # still open: the institution can still answer
    cases_service.reject(official, case, "Fuera de competencia")
    db.session.commit()
    assert run_retention() == 1
    db.session.commit()
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.contact_email is None and case.citizen_id is None


# --- Access log ---------------------------------------------------------------------------

def test_the_citizen_sees_who_opened_their_case(client, people, institutions, msp_category):
    citizen, official = people["citizen"], people["official_msp"]
    case = make_case(citizen, institutions["MSP"], msp_category)
    login_with_code(client, official)
    assert client.get(f"/casos/institucion/MSP/{case.id}").status_code == 200
    entry = db.session.scalar(select(AccessLogEntry))
    assert (entry.viewer_id, entry.case_id, entry.institution_id) == (
        official.id, case.id, institutions["MSP"].id)
    client.post("/cuenta/salir")
    login(client, citizen.email)
    page = body(client.get(f"/casos/{case.code}"))
    assert "Quién ha abierto su caso" in page
    assert "Luis Funcionario" in page and "MSP" in page


ACCESS_LOG_EXPECTED = {
    "citizen": 403, "official_msp": 403, "moderator_msp": 403, "admin_mdt": 403,
    "rector": 403, "platform_admin": 200, "msp_admin": 200,
}


@pytest.mark.parametrize("who,status", ACCESS_LOG_EXPECTED.items())
def test_institution_admins_review_their_access_log(client, make_user, people, institutions,
                                                    login_as, msp_category, who, status):
    from participa.models import InstitutionRole

    people["msp_admin"] = make_user("admin@msp.gob.ec", name="Admin MSP", roles=[
        (institutions["MSP"], InstitutionRole.INSTITUTION_ADMIN)])
    case = make_case(people["citizen"], institutions["MSP"], msp_category)
    login_with_code(client, people["official_msp"])
    client.get(f"/casos/institucion/MSP/{case.id}")
    client.post("/cuenta/salir")
    login_as(who)
    response = client.get("/privacidad/accesos/MSP")
    assert response.status_code == status
    if status == 200:
        assert "Luis Funcionario" in body(response) and case.code in body(response)


def test_an_administrator_opening_a_persons_details_is_recorded(client, people, login_as):
    citizen = people["citizen"]
    login(client, citizen.email)  # a sign-in: an entry of the security log about the citizen
    client.post("/cuenta/salir")
    admin = login_as("platform_admin")
    assert client.get("/admin/seguridad").status_code == 200
    entry = db.session.scalar(select(AccessLogEntry).where(
        AccessLogEntry.subject_id == citizen.id))
    assert entry.viewer_id == admin.id
    client.post("/cuenta/salir")
    login(client, citizen.email)
    data = json.loads(client.get("/cuenta/mis-datos.json").get_data(as_text=True))
    rows = data["sections"]["access_log"]["rows"]
    assert {"what": "user", "who": "Pía Plataforma"}.items() <= rows[0].items()


def test_the_institution_sees_an_anonymised_case_without_contact(client, people, institutions,
                                                                 msp_category):
    case = make_case(people["citizen"], institutions["MSP"], msp_category)
    cases_service.reject(people["official_msp"], case, "Fuera de competencia")
    db.session.commit()
    login(client, people["citizen"].email)
    client.post("/cuenta/eliminar", data={"password": PASSWORD})
    login_with_code(client, people["official_msp"])
    page = body(client.get(f"/casos/institucion/MSP/{case.id}"))
    assert "Datos de la persona anonimizados" in page and "ciudadana@example.ec" not in page


def test_nobody_downloads_someone_elses_data(client, people):
    login(client, people["citizen"].email)
    other = people["official_msp"]
    response = client.get(f"/cuenta/mis-datos.json?user_id={other.id}&id={other.id}")
    raw = response.get_data(as_text=True)
    assert "ciudadana@example.ec" in raw and other.email not in raw


def test_password_guessing_on_the_deletion_page_is_limited(client, people):
    login(client, people["citizen"].email)
    statuses = [client.post("/cuenta/eliminar", data={"password": f"intento {n}"}).status_code
                for n in range(11)]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429
    assert db.session.get(User, people["citizen"].id).deleted_at is None
