"""Institution names in sentences: the article stored with the institution, contracted with
its preposition in Spanish ("al Ministerio", "de la Secretaría"), the bare name in English."""
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from participa.admin.service import import_institutions
from participa.extensions import db
from participa.institution_names import guess_article, institution_label, with_article
from participa.models import Institution


@pytest.mark.parametrize("name, article", [
    ("Ministerio de Salud Pública", "el"), ("Servicio de Rentas Internas", "el"),
    ("Instituto Nacional de Estadística y Censos", "el"), ("Consejo Nacional Electoral", "el"),
    ("Banco de Desarrollo del Ecuador", "el"), ("Registro Civil", "el"),
    ("Secretaría Nacional de Planificación", "la"), ("Agencia Nacional de Tránsito", "la"),
    ("Superintendencia de Bancos", "la"), ("Defensoría del Pueblo", "la"),
    ("Corporación Financiera Nacional", "la"), ("Dirección del Parque Nacional Galápagos", "la"),
    ("Empresa Pública Metropolitana de Agua Potable", "la"), ("Fuerzas Armadas", "las"),
    ("Petroecuador", ""), ("CNEL EP", ""),
])
def test_the_article_is_guessed_from_the_first_word(name, article):
    assert guess_article(name) == article


@pytest.mark.parametrize("article, preposition, expected", [
    ("el", "to", "al Ministerio"), ("el", "of", "del Ministerio"), ("el", "in", "en el Ministerio"),
    ("la", "to", "a la Ministerio"), ("la", "of", "de la Ministerio"),
    ("", "to", "a Ministerio"), ("", "", "Ministerio"), ("el", "", "el Ministerio"),
    ("los", "of", "de los Ministerio"),
])
def test_spanish_contracts_a_and_de_with_el(article, preposition, expected):
    assert with_article("Ministerio", article, preposition) == expected


def test_english_takes_the_bare_name_and_spanish_the_article(app):
    msp = SimpleNamespace(name="Ministerio de Salud Pública", acronym="MSP", article="el")
    assert institution_label(msp, "to", locale="es") == "al Ministerio de Salud Pública"
    assert institution_label(msp, "of", short=True, locale="es") == "del MSP"
    assert institution_label(msp, "to", locale="en") == "Ministerio de Salud Pública"
    senescyt = SimpleNamespace(name="Secretaría de Educación Superior", acronym="SENESCYT",
                               article="la")
    assert institution_label(senescyt, "The", short=True, locale="es") == "La SENESCYT"
    assert institution_label(senescyt, "The", short=True, locale="en") == "SENESCYT"


def test_a_new_institution_gets_the_article_its_name_calls_for(app):
    institution = Institution(acronym="SENESCYT", name="Secretaría de Educación Superior")
    db.session.add(institution)
    db.session.commit()
    assert institution.article == "la"


def test_the_filing_page_puts_the_article_before_the_name(client, institutions):
    page = client.get("/casos/nuevo/MSP", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Presentar un caso al Ministerio de Salud Pública" in page
    assert "Presentar un caso a Ministerio" not in page
    english = client.get("/casos/nuevo/MSP", headers={"Accept-Language": "en"})
    assert "File a case to Ministerio de Salud Pública" in english.get_data(as_text=True)


def test_the_queue_of_cases_reads_del(client, login_as, institutions):
    login_as("official_msp")
    page = client.get("/casos/institucion/MSP", headers={"Accept-Language": "es"})
    text = page.get_data(as_text=True)
    assert "Casos del Ministerio de Salud Pública" in text and "Casos de MSP" not in text


def test_the_platform_administrator_corrects_the_article(client, login_as, institutions):
    login_as("platform_admin")
    form = client.get("/admin/instituciones/MSP/editar").get_data(as_text=True)
    assert 'name="article"' in form
    response = client.post("/admin/instituciones/MSP/editar", data={
        "acronym": "MSP", "name": "Ministerio de Salud Pública", "sector": "Salud",
        "article": "", "active": "y"})
    assert response.status_code == 302
    assert institutions["MSP"].article == ""
    bad = client.post("/admin/instituciones/MSP/editar", data={
        "acronym": "MSP", "name": "Ministerio de Salud Pública", "sector": "Salud",
        "article": "lo", "active": "y"})
    assert bad.status_code == 400
    assert 'value="Ministerio de Salud Pública"' in bad.get_data(as_text=True)


def test_a_new_institution_from_the_form_has_its_article_guessed_or_chosen(client, login_as):
    login_as("platform_admin")
    client.post("/admin/instituciones/nueva", data={
        "acronym": "ANT", "name": "Agencia Nacional de Tránsito", "sector": "", "article": "auto",
        "active": "y"})
    client.post("/admin/instituciones/nueva", data={
        "acronym": "CFN", "name": "CFN B.P.", "sector": "", "article": "la", "active": "y"})
    articles = dict(db.session.execute(select(Institution.acronym, Institution.article)
                                       .where(Institution.acronym.in_(["ANT", "CFN"]))).all())
    assert articles == {"ANT": "la", "CFN": "la"}


def test_the_import_reads_an_optional_article_column(app):
    report = import_institutions([
        "acronym,name,sector,article",
        "EP-PETRO,EP Petroecuador,Energía,la",
        "SRI,Servicio de Rentas Internas,Tributación,",
        "CNEL,CNEL EP,Energía,-",
        "BAD,Banco Malo,Finanzas,lo",
    ])
    assert [line for line, _problem in report.errors] == [5]
    articles = dict(db.session.execute(select(Institution.acronym, Institution.article)).all())
    assert articles == {"EP-PETRO": "la", "SRI": "el", "CNEL": ""}
    again = import_institutions(["acronym,name,sector", "CNEL,CNEL EP,Energía"])
    assert again.unchanged == 1
    assert db.session.scalar(select(Institution.article).where(Institution.acronym == "CNEL")) == ""
