"""What every template can use: permissions, languages, dates in local time."""
from datetime import date
from functools import lru_cache

from babel.dates import format_skeleton
from flask import Flask
from flask_babel import format_decimal, format_percent, get_locale, get_timezone

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
    return _number_in(value, digits, get_locale())


# Babel formats a number or a moment in some 70 and 190 microseconds: a thread or list page
# shows dozens, the same ones on every view. The text depends only on the arguments, the locale
# and the time zone (part of the key), so it is remembered for the process.
@lru_cache(maxsize=4096, typed=True)  # typed: 2 and 2.0 apart, as Babel may write them
def _number_in(value, digits: int | None, locale) -> str:
    if digits is None:
        return format_decimal(value)
    return format_decimal(round(value, digits), format="#,##0" + ("." + "0" * digits if digits else ""))


def percent(value, digits: int = 1) -> str:
    """A share (0.25) as a percentage in the reader's language ("25,0 %")."""
    return _percent_in(value, digits, get_locale())


@lru_cache(maxsize=4096, typed=True)
def _percent_in(value, digits: int, locale) -> str:
    return format_percent(value, format="#,##0." + "0" * digits + "%" if digits else "#,##0%")


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
    return _date_time_in(value, fmt, get_locale(), get_timezone())


@lru_cache(maxsize=8192)
def _date_time_in(value, fmt: str, locale, zone) -> str:
    if fmt in ("short", "medium"):
        return (f"{template_i18n.date_filter(value, 'medium')}, "
                f"{template_i18n.time_filter(value, 'short')}")
    return template_i18n.datetime_filter(value, fmt)


def date_only(value, fmt: str = "medium") -> str:
    """`value|date`: template_i18n.date_filter, remembered as date_time is."""
    if not value:
        return ""
    return _date_in(value, fmt, get_locale(), get_timezone())


@lru_cache(maxsize=8192, typed=True)  # typed: a date and a datetime of its midnight apart
def _date_in(value, fmt: str, locale, zone) -> str:
    return template_i18n.date_filter(value, fmt)


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
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["date"] = date_only
    template_i18n.install(app, babel)
    # Options of filter selects (templates/macros/filters.html): (value, label) pairs.
    app.jinja_env.filters["enum_option"] = lambda item: (item[0].value, item[1])
    app.jinja_env.filters["institution_option"] = lambda institution: (
        institution.acronym, f"{institution.acronym} — {institution.name}")
