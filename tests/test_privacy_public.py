"""Minimisation: the public pages, exports and open data of the demo show no citizen's email
address, cédula or exact location."""
from sqlalchemy import select

from participa import demo
from participa.extensions import db
from participa.models import AssistedFiling, Case, Consultation, Proposal, User


def test_public_outputs_of_the_demo_reveal_no_contact_cedula_or_coordinates(app, client):
    demo.load()
    db.session.commit()
    citizens = db.session.scalars(select(User).where(User.cedula.is_not(None))).all()
    secrets = {u.email for u in citizens} | {u.cedula for u in citizens}
    cases = db.session.scalars(select(Case)).all()
    secrets |= {c.contact_email for c in cases if c.contact_email}
    secrets |= {f"{c.latitude}" for c in cases if c.latitude is not None}
    secrets |= {f"{c.longitude}" for c in cases if c.longitude is not None}
    # People without an account whose case staff filed: their name and phone stay private.
    filings = db.session.scalars(select(AssistedFiling)).all()
    secrets |= {f.person_name for f in filings} | {f.phone for f in filings if f.phone}
    assert len(citizens) >= 3 and any(c.latitude is not None for c in cases) and filings

    urls = ["/", "/acerca", "/instituciones", "/privacidad", "/consultas", "/propuestas/",
            "/casos/", "/open311/v2/services.json", "/open311/v2/requests.json",
            "/open311/v2/requests.xml?status=open,closed"]
    for consultation_id in db.session.scalars(select(Consultation.id)):
        urls += [f"/consultas/{consultation_id}",
                 f"/consultas/{consultation_id}/comentarios.csv"]
    urls += [f"/propuestas/{pid}" for pid in db.session.scalars(select(Proposal.id))]
    # The open data catalogue and files, and the public API over every public object.
    urls += ["/datos/catalogo.jsonld", "/datos/catalogo.ttl", "/datos/catalogo.rdf",
             "/datos/solicitudes.csv", "/datos/solicitudes.json", "/datos/reutilizaciones.json",
             "/datos/consultas.json", "/api/v1/institutions", "/api/v1/consultations",
             "/api/v1/proposals?limit=200", "/api/v1/openapi.json", "/api/v1/"]
    for consultation_id in db.session.scalars(select(Consultation.id)):
        urls += [f"/api/v1/consultations/{consultation_id}{tail}" for tail in (
            "", "/sections", "/comments?limit=200", "/outcome", "/questions")]
        urls += [f"/datos/consultas/{consultation_id}/resultado-{part}.{fmt}"
                 for part in ("secciones", "comentarios") for fmt in ("csv", "json")]
    urls += [f"/api/v1/proposals/{pid}" for pid in db.session.scalars(select(Proposal.id))]
    # Every case filed here, and a sample of the imported history of the dashboard demo
    # (the importer has no contact, cédula or location fields; a request per case of the
    # history would take minutes).
    imported = [case for case in cases if case.external_id]
    urls += [f"/open311/v2/requests/{case.id}.json"
             for case in [c for c in cases if not c.external_id] + imported[::100]]
    scanned = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        scanned += 1
        text = response.get_data(as_text=True)
        leaked = sorted(secret for secret in secrets if secret in text)
        assert not leaked, f"{url} shows {leaked}"
    assert scanned >= len(urls) // 2
