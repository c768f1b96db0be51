"""Assisted filing as a service: who may file for whom, the consent, the second factor, the
claim by a later account, the call list and the audit log."""
import pytest
from sqlalchemy import select

from participa.assisted import infocentros, service
from participa.assisted.service import Desk, Person
from participa.domain import Conflict, DomainError, Forbidden, NotFound
from participa.extensions import db
from participa.models import (AuditEntry, CallOutcome, Channel, Consent, ConsentForm,
                              ReachBy, SecondFactor)
from participa.privacy.notice import NOTICE_VERSION

from factories_cases import make_category


@pytest.fixture
def infocentro(people):
    place = infocentros.create(people["platform_admin"], name="Infocentro Zámbiza",
                               place_code="170181")
    db.session.commit()
    return place


@pytest.fixture
def staff(make_user, infocentro, people):
    user = make_user("operadora@infocentro.gob.ec", name="Olga Operadora")
    infocentros.add_staff(people["platform_admin"], infocentro, user.email)
    db.session.commit()
    return user


@pytest.fixture
def category(institutions):
    return make_category(institutions["MSP"])


def file(actor, institution, desk, category, **overrides):
    arguments = dict(channel=Channel.PHONE,
                     person=Person(name="María Quishpe", reach_by=ReachBy.PHONE,
                                   phone="0991234567"),
                     consent_given=True, consent_form=ConsentForm.READ_ALOUD,
                     category_id=category.id, case_type=type_complaint(),
                     subject="Medicinas que faltan", description="No hay insulina en el centro.")
    arguments.update(overrides)
    return service.file_assisted(actor, institution, desk, **arguments)


def type_complaint():
    from participa.models import CaseType
    return CaseType.COMPLAINT


def test_infocentro_staff_file_a_case_by_phone(staff, infocentro, institutions, category):
    case, pin = file(staff, institutions["MSP"], Desk(infocentro=infocentro), category)
    db.session.commit()
    assert case.channel == Channel.PHONE
    assert case.citizen_id is None and case.contact_email is None
    assert case.events[0].actor_id == staff.id
    filing = case.assisted
    assert filing.person_name == "María Quishpe" and filing.phone == "0991234567"
    assert filing.infocentro_id == infocentro.id and filing.filed_by_id == staff.id
    assert filing.notice_version == NOTICE_VERSION
    assert filing.consent_form == ConsentForm.READ_ALOUD
    # The PIN is printed once; only its hash is stored.
    assert len(pin) == 6 and pin.isdigit()
    assert filing.factor == SecondFactor.PIN and pin not in filing.factor_hash
    assert db.session.scalar(select(Consent).where(Consent.case_id == case.id)).version \
        == NOTICE_VERSION
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action ==
                                                       "case.assisted_filed"))
    assert entry.actor_id == staff.id and entry.target_id == case.id
    assert entry.details["infocentro_id"] == infocentro.id
    assert entry.details["channel"] == "phone"
    # No personal data of the person in the log.
    assert "María" not in str(entry.details) and "0991234567" not in str(entry.details)


def test_consent_is_required(staff, infocentro, institutions, category):
    with pytest.raises(DomainError) as error:
        file(staff, institutions["MSP"], Desk(infocentro=infocentro), category,
             consent_given=False)
    assert error.value.field == "consent"


def test_a_citizen_cannot_file_for_someone_else(people, infocentro, institutions, category):
    with pytest.raises(Forbidden):
        file(people["citizen"], institutions["MSP"], Desk(infocentro=infocentro), category)
    with pytest.raises(Forbidden):
        file(people["citizen"], institutions["MSP"], Desk(), category)


def test_an_official_files_at_their_own_counter_for_any_institution(people, institutions):
    category = make_category(institutions["MDT"])
    official = people["official_msp"]
    case, _ = file(official, institutions["MDT"], Desk(office=institutions["MSP"]), category,
                   channel=Channel.COUNTER)
    assert case.institution_id == institutions["MDT"].id
    assert case.assisted.office_id == institutions["MSP"].id
    # ...but not at the counter of an institution they do not work for.
    with pytest.raises(Forbidden):
        file(official, institutions["MDT"], Desk(office=institutions["MDT"]), category,
             channel=Channel.COUNTER)


def test_staff_only_file_from_their_own_infocentro(staff, people, institutions, category):
    other = infocentros.create(people["platform_admin"], name="Infocentro Nayón",
                               place_code="170176")
    with pytest.raises(Forbidden):
        file(staff, institutions["MSP"], Desk(infocentro=other), category)
    with pytest.raises(DomainError):  # an Infocentro is no institution's counter
        file(staff, institutions["MSP"], Desk(infocentro=staff_infocentro(staff)), category,
             channel=Channel.COUNTER)


def staff_infocentro(user):
    from participa import authz
    return authz.infocentros_staffed_by(user)[0]


def test_the_way_to_reach_the_person_is_required(staff, infocentro, institutions, category):
    with pytest.raises(DomainError) as error:
        file(staff, institutions["MSP"], Desk(infocentro=infocentro), category,
             person=Person(name="María", reach_by=ReachBy.PHONE))
    assert error.value.field == "phone"


