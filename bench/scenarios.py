"""The benchmark's scenarios, built from the ids that the generators recorded.

Each scenario: name, paths (rotated), optional method/body (POST: {csrf} and {n} are filled
per request), and `as`: "citizens" (default, rotating sessions), "anonymous" (no session),
"staff" (an official of the busiest institution) or "rector" (a rector analyst).
"""

# Public pages, measured signed in (the default) and anonymous ("... (anonymous)").
PUBLIC_PAGES = [
    ("home", ["/"]),
    ("privacy notice", ["/privacidad"]),
    ("about", ["/acerca"]),
    ("institutions table", ["/instituciones", "/instituciones?pagina=2"]),
    ("consultation list", ["/consultas", "/consultas?pagina=2"]),
    ("proposal list", ["/propuestas/", "/propuestas/?orden=newest"]),
    ("open data catalogue", ["/datos/"]),
    ("Open311 services", ["/open311/v2/services.json"]),
    ("Open311 requests list", ["/open311/v2/requests.json"]),
    ("case list", ["/casos/"]),
]


def build(context: dict) -> list[dict]:
    # The constant route without a session: signed in, it would load the account first.
    scenarios = [{"name": "ceiling", "paths": ["/__ceiling"], "as": "anonymous"}]
    for name, paths in PUBLIC_PAGES:
        scenarios.append({"name": name, "paths": paths})
        scenarios.append({"name": f"{name} (anonymous)", "paths": paths, "as": "anonymous"})
    scenarios += [
        {"name": "sign-in page", "paths": ["/cuenta/entrar"], "as": "anonymous"},
        {"name": "registration page", "paths": ["/cuenta/registro"], "as": "anonymous"},
        {"name": "an institution's public page",
         "paths": [f"/instituciones/{context['busiest_institution']}"]},
    ]
    for extend in EXTENSIONS:
        scenarios.extend(extend(context))
    return scenarios


def thread_cursor(context: dict, page: int) -> int:
    """The id of the last top-level comment on page `page - 1` of the busiest consultation,
    newest first (the generator's comments 1..n: every third one is a reply, times grow with
    the id): the `despues` of page `page`'s link."""
    count = context["busiest_comments"]
    newest_first = (k for k in range(count - 1, -1, -1) if k % 3 != 2)
    wanted = 20 * (page - 1)
    for position, k in enumerate(newest_first, start=1):
        if position == wanted:
            return k + 1
    return 1


def consultations(context: dict) -> list[dict]:
    busiest = context["busiest_consultation"]
    top_level_pages = (context["busiest_comments"] * 2 // 3) // 20
    deep_page = max(2, min(1600, top_level_pages // 2))
    cursor = thread_cursor(context, deep_page)
    return [
        {"name": "busiest consultation", "paths": [f"/consultas/{busiest}"]},
        {"name": "busiest consultation (anonymous)", "paths": [f"/consultas/{busiest}"],
         "as": "anonymous"},
        {"name": "busiest consultation deep page",
         "paths": [f"/consultas/{busiest}?despues={cursor}&pagina={deep_page}"]},
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
        {"name": "Gestión workspace", "as": "staff", "paths": [f"/gestion/{busiest}"]},
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


def public_api(context: dict) -> list[dict]:
    from participa.api.paging import encode_cursor

    busiest = context["busiest_consultation"]
    # A cursor half-way through the comments: a deep page is one index range scan.
    middle = encode_cursor(context["rows"]["comments"] // 2)
    return [
        {"name": "open data catalogue", "paths": ["/datos/catalogo.jsonld"]},
        {"name": "API consultations", "paths": ["/api/v1/consultations?limit=50"]},
        {"name": "API busiest consultation's comments",
         "paths": [f"/api/v1/consultations/{busiest}/comments?limit=50",
                   f"/api/v1/consultations/{busiest}/comments?limit=50&cursor={middle}"]},
        {"name": "API proposals", "paths": ["/api/v1/proposals?limit=50"]},
    ]


def transparency(context: dict) -> list[dict]:
    busiest, year = context["busiest_institution"], 2026
    return [
        {"name": "LOTAIP annual report", "as": "rector",
         "paths": [f"/transparencia/{busiest}/informe/{year}"]},
        {"name": "LOTAIP annual report XLSX", "as": "rector",
         "paths": [f"/transparencia/{busiest}/informe/{year}.xlsx"]},
        {"name": "transparency reports overview", "as": "rector",
         "paths": [f"/transparencia/informes/{year}"]},
    ]


# Domains append a function(context) -> list of scenarios.
EXTENSIONS = [consultations, proposals, cases, dashboard, public_api, transparency]
