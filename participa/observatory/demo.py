"""Demo data for the observatory: requests for open data in every state (on time, late,
planned, published, refused), supports, and reuses approved, waiting and not approved."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from participa.cases.businessdays import local_date
from participa.extensions import db
from participa.models import (DataRequest, DataRequestState, Institution, NormFact, NormKind,
                              ReuseKind, User)
from participa.observatory import requests, reuses
from participa.timeutil import utcnow

# title, institution, author, days ago, description, purpose, format
REQUESTS = [
    ("Tiempos de espera para cirugía por hospital", "MSP", "maria.quishpe@example.ec", 120,
     "Días de espera entre la indicación y la cirugía, por hospital y especialidad, cada mes.",
     "Un estudio universitario sobre el acceso a la cirugía programada.", "CSV"),
    ("Inspecciones laborales realizadas por provincia", "MDT", "carlos.mendoza@example.ec", 90,
     "Número de inspecciones, sanciones y montos por provincia y sector, cada trimestre.",
     "Periodismo de datos sobre el cumplimiento de los derechos laborales.", "CSV o JSON"),
    ("Cobertura de internet fijo por parroquia", "MINTEL", "ana.torres@example.ec", 70,
     "Accesos de internet fijo por parroquia y tecnología.",
     "Planificar un proyecto comunitario de conectividad rural.", "CSV"),
    ("Medicamentos disponibles en farmacias públicas", "MSP", "carlos.mendoza@example.ec", 60,
     "Existencias de medicamentos esenciales por establecimiento, actualizadas cada semana.",
     "Una aplicación que indique dónde hay cada medicamento.", "JSON"),
    ("Ofertas de empleo público por cargo", "MDT", "maria.quishpe@example.ec", 15,
     "Concursos de méritos abiertos con su cargo, remuneración y fechas.",
     "Un boletín de empleo para jóvenes.", "CSV"),
    ("Velocidades medidas de internet móvil", "MINTEL", "carlos.mendoza@example.ec", 5,
     "Mediciones de velocidad de las operadoras por cantón.",
     "Comparar la calidad del servicio.", ""),
]


def load_observatory_demo() -> None:
    if db.session.scalar(select(func.count(DataRequest.id))):
        return  # already loaded
    institutions = {i.acronym: i for i in db.session.scalars(select(Institution))}
    users = {u.email: u for u in db.session.scalars(select(User))}
    officials = {"MSP": users["funcionaria.msp@salud.gob.ec"],
                 "MDT": users["admin.mdt@trabajo.gob.ec"],
                 "MINTEL": users["funcionario.mintel@mintel.gob.ec"]}
    now = utcnow()
    made = []
    for title, acronym, email, days_ago, description, purpose, wanted in REQUESTS:
        made.append(requests.ask(users[email], institutions[acronym], title=title,
                                 description=description, purpose=purpose,
                                 format_wanted=wanted, now=now - timedelta(days=days_ago)))
    surgery, inspections, internet, medicines, jobs, speeds = made

    # Published on time; refused late; planned, then published by the planned date; planned
    # and still to come; waiting past due (jobs is not: 15 days ago); waiting within its term.
    requests.answer(officials["MSP"], surgery, outcome=DataRequestState.PUBLISHED,
                    url="https://www.salud.gob.ec/datos-abiertos/", now=now - timedelta(days=100))
    requests.answer(officials["MDT"], inspections, outcome=DataRequestState.REFUSED,
                    reason="Los expedientes de inspección contienen datos personales de "
                           "trabajadores (Ley Orgánica de Protección de Datos Personales, "
                           "art. 7); se publicarán solo las cifras agregadas del informe anual.",
                    now=now - timedelta(days=35))
    requests.answer(officials["MINTEL"], internet, outcome=DataRequestState.PLANNED,
                    planned_on=local_date(now - timedelta(days=20)),
                    now=now - timedelta(days=60))
    requests.answer(officials["MINTEL"], internet, outcome=DataRequestState.PUBLISHED,
                    url="https://www.telecomunicaciones.gob.ec/", now=now - timedelta(days=22))
    requests.answer(officials["MDT"], jobs, outcome=DataRequestState.PLANNED,
                    planned_on=local_date(now + timedelta(days=40)),
                    now=now - timedelta(days=10))
    # Medicines stays waiting past its due date; speeds waits within its term.
    for request, emails in ((medicines, ["maria.quishpe@example.ec", "ana.torres@example.ec"]),
                            (jobs, ["ana.torres@example.ec", "carlos.mendoza@example.ec"]),
                            (speeds, ["ana.torres@example.ec"])):
        for email in emails:
            requests.support(users[email], request, now=now - timedelta(days=1))

    platform_admin = users["admin@participa.gob.ec"]
    approved = [
        ("Mapa de espera quirúrgica", "https://example.org/espera-quirurgica",
         ReuseKind.VISUALISATION, "Colectivo Datos Abiertos Ecuador", ["MSP"],
         "https://www.salud.gob.ec/datos-abiertos/\n/datos/instituciones.csv",
         "Un mapa interactivo con los días de espera para cirugía en cada hospital público."),
        ("¿Cómo responden los ministerios?", "https://example.org/como-responden",
         ReuseKind.NEWS, "Redacción de Datos, diario digital", ["MSP", "MDT", "MINTEL"],
         "/datos/instituciones.json", "Un reportaje sobre los tiempos de respuesta de "
         "Contacto Ciudadano con las cifras abiertas de Participa."),
    ]
    for title, url, kind, author, acronyms, datasets, description in approved:
        reuse = reuses.register(users["carlos.mendoza@example.ec"], title=title, url=url,
                                description=description, kind=kind, datasets=datasets,
                                institutions=[institutions[a] for a in acronyms],
                                author_name=author, now=now - timedelta(days=30))
        reuses.review(platform_admin, reuse, approve=True, now=now - timedelta(days=28))
    reuses.register(users["ana.torres@example.ec"], title="Conectividad rural en cifras",
                    url="https://example.org/conectividad-rural", kind=ReuseKind.STUDY,
                    description="Un estudio de la brecha digital en las parroquias rurales.",
                    datasets="https://www.telecomunicaciones.gob.ec/",
                    institutions=[institutions["MINTEL"]], author_name="Ana Torres Loor",
                    now=now - timedelta(days=3))
    rejected = reuses.register(users["maria.quishpe@example.ec"], title="Mi aplicación",
                               url="https://example.org/mi-aplicacion",
                               kind=ReuseKind.APPLICATION, description="Una aplicación.",
                               datasets="/datos/instituciones.csv",
                               institutions=[institutions["MSP"]], author_name="María Quishpe",
                               now=now - timedelta(days=8))
    reuses.review(officials["MSP"], rejected, approve=False,
                  reason="El enlace no abre y la descripción no dice qué datos usa. "
                         "Corríjalo y regístrela de nuevo.", now=now - timedelta(days=7))

    admin = users["admin@participa.gob.ec"]
    db.session.add(NormFact(kind=NormKind.DATA_PROTECTION,
                            title="Ley Orgánica de Protección de Datos Personales",
                            issued_on=local_date(now).replace(year=2021, month=5, day=26),
                            url="https://www.registroficial.gob.ec/", created_by_id=admin.id))
    db.session.flush()