def test_cedula_digits_as_second_factor(staff, infocentro, institutions, category):
    case, pin = file(staff, institutions["MSP"], Desk(infocentro=infocentro), category,
                     person=Person(name="María", reach_by=ReachBy.COME_BACK,
                                   cedula_last4="4567"))
    db.session.commit()
    assert pin is None and case.assisted.factor == SecondFactor.CEDULA
    assert service.find_with_factor(case.code.lower().replace("-", ""), "4567") == case


def test_a_wrong_factor_or_code_gets_one_error(staff, infocentro, institutions, category):
    case, pin = file(staff, institutions["MSP"], Desk(infocentro=infocentro), category)
    db.session.commit()
    assert service.find_with_factor(case.code, pin) == case
    wrong = "000000" if pin != "000000" else "111111"
    with pytest.raises(NotFound) as for_the_factor:
        service.find_with_factor(case.code, wrong)
    with pytest.raises(NotFound) as for_the_code:
        service.find_with_factor("CC-0000-0000-0000", pin)
    assert str(for_the_factor.value.message) == str(for_the_code.value.message)


def test_the_person_claims_the_case_with_a_new_account(staff, infocentro, institutions,
                                                        category, make_user):
    case, pin = file(staff, institutions["MSP"], Desk(infocentro=infocentro), category)
    db.session.commit()
    person = make_user("maria@example.ec", name="María Quishpe")
    service.claim(person, case.code, pin)
    db.session.commit()
    assert case.citizen_id == person.id and case.assisted.claimed_at is not None
    assert case.channel == Channel.PHONE
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case.claimed")
                             ).actor_id == person.id
    with pytest.raises(Conflict):
        service.claim(make_user("otra@example.ec"), case.code, pin)


def test_answers_go_to_the_call_list_until_a_call_reaches_the_person(
        staff, infocentro, institutions, category, people):
    from participa.cases import service as cases

    case, _ = file(staff, institutions["MSP"], Desk(infocentro=infocentro), category)
    db.session.commit()
    assert service.call_list(staff) == []
    cases.answer(people["official_msp"], case, "Ya hay insulina.", "Llegó el pedido.")
    db.session.commit()
    assert service.call_list(staff) == [case]
    assert service.call_list(people["official_msp"]) == [case]
    assert service.call_list(people["admin_mdt"]) == []
    service.record_call(staff, case, CallOutcome.NO_ANSWER)
    db.session.commit()
    assert service.call_list(staff) == [case]
    service.record_call(people["official_msp"], case, CallOutcome.REACHED, "Le leí la respuesta")
    db.session.commit()
    assert service.call_list(staff) == []
    assert [c.outcome for c in service.calls_of([case.id])[case.id]] == [
        CallOutcome.REACHED, CallOutcome.NO_ANSWER]
    with pytest.raises(Forbidden):  # an official of another institution
        service.record_call(people["admin_mdt"], case, CallOutcome.REACHED)


def test_only_platform_administrators_manage_infocentros(people):
    with pytest.raises(Forbidden):
        infocentros.create(people["admin_mdt"], name="X", place_code="170181")
    with pytest.raises(DomainError):  # a canton is not a parish
        infocentros.create(people["platform_admin"], name="X", place_code="1701")


def test_a_claimed_case_is_in_the_persons_data_export(staff, infocentro, institutions,
                                                      category, make_user):
    from participa.privacy.registry import export_everything

    case, pin = file(staff, institutions["MSP"], Desk(infocentro=infocentro), category)
    db.session.commit()
    person = make_user("maria@example.ec", name="María Quishpe")
    service.claim(person, case.code, pin)
    db.session.commit()
    exported = {exporter.table: rows for exporter, rows in export_everything(person)}
    assert exported["cases"][0]["channel"] == "phone"
    filing = exported["assisted_filings"][0]
    assert filing["infocentro"] == "Infocentro Zámbiza" and filing["place_code"] == "170181"
    assert filing["consent_form"] == "read_aloud"
    assert filing["notice_version"] == NOTICE_VERSION
    # The staff member's export names the case, not the person.
    theirs = {exporter.table: rows for exporter, rows in export_everything(staff)}
    assert theirs["assisted_filings"] == [{"relation": "you_filed", "case": case.code,
                                           "channel": "phone",
                                           "infocentro": "Infocentro Zámbiza",
                                           "place_code": "170181", "counter_of": None,
                                           "at": case.assisted.consented_at.isoformat()}]


def test_retention_removes_the_assisted_persons_data(staff, infocentro, institutions,
                                                     category, people):
    from datetime import timedelta

    from participa.cases import service as cases
    from participa.privacy.retention import run_retention
    from participa.timeutil import utcnow

    case, _ = file(staff, institutions["MSP"], Desk(infocentro=infocentro), category)
    cases.reject(people["official_msp"], case, "Fuera de competencia.")
    db.session.commit()
    run_retention(now=utcnow() + timedelta(days=365 * 6))
    db.session.commit()
    db.session.refresh(case.assisted)
    assert case.assisted.person_name is None and case.assisted.phone is None
    assert case.assisted.infocentro_id == infocentro.id  # where it was filed stays
