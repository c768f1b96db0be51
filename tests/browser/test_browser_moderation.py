"""Moderation journeys: the queue from the navigation count, the audit log of an institution
and of the platform, and the moderation figures of the dashboard."""
import re

from .kit import demo_person

MSP_MODERATOR = demo_person("moderadora.msp@salud.gob.ec", "Daniela Moderadora Cevallos")
MDT_ADMIN = demo_person("admin.mdt@trabajo.gob.ec", "Jorge Administrador Vera")
PLATFORM_ADMIN = demo_person("admin@participa.gob.ec", "Administración de Participa")
ANALYST = demo_person("analista@mintel.gob.ec", "Verónica Analista Paredes")


def test_the_moderator_follows_the_navigation_count_to_the_queue(visitor):
    browser = visitor("moderadora-msp")
    assert browser.sign_in(MSP_MODERATOR) == 200
    browser.open_menu()
    link = browser.page.get_by_role("navigation").get_by_role(
        "link", name=re.compile(r"^Moderación \d+ elementos en espera$"))
    assert link.count() == 1
    assert browser._navigate(link.click) == 200
    assert "MSP" in browser.heading() or "Ministerio de Salud" in browser.heading()


def test_an_institution_admin_reads_and_filters_their_audit_log(visitor):
    browser = visitor("admin-mdt")
    assert browser.sign_in(MDT_ADMIN) == 200
    browser.follow("Administración", within="navigation")
    browser.follow("Registro de auditoría — MDT")
    assert browser.heading() == "Registro de auditoría del Ministerio del Trabajo"
    browser.fill("Quién actuó (nombre o correo electrónico)", "nadie-con-este-nombre")
    assert browser.press("Mostrar") == 200
    assert "Ninguna entrada coincide con estos filtros." in browser.text()


def test_the_platform_admin_reads_the_whole_log(visitor):
    browser = visitor("admin-plataforma")
    assert browser.sign_in(PLATFORM_ADMIN) == 200
    browser.follow("Administración", within="navigation")
    browser.follow("Registro de auditoría de la plataforma")
    assert browser.heading() == "Registro de auditoría de la plataforma"
    assert "Entradas encontradas" in browser.text()
    assert browser.page.get_by_role("link", name="Descargar estas entradas (CSV)").count() == 1


def test_the_analyst_sees_the_moderation_figures(visitor, device):
    browser = visitor("analista")
    assert browser.sign_in(ANALYST) == 200
    browser.follow("Tablero", within="navigation")
    assert browser.heading() == "Tablero de participación"
    assert "Moderación de lo que publica la ciudadanía" in browser.text()
    assert "Moderación en todas las instituciones" in browser.text()
