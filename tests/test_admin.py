"""Institutions and roles: the permission table and the admin work itself."""
import pytest
from sqlalchemy import select

from participa.extensions import db
from participa.models import AuditEntry, GlobalRole, Institution, InstitutionRole, Membership

# Every role against every admin page: who may see what.
PAGES = {
    "admin_home": "/admin/",
    "mdt_members": "/admin/instituciones/MDT/miembros",
    "msp_members": "/admin/instituciones/MSP/miembros",
    "new_institution": "/admin/instituciones/nueva",
    "edit_msp": "/admin/instituciones/MSP/editar",
    "global_roles": "/admin/roles-globales",
    "security_log": "/admin/seguridad",
}
EXPECTED = {
    #                  admin_home mdt  msp  new  edit global security
    "citizen":        (403,       403, 403, 403, 403, 403,   403),
    "official_msp":   (403,       403, 403, 403, 403, 403,   403),
    "moderator_msp":  (403,       403, 403, 403, 403, 403,   403),
    "admin_mdt":      (200,       200, 403, 403, 403, 403,   403),
    "rector":         (403,       403, 403, 403, 403, 403,   403),
    "platform_admin": (200,       200, 200, 200, 200, 200,   200),
}
CASES = [(who, page, status) for who, statuses in EXPECTED.items()
         for page, status in zip(PAGES, statuses)]


@pytest.mark.parametrize("who, page, status", CASES)
def test_admin_permission_table(client, login_as, who, page, status):
    login_as(who)
    assert client.get(PAGES[page]).status_code == status


@pytest.mark.parametrize("page", PAGES.values())
def test_anonymous_visitors_are_sent_to_sign_in(client, people, page):
    response = client.get(page)
    assert response.status_code == 302
    assert "/cuenta/entrar" in response.headers["Location"]


def test_official_of_one_institution_cannot_add_members_to_another(client, login_as, people):
    login_as("official_msp")
    response = client.post("/admin/instituciones/MDT/miembros",
                           data={"email": people["citizen"].email, "role": "official"})
    assert response.status_code == 403
    assert db.session.scalar(select(Membership).where(
        Membership.user_id == people["citizen"].id)) is None


def test_institution_admin_gives_and_removes_a_role(client, login_as, people, institutions):
    login_as("admin_mdt")
    response = client.post("/admin/instituciones/MDT/miembros",
                           data={"email": "CIUDADANA@example.ec", "role": "official"})
    assert response.status_code == 302
    membership = db.session.scalar(select(Membership).where(
        Membership.user_id == people["citizen"].id))
    assert membership.institution_id == institutions["MDT"].id
    assert membership.role == InstitutionRole.OFFICIAL
    page = client.get("/admin/instituciones/MDT/miembros").get_data(as_text=True)
    assert "Rosa Ciudadana" in page and "Funcionario/a" in page

    membership_id = membership.id
    response = client.post(f"/admin/instituciones/MDT/miembros/{membership_id}/quitar")
    assert response.status_code == 302
    assert db.session.get(Membership, membership_id) is None
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "membership.added" in actions and "membership.removed" in actions


def test_membership_ids_from_another_institution_are_not_found(client, login_as, people):
    login_as("admin_mdt")
    msp_membership = people["official_msp"].memberships[0]
    response = client.post(f"/admin/instituciones/MDT/miembros/{msp_membership.id}/quitar")
    assert response.status_code == 404
    assert db.session.get(Membership, msp_membership.id) is not None


def test_adding_an_unknown_person_explains_they_must_register(client, login_as):
    login_as("admin_mdt")
    response = client.post("/admin/instituciones/MDT/miembros",
                           data={"email": "nadie@example.ec", "role": "moderator"})
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "debe registrarse primero" in page
    assert 'value="nadie@example.ec"' in page


def test_the_last_institution_admin_cannot_be_removed(client, login_as, people):
    login_as("admin_mdt")
    own = people["admin_mdt"].memberships[0]
    response = client.post(f"/admin/instituciones/MDT/miembros/{own.id}/quitar",
                           follow_redirects=True)
    assert "al menos un administrador" in response.get_data(as_text=True)
    assert db.session.get(Membership, own.id) is not None


def test_platform_admin_creates_an_institution(client, login_as):
    login_as("platform_admin")
    response = client.post("/admin/instituciones/nueva", data={
        "acronym": "senescyt", "name": "Secretaría de Educación Superior, Ciencia, Tecnología e Innovación",
        "sector": "Educación superior", "active": "y"})
    assert response.status_code == 302
    created = db.session.scalar(select(Institution).where(Institution.acronym == "SENESCYT"))
    assert created is not None and created.active


def test_duplicate_acronym_is_refused_with_the_text_kept(client, login_as, institutions):
    login_as("platform_admin")
    response = client.post("/admin/instituciones/nueva", data={
        "acronym": "msp", "name": "Otro nombre", "sector": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Otra institución ya usa estas siglas." in page
    assert 'value="Otro nombre"' in page


def test_platform_admin_names_a_rector_analyst(client, login_as, people):
    login_as("platform_admin")
    response = client.post("/admin/roles-globales",
                           data={"email": people["citizen"].email, "role": "rector_analyst"})
    assert response.status_code == 302
    db.session.refresh(people["citizen"])
    assert people["citizen"].global_role == GlobalRole.RECTOR_ANALYST
