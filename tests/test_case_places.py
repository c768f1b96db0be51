"""The case form: no category is chosen for the citizen, and the place of a case is picked
from Ecuador's official list of provinces, cantons and parishes (INEC's DPA codes)."""
import re

import pytest
from sqlalchemy import func, select

from participa.extensions import db
from participa.models import Case, CaseType

from factories_cases import make_category


@pytest.fixture
def categories(institutions):
    return [make_category(institutions["MSP"], "Citas médicas", deadline_days=10),
            make_category(institutions["MSP"], "Medicamentos")]


def test_no_category_is_chosen_for_the_citizen(client, login_as, categories):
    login_as("citizen")
    page = client.get("/casos/nuevo/MSP").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*name="category".*?</select>', page, re.S).group(0)
    options = re.findall(r"<option[^>]*>", select_html)
    # The first option asks for a choice; no real category is selected before the citizen does.
    assert 'value=""' in options[0]
    assert not any("selected" in option for option in options[1:])

    response = client.post("/casos/nuevo/MSP", data={
        "type": "complaint", "category": "", "subject": "Demora",
        "description": "Llevo dos meses esperando."})
    assert response.status_code == 400
    assert "Elija una categoría." in response.get_data(as_text=True)
    assert "Llevo dos meses esperando." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Case.id))) == 0


def _form(category, **extra):
    data = {"type": "complaint", "category": str(category.id), "subject": "Bache",
            "description": "Un bache enorme frente a la escuela."}
    data.update(extra)
    return data


def test_the_place_lists_come_from_inec_with_cantons_under_their_province(client, login_as,
                                                                        categories):
    login_as("citizen")
    page = client.get("/casos/nuevo/MSP").get_data(as_text=True)
    province = re.search(r'<select[^>]*name="province".*?</select>', page, re.S).group(0)
    assert len(re.findall(r"<option", province)) == 25  # 24 provinces and "no province"
    assert '<option value="17">Pichincha</option>' in province
    canton = re.search(r'<select[^>]*name="canton".*?</select>', page, re.S).group(0)
    assert len(re.findall(r"<option", canton)) == 222  # 221 cantons
    assert re.search(r'<optgroup label="Pichincha">.*?<option value="1701">Quito</option>',
                     canton, re.S)
    parish = re.search(r'<select[^>]*name="parish".*?</select>', page, re.S).group(0)
    assert '<optgroup label="Quito (Pichincha)">' in parish
    assert '<option value="170150">' in parish


def test_a_case_stores_the_code_of_its_parish(client, login_as, categories):
    login_as("citizen")
    response = client.post("/casos/nuevo/MSP", data=_form(
        categories[0], province="06", canton="0603", parish="060354"))
    assert response.status_code == 302, response.get_data(as_text=True)
    case = db.session.scalar(select(Case))
    assert case.place_code == "060354"
    assert (case.province, case.canton) == ("Chimborazo", "Colta")
    page = client.get(f"/casos/{case.code}").get_data(as_text=True)
    assert "Colta, Chimborazo" in page and "060354" in page


def test_a_parish_alone_is_enough(client, login_as, categories):
    login_as("citizen")
    response = client.post("/casos/nuevo/MSP", data=_form(categories[0], parish="170150"))
    assert response.status_code == 302
    case = db.session.scalar(select(Case))
    assert (case.place_code, case.province, case.canton) == ("170150", "Pichincha", "Quito")


@pytest.mark.parametrize("place, message", [
    ({"province": "17", "canton": "0101"}, "canton"),             # Cuenca is in Azuay
    ({"canton": "1701", "parish": "010150"}, "parish"),           # a parish of Cuenca
    ({"province": "09", "parish": "170150"}, "parish"),           # Quito's, not Guayas'
    ({"province": "99"}, "province"),                             # no such province
    ({"canton": "17"}, "canton"),                                 # a province in the canton box
    ({"parish": "<script>"}, "parish"),
])
def test_a_place_that_does_not_fit_is_refused_and_the_text_kept(client, login_as, categories,
                                                                place, message):
    login_as("citizen")
    response = client.post("/casos/nuevo/MSP", data=_form(categories[0], **place))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{message}-error"' in page
    assert "Un bache enorme frente a la escuela." in page
    assert db.session.scalar(select(func.count(Case.id))) == 0


def test_the_service_refuses_an_unknown_code(app, people, institutions, categories):
    from participa.cases import service
    from participa.domain import DomainError

    with pytest.raises(DomainError):
        service.file_case(people["citizen"], institutions["MSP"],
                          category_id=categories[0].id, case_type=CaseType.COMPLAINT,
                          subject="Bache", description="Texto", place_code="999999")


def test_cases_filed_before_the_list_keep_their_free_text_canton(client, login_as, people,
                                                                 institutions, categories):
    from participa.cases import service

    case = service.file_case(people["citizen"], institutions["MSP"],
                             category_id=categories[0].id, case_type=CaseType.COMPLAINT,
                             subject="Bache", description="Texto", province="Loja",
                             canton="Saraguro centro")
    db.session.commit()
    assert case.place_code is None
    login_as("citizen")
    assert "Saraguro centro, Loja" in client.get(f"/casos/{case.code}").get_data(as_text=True)


def test_every_place_code_lies_in_the_place_above_it():
    from participa.cases import places

    provinces = places.provinces()
    assert len(provinces) == 24
    cantons = [c for p in provinces for c in places.children(p.code)]
    assert len(cantons) == 221
    for canton in cantons:
        assert places.contains(canton.parent, canton.code)
        for parish in places.children(canton.code):
            assert len(parish.code) == 6 and parish.code.startswith(canton.code)
