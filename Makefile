# The two commands: `make run` (everything, on SQLite with no Redis) and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails point where `make run` serves, unless the environment names the public address.
export SITE_URL ?= http://$(HOST):$(PORT)
STAMP := $(VENV)/.installed

.PHONY: install messages run test check format bench clean

install: $(STAMP) messages

# Translations are compiled by the build (gettext's msgfmt), never committed.
messages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var -v0

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_action_plan
	$(PY) manage.py load_demo_data
	$(PY) manage.py create_local_admin --url http://$(HOST):$(PORT)/admin/
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m tests.services.launcher $(ARGS)

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Not part of `make test`: timings depend on the machine. Needs PostgreSQL and Redis (see README).
bench: install
	$(PY) bench/run.py $(ARGS)

clean:
	rm -rf $(VENV) var/ .pytest_cache .ruff_cache
