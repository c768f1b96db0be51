"""What every template can use: permissions, languages, dates in local time."""
from datetime import date

from babel.dates import format_skeleton
from flask import Flask
from flask_babel import format_decimal, format_percent, get_locale

from participa import authz, template_i18n
from participa.extensions import babel
from participa.institution_names import institution_label
from participa.labels import action_label, role_label, target_label
from participa.verification.labels import level_label, method_label, needed_label

LANGUAGE_NAMES = {"es": "Español", "en": "English"}


def number(value, digits: int | None = None) -> str:
    """A number as the reader's language writes it ("3,8" in Spanish, "3.8" in English);
    `digits`: exactly that many decimals, rounded (an average of ratings: 1)."""
    if value is None:
        return ""
    if digits is None:
        return format_decimal(value)
    return format_decimal(round(value, digits), format="#,##0" + ("." + "0" * digits if digits else ""))


def month_year(value, month: int | None = None) -> str:
    """A month in words: "enero de 2026", "January 2026". `value` is a date, or the year
    with `month` given."""
    if month is not None:
        value = date(value, month, 1)
    if not value:
        return ""
    return format_skeleton("yMMMM", value, locale=get_locale() or "es")


def date_time(value, fmt: str = "medium") -> str:
    """A moment in Ecuador's time, one way everywhere: "1 dic 2026, 18:05" ("Dec 1, 2026,
    6:05 PM"); "short" is the same (numeric dates like "1/12/26" read differently in each
    country), "long" and "full" spell the month and the weekday."""
    if not value:
        return ""
    if fmt in ("short", "medium"):
        return (f"{template_i18n.date_filter(value, 'medium')}, "
                f"{template_i18n.time_filter(value, 'short')}")
    return template_i18n.datetime_filter(value, fmt)


def register(app: Flask) -> None:
    @app.context_processor
    def inject_globals():
        return {
            "authz": authz,
            "current_locale": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
            "language_names": LANGUAGE_NAMES,
            "institution_label": institution_label,
            "role_label": role_label,
            "action_label": action_label,
            "target_label": target_label,
            "level_label": level_label,
            "needed_label": needed_label,
            "method_label": method_label,
        }

    app.jinja_env.filters["datetime"] = date_time
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["month"] = month_year
    app.jinja_env.filters["percent"] = lambda value, digits=1: format_percent(
        value, format="#,##0." + "0" * digits + "%" if digits else "#,##0%")
    app.jinja_env.filters["date"] = template_i18n.date_filter
    template_i18n.install(app, babel)
    # Options of filter selects (templates/macros/filters.html): (value, label) pairs.
    app.jinja_env.filters["enum_option"] = lambda item: (item[0].value, item[1])
    app.jinja_env.filters["institution_option"] = lambda institution: (
        institution.acronym, f"{institution.acronym} — {institution.name}")
