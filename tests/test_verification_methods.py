"""Verification by census file and in person, and revocation, through the pages: who may do
what, what the person sees, what the audit log keeps, and bad input answered clearly."""
from __future__ import annotations

import io
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from conftest import login_with_code
from sqlalchemy import func, select

from participa.demo import demo_cedula
from participa.extensions import db
from participa.models import (AuditEntry, CedulaConflict, CensusEntry, Level, Verification,
                              VerificationMethod)
from participa.verification import census, service

ROSA = demo_cedula("170000011")
LUIS = demo_cedula("090000022")
CENSUS = (f"cedula,fecha_nacimiento,parroquia\n{ROSA},1984-03-15,Iñaquito\n"
          f"{LUIS},02/11/1990,\n").encode()


def sent_mails(app) -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(Path(app.config["MAIL_DIR"]).glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=default_policy)
        found.append((message["To"], message["Subject"], message.get_content()))
    return found


def upload(client, content: bytes, name: str = "padron.csv"):
    return client.post("/admin/padron", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


@pytest.fixture
def rosa(make_user):
    return make_user("rosa@example.ec", name="Rosa Quishpe", cedula=ROSA)


def test_the_census_is_stored_as_keyed_hashes_and_reimport_replaces_it(app, client, login_as,
                                                                      rosa):
    login_as("platform_admin")
    response = upload(client, CENSUS)
    assert response.status_code == 302
    keys = db.session.scalars(select(CensusEntry.key)).all()
    assert len(keys) == 2
    assert not any(ROSA in key or "1984" in key for key in keys)
    assert db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "census.imported")).details["rows"] == 2

    # Rosa verifies; a new census without her replaces the old one and she keeps her level.
    service_user = db.session.get(type(rosa), rosa.id)
    from datetime import date
    census.verify(service_user, date(1984, 3, 15))
    db.session.commit()
    assert upload(client, f"{LUIS},1990-11-02\n".encode()).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(CensusEntry)) == 1
    assert rosa.verification_level == Level.IDENTITY_VERIFIED


def test_a_bad_census_file_is_refused_whole_with_its_line_numbers(client, login_as):
    login_as("platform_admin")
    assert upload(client, CENSUS).status_code == 302
    response = upload(client, f"{ROSA},1984-03-15\n1234567890,1990-01-01\n{LUIS},31/02/1990\n"
                      .encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Línea 2: no es un número de cédula válido" in page
    assert "Línea 3: la fecha de nacimiento debe escribirse" in page
    assert db.session.scalar(select(func.count()).select_from(CensusEntry)) == 2


@pytest.mark.parametrize("who", ["citizen", "official_msp", "admin_mdt", "rector"])
def test_only_platform_administrators_import_the_census(client, login_as, who):
    login_as(who)
    assert client.get("/admin/padron").status_code == 403
    assert upload(client, CENSUS).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(CensusEntry)) == 0


def test_a_citizen_verifies_by_census_with_the_right_date_only(app, client, login_as, rosa):
    login_as("platform_admin")
    upload(client, CENSUS)
    browser = app.test_client()
    assert login_with_code(browser, rosa).status_code == 302
    page = browser.get("/cuenta/identidad").get_data(as_text=True)
    assert 'name="birth_date"' in page
    wrong = browser.post("/cuenta/identidad/padron", data={"birth_date": "1984-03-16"})
    assert wrong.status_code == 400
    assert 'value="1984-03-16"' in wrong.get_data(as_text=True)  # the person's text is kept
    assert rosa.verification_level == Level.CEDULA_DECLARED
    garbage = browser.post("/cuenta/identidad/padron", data={"birth_date": "ayer"})
    assert garbage.status_code == 400
    right = browser.post("/cuenta/identidad/padron", data={"birth_date": "1984-03-15"})
    assert right.status_code == 302
    assert rosa.verification_level == Level.IDENTITY_VERIFIED
    verification = db.session.scalar(select(Verification).where(Verification.user_id == rosa.id))
    assert verification.method == VerificationMethod.CENSUS


