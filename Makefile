# Verbinder: the commands a person learns. `make run` to try it, `make test` to test it.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
AXE_VERSION := 4.14.1
AXE := tests/e2e/.vendor/axe-$(AXE_VERSION).min.js

.PHONY: help run serve worker scheduler test e2e check lint format bench lock messages system-runtime system-test

help:
	@echo "make run     set up and serve Verbinder with demo data on http://127.0.0.1:8000"
	@echo "make test    set up and run the whole test suite (browser tests included)"
	@echo "make check   formatting, lint, types, migrations, translations and tests"
	@echo "make bench   seed national-scale data and measure the main pages under load"
	@echo "make serve   production server (gunicorn) with the current environment"
	@echo "             next to it: make worker (any number) and make scheduler (exactly one)"

# System packages (Debian). As root they are installed; otherwise the command to run is printed.
define need_debs
	@missing=""; for pkg in $(1); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing$$missing (apt-get)"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install:$$missing  (sudo apt-get install -y$$missing)"; exit 1; fi; fi
endef

system-runtime:
	$(call need_debs,gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)

system-test: system-runtime
	$(call need_debs,chromium poppler-utils)

$(BIN)/uv-stamp-runtime: requirements.txt pyproject.toml
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m pip install -q uv
	@[ -x $(BIN)/python ] || uv venv -q --python 3.11 $(VENV)
	uv pip install -q --python $(BIN)/python -r requirements.txt
	uv pip install -q --python $(BIN)/python --no-deps -e .
	@touch $@

$(BIN)/uv-stamp-dev: requirements-dev.txt $(BIN)/uv-stamp-runtime
	uv pip install -q --python $(BIN)/python -r requirements-dev.txt
	@touch $@

$(AXE):
	@mkdir -p $(dir $(AXE))
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for axe-core: apt-get install -y npm"; exit 1; }
	cd $(dir $(AXE)) && npm pack -q axe-core@$(AXE_VERSION) >/dev/null && tar xzf axe-core-$(AXE_VERSION).tgz package/axe.min.js \
	  && mv package/axe.min.js $(notdir $(AXE)) && rm -rf package axe-core-$(AXE_VERSION).tgz

run: system-runtime $(BIN)/uv-stamp-runtime
	DEBUG=true $(BIN)/verbinder compilemessages -v0 --ignore='.venv/*'
	DEBUG=true $(BIN)/verbinder migrate -v0
	@DEBUG=true $(BIN)/verbinder seed_demo --once
	@echo "Verbinder: http://127.0.0.1:8000 (stop with Ctrl+C)"
	@trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(BIN)/verbinder db_worker --no-reload --queue-name '*' & worker=$$!; \
	DEBUG=true $(BIN)/verbinder scheduler & scheduler=$$!; \
	DEBUG=true $(BIN)/verbinder runserver 127.0.0.1:8000

serve: $(BIN)/uv-stamp-runtime
	$(BIN)/verbinder migrate -v0
	$(BIN)/verbinder collectstatic --noinput -v0
	$(BIN)/gunicorn config.wsgi --bind $${BIND:-127.0.0.1:8000} --workers $${WORKERS:-2} --access-logfile -

worker: $(BIN)/uv-stamp-runtime
	$(BIN)/verbinder db_worker --no-reload --queue-name '*'

scheduler: $(BIN)/uv-stamp-runtime
	$(BIN)/verbinder scheduler

test: system-test $(BIN)/uv-stamp-dev $(AXE)
	DJANGO_SETTINGS_MODULE=config.settings_test $(BIN)/verbinder compilemessages -v0 --ignore='.venv/*'
	$(BIN)/pytest $(PYTEST_ARGS)

e2e: system-test $(BIN)/uv-stamp-dev $(AXE)
	DJANGO_SETTINGS_MODULE=config.settings_test $(BIN)/verbinder compilemessages -v0 --ignore='.venv/*'
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS)

lint: $(BIN)/uv-stamp-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy verbinder config

format: $(BIN)/uv-stamp-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: system-runtime $(BIN)/uv-stamp-dev
	DJANGO_SETTINGS_MODULE=config.settings_test $(BIN)/verbinder makemessages -l nl --no-obsolete --ignore='.venv/*' --ignore='tests/*' --ignore='data/*'

check: system-test $(BIN)/uv-stamp-dev $(AXE)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy verbinder config
	DJANGO_SETTINGS_MODULE=config.settings_test $(BIN)/verbinder makemigrations --check --dry-run
	$(BIN)/python scripts/check_catalogue.py
	$(BIN)/pytest $(PYTEST_ARGS)

bench: system-test $(BIN)/uv-stamp-dev
	bash bench/run.sh

lock:
	uv pip compile requirements.in -o requirements.txt --python-version 3.11 -q
	uv pip compile requirements-dev.in -o requirements-dev.txt --python-version 3.11 -q
