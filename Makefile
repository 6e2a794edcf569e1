# Two commands a new user needs (see README.md): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test serve bench clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
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

## make test: install and run the whole suite (on PostgreSQL too when TEST_DATABASE_URL is set)
test: $(VENV)/.dev
	$(BIN)/python -m pytest

bench: $(VENV)/.dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache
