"""Administration journeys in a real browser: institutions, roles, and who may see what."""
from .kit import demo_person, new_person

PLATFORM_ADMIN = demo_person("admin@participa.gob.ec", "Administración de Participa")
# Official and institution administrator of MINTEL, and of nothing else.
MINTEL_OFFICIAL = demo_person("funcionario.mintel@mintel.gob.ec", "Andrés Funcionario Salazar")

_acronyms = iter(range(1, 1000))


def test_platform_admin_creates_an_institution_whose_admin_gives_a_role(visitor, device):
    acronym = f"SNP-{device.name[0].upper()}{next(_acronyms)}"
    name = f"Secretaría Nacional de Planificación {acronym}"
    gabriela = new_person("Gabriela Chávez Ruiz")
    tomas = new_person("Tomás Villacís Ponce", with_cedula=False)

    # Both register on their own, as anyone can.
    gabriela_browser = visitor("futura-administradora")
    gabriela_browser.register(gabriela)
    tomas_browser = visitor("futuro-funcionario")
    tomas_browser.register(tomas)

    # The platform administrator creates the institution and names its administrator.
    admin = visitor("administradora-plataforma")
    assert admin.sign_in(PLATFORM_ADMIN) == 200
    admin.follow("Administración", within="navigation")
    assert admin.heading() == "Administración"
    admin.follow("Nueva institución")
    assert admin.heading() == "Nueva institución"
    admin.fill("Siglas", acronym)
    admin.fill("Nombre", name)
    admin.fill("Sector", "Planificación")
    assert admin.press("Guardar") == 200
    assert f"Institución {acronym} creada." in admin.flash()
    assert admin.heading() == f"Miembros de la {name}"
    assert "Esta institución aún no tiene miembros." in admin.text()

    admin.fill("Correo electrónico de la persona", gabriela.email)
    admin.choose("Rol", "Administrador/a de la institución")
    assert admin.press("Añadir rol") == 200
    assert "Rol añadido." in admin.flash()
    row = admin.page.get_by_role("row").filter(has_text=gabriela.email)
    assert "Administrador/a de la institución" in row.inner_text()

    # The new institution administrator must turn on two-step verification first...
    gabriela_browser.follow("Inicio", within="navigation")
    gabriela_browser.enrol_two_step()
    # ... then finds the institution in their administration area...
    gabriela_browser.follow("Administración", within="navigation")
    institutions = gabriela_browser.page.get_by_role("table").inner_text()
    assert acronym in institutions and "MINTEL" not in institutions
    gabriela_browser.follow(f"Miembros — {acronym}")
    assert gabriela_browser.heading() == f"Miembros de la {name}"

    # ... and gives a role to a registered person.
    gabriela_browser.fill("Correo electrónico de la persona", tomas.email)
    gabriela_browser.choose("Rol", "Funcionario/a")
    assert gabriela_browser.press("Añadir rol") == 200
    assert "Rol añadido." in gabriela_browser.flash()
    row = gabriela_browser.page.get_by_role("row").filter(has_text=tomas.email)
    assert "Funcionario/a" in row.inner_text()

    # The new official is asked to turn on two-step verification, then sees the role.
    tomas_browser.follow(tomas.name, within="banner")
    tomas_browser.enrol_two_step()
    assert tomas_browser.heading() == "Su cuenta"
    roles = tomas_browser.page.get_by_role("heading", name="Sus roles").locator(
        "xpath=following-sibling::ul[1]").inner_text()
    assert f"Funcionario/a — {name} ({acronym})" in roles


def test_official_of_one_institution_is_refused_another_institutions_members(visitor):
    andres = visitor("funcionario")
    assert andres.sign_in(MINTEL_OFFICIAL) == 200
    andres.follow("Administración", within="navigation")
    andres.follow("Miembros — MINTEL")
    assert andres.heading().startswith("Miembros del Ministerio de Telecomunicaciones")

    # Typing the address of another institution's members page.
    assert andres.open("/admin/instituciones/MSP/miembros") == 403
    assert andres.heading() == "No tiene permiso para hacer esto"
    assert "Error 403" in andres.text()
    assert "Ministerio de Salud" not in andres.text()
    andres.follow("Ir a la página de inicio")
    assert andres.language() == "es"
