"""Priority attention (Constitution of Ecuador, art. 35): asking for it with consent, the
officials' mark, the shorter term, the queue, the figures, and what never becomes public."""
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from participa.cases import priority, service
from participa.cases.priority import PriorityRequest
from participa.domain import DomainError, Forbidden
from participa.extensions import db
from participa.models import (AuditEntry, Case, CaseEvent, CasePriorityMark, CaseSettings,
                              CaseType, EventKind, PriorityConsent, PriorityGroup)

from factories_cases import allow_anonymous, make_category

# Monday 21 December 2026, 10:00 in Ecuador; Friday 25 is Christmas, a national holiday.
MONDAY = datetime(2026, 12, 21, 15, 0)
WHEELCHAIR = "Uso silla de ruedas"


@pytest.fixture
def msp(institutions):
    category = make_category(institutions["MSP"], "Citas médicas", deadline_days=15)
    db.session.merge(CaseSettings(institution_id=institutions["MSP"].id, allows_anonymous=False,
                                  reopen_days=15, offers_data_rights=True, priority_days=5))
    db.session.commit()
    return institutions["MSP"], category


def file(citizen, msp, request=None, subject="Turno para terapia", now=MONDAY):
    institution, category = msp
    case = service.file_case(citizen, institution, category_id=category.id,
                             case_type=CaseType.COMPLAINT, subject=subject,
                             description="Necesito un turno de terapia física.",
                             priority_request=request, now=now)
    db.session.commit()
    return case


ASKED = PriorityRequest(group=PriorityGroup.DISABILITY, consent=True)


