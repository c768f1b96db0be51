"""What every template can use: permissions, languages, dates in local time."""
from flask import Flask
from flask_babel import format_decimal, format_percent, get_locale

from participa import authz, template_i18n
from participa.extensions import babel
from participa.labels import action_label, role_label, target_label
from participa.verification.labels import level_label, method_label, needed_label

LANGUAGE_NAMES = {"es": "Español", "en": "English"}


def register(app: Flask) -> None:
    @app.context_processor
    def inject_globals():
        return {
            "authz": authz,
            "current_locale": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
            "language_names": LANGUAGE_NAMES,
            "role_label": role_label,
            "action_label": action_label,
            "target_label": target_label,
            "level_label": level_label,
            "needed_label": needed_label,
            "method_label": method_label,
        }

    app.jinja_env.filters["datetime"] = template_i18n.datetime_filter
    app.jinja_env.filters["number"] = format_decimal
    app.jinja_env.filters["percent"] = lambda value, digits=1: format_percent(
        value, format="#,##0." + "0" * digits + "%" if digits else "#,##0%")
    app.jinja_env.filters["date"] = template_i18n.date_filter
    template_i18n.install(app, babel)
    # Options of filter selects (templates/macros/filters.html): (value, label) pairs.
    app.jinja_env.filters["enum_option"] = lambda item: (item[0].value, item[1])
    app.jinja_env.filters["institution_option"] = lambda institution: (
        institution.acronym, f"{institution.acronym} — {institution.name}")
