"""An institution's work queue is rendered once per change and shared by its officials
(participa.cases.queue_content): each gets the page a fresh rendering would give them, an
assignment or a new case shows on the very next page, "assigned to me" is each official's
own, and the links that depend on a role stay with that role."""
import re

import pytest
from conftest import login_with_code

from participa.models import InstitutionRole

from factories_cases import make_case, make_category
from test_case_queue_figures import MSP, msp_queue  # noqa: F401 (fixture)

TOKEN = re.compile(r'(name="csrf_token"(?: type="hidden")? value=")[^"]+"')


@pytest.fixture
def shared(app, cached):
    """Both caches as in production: the change tokens and the kept content."""
    app.config["PAGE_CACHE_SECONDS"] = 10


@pytest.fixture
def officials(app, make_user, people, institutions):
    """Signed-in browsers of three MSP staff: two officials and an administrator."""
    msp = institutions["MSP"]
    staff = {"luis": people["official_msp"],
             "marta": make_user("marta@msp.gob.ec", name="Marta Oficial",
                                roles=[(msp, InstitutionRole.OFFICIAL)]),
             "ines": make_user("ines@msp.gob.ec", name="Inés Administradora",
                               roles=[(msp, InstitutionRole.INSTITUTION_ADMIN)])}
    browsers = {}
    for name, user in staff.items():
        browsers[name] = app.test_client()
        assert login_with_code(browsers[name], user).status_code == 302
        browsers[name].get("/privacidad")  # reads the "signed in" message
    browsers["people"] = staff
    return browsers


def page(browser, path: str = MSP) -> str:
    response = browser.get(path)
    assert response.status_code == 200
    return TOKEN.sub(r'\1TOKEN"', response.get_data(as_text=True))


def test_officials_share_the_queue_and_each_gets_their_own_page(
        app, officials, msp_queue, shared):
    app.config["PAGE_CACHE_SECONDS"] = 0
    fresh = {who: page(officials[who]) for who in ("luis", "marta", "ines")}
    app.config["PAGE_CACHE_SECONDS"] = 10
    assert page(officials["luis"]) == fresh["luis"]  # kept now
    assert page(officials["marta"]) == fresh["marta"]  # from the kept content
    assert page(officials["ines"]) == fresh["ines"]  # an administrator: her own links
    assert "Categorías y plazos" in fresh["ines"] and "Categorías y plazos" not in fresh["marta"]


def assign(browser, case, official) -> None:
    token = TOKEN.search(browser.get(MSP).get_data(as_text=True)).group(0)
    assert browser.post(f"{MSP}/asignar", data={
        "csrf_token": token.split('value="')[1][:-1], "case_ids": [str(case.id)],
        "assignee": str(official.id)}).status_code == 302


def test_a_reassignment_and_a_new_case_show_on_the_next_page(
        app, officials, msp_queue, shared, people, institutions):
    overdue, _others = msp_queue
    staff = officials["people"]
    assign(officials["luis"], overdue, staff["luis"])  # its state becomes "assigned"
    before = page(officials["luis"])
    assert "Luis Funcionario</td>" in before and "Marta Oficial</td>" not in before

    assign(officials["luis"], overdue, staff["marta"])  # the same state, another official
    after = page(officials["marta"])
    assert "Marta Oficial</td>" in after and "Luis Funcionario</td>" not in after

    msp = institutions["MSP"]
    make_case(people["citizen"], msp, make_category(msp, "Vacunas"), subject="Vacuna pendiente")
    assert "Vacuna pendiente" in page(officials["luis"], f"{MSP}?pagina=2") + page(
        officials["luis"])


def test_assigned_to_me_is_each_officials_own(app, officials, msp_queue, shared):
    overdue, _others = msp_queue
    assign(officials["luis"], overdue, officials["people"]["marta"])

    assert "Turno vencido" in page(officials["marta"], f"{MSP}?asignado=me")
    assert "Turno vencido" not in page(officials["luis"], f"{MSP}?asignado=me")


def test_nothing_is_kept_without_the_change_tokens(app, officials, msp_queue, people,
                                                   institutions):
    app.config["PAGE_CACHE_SECONDS"] = 10  # the tokens' cache is off
    page(officials["luis"])
    msp = institutions["MSP"]
    make_case(people["citizen"], msp, make_category(msp, "Vacunas"), subject="Vacuna pendiente")
    assert "Vacuna pendiente" in page(officials["marta"], f"{MSP}?pagina=2") + page(
        officials["marta"])
    assert "kept_content" not in app.extensions
