# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEV := DEBUG=1

.PHONY: run test install assets lint demo-password

$(VENV)/installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

node_modules/installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/installed node_modules/installed

assets: node_modules/installed
	npm run --silent build

run: install assets
	$(DEV) $(PY) manage.py migrate --verbosity 0
	$(DEV) $(PY) manage.py load_seed_data
	$(DEV) $(PY) manage.py create_demo_users
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

test: install assets
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .

demo-password: install
	$(DEV) $(PY) manage.py create_demo_users --reset
