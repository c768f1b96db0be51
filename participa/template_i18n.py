"""Translations and dates, looked up once per request instead of once per string.

Flask-Babel finds the request's domain, locale and catalogue again for every string it
translates (template text, `_()`, each lazy label when shown: several context-local look-ups
and a locale-to-text conversion each), and its date filter parses the locale's pattern for
every date: on a list page that is hundreds of look-ups. Here the catalogue is kept on the
request's Babel context together with the locale it belongs to, so `force_locale` (mail in
the recipient's language) and a language change still take effect at once; date patterns
are parsed once per locale and format.
"""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from babel import dates
from flask import g
from flask_babel import (Domain, format_datetime, get_locale, get_translations,
                         to_user_timezone)

_NAMED_FORMATS = ("full", "long", "medium", "short")


def _cached():
    """The catalogue remembered on this request's Babel context, if still for its locale."""
    try:
        context = g.get("_flask_babel")
    except RuntimeError:  # no application context
        return None
    if context is not None:
        cached = getattr(context, "participa_translations", None)
        if cached is not None and cached[0] is getattr(context, "babel_locale", None):
            return cached[1]
    return None


class RequestCachedDomain(Domain):
    """Flask-Babel's message domain, remembering the request's catalogue after the first
    look-up (Flask-Babel caches the catalogues themselves, by locale, for the process)."""

    def get_translations(self):
        found = _cached()
        if found is not None:
            return found
        found = super().get_translations()
        try:
            context = g.get("_flask_babel")
        except RuntimeError:
            return found
        if context is not None:
            context.participa_translations = (getattr(context, "babel_locale", None), found)
        return found


def translations():
    """The current request's catalogue."""
    return _cached() or get_translations()


def install(app, babel) -> None:
    """Use the cached domain for every translation, and give templates callables that go
    to it directly (same signatures and results as Flask-Babel's; newstyle gettext)."""
    babel.domain_instance = RequestCachedDomain(domain=app.extensions["babel"].default_domain)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True)


@lru_cache(maxsize=256)
def _date_pattern(fmt: str, locale) -> dates.DateTimePattern:
    return dates.parse_pattern(dates.get_date_format(fmt, locale=locale)
                               if fmt in _NAMED_FORMATS else fmt)


def date_filter(value, fmt: str = "medium") -> str:
    """`value|date`: the date in the person's language, a datetime seen in local time;
    "" for no value. The same text as flask_babel.format_date."""
    if not value:
        return ""
    fmt = fmt or "medium"
    if isinstance(value, datetime):
        value = to_user_timezone(value).date()
    locale = get_locale()
    return _date_pattern(fmt, locale).apply(value, locale)


@lru_cache(maxsize=256)
def _time_pattern(fmt: str, locale) -> dates.DateTimePattern:
    return dates.parse_pattern(dates.get_time_format(fmt, locale=locale))


def time_filter(value: datetime, fmt: str = "short") -> str:
    """The time of `value` in the person's language and time zone, for one of the named
    formats. The same text as flask_babel.format_time."""
    local = to_user_timezone(value)
    locale = get_locale()
    return _time_pattern(fmt, locale).apply(local.timetz(), locale,
                                            reference_date=local.date())


@lru_cache(maxsize=256)
def _datetime_patterns(fmt: str, locale) -> tuple[str, dates.DateTimePattern,
                                                  dates.DateTimePattern]:
    """Babel's combination of a named format: the glue ("{1}, {0}") and the date and time
    patterns."""
    return (str(dates.get_datetime_format(fmt, locale=locale)).replace("'", ""),
            dates.parse_pattern(dates.get_date_format(fmt, locale=locale)),
            dates.parse_pattern(dates.get_time_format(fmt, locale=locale)))


def datetime_filter(value, fmt: str = "medium") -> str:
    """`value|datetime`: date and time in the person's language and time zone; "" for no
    value. The same text as flask_babel.format_datetime (a pattern other than the named
    formats goes to it)."""
    if not value:
        return ""
    fmt = fmt or "medium"
    if fmt not in _NAMED_FORMATS or not isinstance(value, datetime):
        return format_datetime(value, fmt)
    local = to_user_timezone(value)
    locale = get_locale()
    glue, date_pattern, time_pattern = _datetime_patterns(fmt, locale)
    return (glue.replace("{0}", time_pattern.apply(local.timetz(), locale,
                                                   reference_date=local.date()))
            .replace("{1}", date_pattern.apply(local.date(), locale)))