@pytest.fixture
def english(client):
    """Pages in English: the words checked are the msgids, whatever the catalogue holds."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# --- filing -------------------------------------------------------------------------------

def test_a_priority_case_is_due_by_the_shorter_term_over_the_christmas_holiday(people, msp):
    case = file(people["citizen"], msp, ASKED)
    # Five business days after Monday 21: 22, 23, 24, (25 is Christmas), 28, 29.
    assert case.due_on == date(2026, 12, 29)
    assert case.priority and case.priority_group == PriorityGroup.DISABILITY
    assert case.priority_consent == PriorityConsent.ONLINE_FORM
    assert case.priority_consent_at == MONDAY
    mark = db.session.scalar(select(CasePriorityMark).where(CasePriorityMark.case_id == case.id))
    assert mark.marked and mark.actor_id == people["citizen"].id
    assert mark.consent == PriorityConsent.ONLINE_FORM and mark.due_on == date(2026, 12, 29)
    normal = file(people["citizen"], msp, None, subject="Otro turno")
    assert not normal.priority and normal.priority_group is None
    assert normal.due_on == date(2027, 1, 13)  # the category's 15 business days


def test_without_consent_nothing_is_stored(people, msp):
    with pytest.raises(DomainError) as error:
        file(people["citizen"], msp, PriorityRequest(group=PriorityGroup.PREGNANCY,
                                                     consent=False))
    assert error.value.field == "priority_consent"
    db.session.rollback()
    assert db.session.scalar(select(func.count(Case.id))) == 0
    assert db.session.scalar(select(func.count(CasePriorityMark.id))) == 0


def test_other_needs_a_short_text_and_only_other_keeps_it(people, msp):
    with pytest.raises(DomainError) as error:
        file(people["citizen"], msp, PriorityRequest(group=PriorityGroup.OTHER, consent=True))
    assert error.value.field == "priority_other"
    db.session.rollback()
    case = file(people["citizen"], msp, PriorityRequest(
        group=PriorityGroup.OTHER, other=f"  {WHEELCHAIR} ", consent=True))
    assert case.priority_other == WHEELCHAIR
    kept = file(people["citizen"], msp, PriorityRequest(
        group=PriorityGroup.OLDER_ADULT, other="texto que no corresponde", consent=True))
    assert kept.priority_other is None


def test_without_a_priority_term_the_normal_term_applies(people, institutions):
    category = make_category(institutions["MSP"], "Citas médicas", deadline_days=15)
    case = file(people["citizen"], (institutions["MSP"], category), ASKED)
    assert case.priority and case.due_on == date(2027, 1, 13)


def test_the_form_asks_for_consent_and_keeps_the_text(english, client, login_as, people, msp):
    login_as("citizen")
    page = client.get("/casos/nuevo/MSP").get_data(as_text=True)
    assert "Priority attention (optional)" in page and "sensitive personal data" in page
    response = client.post("/casos/nuevo/MSP", data={
        "type": "complaint", "category": str(msp[1].id), "subject": "Turno urgente",
        "description": "Texto que no se pierde.", "priority_requested": "y",
        "priority_group": "disability"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Without it they are not stored" in page and "Texto que no se pierde." in page
    assert db.session.scalar(select(func.count(Case.id))) == 0

    response = client.post("/casos/nuevo/MSP", data={
        "type": "complaint", "category": str(msp[1].id), "subject": "Turno urgente",
        "description": "Texto.", "priority_requested": "y", "priority_group": "disability",
        "priority_consent": "y"})
    assert response.status_code == 302
    case = db.session.scalar(select(Case))
    assert case.priority and case.priority_group == PriorityGroup.DISABILITY


def test_a_group_chosen_without_asking_for_priority_is_not_stored(client, login_as, msp):
    login_as("citizen")
    response = client.post("/casos/nuevo/MSP", data={
        "type": "complaint", "category": str(msp[1].id), "subject": "Turno",
        "description": "Texto.", "priority_group": "disability", "priority_consent": "y"})
    assert response.status_code == 302
    case = db.session.scalar(select(Case))
    assert not case.priority and case.priority_group is None


# --- the officials' mark ------------------------------------------------------------------

def test_an_official_marks_and_unmarks_with_consent(people, msp):
    case = file(people["citizen"], msp)
    official = people["official_msp"]
    later = datetime(2026, 12, 23, 15, 0)
    event = priority.mark(official, case, PriorityRequest(
        group=PriorityGroup.OLDER_ADULT, consent=True, how=PriorityConsent.PHONE), now=later)
    db.session.commit()
    # Recomputed from the filing date, not from the day of the mark.
    assert case.due_on == date(2026, 12, 29)
    assert event.kind == EventKind.NOTE and not event.public and event.actor_id == official.id
    assert "2026-12-29" in event.note
    audit = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "case.priority_marked"))
    assert audit.actor_id == official.id and audit.details["consent"] == "phone"
    assert "older_adult" not in str(audit.details)  # the group is not in the audit log
    mark = priority.marks_of(case)[-1]
    assert (mark.actor_id, mark.at, mark.consent) == (official.id, later, PriorityConsent.PHONE)

    priority.unmark(official, case, now=later)
    db.session.commit()
    assert not case.priority and case.priority_group is None and case.priority_consent is None
    assert case.due_on == date(2027, 1, 13)
    assert [m.marked for m in priority.marks_of(case)] == [True, False]
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "case.priority_removed")) == 1


def test_marking_needs_consent(people, msp):
    case = file(people["citizen"], msp)
    with pytest.raises(DomainError) as error:
        priority.mark(people["official_msp"], case, PriorityRequest(
            group=PriorityGroup.OLDER_ADULT, consent=False, how=PriorityConsent.IN_PERSON))
    assert error.value.field == "priority_consent"


@pytest.mark.parametrize("who", ["citizen", "admin_mdt", "moderator_msp", "rector"])
def test_only_the_case_institutions_officials_mark(people, msp, who):
    case = file(people["citizen"], msp)
    with pytest.raises(Forbidden):
        priority.mark(people[who], case, ASKED)


def test_marking_through_the_case_desk(english, client, login_as, people, msp):
    case = file(people["citizen"], msp)
    login_as("official_msp")
    url = f"/casos/institucion/MSP/{case.id}/prioridad"
    response = client.post(url, data={"priority-priority_group": "pregnancy",
                                      "priority-how": "in_person"})
    assert response.status_code == 400
    assert "Without it they are not stored" in response.get_data(as_text=True)
    response = client.post(url, data={"priority-priority_group": "pregnancy",
                                      "priority-how": "in_person",
                                      "priority-priority_consent": "y"})
    assert response.status_code == 302
    db.session.refresh(case)
    assert case.priority and case.priority_consent == PriorityConsent.IN_PERSON
    page = client.get(f"/casos/institucion/MSP/{case.id}").get_data(as_text=True)
    assert "Pregnant woman" in page and 'class="case-priority"' in page
    assert client.post(f"/casos/institucion/MSP/{case.id}/quitar-prioridad").status_code == 302
    db.session.refresh(case)
    assert not case.priority


def test_an_official_of_another_institution_cannot_mark(client, make_user, institutions,
                                                        people, msp):
    from participa.models import InstitutionRole
    case = file(people["citizen"], msp)
    mdt_official = make_user("funcionaria@mdt.gob.ec",
                             roles=[(institutions["MDT"], InstitutionRole.OFFICIAL)])
    from conftest import login_with_code
    login_with_code(client, mdt_official)
    data = {"priority-priority_group": "pregnancy", "priority-how": "in_person",
            "priority-priority_consent": "y"}
    assert client.post(f"/casos/institucion/MSP/{case.id}/prioridad",
                       data=data).status_code == 403
    assert client.post(f"/casos/institucion/MDT/{case.id}/prioridad",
                       data=data).status_code == 404
    db.session.refresh(case)
    assert not case.priority


# --- the institution's priority term ------------------------------------------------------

def test_the_priority_term_is_no_longer_than_the_normal_one(people, msp):
    institution, _category = msp
    make_category(institution, "Reclamos", deadline_days=10)
    admin = people["platform_admin"]
    with pytest.raises(DomainError) as error:
        priority.set_priority_days(admin, institution, 11)
    assert error.value.field == "priority_days"
    priority.set_priority_days(admin, institution, 10)
    priority.set_priority_days(admin, institution, None)
    db.session.commit()
    assert priority.priority_days(institution) is None
    with pytest.raises(Forbidden):
        priority.set_priority_days(people["official_msp"], institution, 3)


def test_the_priority_term_form_says_why(english, client, login_as, msp):
    login_as("platform_admin")
    response = client.post("/casos/institucion/MSP/plazo-prioritario",
                           data={"priority-priority_days": "20"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "cannot be longer than the normal term" in page and 'value="20"' in page
    response = client.post("/casos/institucion/MSP/plazo-prioritario",
                           data={"priority-priority_days": "3"})
    assert response.status_code == 302
    assert priority.priority_days(msp[0]) == 3


# --- the queue ----------------------------------------------------------------------------

def test_the_queue_lists_priority_cases_first_flagged_and_filters_them(english, client,
                                                                       login_as, people, msp):
    early = file(people["citizen"], msp, subject="Caso normal antiguo",
                 now=datetime(2026, 12, 1, 15, 0))
    urgent = file(people["citizen"], msp, ASKED, subject="Caso prioritario")
    login_as("official_msp")
    page = client.get("/casos/institucion/MSP").get_data(as_text=True)
    assert page.index(urgent.code) < page.index(early.code)  # even though due later
    row = page[page.index(urgent.code):page.index(early.code)]
    assert 'class="case-priority">Priority attention<' in row
    only = client.get("/casos/institucion/MSP?prioritarios=y").get_data(as_text=True)
    assert urgent.code in only and early.code not in only


# --- what stays private -------------------------------------------------------------------

def test_the_group_is_never_public(english, client, login_as, people, msp):
    case = file(people["citizen"], msp, PriorityRequest(
        group=PriorityGroup.OTHER, other=WHEELCHAIR, consent=True))
    login_as("citizen")
    page = client.get(f"/casos/{case.code}").get_data(as_text=True)
    assert WHEELCHAIR not in page and "vulnerability" not in page
    assert "case-priority" not in page and "Priority attention" not in page
    client.post("/cuenta/salir")
    open311 = client.get("/open311/v2/requests.json").get_data(as_text=True)
    assert case.code in open311 or str(case.id) in open311
    assert "priority" not in open311 and "other" not in open311.lower().replace(
        "others", "")
    for url in ("/api/v1/institutions", "/api/v1/institutions/MSP"):
        text = client.get(url).get_data(as_text=True)
        assert "priority" not in text and "prioritar" not in text
    login_as("official_msp")
    found = client.get("/buscar?q=silla+ruedas").get_data(as_text=True)
    assert case.code not in found


def test_the_data_export_has_the_priority_data(english, client, login_as, people, msp):
    file(people["citizen"], msp, PriorityRequest(
        group=PriorityGroup.OTHER, other=WHEELCHAIR, consent=True))
    login_as("citizen")
    data = client.get("/cuenta/mis-datos.json").get_json()
    text = str(data)
    assert WHEELCHAIR in text and "other" in text and "online_form" in text
    page = client.get("/cuenta/mis-datos").get_data(as_text=True)
    assert "Other situation of vulnerability" in page


def test_anonymisation_removes_the_group_and_keeps_the_mark(people, msp):
    from participa.privacy.retention import anonymise_case
    case = file(people["citizen"], msp, ASKED)
    service.reject(people["official_msp"], case, "Fuera de competencia.")
    anonymise_case(case)
    db.session.commit()
    assert case.priority and case.priority_group is None and case.priority_consent is None


# --- figures ------------------------------------------------------------------------------

def test_figures_count_priority_cases_apart_and_suppress_small_cells(english, client,
                                                                     login_as, people, msp,
                                                                     institutions):
    from participa.cases import priority_stats
    from participa.dashboard.statistics import Period

    citizen, official = people["citizen"], people["official_msp"]
    disability = [file(citizen, msp, ASKED, subject=f"Caso {n}") for n in range(6)]
    file(citizen, msp, PriorityRequest(group=PriorityGroup.OLDER_ADULT, consent=True))
    file(citizen, msp, None, subject="Caso sin prioridad")
    for case in disability[:5]:  # answered within the priority term
        service.answer(official, case, "Respuesta.", "Motivos.",
                       now=datetime(2026, 12, 22, 15, 0))
    mdt_category = make_category(institutions["MDT"], "Empleo")
    for n in range(2):
        file(citizen, (institutions["MDT"], mdt_category), PriorityRequest(
            group=PriorityGroup.PREGNANCY, consent=True), subject=f"MDT {n}")
    db.session.commit()

    period = Period(date(2026, 12, 1), date(2026, 12, 31))
    national, mdt_row, msp_row = priority_stats.figures(period, date(2026, 12, 23))
    assert national.institution is None and national.total == 9
    assert national.groups["older_adult"] is None and national.groups["pregnancy"] is None
    assert national.groups["disability"] == 6 and national.groups["other"] == 0
    assert msp_row.institution.acronym == "MSP" and msp_row.total == 7
    assert msp_row.on_time_rate == 1.0  # 5 answered on time; 2 open, not yet due
    # 1 older adult is suppressed, and so is the 6 that would give it away from the total.
    assert msp_row.groups["older_adult"] is None and msp_row.groups["disability"] is None
    assert mdt_row.total is None and mdt_row.on_time_rate is None
    assert mdt_row.groups["pregnancy"] is None

    csv = client.get("/casos/estadisticas/atencion-prioritaria.csv"
                     "?desde=2026-12-01&hasta=2026-12-31").get_data(as_text=True)
    assert "institution,MDT,Ministerio del Trabajo,2026-12-01,2026-12-31,all,<5," in csv
    assert "institution,MSP,Ministerio de Salud Pública,2026-12-01,2026-12-31,all,7,1.0" in csv
    assert "MSP,Ministerio de Salud Pública,2026-12-01,2026-12-31,disability,<5," in csv
    assert "Caso" not in csv and "@" not in csv

    login_as("rector")
    page = client.get("/casos/estadisticas?desde=2026-12-01&hasta=2026-12-31")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Cases with priority attention" in text and "fewer than 5" in text


def test_suppression_hides_a_second_cell_only_when_one_would_give_it_away():
    from participa.cases.priority_stats import suppress
    assert suppress({"a": 7, "b": 2, "c": 9, "d": 0}) == {"a": None, "b": None, "c": 9, "d": 0}
    assert suppress({"a": 7, "b": 2, "c": 3}) == {"a": 7, "b": None, "c": None}
    assert suppress({"a": 7, "b": 5}) == {"a": 7, "b": 5}


def test_the_workspace_lists_open_priority_cases_first(english, client, login_as, people,
                                                       msp):
    file(people["citizen"], msp, ASKED)
    file(people["citizen"], msp, None, subject="Caso normal")
    login_as("official_msp")
    html = client.get("/gestion/MSP").get_data(as_text=True)
    assert 'href="/casos/institucion/MSP?prioritarios=y"' in html
    assert '<span class="work-count">1</span> <span class="work-label">Open cases with ' \
        'priority attention</span>' in html
    assert html.index("Open cases with priority attention") < html.index("Overdue cases")
