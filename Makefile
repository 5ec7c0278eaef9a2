# Two commands: `make run` serves the demo, `make test` runs the whole suite.
# Both work from a fresh clone on a machine with Python 3.11+ and npm (the date picker,
# flatpickr, comes from npm: `npm ci` installs package-lock.json's exact version and the
# files the pages load are copied to static/vendor/, which git ignores).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# XStatic-Bootstrap builds from source with pkg_resources: old setuptools for builds only.
PIP_ENV := PIP_BUILD_CONSTRAINT=$(CURDIR)/build-constraints.txt PIP_CONSTRAINT=$(CURDIR)/build-constraints.txt PIP_DISABLE_PIP_VERSION_CHECK=1

VENDOR := static/vendor

.PHONY: run test lint format check messages backup pins clean vendor

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: $(VENV)/bin/activate requirements.txt build-constraints.txt
	$(PIP_ENV) $(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP_ENV) $(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Browser packages from npm, copied where the static files are found (STATICFILES_DIRS'
# static/), so that collectstatic and WhiteNoise serve them like our own.
$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -rf $(VENDOR)/flatpickr
	mkdir -p $(VENDOR)/flatpickr/l10n
	cp node_modules/flatpickr/dist/flatpickr.min.js node_modules/flatpickr/dist/flatpickr.min.css \
	   node_modules/flatpickr/LICENSE.md $(VENDOR)/flatpickr/
	cp node_modules/flatpickr/dist/l10n/zh.js $(VENDOR)/flatpickr/l10n/
	touch $@

vendor: $(VENDOR)/.installed

run: $(VENV)/.runtime $(VENDOR)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@echo ""
	@echo "  安仁县流动党员管理系统: http://127.0.0.1:$(PORT)/"
	@echo "  演示账号 (密码 anren2021demo): admin (县委组织部管理员), committee (流动党委工作人员),"
	@echo "            branch1 … branch11 (第一…第十一党支部书记), auditor (审计员), sysadmin (系统管理员)"
	@echo "  后台任务: 一个 db_worker 与服务器同时启动、同时停止 (scripts/serve.sh)"
	@echo ""
	PY=$(PY) scripts/serve.sh 127.0.0.1:$(PORT)

test: $(VENV)/.dev $(VENDOR)/.installed
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Extract the English source strings (needs gettext's xgettext), fill in the
# Chinese from locale/zh_Hans/translations/*.json and compile the catalogue.
messages: $(VENV)/.dev
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=staticfiles --ignore=tests --no-obsolete
	$(PY) scripts/translations.py

# A consistent copy of the database under backups/ (SQLite's online backup, or
# pg_dump -Fc when DATABASE_URL points at PostgreSQL). Restoring: docs/security.md, Backups.
backup: $(VENV)/.runtime
	$(PY) manage.py backup_database

# Re-pin: requirements.txt and requirements-dev.txt from the .in files with pip-tools.
# pip-compile keeps the pins it already has and resolves only what the .in files
# changed; `make pins PINS_ARGS=--upgrade` moves every transitive pin to the newest
# release the .in files allow. Runtime first: the dev set is constrained by it.
# --strip-extras: no `pkg[extra]` lines, so requirements.txt also works as a -c file;
# pip and setuptools stay unpinned (the venv's own; builds cap setuptools, see above).
PIP_COMPILE = $(PIP_ENV) CUSTOM_COMPILE_COMMAND="make pins" $(VENV)/bin/pip-compile --quiet \
	--strip-extras --no-allow-unsafe --no-emit-index-url --no-emit-find-links $(PINS_ARGS)
pins: $(VENV)/.dev
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules $(VENDOR)
