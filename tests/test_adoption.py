"""The plan's adoption indicator counts the executive institutions that use Contacto Ciudadano
over every executive institution in the registry, not over those registered on Participa; the
registry comes in through import-institutions with its executive and active columns."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from participa.cases import service as cases
from participa.cases.businessdays import local_date
from participa.extensions import db
from participa.models import Institution
from participa.observatory import indicators
from participa.timeutil import utcnow

from factories_cases import make_case, make_category


def test_adoption_is_over_the_executive_registry(people, institutions):
    """The plan's 104 executive institutions in the registry (MSP, MDT and 102 more), 10 of
    them on Participa and using it: 10 / 104 ≈ 9.6 %, not 100 %. A local government using it
    is not in the executive registry and not counted."""
    db.session.add_all([Institution(acronym=f"EJ{n:03d}", name=f"Institución {n}",
                                    active=n < 8, executive=True) for n in range(102)])
    db.session.add(Institution(acronym="GADQ", name="Municipio de Quito", executive=False))
    db.session.commit()
    using = db.session.scalars(select(Institution).where(Institution.active)).all()
    assert len(using) == 11  # MSP, MDT, 8 more executive institutions and the municipality
    for institution in using:
        case = make_case(people["citizen"], institution, make_category(institution),
                         now=datetime(2025, 6, 2, 15, 0))
        cases.answer(people["official_msp"], case, "Respuesta.", "Motivos.",
                     now=datetime(2025, 6, 3, 15, 0))
    db.session.commit()

    _, indicator = indicators.one("uso-contacto-ciudadano", local_date(utcnow()))
    share = indicator.series[0].by_year[2025]
    assert share == pytest.approx(10 / 104)
    assert round(share * 100, 1) == 9.6


def _import(app, tmp_path, text: str):
    path = tmp_path / "registro.csv"
    path.write_text(text, encoding="utf-8")
    return app.test_cli_runner().invoke(args=["participa", "import-institutions", str(path)])


def test_the_registry_import_carries_executive_and_active(app, tmp_path):
    result = _import(app, tmp_path, "acronym,name,sector,executive,active\n"
                     "MSP,Ministerio de Salud Pública,Salud,sí,sí\n"
                     "SENADI,Servicio Nacional de Derechos Intelectuales,Propiedad,sí,no\n"
                     "GADQ,Municipio de Quito,Gobierno local,no,sí\n"
                     "XYZ,Otra,Otro,quizás,sí\n")
    assert result.exit_code == 1
    assert "Línea 5:" in result.output and "quizás" in result.output
    found = {i.acronym: (i.executive, i.active) for i in db.session.scalars(select(Institution))}
    assert found == {"MSP": (True, True), "SENADI": (True, False), "GADQ": (False, True)}

    # A file without the columns keeps what the registry said; a change is an update.
    result = _import(app, tmp_path, "acronym,name,sector,active\n"
                     "SENADI,Servicio Nacional de Derechos Intelectuales,Propiedad,yes\n"
                     "GADQ,Municipio de Quito,Gobierno local,\n")
    assert result.exit_code == 0, result.output
    assert "1 actualizadas, 1 sin cambios" in result.output
    senadi = db.session.scalar(select(Institution).where(Institution.acronym == "SENADI"))
    assert (senadi.executive, senadi.active) == (True, True)


def test_a_header_with_an_unknown_column_is_refused(app, tmp_path):
    result = _import(app, tmp_path, "acronym,name,sector,funcion\nMSP,Salud,Salud,Ejecutiva\n")
    assert result.exit_code == 2 and "Línea 1:" in result.output
    assert db.session.scalar(select(Institution.id)) is None


def test_every_page_gives_the_adoption_over_the_executive_registry(client, login_as, people,
                                                                    institutions):
    """The dashboard, its API, the open data and the observatory show the same adoption: the
    executive institutions that received and answered a case ÷ the executive registry (MSP
    uses it; MDT does not; SENADI is executive but not on Participa; the municipality uses it
    but is not executive): 1 of 3, not 1 of 2 active nor 2 of 3 active."""
    db.session.add(Institution(acronym="SENADI", name="Servicio Nacional de Derechos "
                               "Intelectuales", active=False, executive=True))
    db.session.add(Institution(acronym="GADQ", name="Municipio de Quito", executive=False))
    db.session.commit()
    gadq = db.session.scalar(select(Institution).where(Institution.acronym == "GADQ"))
    for institution in (institutions["MSP"], gadq):
        case = make_case(people["citizen"], institution, make_category(institution),
                         now=datetime(2025, 6, 2, 15, 0))
        cases.answer(people["official_msp"], case, "Respuesta.", "Motivos.",
                     now=datetime(2025, 6, 3, 15, 0))
    db.session.commit()
    year = "?from=2025-01-01&to=2025-12-31"

    data = client.get("/api/v1/stats/summary" + year).get_json()
    assert (data["executive_institutions"], data["executive_institutions_using"]) == (3, 1)
    assert data["adoption_rate"] == pytest.approx(round(1 / 3, 4))
    _, indicator = indicators.one("uso-contacto-ciudadano", local_date(utcnow()))
    assert indicator.series[0].by_year[2025] == pytest.approx(1 / 3)

    login_as("rector")
    english = {"Accept-Language": "en"}
    said = "1 of 3 institutions of the executive function in the registry"
    page = client.get("/tablero/?periodo=year&desde=2025-01-01", headers=english)
    assert said in page.get_data(as_text=True) and "33.3" in page.get_data(as_text=True)
    assert "/datos/metodologia#adopcion" in page.get_data(as_text=True)
    page = client.get("/datos/?periodo=year&desde=2025-01-01", headers=english)
    assert said in page.get_data(as_text=True)
    methodology = client.get("/datos/metodologia", headers=english).get_data(as_text=True)
    assert "Registry loaded: 3 institutions of the executive function" in methodology
    assert 'id="adopcion"' in methodology
