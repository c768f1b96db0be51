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
        {"name": "sign-in page", "paths": ["/cuenta/entrar"]},
    ]
    for extend in EXTENSIONS:
        scenarios.extend(extend(context))
    return scenarios


# Domains append a function(context) -> list of scenarios.
EXTENSIONS = []
