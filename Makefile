# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEV := DEBUG=1
PORT ?= 8000

.PHONY: run test coverage install system assets lint types format check lock demo-password

# Debian packages: the fonts the PDF is set in, reading PDFs back in tests
# (pdftotext), and the browser the accessibility tests drive.
SYSTEM_PACKAGES := fonts-liberation fonts-dejavu-core poppler-utils chromium

# Exact versions come from the lock files (see `make lock`): requirements-dev.txt is
# the app and its test tools; the project itself goes on top without resolving again.
$(VENV)/installed: requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

node_modules/installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: system $(VENV)/installed node_modules/installed

system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing $$missing"; \
		if [ "$$(id -u)" != 0 ]; then echo "Run as root or: sudo apt-get install $$missing"; exit 1; fi; \
		apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	fi

assets: node_modules/installed
	npm run --silent build

run: install assets
	$(DEV) $(PY) manage.py migrate --verbosity 0
	$(DEV) $(PY) manage.py load_seed_data
	$(DEV) $(PY) manage.py create_demo_users
	@# The task worker prepares long exports beside the server, and stops with it.
	$(DEV) $(PY) manage.py db_worker --queue-name '*' & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# One pytest-xdist worker per core: the suite takes about half as long on two.
test: install assets
	$(PY) -m pytest -n auto

# The suite with the apps' coverage reported at the end (slower: every line is traced).
coverage: install assets
	$(PY) -m pytest --cov --cov-report=term

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: install
	$(VENV)/bin/mypy

# Everything but the tests, quick enough before each commit: lint, format, migrations, types.
check: lint types
	$(DEV) $(PY) manage.py makemigrations --check --dry-run

# Rewrites the code in the house format (ruff format, line length 100).
format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The lock files, regenerated from pyproject.toml after a dependency changes there
# (existing pins are kept unless pyproject.toml rules them out; `make lock UPGRADE=1`
# moves everything to the newest releases): requirements.txt is what production
# installs, requirements-dev.txt adds the test tools, requirements-bench.txt the load test.
LOCK := $(PY) -m piptools compile --quiet --no-emit-index-url --no-emit-find-links --strip-extras \
	$(if $(UPGRADE),--upgrade) pyproject.toml
lock:
	$(LOCK) -o requirements.txt
	$(LOCK) --extra test --constraint requirements.txt -o requirements-dev.txt
	$(LOCK) --extra test --extra bench --constraint requirements-dev.txt -o requirements-bench.txt

demo-password: install
	$(DEV) $(PY) manage.py create_demo_users --reset
