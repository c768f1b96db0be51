"""The benchmark's scenarios, built from the ids that the generators recorded.

Each scenario: name, paths (rotated), optional method/body (POST: {csrf} and {n} are filled
per request), and `as`: "citizens" (default, rotating sessions) or "staff" (an official of
the busiest institution).
"""


def build(context: dict) -> list[dict]:
    scenarios = [
        {"name": "ceiling", "paths": ["/__ceiling"]},
        {"name": "home", "paths": ["/"]},
        {"name": "institutions table", "paths": ["/instituciones", "/instituciones?pagina=2"]},
        {"name": "an institution's public page",
         "paths": [f"/instituciones/{context['busiest_institution']}"]},
        {"name": "sign-in page", "paths": ["/cuenta/entrar"]},
    ]
    for extend in EXTENSIONS:
        scenarios.extend(extend(context))
    return scenarios


def consultations(context: dict) -> list[dict]:
    busiest = context["busiest_consultation"]
    deep_page = max(1, context["rows"]["comments"] // 100 // 20 // 2)
    return [
        {"name": "consultation list", "paths": ["/consultas", "/consultas?pagina=2"]},
        {"name": "busiest consultation", "paths": [f"/consultas/{busiest}"]},
        {"name": "busiest consultation deep page",
         "paths": [f"/consultas/{busiest}?pagina={deep_page}"]},
        {"name": "a section's comments",
         "paths": [f"/consultas/{busiest}?seccion={context['busiest_section']}"]},
        {"name": "cast a ballot", "method": "POST",
         "paths": [f"/consultas/{busiest}/preguntas/{context['ballot_question']}/votar"],
         "body": "csrf_token={csrf}&option=" + str(context["ballot_options"][0])},
        {"name": "post a comment", "method": "POST",
         "paths": [f"/consultas/{context['open_consultation']}/comentarios"],
         "body": "csrf_token={csrf}&section=&stance=for&body=Comentario+de+carga+{n}"},
    ]


def proposals(context: dict) -> list[dict]:
    ids = context["proposal_ids"]
    return [
        {"name": "proposal list", "paths": ["/propuestas/", "/propuestas/?orden=recientes"]},
        {"name": "a proposal", "paths": [f"/propuestas/{ids[0]}", f"/propuestas/{ids[-1]}"]},
        {"name": "support a proposal", "method": "POST",
         "paths": [f"/propuestas/{pid}/apoyar" for pid in ids],
         "body": "csrf_token={csrf}"},
    ]


def cases(context: dict) -> list[dict]:
    busiest = context["busiest_institution"]
    return [
        {"name": "busiest institution's case queue", "as": "staff",
         "paths": [f"/casos/institucion/{busiest}", f"/casos/institucion/{busiest}?pagina=50"]},
        {"name": "a case page (official)", "as": "staff",
         "paths": [f"/casos/institucion/{busiest}/{context['busiest_case_id']}"]},
        {"name": "Open311 requests list", "paths": ["/open311/v2/requests.json"]},
        {"name": "file a case", "method": "POST",
         "paths": [f"/casos/nuevo/{context['filing_institution']}"],
         "body": ("csrf_token={csrf}&type=complaint&category=" + str(context["filing_category"])
                  + "&subject=Caso+de+carga+{n}&description=Descripcion+del+caso+{n}&province=")},
    ]


def dashboard(context: dict) -> list[dict]:
    period = "from=2025-11-01&to=2026-10-31"
    return [
        {"name": "dashboard summary", "as": "rector", "paths": ["/tablero/"]},
        {"name": "an institution page", "as": "rector",
         "paths": [f"/tablero/institucion/{context['busiest_institution']}"]},
        {"name": "open data institutions table", "paths": ["/datos/instituciones.csv"]},
        {"name": "open data institutions workbook", "paths": ["/datos/instituciones.xlsx"]},
        {"name": "stats API summary", "paths": [f"/api/v1/stats/summary?{period}"]},
        {"name": "stats API institutions", "paths": [f"/api/v1/stats/institutions?{period}"]},
        {"name": "observatory", "paths": ["/observatorio/"]},
        {"name": "case statistics", "as": "rector", "paths": ["/casos/estadisticas"]},
        {"name": "methodology", "paths": ["/datos/metodologia"]},
    ]


# Domains append a function(context) -> list of scenarios.
EXTENSIONS = [consultations, proposals, cases, dashboard]