def test_an_official_verifies_a_person_present_and_the_person_sees_who(app, client, login_as,
                                                                        rosa, people):
    official = login_as("official_msp")
    found = client.post("/verificar-en-persona", data={"email": "ROSA@example.ec"})
    assert found.status_code == 302
    confirm_url = found.headers["Location"]
    msp = people["official_msp"].memberships[0].institution
    wrong = client.post(confirm_url, data={"cedula": LUIS, "institution": msp.id,
                                           "place": "Infocentro de Guamote"})
    assert wrong.status_code == 400
    assert rosa.verification_level == Level.CEDULA_DECLARED
    done = client.post(confirm_url, data={"cedula": ROSA, "institution": msp.id,
                                          "place": "Infocentro de Guamote"})
    assert done.status_code == 302
    assert rosa.verification_level == Level.IDENTITY_VERIFIED
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "identity.verified"))
    assert entry.actor_id == official.id and entry.target_id == rosa.id
    assert entry.institution_id == msp.id and entry.details["place"] == "Infocentro de Guamote"

    browser = app.test_client()
    login_with_code(browser, rosa)
    page = browser.get("/cuenta/identidad").get_data(as_text=True)
    assert "Luis Funcionario" in page and "Infocentro de Guamote" in page


def test_an_unknown_address_and_a_claimed_cedula_tell_the_official_nothing_more(
        client, login_as, make_user, people):
    holder = make_user("titular@example.ec", cedula=ROSA)
    newcomer = make_user("recien@example.ec")
    login_as("official_msp")
    missing = client.post("/verificar-en-persona", data={"email": "nadie@example.ec"})
    assert missing.status_code == 400
    msp = people["official_msp"].memberships[0].institution
    response = client.post(f"/verificar-en-persona/{newcomer.id}",
                           data={"cedula": ROSA, "institution": msp.id, "place": "Oficina"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert holder.email not in page
    assert db.session.scalar(select(CedulaConflict).where(
        CedulaConflict.claimant_id == newcomer.id)) is not None
    assert newcomer.verification_level != Level.IDENTITY_VERIFIED


@pytest.mark.parametrize("who", ["citizen", "rector", "moderator_msp"])
def test_only_officials_verify_in_person(client, login_as, rosa, who):
    login_as(who)
    assert client.get("/verificar-en-persona").status_code == 403
    assert client.post(f"/verificar-en-persona/{rosa.id}",
                       data={"cedula": ROSA, "institution": 1, "place": "x"}).status_code == 403
    assert rosa.verification_level == Level.CEDULA_DECLARED


def test_revocation_needs_a_reason_tells_the_person_and_is_audited(app, client, login_as, rosa):
    granted = service.grant(rosa, VerificationMethod.CENSUS)
    db.session.commit()
    admin = login_as("platform_admin")
    assert "Rosa Quishpe" in client.get("/admin/verificaciones").get_data(as_text=True)
    url = f"/admin/verificaciones/{granted.id}/revocar"
    assert client.post(url, data={"reason": "  "}).status_code == 400
    assert rosa.verification_level == Level.IDENTITY_VERIFIED
    assert client.post(url, data={"reason": "Cédula de otra persona"}).status_code == 302
    assert rosa.verification_level == Level.CEDULA_DECLARED
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "identity.revoked"))
    assert entry.actor_id == admin.id and entry.details["reason"] == "Cédula de otra persona"
    mails = [m for m in sent_mails(app) if m[0] == "rosa@example.ec"]
    assert mails and "Cédula de otra persona" in mails[-1][2]


@pytest.mark.parametrize("who", ["citizen", "official_msp", "rector"])
def test_only_platform_administrators_revoke(client, login_as, rosa, who):
    granted = service.grant(rosa, VerificationMethod.CENSUS)
    db.session.commit()
    login_as(who)
    assert client.post(f"/admin/verificaciones/{granted.id}/revocar",
                       data={"reason": "x"}).status_code == 403
    assert rosa.verification_level == Level.IDENTITY_VERIFIED


def test_the_demo_has_a_census_and_one_citizen_of_each_level(app):
    from datetime import date

    from participa import demo
    from conftest import user_by_email

    demo.load()
    db.session.commit()
    assert census.census_size() == 5
    assert user_by_email("maria.quishpe@example.ec").verification_level == \
        Level.IDENTITY_VERIFIED
    carlos = user_by_email("carlos.mendoza@example.ec")
    assert carlos.verification_level == Level.CEDULA_DECLARED
    assert user_by_email("ana.torres@example.ec").verification_level == Level.CEDULA_DECLARED
    assert user_by_email("jose.pilco@example.ec").verification_level == Level.EMAIL_CONFIRMED
    census.verify(carlos, date(1978, 11, 3))  # as the README says
    db.session.commit()
    assert carlos.verification_level == Level.IDENTITY_VERIFIED
