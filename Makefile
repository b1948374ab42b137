# calfcare: `make run` serves the site, `make test` proves it. Both start from a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP_INSTALL := $(VENV)/bin/pip install --quiet --require-hashes --no-deps

# The local settings (a generated secret key, plain http on 127.0.0.1) live in .env, kept out of
# git. Make creates it on first use and exports it to every command below.
-include .env
export

.PHONY: help run dev test test-fast test-suite audit lint format editor migrate static system-packages \
	audit-packages node-packages deploy-check bench fuzz soak clean

help:
	@echo "make run     - set everything up and serve the site on http://127.0.0.1:$(PORT)"
	@echo "make dev     - Django's development server: auto-reload, DEBUG on, same database as run"
	@echo "make test    - set everything up and run the checks and the whole test suite"
	@echo "make test-fast - the suite without the browser and gunicorn tests, on every core (about 4 min on 2 cores)"
	@echo "make audit   - Lighthouse (mobile) on the home, massage and a step page; fails below the bar"
	@echo "make editor  - create an editor (superuser) account for the admin"
	@echo "make format  - format the code with ruff"
	@echo "make fuzz    - the bad-input property tests, many more examples"
	@echo "make soak    - load, concurrent edits and faults on SQLite and PostgreSQL, counts errors"
	@echo "make bench   - measure requests/s, latency, queries and page weight, and through Varnish (not a test)"

.env:
	@echo "Writing .env with a new local secret key (kept out of git)"
	@printf '%s\n' \
	  "# Local settings written by make; see .env.example for every variable." \
	  "DJANGO_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  "DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost" \
	  "# Local plain-http server only: no HTTPS redirect, HSTS or Secure cookies. Never in production." \
	  "DJANGO_HTTPS=false" > .env

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements/base.txt | $(VENV)/bin/python
	$(PIP_INSTALL) -r requirements/base.txt
	@touch $@

$(VENV)/.installed-dev: requirements/dev.txt | $(VENV)/bin/python
	$(PIP_INSTALL) -r requirements/dev.txt
	@touch $@ $(VENV)/.installed

# Lighthouse for `make audit` and stylelint for `make lint`, exactly as package-lock.json pins
# them (names, versions, hashes).
node_modules/.installed: package.json package-lock.json | node-packages
	npm ci
	@touch $@

# The schema, then the starting content from content/ (only what the database lacks).
migrate: $(VENV)/.installed .env
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_initial_content

static: $(VENV)/.installed .env
	$(PY) manage.py collectstatic --no-input --verbosity 0

run: migrate static
	@echo "Serving calfcare on http://127.0.0.1:$(PORT) (Ctrl+C stops it)"
	PORT=$(PORT) $(VENV)/bin/gunicorn --config gunicorn.conf.py --no-control-socket

# For template, CSS and Python work: Django's runserver reloads on every change and shows
# DEBUG's error pages; static files come straight from static/ (WhiteNoise's finders, no
# collectstatic). Same .env and database as `make run`, but not the page cache: that lives in
# calfcare/wsgi.py (delivery/wsgi.py), around the app gunicorn serves, and runserver uses its own
# handler.
dev: migrate
	@echo "Serving calfcare with auto-reload on http://127.0.0.1:$(PORT) (Ctrl+C stops it)"
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

editor: migrate
	$(PY) manage.py createsuperuser

system-packages:
	@bash .ci/system-packages test

audit-packages:
	@bash .ci/system-packages audit

node-packages:
	@bash .ci/system-packages node

lint: $(VENV)/.installed-dev node_modules/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/hadolint Dockerfile
	node_modules/.bin/stylelint "static/**/*.css"

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Django's deployment checklist against the production settings: a clean environment (not .env,
# which is for a local plain-http server) with only what a deployment must set.
deploy-check: $(VENV)/.installed
	env -i PATH="$$PATH" DJANGO_SETTINGS_MODULE=calfcare.settings DJANGO_DEBUG=false \
	  DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  DJANGO_ALLOWED_HOSTS=calfcare.example \
	  DJANGO_CSRF_TRUSTED_ORIGINS=https://calfcare.example \
	  $(PY) manage.py check --deploy --fail-level WARNING

# The whole suite (or the marker expression TESTS) in two runs: the tests that share nothing,
# one pytest-xdist worker per core; then the browser tests (one Chromium, one live server) and the
# ones that start gunicorn (which use both cores themselves), in one process. Both runs share one
# PostgreSQL server for the tests that need one.
TESTS ?=
SUITE = export TEST_POSTGRES_URL=$${TEST_POSTGRES_URL:-$$(bash .ci/postgres)} && \
	$(PY) -m pytest -n auto -m "not browser and not slow_server $(if $(TESTS),and ($(TESTS)))" && \
	$(PY) -m pytest -m "(browser or slow_server) $(if $(TESTS),and ($(TESTS)))"

test: $(VENV)/.installed-dev system-packages lint deploy-check
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run
	$(SUITE)

# The fast loop: everything but the browser tests (tests/e2e) and the ones that start gunicorn
# (marked slow_server), on SQLite, one pytest-xdist worker per core, each with its own test
# database. `make test` runs these the same way, then the rest.
test-fast: $(VENV)/.installed-dev
	$(PY) -m pytest -n auto -m "not browser and not slow_server"

# The pytest suite alone, e.g. again on PostgreSQL: DATABASE_URL=postgres://... make test-suite
# (TESTS="not browser" leaves the browser tests out, as CI's PostgreSQL run does).
test-suite: $(VENV)/.installed-dev system-packages
	$(SUITE)

# The bad-input property tests with many more examples than `make test` runs.
fuzz: $(VENV)/.installed-dev
	HYPOTHESIS_PROFILE=deep $(PY) -m pytest tests/test_bad_input.py

# Readers and writers at once, with worker restarts, a reload and a killed worker, then faults:
# Redis killed, the cache folder unwritable, the database down, a deploy, and readers through
# Varnish while an app server is killed (not a test; ~5 minutes).
soak: $(VENV)/.installed-dev
	@bash .ci/system-packages bench
	SOAK_POSTGRES_URL=$${SOAK_POSTGRES_URL:-$$(bash .ci/postgres)} $(PY) bench/soak.py

bench: $(VENV)/.installed-dev
	@bash .ci/system-packages bench
	$(PY) bench/run.py

# Serves the site as `make run` does (gunicorn, production settings) on a free port, against a
# fresh database of the seed content, and runs Lighthouse against it. Takes a few minutes.
audit: audit-packages static node_modules/.installed
	$(PY) audit/lighthouse.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache screenshots node_modules
