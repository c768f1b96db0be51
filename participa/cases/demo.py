"""Demo data for Contacto Ciudadano: categories and cases in every state (the national holidays
come from the law's calendar, participa.cases.holiday_calendar)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from participa.cases import service
from participa.extensions import db
from participa.models import CaseCategory, CaseSettings, CaseType, Institution, User
from participa.timeutil import utcnow

CATEGORIES = {
    "MSP": [("Citas y turnos médicos", 10), ("Medicamentos e insumos", 15),
            ("Atención en establecimientos de salud", 30)],
    "MINTEL": [("Conectividad e internet", 20), ("Gobierno electrónico", 15),
               ("Servicio postal", 30)],
    "MDT": [("Inspecciones laborales", 15), ("Pagos y liquidaciones", 20),
            ("Servicio público", 30)],
    "MINEDUC": [("Matrículas y cupos", 10), ("Infraestructura educativa", 30)],
    "MAATE": [("Denuncias ambientales", 15), ("Agua potable y riego", 30)],
    "MIES": [("Bonos y pensiones", 10), ("Centros de cuidado infantil", 20)],
    "MAG": [("Crédito y semillas", 20), ("Sanidad agropecuaria", 15)],
    "MTOP": [("Vías y mantenimiento", 30), ("Licencias y transporte", 15)],
    "MEF": [("Pagos a proveedores", 20)],
    "SRI": [("Declaraciones y devoluciones", 15), ("RUC y facturación", 10)],
}

def load_cases_demo() -> None:
    if db.session.scalar(select(func.count(CaseCategory.id))):
        return  # already loaded
    institutions = {i.acronym: i for i in db.session.scalars(select(Institution))}
    users = {u.email: u for u in db.session.scalars(select(User))}
    categories = {}
    for acronym, entries in CATEGORIES.items():
        for name, days in entries:
            category = CaseCategory(institution=institutions[acronym], name=name,
                                    deadline_days=days)
            db.session.add(category)
            categories[(acronym, name)] = category
    db.session.add(CaseSettings(institution_id=institutions["MINTEL"].id,
                                allows_anonymous=True, reopen_days=15))
    db.session.flush()
    _load_cases(institutions, users, categories)


def _load_cases(institutions, users, categories) -> None:
    now = utcnow()
    maria = users["maria.quishpe@example.ec"]
    carlos = users["carlos.mendoza@example.ec"]
    ana = users["ana.torres@example.ec"]
    lucia = users["funcionaria.msp@salud.gob.ec"]
    andres = users["funcionario.mintel@mintel.gob.ec"]
    jorge = users["admin.mdt@trabajo.gob.ec"]
    msp, mintel, mdt = institutions["MSP"], institutions["MINTEL"], institutions["MDT"]

    def file(citizen, institution, category_name, case_type, subject, description, days_ago,
             **extra):
        return service.file_case(
            citizen, institution, category_id=categories[(institution.acronym, category_name)].id,
            case_type=case_type, subject=subject, description=description,
            now=now - timedelta(days=days_ago), **extra)

    def at(days_ago, hours=0):
        return now - timedelta(days=days_ago, hours=hours)

    # Received, just filed.
    file(maria, msp, "Citas y turnos médicos", CaseType.COMPLAINT,
         "No consigo turno de pediatría en el centro de salud de Calderón",
         "Llamo al 171 desde hace tres semanas y no hay turnos para mi hija de 4 años.",
         1, province="Pichincha", canton="Quito", latitude=-0.0962, longitude=-78.4230)
    # Assigned.
    case = file(carlos, msp, "Medicamentos e insumos", CaseType.REPORT,
                "Falta de insulina en el Hospital Verdi Cevallos",
                "Desde hace dos semanas la farmacia del hospital no entrega insulina NPH.",
                4, province="Manabí", canton="Portoviejo")
    service.assign(lucia, case, lucia, now=at(3))
    # In progress, with an internal note.
    case = file(ana, mintel, "Conectividad e internet", CaseType.INFORMATION_REQUEST,
                "Plan de conectividad para escuelas rurales de Loja",
                "Solicito información sobre el cronograma de conexión de las escuelas "
                "rurales del cantón Saraguro.", 6, province="Loja", canton="Saraguro")
    service.start(andres, case, now=at(5))
    service.add_note(andres, case, "Pedir el cronograma a la Subsecretaría de Conectividad.",
                     now=at(5, 2))
    # Answered: the citizen can confirm or reopen.
    case = file(maria, mdt, "Pagos y liquidaciones", CaseType.COMPLAINT,
                "Liquidación pendiente tras el fin de mi contrato",
                "Mi empleador no ha pagado la liquidación desde hace 45 días.", 12)
    service.assign(jorge, case, jorge, now=at(11))
    service.answer(jorge, case, "Se agendó una audiencia de conciliación para el 2 de "
                   "diciembre en la Dirección Regional de Trabajo de Quito.",
                   "El Código del Trabajo, art. 629, faculta a la autoridad laboral a "
                   "convocar a las partes; su reclamo cumple los requisitos.", now=at(2))
    # Resolved and rated.
    case = file(carlos, msp, "Atención en establecimientos de salud", CaseType.CONGRATULATION,
                "Excelente atención en emergencias del Hospital de Chone",
                "Quiero felicitar al personal de emergencias por su trato.", 20)
    service.answer(lucia, case, "Gracias por su mensaje; lo compartimos con el equipo.",
                   "Las felicitaciones se registran en la evaluación del servicio.",
                   now=at(18))
    service.confirm(carlos, case, 5, "Muy amables.", now=at(17))
    # Closed after the reopening period.
    case = file(ana, mintel, "Gobierno electrónico", CaseType.SUGGESTION,
                "Firma electrónica desde el celular",
                "Sugiero permitir firmar documentos desde la aplicación móvil.", 40)
    service.answer(andres, case, "La firma desde el celular estará disponible en 2027.",
                   "El proyecto consta en el plan de gobierno electrónico 2025-2027.",
                   now=at(35))
    service.close(andres, case, now=at(10))
    # Rejected as out of scope.
    case = file(carlos, mdt, "Servicio público", CaseType.COMPLAINT,
                "Baches en la calle principal de Manta",
                "La calle 13 tiene baches hace meses.", 9, province="Manabí", canton="Manta")
    service.reject(jorge, case, "El mantenimiento de calles urbanas es competencia del "
                   "Gobierno Autónomo Descentralizado Municipal de Manta (COOTAD, art. 55).",
                   now=at(8))
    # Transferred: filed to MSP, now with MDT.
    case = file(maria, msp, "Atención en establecimientos de salud", CaseType.COMPLAINT,
                "Me despidieron por estar con licencia médica",
                "Mi empleador me despidió mientras tenía un certificado médico del IESS.", 5)
    service.transfer(lucia, case, mdt, "Los despidos son competencia de la autoridad laboral.",
                     now=at(4))
    # Overdue: filed long ago, never answered.
    file(ana, msp, "Citas y turnos médicos", CaseType.COMPLAINT,
         "Cirugía de cataratas postergada",
         "Mi madre espera la cirugía desde hace cuatro meses.", 30, province="Azuay",
         canton="Cuenca")
    # Anonymous, by email, where MINTEL allows it.
    file(None, mintel, "Servicio postal", CaseType.REPORT, "Paquete retenido en Correos",
         "Mi paquete figura en aduana desde hace un mes.", 3,
         contact_email="vecino.anonimo@example.ec")
    db.session.flush()
