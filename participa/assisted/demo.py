"""Demo data for assisted channels: the Infocentro of Guamote (Chimborazo) with one member of
staff, and a case its staff filed by phone for a woman without internet, with priority
attention asked and consent read aloud."""
from __future__ import annotations

from sqlalchemy import select

from participa.assisted import infocentros
from participa.assisted.service import Desk, Person, file_assisted
from participa.auth.service import register_user
from participa.cases.priority import PriorityRequest
from participa.extensions import db
from participa.models import (CaseCategory, CaseType, Channel, ConsentForm, Infocentro,
                              Institution, PriorityConsent, PriorityGroup, ReachBy, User)

STAFF_EMAIL = "infocentro.guamote@mintel.gob.ec"
INFOCENTRO_NAME = "Infocentro Guamote"
GUAMOTE_PARISH = "060650"


def _admin() -> User:
    return db.session.scalar(select(User).where(User.email == "admin@participa.gob.ec"))


def load_infocentros_demo(password: str) -> None:
    """The Infocentro and its staff; before the two-step verification demo, which enrols
    them."""
    if db.session.scalar(select(Infocentro.id).where(Infocentro.name == INFOCENTRO_NAME)):
        return
    place = infocentros.create(_admin(), name=INFOCENTRO_NAME, place_code=GUAMOTE_PARISH)
    if db.session.scalar(select(User.id).where(User.email == STAFF_EMAIL)) is None:
        register_user(name="Rosa Operadora Yupanqui", email=STAFF_EMAIL, password=password)
    infocentros.add_staff(_admin(), place, STAFF_EMAIL)
    db.session.flush()


def load_assisted_cases_demo() -> None:
    """One case filed by phone at the Infocentro for a person reached by phone."""
    staff = db.session.scalar(select(User).where(User.email == STAFF_EMAIL))
    place = db.session.scalar(select(Infocentro).where(Infocentro.name == INFOCENTRO_NAME))
    msp = db.session.scalar(select(Institution).where(Institution.acronym == "MSP"))
    category = db.session.scalar(select(CaseCategory).where(
        CaseCategory.institution_id == msp.id, CaseCategory.name == "Medicamentos e insumos"))
    if staff is None or place is None or category is None:
        return
    file_assisted(
        staff, msp, Desk(infocentro=place), channel=Channel.PHONE,
        person=Person(name="Rosa Chimbo Guamán", reach_by=ReachBy.PHONE, phone="0987654321",
                      cedula_last4="4321"),
        consent_given=True, consent_form=ConsentForm.READ_ALOUD, category_id=category.id,
        case_type=CaseType.COMPLAINT, subject="Insulina en el centro de salud de Guamote",
        description="La señora llamó al Infocentro: desde hace tres semanas el centro de salud "
                    "no tiene insulina y ella debe viajar a Riobamba para conseguirla.",
        place_code=GUAMOTE_PARISH,
        priority=PriorityRequest(group=PriorityGroup.OLDER_ADULT, consent=True,
                                 how=PriorityConsent.PHONE))
    db.session.flush()
