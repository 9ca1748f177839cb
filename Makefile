# The two commands a newcomer needs: `make run` and `make test`. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
MAKEMESSAGES := makemessages --locale vi --no-obsolete --add-location file

.PHONY: run test install install-test migrate demo serve lint format messages compilemessages clean plugin-check

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

install: $(PY)
	$(PY) -m pip install --quiet -r requirements.txt

install-test: $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund

migrate:
	$(PY) manage.py migrate --noinput

demo:
	$(PY) manage.py load_demo_content

## Install, migrate, load the demo content and serve the site on http://$(HOST):$(PORT)
run: install migrate demo
	@echo "Site: http://$(HOST):$(PORT)/   Admin: http://$(HOST):$(PORT)/admin/ (admin / admin)"
	$(PY) manage.py runserver $(HOST):$(PORT)

## Production: migrate, collect static files and run gunicorn with config.settings.production.
## Needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL... (README, "Production").
serve: install
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/gunicorn config.wsgi:application \
	  --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --threads $${GUNICORN_THREADS:-1} \
	  --timeout $${GUNICORN_TIMEOUT:-60} --max-requests 2000 --max-requests-jitter 200 \
	  --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}" --access-logfile $${GUNICORN_ACCESS_LOG:--}

## Install the test requirements, lint, and run the whole suite
test: install-test lint
	$(PY) -m pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

## Build the plugin's wheel and install it into a fresh `wagtail start` project (SQLite and PostgreSQL)
plugin-check: install-test
	$(PY) .ci/plugin_check.py

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Refresh the Vietnamese catalogues (needs gettext): one per plugin app, one for the site
messages:
	for app in procedures cchc_pages; do \
	  mkdir -p $$app/locale && (cd $$app && ../$(BIN)/django-admin $(MAKEMESSAGES)) || exit 1; \
	done
	$(PY) manage.py $(MAKEMESSAGES) --ignore=procedures --ignore=cchc_pages --ignore=$(VENV) --ignore=tests --ignore=bench

compilemessages:
	$(PY) manage.py compilemessages --ignore=$(VENV)

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
