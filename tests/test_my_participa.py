"""A citizen's own Participa: Mi Participa, the notices, mail preferences per kind, the
suspension banner, a readable "Mis datos", and a signed-out citizen following their case."""
from __future__ import annotations

import json

import pytest

from participa.extensions import db

from conftest import login
from factories_cases import make_case, make_category

CEDULA = "1710034065"


def body(response) -> str:
    return response.get_data(as_text=True)


def english(client) -> None:
    """New messages are translated at release; the tests read the English pages."""
    client.post("/idioma", data={"lang": "en", "next": "/"})


# --- Mis datos ----------------------------------------------------------------------------

def test_my_data_names_no_internal_object_after_adding_a_cedula(client, people):
    citizen = people["citizen"]
    login(client, citizen.email)
    response = client.post("/cuenta/cedula", data={"cedula": CEDULA})
    assert response.status_code == 302
    page = body(client.get("/cuenta/mis-datos"))
    assert "LocalProxy" not in page
    data = json.loads(body(client.get("/cuenta/mis-datos.json")))
    entries = data["sections"]["audit_entries"]["rows"]
    added = [e for e in entries if e["action"] == "account.cedula_added"]
    assert added and added[0]["about"] == "you"


# --- Following a case while signed out ------------------------------------------------------

def test_a_signed_out_citizen_following_an_account_case_is_asked_to_sign_in(
        client, people, institutions):
    category = make_category(institutions["MSP"])
    case = make_case(people["citizen"], institutions["MSP"], category)
    english(client)
    response = client.get(f"/casos/{case.code}")
    page = body(response)
    assert response.status_code == 401
    assert "does not exist" not in page
    assert "Sign in to see this case" in page
    assert f'/cuenta/entrar?next=/casos/{case.code}' in page
    # Signed in as its citizen, the same link shows the case.
    login(client, people["citizen"].email)
    response = client.get(f"/casos/{case.code}")
    assert response.status_code == 200 and case.code in body(response)
