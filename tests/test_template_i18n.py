"""Translations and dates in templates, looked up once per request: the same text as
Flask-Babel gives, in the person's language, and mail in the recipient's language."""
from datetime import date, datetime, timedelta, timezone

import pytest
from flask import render_template_string
from flask_babel import (force_locale, format_date, format_datetime, format_time, gettext,
                         lazy_gettext)

from participa.template_i18n import date_filter, datetime_filter, time_filter


@pytest.mark.parametrize("language", ["es", "en"])
def test_dates_read_as_flask_babel_writes_them(app, language):
    with app.test_request_context(headers={"Accept-Language": language}):
        for step in range(0, 2000, 37):
            moment = datetime(2026, 1, 1, 3, 0) + timedelta(minutes=step * 317)
            for value in (moment, moment.replace(tzinfo=timezone.utc)):
                for fmt in ("short", "medium", "long", "full"):
                    assert datetime_filter(value, fmt) == format_datetime(value, fmt)
                    assert date_filter(value, fmt) == format_date(value, fmt)
            assert date_filter(date(2026, 12, 25) + timedelta(days=step), "d MMM yyyy") == \
                format_date(date(2026, 12, 25) + timedelta(days=step), "d MMM yyyy")
        assert date_filter(None) == datetime_filter(None) == ""


def test_a_forced_locale_changes_every_kind_of_string_and_then_comes_back(app):
    label = lazy_gettext("Sign in")
    page = "{{ _('Sign in') }}|{{ label }}|{{ moment|date('long') }}"
    with app.test_request_context(headers={"Accept-Language": "es"}):
        spanish = render_template_string(page, label=label, moment=date(2026, 12, 25))
        with force_locale("en"):
            english = render_template_string(page, label=label, moment=date(2026, 12, 25))
            assert gettext("Sign in") == "Sign in"
        assert render_template_string(page, label=label, moment=date(2026, 12, 25)) == spanish
        assert gettext("Sign in") == "Iniciar sesión"
    assert spanish == "Iniciar sesión|Iniciar sesión|25 de diciembre de 2026"
    assert english == "Sign in|Sign in|December 25, 2026"


@pytest.mark.parametrize("language", ["es", "en"])
def test_times_read_as_flask_babel_writes_them(app, language):
    with app.test_request_context(headers={"Accept-Language": language}):
        for value in (datetime(2026, 1, 5, 4, 7), datetime(2026, 12, 1, 23, 5)):
            assert time_filter(value) == format_time(value, "short")


def test_remembered_dates_and_numbers_follow_the_language(app):
    """`|datetime`, `|date`, `|number` and `|percent` remember their text for the process:
    the same moment and number still read in each reader's language, and in a mail's
    forced language."""
    page = ("{{ moment|datetime('short') }}|{{ moment|date('long') }}|{{ 1234567|number }}|"
            "{{ 3.75|number(1) }}|{{ 0.25|percent(0) }}")
    moment = datetime(2026, 12, 1, 23, 5)
    with app.test_request_context(headers={"Accept-Language": "es"}):
        spanish = render_template_string(page, moment=moment)
        with force_locale("en"):
            english = render_template_string(page, moment=moment)
        assert render_template_string(page, moment=moment) == spanish
        with force_locale("en"):
            assert render_template_string(page, moment=moment) == english
    assert spanish == "1 dic 2026, 18:05|1 de diciembre de 2026|1.234.567|3,8|25%"
    assert english == "Dec 1, 2026, 6:05\u202fPM|December 1, 2026|1,234,567|3.8|25%"
