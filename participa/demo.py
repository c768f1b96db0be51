"""Realistic demo data: real Ecuadorian executive institutions and a user for every role."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from participa.auth.service import register_user
from participa.cedula import check_digit
from participa.extensions import db
from participa.models import GlobalRole, Institution, InstitutionRole, Membership, User

DEMO_PASSWORD = "participa-demo-2026"
REGISTRY = Path(__file__).parent / "data" / "executive-institutions.csv"

INSTITUTIONS = [
    ("MINTEL", "Ministerio de Telecomunicaciones y de la Sociedad de la Información",
     "Telecomunicaciones"),
    ("MDT", "Ministerio del Trabajo", "Trabajo y empleo"),
    ("MSP", "Ministerio de Salud Pública", "Salud"),
    ("MINEDUC", "Ministerio de Educación", "Educación"),
    ("MAATE", "Ministerio del Ambiente, Agua y Transición Ecológica", "Ambiente"),
    ("MIES", "Ministerio de Inclusión Económica y Social", "Inclusión social"),
    ("MAG", "Ministerio de Agricultura y Ganadería", "Agricultura"),
    ("MTOP", "Ministerio de Transporte y Obras Públicas", "Transporte"),
    ("MEF", "Ministerio de Economía y Finanzas", "Economía"),
    ("SRI", "Servicio de Rentas Internas", "Tributación"),
]


def demo_cedula(first_nine: str) -> str:
    return first_nine + str(check_digit(first_nine))


# email, name, cédula prefix, global role, [(institution, role), ...]
USERS = [
    ("admin@participa.gob.ec", "Administración de Participa", None, GlobalRole.PLATFORM_ADMIN, []),
    ("analista@mintel.gob.ec", "Verónica Analista Paredes", None, GlobalRole.RECTOR_ANALYST, []),
    ("admin.mdt@trabajo.gob.ec", "Jorge Administrador Vera", None, None,
     [("MDT", InstitutionRole.INSTITUTION_ADMIN)]),
    ("funcionaria.msp@salud.gob.ec", "Lucía Funcionaria Andrade", None, None,
     [("MSP", InstitutionRole.OFFICIAL)]),
    ("funcionario.mintel@mintel.gob.ec", "Andrés Funcionario Salazar", None, None,
     [("MINTEL", InstitutionRole.OFFICIAL), ("MINTEL", InstitutionRole.INSTITUTION_ADMIN)]),
    ("moderadora.msp@salud.gob.ec", "Daniela Moderadora Cevallos", None, None,
     [("MSP", InstitutionRole.MODERATOR)]),
    ("moderador.mintel@mintel.gob.ec", "Pablo Moderador Ortiz", None, None,
     [("MINTEL", InstitutionRole.MODERATOR)]),
    ("maria.quishpe@example.ec", "María Quishpe Guamán", "171234567", None, []),
    ("carlos.mendoza@example.ec", "Carlos Mendoza Zambrano", "130987654", None, []),
    ("ana.torres@example.ec", "Ana Torres Loor", "090456789", None, []),
    ("jose.pilco@example.ec", "José Pilco Chimbo", None, None, []),  # no cédula declared
]


def load_executive_registry() -> None:
    """The executive institutions of the registry that are not on Participa, as inactive
    institutions: the adoption indicator's denominator (participa/data/README.md)."""
    from participa.admin.service import import_institutions

    lines = (REGISTRY.read_text(encoding="utf-8")).splitlines()
    report = import_institutions(lines)
    if report.errors:  # a file shipped with Participa: a mistake in it is a bug
        raise RuntimeError(f"{REGISTRY.name}: {report.errors}")


def is_loaded() -> bool:
    return db.session.scalar(select(User.id).where(User.email == USERS[0][0])) is not None


def load() -> None:
    institutions = {}
    for acronym, name, sector in INSTITUTIONS:
        institution = db.session.scalar(select(Institution).where(Institution.acronym == acronym))
        if institution is None:
            institution = Institution(acronym=acronym, name=name, sector=sector)
            db.session.add(institution)
        institutions[acronym] = institution
    db.session.flush()
    load_executive_registry()

    for email, name, cedula_prefix, global_role, memberships in USERS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = register_user(name=name, email=email, password=DEMO_PASSWORD,
                                 cedula=demo_cedula(cedula_prefix) if cedula_prefix else None)
        user.global_role = global_role
        for acronym, role in memberships:
            db.session.add(Membership(user=user, institution=institutions[acronym], role=role))
    db.session.flush()

    from participa.assisted.demo import load_assisted_cases_demo, load_infocentros_demo

    load_infocentros_demo(DEMO_PASSWORD)
    from participa.auth.demo import load_security_demo

    load_security_demo()
    from participa.proposals.demo import load_proposals_demo

    load_proposals_demo()
    from participa.consultations.demo import load_consultations_demo

    load_consultations_demo()
    from participa.ballots.demo import load_ballots_demo

    load_ballots_demo()
    from participa.cases.demo import load_cases_demo

    load_cases_demo()
    from participa.dashboard.demo import load_dashboard_demo

    load_dashboard_demo()
    from participa.moderation.demo import load_moderation_demo

    load_moderation_demo()
    from participa.privacy.demo import load_privacy_demo

    load_privacy_demo()
    load_assisted_cases_demo()  # after the accounts' consents: it records the person's own
    from participa.observatory.demo import load_observatory_demo

    load_observatory_demo()
    from participa.verification.demo import load_verification_demo

    load_verification_demo()
