# caseworker: `make run` serves the app with demo data; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 5000
export PORT  # the server's port, and the default public address of letters
export FLASK_APP := wsgi:app
VENDOR := caseworker/static/vendor
LOCALES := kk ru en

.PHONY: run worker test install venv vendor translations messages migrate demo bench load bench-import clean-vendor

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/.installed: node_modules/.installed
	mkdir -p $(VENDOR)/bootstrap
	cp node_modules/bootstrap/dist/css/bootstrap.min.css $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/bootstrap/
	touch $@

vendor: $(VENDOR)/.installed

translations: venv
	$(VENV)/bin/pybabel compile -d caseworker/translations

# Extract strings and update the catalogs (a developer's step; the .po files are committed).
messages: venv
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l --no-location -w 100 -o caseworker/translations/messages.pot .
	$(VENV)/bin/pybabel update -w 100 -i caseworker/translations/messages.pot -d caseworker/translations

install: venv vendor translations

migrate: install
	$(VENV)/bin/flask db upgrade

demo: migrate
	$(VENV)/bin/flask demo --if-empty

# gunicorn.conf.py starts one job worker beside the server (CASEWORKER_START_WORKER=1) and
# stops it with the server; `make worker` starts more (without a second scheduler). Each request
# writes one JSON line on standard error (caseworker.observe; CASEWORKER_LOG_FORMAT=text for plain).
# Two processes only when the login limits have a shared store (Redis); otherwise one process
# with more threads, so that the in-memory count is exact.
WEB_PROCESSES = $(if $(CASEWORKER_RATELIMIT_STORAGE_URI)$(CASEWORKER_REDIS_URL),--workers 2 --threads 4,--workers 1 --threads 8)
run: demo
	CASEWORKER_START_WORKER=1 CASEWORKER_SAY_READY=1 $(VENV)/bin/gunicorn --bind 127.0.0.1:$(PORT) \
		$(WEB_PROCESSES) wsgi:app

worker: migrate
	$(VENV)/bin/flask jobs worker --no-schedule

# The import contracts of .importlinter (layers, feature order, no cycles) before the suite.
test: install
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -q -p no:cacheprovider
	@if [ -n "$$CASEWORKER_TEST_DATABASE_URL" ]; then \
		echo "--- again on PostgreSQL"; \
		CASEWORKER_TEST_TARGET=postgresql $(PY) -m pytest -q -p no:cacheprovider -m "not once"; \
	fi

# The national-scale benchmark of DESIGN.md's budgets (see README, "Benchmark"). PERSONS=50000
# for a quick run; BENCH_ARGS=--rebuild builds the data anew; PostgreSQL when
# CASEWORKER_BENCH_DATABASE_URL is set.
PERSONS ?= 1200000
bench: install
	$(PY) -m bench --persons $(PERSONS) $(BENCH_ARGS)

# A bounded load test: locust against two servers on the benchmark's database; PostgreSQL when
# CASEWORKER_BENCH_DATABASE_URL is set.
USERS ?= 50
LOAD_SECONDS ?= 120
load: install
	$(PY) -m bench.load --persons $(PERSONS) --users $(USERS) --seconds $(LOAD_SECONDS)

# The import's budget (100,000 persons with their histories in 5 minutes): a fresh SQLite file,
# the real path beside the floor of the same rows through the driver; IMPORT_PERSONS=10000
# for a quicker run (the result extrapolates to 100,000).
IMPORT_PERSONS ?= 100000
bench-import: install
	$(PY) -m bench.imports --persons $(IMPORT_PERSONS)
