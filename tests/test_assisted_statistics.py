"""Cases by channel on the dashboard and in open data; an assisted case counts in the
figures and scores exactly as an online one does."""
import csv
import io
from datetime import date, datetime

import openpyxl
import pytest

from participa.assisted import infocentros, service as assisted
from participa.assisted.service import Desk, Person
from participa.cases import service as cases
from participa.dashboard import service as dashboard
from participa.dashboard.statistics import Period
from participa.extensions import db
from participa.models import CaseType, Channel, ConsentForm, ReachBy

from conftest import login_with_code
from factories_cases import make_case, make_category

FILED = datetime(2025, 3, 10, 15, 0)
ANSWERED = datetime(2025, 3, 12, 15, 0)
MARCH = Period(date(2025, 3, 1), date(2025, 3, 31))
TODAY = date(2025, 4, 15)


def file_assisted(actor, institution, desk, category, channel):
    case, _ = assisted.file_assisted(
        actor, institution, desk, channel=channel,
        person=Person(name="Pedro Chango", reach_by=ReachBy.COME_BACK),
        consent_given=True, consent_form=ConsentForm.SIGNED_PAPER, category_id=category.id,
        case_type=CaseType.COMPLAINT, subject="Demora en la cita médica",
        description="Solicité una cita hace dos meses y no me la asignan.", now=FILED)
    return case


@pytest.fixture
def two_cases(people, institutions):
    """At MSP: one case filed online, one at an Infocentro; both answered the same way."""
    msp = institutions["MSP"]
    category = make_category(msp)
    place = infocentros.create(people["platform_admin"], name="Infocentro Zámbiza",
                               place_code="170181")
    infocentros.add_staff(people["platform_admin"], place, people["moderator_msp"].email)
    online = make_case(people["citizen"], msp, category, now=FILED)
    at_infocentro = file_assisted(people["moderator_msp"], msp, Desk(infocentro=place),
                                  category, Channel.INFOCENTRO)
    for case in (online, at_infocentro):
        cases.answer(people["official_msp"], case, "Cita asignada.", "Hay turnos.", now=ANSWERED)
    db.session.commit()
    return online, at_infocentro


def test_an_assisted_case_counts_like_an_online_one(app, two_cases, people, institutions):
    report = dashboard.compute(MARCH, TODAY)
    row = next(r for r in report.rows if r.institution.acronym == "MSP")
    assert row.figures.received == 2 and row.figures.answered == 2
    assert row.figures.on_time == 2
    # The same two cases filed online score exactly the same.
    online, assisted_case = two_cases
    assisted_case.contact_email = "pedro@example.ec"  # as an online case would have
    assisted_case.channel = Channel.ONLINE
    db.session.commit()
    again = next(r for r in dashboard.compute(MARCH, TODAY).rows
                 if r.institution.acronym == "MSP")
    assert again.scores == row.scores and again.figures == row.figures


def test_the_dashboard_shows_cases_by_channel(client, two_cases, people):
    login_with_code(client, people["rector"])
    page = client.get("/tablero/institucion/MSP?periodo=month&desde=2025-03-01")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Cases by channel" in text or "Casos por canal" in text
    assert ("At an Infocentro" in text or "En un Infocentro" in text)


def test_open_data_lists_cases_by_channel(client, two_cases):
    response = client.get("/datos/canales.csv?periodo=month&desde=2025-03-01")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {(r["institution_acronym"], r["channel"], r["cases_received"], r["cases_answered"])
            for r in rows} == {("MSP", "online", "1", "1"), ("MSP", "infocentro", "1", "1")}
    workbook = openpyxl.load_workbook(io.BytesIO(
        client.get("/datos/canales.xlsx?periodo=month&desde=2025-03-01").data))
    values = list(workbook.active.iter_rows(values_only=True))
    assert len(values) == 3 and 1 in values[1]
    catalogue = client.get("/datos/catalogo.jsonld")
    if catalogue.status_code == 200:
        assert "/datos/canales.csv" in catalogue.get_data(as_text=True)
