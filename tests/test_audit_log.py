"""The audit log: who reads it, what it records (with the address) and its CSV export."""
import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from participa.extensions import db
from participa.models import AuditEntry, CaseState
from participa.timeutil import utcnow

from factories_cases import make_case, make_category

PAGES = {
    "platform": "/admin/registro",
    "platform_csv": "/admin/registro.csv",
    "mdt": "/admin/instituciones/MDT/registro",
    "mdt_csv": "/admin/instituciones/MDT/registro.csv",
    "msp": "/admin/instituciones/MSP/registro",
}
EXPECTED = {
    #                  platform csv  mdt  mdt_csv msp
    "citizen":        (403,     403, 403, 403,    403),
    "moderator_msp":  (403,     403, 403, 403,    403),
    "official_msp":   (403,     403, 403, 403,    403),
    "admin_mdt":      (403,     403, 200, 200,    403),
    "rector":         (403,     403, 403, 403,    403),
    "platform_admin": (200,     200, 200, 200,    200),
}
CASES = [(who, page, status) for who, statuses in EXPECTED.items()
         for page, status in zip(PAGES, statuses)]


@pytest.mark.parametrize("who, page, status", CASES)
def test_who_reads_the_audit_log(client, login_as, who, page, status):
    login_as(who)
    assert client.get(PAGES[page]).status_code == status


def test_there_is_no_way_to_change_or_delete_an_entry(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(("admin.audit", "admin.institution_audit")):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule.rule


def _entry(action, institution, actor=None, at=None, **details):
    entry = AuditEntry(action=action, institution_id=institution.id,
                       actor_id=getattr(actor, "id", None), details=details,
                       at=at or utcnow(), target_type="ModerationItem", target_id=7)
    db.session.add(entry)
    db.session.commit()
    return entry


def test_an_institution_admin_sees_only_their_institution(client, login_as, people,
                                                         institutions):
    _entry("moderation.hidden", institutions["MDT"], people["admin_mdt"],
           reason="Insultos en el comentario de MDT")
    _entry("moderation.hidden", institutions["MSP"], people["moderator_msp"],
           reason="Datos personales en el comentario de MSP")
    login_as("admin_mdt")
    page = client.get("/admin/instituciones/MDT/registro").get_data(as_text=True)
    assert "Insultos en el comentario de MDT" in page
    assert "Datos personales en el comentario de MSP" not in page
    body = client.get("/admin/instituciones/MDT/registro.csv").get_data(as_text=True)
    assert "MDT" in body and "MSP" not in body


def test_the_address_of_a_role_change_is_recorded_and_shown(client, login_as, people):
    login_as("admin_mdt")
    response = client.post("/admin/instituciones/MDT/miembros",
                           data={"email": people["citizen"].email, "role": "moderator"},
                           environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.status_code == 302
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "membership.added"))
    assert entry.ip == "203.0.113.9"
    assert entry.actor_id == people["admin_mdt"].id
    assert entry.institution_id == people["admin_mdt"].memberships[0].institution_id
    assert entry.target_type == "Membership" and entry.target_id is not None
    page = client.get("/admin/instituciones/MDT/registro").get_data(as_text=True)
    assert "203.0.113.9" in page and "membership.added" in page


def test_entries_written_outside_a_request_have_no_address(app, people, institutions):
    from participa.models.audit import record

    entry = record("moderation.auto_hidden", institution=institutions["MSP"])
    db.session.commit()
    assert entry.ip is None


def test_filters_and_the_csv_of_the_filtered_log(client, login_as, people, institutions):
    mdt = institutions["MDT"]
    now = utcnow()
    _entry("moderation.hidden", mdt, people["admin_mdt"], at=now - timedelta(days=40),
           reason="Antiguo")
    _entry("moderation.hidden", mdt, people["admin_mdt"], reason="Spam con enlaces")
    _entry("moderation.approved", mdt, people["admin_mdt"])
    _entry("moderation.restored", mdt, people["platform_admin"], reason="Apelación aceptada")
    login_as("platform_admin")
    since = (now - timedelta(days=2)).date().isoformat()
    response = client.get("/admin/registro.csv", query_string={
        "accion": "moderation.hidden", "desde": since, "actor": "ADMINISTRADOR"})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["action"], r["reason"], r["actor"], r["institution"]) for r in rows] == [
        ("moderation.hidden", "Spam con enlaces", "Iván Administrador", "MDT")]
    page = client.get("/admin/registro", query_string={"actor": "root@participa"}
                      ).get_data(as_text=True)
    assert "Apelación aceptada" in page and "Spam con enlaces" not in page
    # Actions read as words in the page's language; the CSV keeps the stable codes.
    assert "Contenido restablecido" in page and "moderation.restored</" not in page
    assert '<option value="moderation.hidden">Contenido ocultado por un moderador</option>' \
        in page
    # The CSV link on the page keeps the filters.
    assert "registro.csv?actor=root@participa" in page


def test_wrong_dates_are_explained_not_a_500(client, login_as):
    login_as("platform_admin")
    response = client.get("/admin/registro", query_string={"desde": "2026-05-10",
                                                           "hasta": "2026-05-01"})
    assert response.status_code == 400
    response = client.get("/admin/registro", query_string={"desde": "ayer"})
    assert response.status_code == 400


def test_the_log_is_paginated(client, login_as, people, institutions):
    for n in range(55):
        db.session.add(AuditEntry(action="moderation.approved",
                                  institution_id=institutions["MDT"].id, details={}))
    db.session.commit()
    login_as("admin_mdt")
    page = client.get("/admin/instituciones/MDT/registro?accion=moderation.approved"
                      ).get_data(as_text=True)
    assert "pagina=2" in page and "accion=moderation.approved" in page
    second = client.get("/admin/instituciones/MDT/registro?accion=moderation.approved&pagina=2")
    assert second.status_code == 200


def test_case_transitions_by_staff_are_recorded_with_reason_and_address(
        client, login_as, people, institutions):
    case = make_case(people["citizen"], institutions["MSP"],
                     make_category(institutions["MSP"], "Citas médicas"))
    login_as("official_msp")
    base = f"/casos/institucion/MSP/{case.id}"
    address = {"REMOTE_ADDR": "198.51.100.4"}
    official = people["official_msp"]
    assert client.post(f"{base}/asignar", data={"assign-assignee": official.id},
                       environ_base=address).status_code == 302
    assert client.post(f"{base}/iniciar", environ_base=address).status_code == 302
    assert client.post(f"{base}/rechazar", data={"reject-reasons": "Competencia municipal."},
                       environ_base=address).status_code == 302
    db.session.refresh(case)
    assert case.state == CaseState.REJECTED
    entries = db.session.scalars(select(AuditEntry).where(
        AuditEntry.target_type == "Case").order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["case.assigned", "case.started", "case.rejected"]
    assert {(e.actor_id, e.institution_id, e.target_id, e.ip) for e in entries} == {
        (official.id, institutions["MSP"].id, case.id, "198.51.100.4")}
    assert entries[-1].details["reason"] == "Competencia municipal."
