"""The case page's action panel lists (officials, categories, reply templates, institutions
to transfer to) are kept between pages; the very next page after a change shows it."""
from sqlalchemy import update

from participa.cases import office_choices, replies
from participa.extensions import db
from participa.figures_cache import current_tokens
from participa.models import InstitutionRole, User

from factories_cases import make_case, make_category


def _page(client, case) -> str:
    response = client.get(f"/casos/institucion/MSP/{case.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_next_case_page_shows_each_change_to_its_lists(client, login_as, people,
                                                          institutions, make_user, cached):
    msp, mdt = institutions["MSP"], institutions["MDT"]
    case = make_case(people["citizen"], msp, make_category(msp, "Citas médicas"))
    login_as("official_msp")
    page = _page(client, case)
    assert "Luis Funcionario" in page and "MDT — Ministerio del Trabajo" in page

    colleague = make_user("colega@msp.gob.ec", name="Carla Colega",
                          roles=[(msp, InstitutionRole.OFFICIAL)])
    assert "Carla Colega" in _page(client, case)

    colleague.name = "Carla Colega Ruiz"
    db.session.commit()
    assert "Carla Colega Ruiz" in _page(client, case)

    colleague.is_active_account = False
    db.session.commit()
    assert "Carla Colega" not in _page(client, case)

    other = make_user("marta@msp.gob.ec", name="Marta Oficial",
                      roles=[(msp, InstitutionRole.INSTITUTION_ADMIN)])
    assert "Marta Oficial" in _page(client, case)
    db.session.execute(update(User).where(User.id == other.id).values(name="Marta Paz"))
    db.session.commit()
    assert "Marta Paz" in _page(client, case)

    make_category(msp, "Vacunación")
    assert "Vacunación" in _page(client, case)

    replies.create_template(people["official_msp"], msp, title="Cita reprogramada",
                            answer="Su cita fue reprogramada.")
    db.session.commit()
    assert "Cita reprogramada" in _page(client, case)

    mdt.name = "Ministerio del Trabajo y Empleo"
    db.session.commit()
    assert "MDT — Ministerio del Trabajo y Empleo" in _page(client, case)
    mdt.active = False
    db.session.commit()
    assert "MDT —" not in _page(client, case)


def test_a_sign_in_keeps_the_lists(client, login_as, people, institutions, cached):
    """Signing in writes to the person's row, not to what the lists show of them."""
    before = current_tokens(office_choices._TOKEN)
    login_as("official_msp")
    assert current_tokens(office_choices._TOKEN) == before
