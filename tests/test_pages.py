"""Public pages, error pages, forms' CSRF protection and the health check."""
import pytest

from participa.extensions import db

from conftest import make_app


@pytest.mark.parametrize("path", ["/", "/acerca", "/instituciones", "/cuenta/entrar",
                                  "/cuenta/registro", "/cuenta/recuperar"])
def test_public_pages_have_an_accessible_frame(client, institutions, path):
    response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="skip-link" href="#contenido"' in page
    assert '<main id="contenido"' in page
    assert "<nav" in page and "<footer" in page
    assert 'name="viewport"' in page
    assert "https://" not in page.split("<body>")[0], "assets must come from static/"


def test_institutions_directory_lists_active_institutions(client, institutions):
    institutions["MDT"].active = False
    db.session.commit()
    page = client.get("/instituciones").get_data(as_text=True)
    assert "Ministerio de Salud Pública" in page
    assert "Ministerio del Trabajo" not in page


def test_form_fields_have_labels(client):
    page = client.get("/cuenta/registro").get_data(as_text=True)
    for field in ("name", "email", "cedula", "password", "confirm"):
        assert f'<label for="{field}">' in page


def test_forms_are_refused_without_a_csrf_token(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
        client = app.test_client()
        page = client.get("/cuenta/entrar").get_data(as_text=True)
        assert 'name="csrf_token"' in page
        response = client.post("/cuenta/entrar", data={"email": "a@b.ec", "password": "x" * 12})
        assert response.status_code == 400
        assert "El formulario caducó" in response.get_data(as_text=True)
        response = client.post("/idioma", data={"lang": "en"})
        assert '<html lang="es">' in client.get("/").get_data(as_text=True)
        db.drop_all()


def test_unexpected_errors_show_a_translated_500_page_without_details(tmp_path):
    app = make_app(tmp_path)

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internal detail")

    client = app.test_client()
    response = client.get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Algo salió mal de nuestro lado" in page
    assert "secret internal detail" not in page
    english = client.get("/boom", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Something went wrong on our side" in english


def test_errors_answer_json_to_api_clients(client):
    response = client.get("/no-existe", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == 404


def test_static_assets_are_served_locally(client):
    assert client.get("/static/css/participa.css").status_code == 200


def test_institutions_directory_is_paginated(client, make_institution):
    for n in range(120):
        make_institution(f"I{n:03d}", f"Institución {n:03d}")
    page = client.get("/instituciones?pagina=2").get_data(as_text=True)
    assert "Página 2 de 3" in page
    assert 'href="/instituciones?pagina=1" rel="prev"' in page
    assert 'href="/instituciones?pagina=3" rel="next"' in page
    assert "Institución 050" in page and "Institución 000" not in page
