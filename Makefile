# Two commands a new user needs (see README.md): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test serve scheduler bench clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt requirements-s3.txt
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

instance:
	mkdir -p instance

## make run: install, migrate the SQLite database, load the demo data, serve on :5000
## with the scheduler (reminders, escalation, digests) beside the web server
run: $(VENV)/.runtime instance
	$(BIN)/flask --app app db upgrade
	$(BIN)/flask --app app demo load
	@echo "Serving http://$(HOST):$(PORT)  (Ctrl+C stops the web server and the scheduler)"
	@$(BIN)/flask --app app scheduler run & scheduler=$$!; \
	  trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/waitress-serve --host=$(HOST) --port=$(PORT) --threads=8 --call wsgi:serving_app

## make serve: the production web server (gunicorn; docs/deploy.md). Configuration from the
## environment: DATABASE_URL and SECRET_KEY are required (APP_ENV defaults to production
## here), HOST, PORT (8000), WORKERS (2 x cores + 1), THREADS (4). Run migrations first.
## MALLOC_ARENA_MAX=2: glibc would give each thread of a worker its own malloc arena, and
## a worker's memory would grow with the arenas' fragments rather than with its work.
serve: $(VENV)/.runtime
	@APP_ENV=$${APP_ENV:-production} $(BIN)/python config.py
	APP_ENV=$${APP_ENV:-production} PORT=$${PORT:-8000} MALLOC_ARENA_MAX=$${MALLOC_ARENA_MAX:-2} \
	  $(BIN)/gunicorn --config gunicorn.conf.py 'wsgi:serving_app()'

## make scheduler: the scheduler (one leader per deployment; start one per host or two for
## failover: a leader lock decides). Same environment as make serve.
scheduler: $(VENV)/.runtime
	@APP_ENV=$${APP_ENV:-production} $(BIN)/python config.py
	APP_ENV=$${APP_ENV:-production} $(BIN)/flask --app app scheduler run

## make test: install and run the whole suite (on PostgreSQL too when TEST_DATABASE_URL is set)
test: $(VENV)/.dev
	$(BIN)/python -m pytest

bench: $(VENV)/.dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache
