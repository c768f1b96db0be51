"""Every rate limit of Participa, in one table, applied to the views at start-up.

Limits count per client address (behind a proxy, set PARTICIPA_TRUSTED_PROXIES so that the
address is the citizen's, not the proxy's). They are generous: a school or a public library
puts many honest people behind one address.
"""
from flask import Flask, current_app

from participa.extensions import limiter

# endpoint -> limit, counted on POST only (reading is never limited here). Failed sign-in
# steps have their own per-address limit in participa/auth/views.py (sign_in_ip_limit),
# counted only when a step fails.
POST_LIMITS = {
    "auth.register": "20 per hour",
    "auth.forgot_password": "10 per hour",
    "consultations.add_comment": "60 per hour",
    "consultations.reply": "60 per hour",
    "proposals.add_comment": "60 per hour",
    "proposals.reply": "60 per hour",
    "proposals.create": "20 per hour",
    "observatory.request_new": "20 per hour",
    "observatory.reuse_new": "20 per hour",
    "moderation.flag_comment": "60 per hour",
    "moderation.flag_proposal_comment": "60 per hour",
    "moderation.flag_proposal": "60 per hour",
    # Each attempt checks a password: no guessing from a session left open.
    "privacy.delete_account": "10 per hour",
    # Each attempt tries a date of birth against the census: no guessing one's way in.
    "verification.census": "20 per hour",
    # A tracking code with a short PIN or four digits of a cédula: no guessing the factor.
    "assisted.follow": "20 per hour",
    "assisted.claim": "10 per hour",
}
# endpoint -> limit per signed-in account (participa.moderation.spam.account_key), also on
# POST only: one person cannot flood a thread or the queue by changing address.
ACCOUNT_LIMITS = {
    "consultations.add_comment": "20 per hour",
    "consultations.reply": "20 per hour",
    "proposals.add_comment": "20 per hour",
    "proposals.reply": "20 per hour",
    "moderation.flag_comment": "30 per hour",
    "moderation.flag_proposal_comment": "30 per hour",
    "moderation.flag_proposal": "30 per hour",
    "verification.census": "5 per hour",
}



def api_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


# blueprint -> its limit (a function: the limiter registers a limit once per function, however
# many apps a process creates), counted on every request, reading included: the public read
# API, one counter per client address for all its views.
BLUEPRINT_LIMITS = {"public_api": api_limit}


def register(app: Flask) -> None:
    """Wrap the views named above; create_app has already bound the limiter to the app."""
    for name, limit in BLUEPRINT_LIMITS.items():
        rule = limiter.shared_limit(limit, scope=name)
        for endpoint, view in list(app.view_functions.items()):
            if endpoint.startswith(name + "."):
                app.view_functions[endpoint] = rule(view)
    for endpoint, rule in POST_LIMITS.items():
        view = app.view_functions.get(endpoint)
        if view is not None:
            app.view_functions[endpoint] = limiter.limit(rule, methods=["POST"])(view)
    from participa.moderation.spam import account_key

    for endpoint, rule in ACCOUNT_LIMITS.items():
        view = app.view_functions.get(endpoint)
        if view is not None:
            app.view_functions[endpoint] = limiter.limit(
                rule, methods=["POST"], key_func=account_key,
                scope=f"account:{endpoint}")(view)
