# Participa: the README's two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
DEV_ENV := PARTICIPA_ENV=development

# `make serve`: production serving with gunicorn (needs PARTICIPA_SECRET_KEY and a database).
.PHONY: run serve bench test screenshots install install-dev translations extract-messages update-catalogues clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations

# The worker (mail, scheduled commands) runs in the background and stops with the server.
run: install translations
	$(DEV_ENV) $(FLASK) participa init
	$(DEV_ENV) $(FLASK) participa demo
	@$(DEV_ENV) $(FLASK) participa worker --workers 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(DEV_ENV) $(FLASK) run --host 127.0.0.1 --port 5000

serve: install translations
	$(FLASK) participa init
	$(BIN)/gunicorn --config deploy/gunicorn.conf.py wsgi:app

# National-scale benchmark (not part of `make test`); BENCH_ARGS="--scale 0.01" for a quick run.
# BENCH_DATABASE_URL=postgresql+psycopg://... measures PostgreSQL too (its schema is emptied).
bench: install translations
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

test: install-dev translations
	$(BIN)/python -m pytest

# Phone and desktop screenshots of every page the browser journeys visit, as PNG files.
SCREENSHOT_DIR ?= screenshots
screenshots: install-dev translations
	rm -f $(SCREENSHOT_DIR)/*.png
	PARTICIPA_SCREENSHOT_DIR=$(abspath $(SCREENSHOT_DIR)) $(BIN)/python -m pytest tests/browser
	@echo "Screenshots in $(SCREENSHOT_DIR)/"

# For developers: refresh the catalogues after changing user-visible strings.
extract-messages: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 -o translations/messages.pot --no-location --sort-output .
update-catalogues: extract-messages
	$(BIN)/pybabel -q update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/python -m participa.catalogues fill-english translations/en/LC_MESSAGES/messages.po

clean:
	rm -rf $(VENV) instance
