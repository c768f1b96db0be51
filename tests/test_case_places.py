"""The case form: no category is chosen for the citizen, and the place of a case is picked
from Ecuador's official list of provinces, cantons and parishes (INEC's DPA codes)."""
import re

import pytest
from sqlalchemy import func, select

from participa.extensions import db
from participa.models import Case

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
