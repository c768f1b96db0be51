"""Case types carry their law's term: the COA's 30 business days, the LOTAIP's 10 calendar
days with one extension of 5, the LOPDP's 15 calendar days; an information request is refused
only with a legal ground."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from participa.cases import legal, service, terms
from participa.domain import Conflict, DomainError
from participa.extensions import db
from participa.models import (AuditEntry, CaseSettings, CaseState, CaseType, EventKind,
                              RefusalGround, ReservedClassification)

from factories_cases import make_case, make_category, read_mails

# Friday 13 February 2026, 10:00 in Quito; Carnival is Monday 16 and Tuesday 17 February.
FILED = datetime(2026, 2, 13, 15, 0)

EXPECTED_DUE = {
    # 30 business days: Carnival and the weekends do not count.
    CaseType.COMPLAINT: date(2026, 3, 31),
    CaseType.SUGGESTION: date(2026, 3, 31),
    CaseType.REPORT: date(2026, 3, 31),
    CaseType.CONGRATULATION: date(2026, 3, 31),
    # A *plazo* in days: calendar days, Carnival included.
    CaseType.INFORMATION_REQUEST: date(2026, 2, 23),
    CaseType.DATA_ACCESS: date(2026, 2, 28),
    CaseType.DATA_RECTIFICATION: date(2026, 2, 28),
    CaseType.DATA_DELETION: date(2026, 2, 28),
    CaseType.DATA_OBJECTION: date(2026, 2, 28),
    CaseType.DATA_PORTABILITY: date(2026, 2, 28),
    CaseType.DATA_AUTOMATED_DECISION: date(2026, 2, 28),
}


def test_every_case_type_has_a_term():
    assert set(EXPECTED_DUE) == set(CaseType) == set(terms.TERMS)


@pytest.mark.parametrize("case_type", list(CaseType), ids=lambda t: t.value)
def test_filing_gives_the_due_date_of_the_types_law(people, institutions, case_type):
    category = make_category(institutions["MSP"], deadline_days=30)
    case = make_case(people["citizen"], institutions["MSP"], category, now=FILED,
                     case_type=case_type)
    assert case.due_on == EXPECTED_DUE[case_type]


@pytest.mark.parametrize("case_type, expected", [
    (CaseType.INFORMATION_REQUEST, date(2026, 2, 20)),  # 3 business days: Carnival skipped
    (CaseType.DATA_ACCESS, date(2026, 2, 20)),
    (CaseType.COMPLAINT, date(2026, 2, 20)),
])
def test_a_category_shortens_the_term(people, institutions, case_type, expected):
    category = make_category(institutions["MSP"], deadline_days=3)
    case = make_case(people["citizen"], institutions["MSP"], category, now=FILED,
                     case_type=case_type)
    assert case.due_on == expected


def test_a_category_never_lengthens_the_laws_term(people, institutions):
    category = make_category(institutions["MSP"], deadline_days=30)
    case = make_case(people["citizen"], institutions["MSP"], category, now=FILED,
                     case_type=CaseType.INFORMATION_REQUEST)
    assert case.due_on == date(2026, 2, 23)
    other = make_category(institutions["MSP"], "Otra", deadline_days=20)
    service.categorise(people["official_msp"], case, other.id, now=datetime(2026, 2, 14, 15))
    assert case.due_on == date(2026, 2, 23)


@pytest.fixture
def request_case(people, institutions):
    category = make_category(institutions["MSP"], "Información pública")
    return make_case(people["citizen"], institutions["MSP"], category, now=FILED,
                     case_type=CaseType.INFORMATION_REQUEST,
                     subject="Contratos de compra de medicinas 2025")


def test_an_extension_moves_the_due_date_by_five_days_once(people, request_case):
    official = people["official_msp"]
    legal.extend(official, request_case, "Hay que reunir los contratos de cuatro zonas.",
                 now=datetime(2026, 2, 20, 15))
    db.session.commit()
    assert request_case.due_on == date(2026, 2, 28)
    assert request_case.extended_at == datetime(2026, 2, 20, 15)
    event = request_case.events[-1]
    assert event.kind == EventKind.EXTENDED and event.public
    assert event.reasons == "Hay que reunir los contratos de cuatro zonas."
    with pytest.raises(Conflict):
        legal.extend(official, request_case, "Otra vez", now=datetime(2026, 2, 21, 15))
    assert request_case.due_on == date(2026, 2, 28)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.extended"))


def test_an_extension_is_asked_before_the_term_runs_out(people, request_case):
    # Due on 23 February: the same day still counts, the day after does not.
    with pytest.raises(Conflict):
        legal.extend(people["official_msp"], request_case, "Tarde",
                     now=datetime(2026, 2, 24, 15))
    legal.extend(people["official_msp"], request_case, "A tiempo",
                 now=datetime(2026, 2, 23, 15))
    assert request_case.due_on == date(2026, 2, 28)


def test_an_extension_needs_a_reason(people, request_case):
    with pytest.raises(DomainError) as error:
        legal.extend(people["official_msp"], request_case, "  ", now=datetime(2026, 2, 20, 15))
    assert error.value.field == "reason"


@pytest.mark.parametrize("case_type", [CaseType.COMPLAINT, CaseType.DATA_ACCESS])
def test_only_an_information_request_is_extended(people, institutions, case_type):
    category = make_category(institutions["MSP"])
    case = make_case(people["citizen"], institutions["MSP"], category, now=FILED,
                     case_type=case_type)
    with pytest.raises(Conflict):
        legal.extend(people["official_msp"], case, "Motivo", now=datetime(2026, 2, 16, 15))


def test_an_extended_request_answered_within_the_extension_is_on_time(people, request_case):
    legal.extend(people["official_msp"], request_case, "Motivo", now=datetime(2026, 2, 20, 15))
    service.answer(people["official_msp"], request_case, "Adjunto los contratos.",
                   "Art. 9 LOTAIP", now=datetime(2026, 2, 27, 15))
    db.session.commit()
    assert request_case.responded_on_time is True


def test_a_request_answered_after_ten_days_without_extension_is_late(people, request_case):
    service.answer(people["official_msp"], request_case, "Adjunto los contratos.",
                   "Art. 9 LOTAIP", now=datetime(2026, 2, 25, 15))
    db.session.commit()
    assert request_case.responded_on_time is False
    assert request_case.response_days == 6  # business days, as every case's figure


def _classification(institution, number="RES-2026-001", classified_on=date(2026, 1, 5),
                    valid_until=date(2031, 1, 5)):
    classification = ReservedClassification(
        institution=institution, resolution_number=number,
        topic="Planes de contingencia sanitaria", classified_on=classified_on,
        valid_until=valid_until, legal_basis="")
    db.session.add(classification)
    db.session.commit()
    return classification


def test_a_refusal_needs_its_legal_ground(people, request_case):
    with pytest.raises(DomainError) as error:
        legal.refuse(people["official_msp"], request_case, None, None, "No", "Motivo")
    assert error.value.field == "ground"


def test_a_reserved_refusal_needs_a_classification_of_the_institution(people, institutions,
                                                                      request_case):
    official = people["official_msp"]
    elsewhere = _classification(institutions["MDT"])
    with pytest.raises(DomainError) as error:
        legal.refuse(official, request_case, RefusalGround.RESERVED, None, "No", "Motivo")
    assert error.value.field == "classification"
    with pytest.raises(DomainError):
        legal.refuse(official, request_case, RefusalGround.RESERVED, elsewhere.id, "No", "M")
    expired = _classification(institutions["MSP"], "RES-2020-004", date(2020, 1, 1),
                              date(2025, 1, 1))
    with pytest.raises(DomainError):
        legal.refuse(official, request_case, RefusalGround.RESERVED, expired.id, "No", "M",
                     now=datetime(2026, 2, 16, 15))
    ours = _classification(institutions["MSP"])
    legal.refuse(official, request_case, RefusalGround.RESERVED, ours.id,
                 "No podemos entregar los planes.", "Son información reservada.",
                 now=datetime(2026, 2, 16, 15))
    db.session.commit()
    assert request_case.state == CaseState.ANSWERED
    assert request_case.refusal_ground == RefusalGround.RESERVED
    assert request_case.classification_id == ours.id
    assert "RES-2026-001" in request_case.events[-1].reasons


def test_a_confidential_data_refusal_needs_no_classification(people, request_case):
    legal.refuse(people["official_msp"], request_case, RefusalGround.CONFIDENTIAL, None,
                 "No se entregan historias clínicas.", "Datos personales de salud.",
                 now=datetime(2026, 2, 16, 15))
    assert request_case.refusal_ground == RefusalGround.CONFIDENTIAL
    assert request_case.first_response_at == datetime(2026, 2, 16, 15)


# --- the pages ------------------------------------------------------------------------

@pytest.fixture
def open_request(people, institutions):
    """An information request filed now, so that its term is still running."""
    category = make_category(institutions["MSP"], "Información pública")
    return make_case(people["citizen"], institutions["MSP"], category,
                     case_type=CaseType.INFORMATION_REQUEST,
                     subject="Contratos de compra de medicinas 2025")

@pytest.mark.parametrize("who, status", [
    ("citizen", 403), ("official_msp", 302), ("moderator_msp", 403), ("admin_mdt", 403),
    ("rector", 403), ("platform_admin", 403)])
def test_only_the_institutions_officials_extend(client, login_as, open_request, who, status):
    login_as(who)
    response = client.post(f"/casos/institucion/MSP/{open_request.id}/prorrogar",
                           data={"extend-reason": "Falta reunir documentos."})
    assert response.status_code == status


def test_the_requester_is_told_why_by_mail_and_on_the_case_page(client, login_as, tmp_path,
                                                                open_request):
    login_as("official_msp")
    page = client.get(f"/casos/institucion/MSP/{open_request.id}").get_data(as_text=True)
    assert f"/casos/institucion/MSP/{open_request.id}/prorrogar" in page
    response = client.post(f"/casos/institucion/MSP/{open_request.id}/prorrogar",
                           data={"extend-reason": "Falta reunir documentos de 4 zonas."})
    assert response.status_code == 302
    db.session.refresh(open_request)
    assert open_request.extended_at is not None
    mails = read_mails(tmp_path)
    assert "Falta reunir documentos de 4 zonas." in mails[-1].get_body().get_content()
    client.post("/cuenta/salir")
    login_as("citizen")
    page = client.get(f"/casos/{open_request.code}").get_data(as_text=True)
    assert "Falta reunir documentos de 4 zonas." in page
    assert "art. 9" in page


def test_an_extension_without_reason_keeps_the_page_with_the_error(client, login_as,
                                                                   open_request):
    login_as("official_msp")
    response = client.post(f"/casos/institucion/MSP/{open_request.id}/prorrogar",
                           data={"extend-reason": ""})
    assert response.status_code == 400
    db.session.refresh(open_request)
    assert open_request.extended_at is None


def test_a_second_extension_from_the_page_is_refused(client, login_as, people, open_request):
    legal.extend(people["official_msp"], open_request, "Motivo")
    db.session.commit()
    due = open_request.due_on
    login_as("official_msp")
    response = client.post(f"/casos/institucion/MSP/{open_request.id}/prorrogar",
                           data={"extend-reason": "Otra vez, por favor."})
    assert response.status_code == 409
    db.session.refresh(open_request)
    assert open_request.due_on == due


def test_refusal_from_the_page_with_a_classification(client, login_as, institutions,
                                                     open_request):
    classification = _classification(institutions["MSP"])
    login_as("official_msp")
    missing = client.post(f"/casos/institucion/MSP/{open_request.id}/negar", data={
        "refuse-ground": "reserved", "refuse-answer": "No", "refuse-reasons": "Reservada"})
    assert missing.status_code == 400
    response = client.post(f"/casos/institucion/MSP/{open_request.id}/negar", data={
        "refuse-ground": "reserved", "refuse-classification": str(classification.id),
        "refuse-answer": "No es posible entregarla.", "refuse-reasons": "Reservada"})
    assert response.status_code == 302
    db.session.refresh(open_request)
    assert open_request.refusal_ground == RefusalGround.RESERVED


def test_personal_data_rights_are_offered_unless_the_institution_sends_them_elsewhere(
        client, login_as, institutions):
    category = make_category(institutions["MSP"])
    login_as("citizen")
    form = client.get("/casos/nuevo/MSP?tipo=data_rectification").get_data(as_text=True)
    assert '<option selected value="data_rectification">' in form
    db.session.merge(CaseSettings(institution_id=institutions["MSP"].id, allows_anonymous=False,
                                  reopen_days=15, offers_data_rights=False))
    db.session.commit()
    assert 'value="data_access"' not in client.get("/casos/nuevo/MSP").get_data(as_text=True)
    response = client.post("/casos/nuevo/MSP", data={
        "type": "data_access", "category": category.id, "subject": "Mis datos",
        "description": "Quiero saber qué datos tienen de mí."})
    assert response.status_code == 400
    assert "Mis datos" in response.get_data(as_text=True)


def test_the_methodology_page_cites_each_types_law(client):
    page = client.get("/datos/metodologia", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert 'id="plazos-legales"' in page
    assert "Código Orgánico Administrativo, art. 207" in page
    assert "art. 9 of the 2004 law" in page
    assert "Ley Orgánica de Protección de Datos Personales, art. 13" in page
    assert "10 calendar days, extendable once by 5" in page
    assert "30 business days" in page


def test_the_privacy_page_links_to_the_platforms_controller(app, client, make_institution):
    assert "/casos/nuevo/MINTEL" not in client.get("/privacidad").get_data(as_text=True)
    make_institution("MINTEL", "Ministerio de Telecomunicaciones")
    page = client.get("/privacidad").get_data(as_text=True)
    assert "/casos/nuevo/MINTEL?tipo=data_access" in page
    assert "/casos/nuevo/MINTEL?tipo=data_deletion" in page
