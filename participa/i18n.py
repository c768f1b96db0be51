"""Language choice: the person's own choice first, then the browser's, then Spanish."""
from flask import current_app, has_request_context, request, session
from flask_login import current_user

SESSION_KEY = "locale"
# The signed-in account's own language ("" for none), copied at sign-in: the language is
# then known without loading the person (files answered from memory need no query).
ACCOUNT_SESSION_KEY = "account_locale"


def supported_locales() -> tuple[str, ...]:
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    if not has_request_context():  # CLI and background jobs: the operator's default
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get(SESSION_KEY)
    if not chosen and ACCOUNT_SESSION_KEY in session:
        chosen = session[ACCOUNT_SESSION_KEY]
    elif not chosen and current_user and current_user.is_authenticated:
        chosen = current_user.locale
    if chosen in supported_locales():
        return chosen
    best = request.accept_languages.best_match(supported_locales())
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_locale(code: str, user=None) -> bool:
    """Store the chosen language for this browser and, when signed in, for the account."""
    if code not in supported_locales():
        return False
    session[SESSION_KEY] = code
    if user is not None and user.is_authenticated:
        user.locale = code
    return True


def remember_account_locale(user) -> None:
    """At sign-in: the account's language, for select_locale to read from the session."""
    session[ACCOUNT_SESSION_KEY] = user.locale or ""
