# Two commands do everything on a fresh machine: `make run` and `make test` (README.md).
# `make run SCALE=national` serves the whole country's demo dataset (38,000 stations, 20 million service rows).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
SCALE ?= provinces
SEED ?= 1
# The compared provinces (README: "Add a province"): one setting, passed to every command as SHEGONG_PROVINCES.
# Another set than the default gets its own demo folder and warehouse, so switching back rebuilds nothing.
DEFAULT_PROVINCES := 410000,130000,640000,110000
PROVINCES ?= $(or $(SHEGONG_PROVINCES),$(DEFAULT_PROVINCES))
export SHEGONG_PROVINCES := $(PROVINCES)
comma := ,
PLACES := $(if $(filter-out $(DEFAULT_PROVINCES),$(PROVINCES)),-$(subst $(comma),_,$(PROVINCES)))
DEMO := data/demo/$(SCALE)$(if $(filter provinces,$(SCALE)),$(PLACES))
WAREHOUSE := $(if $(filter provinces,$(SCALE)),data/warehouse$(PLACES).duckdb,data/warehouse-$(SCALE).duckdb)
# Debian packages: a Chrome for browser tests and image export, a CJK font so Chinese text renders, nginx for
# the scaled-out public deployment (deploy/) and the baked snapshot (publish-serve), wrk for benchmarks/publish.py
APT_PACKAGES := chromium fonts-wqy-zenhei nginx wrk

.PHONY: setup apt run test test-fast lint build demo clean

setup: $(VENV)/.installed apt

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

apt:
	@missing=$$(for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "installing $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
		echo "Missing Debian packages (browser tests and image export need them): sudo apt-get install $$missing"; \
	fi

# the labelled demo dataset (deterministic for SCALE and SEED); git-ignored, made again when the generator changes
$(DEMO)/.done: $(VENV)/.installed shegong/ingest/demo.py data/regions.csv data/demo_calibration.csv
	$(BIN)/python -m shegong demo --scale $(SCALE) --seed $(SEED) --out $(DEMO)
	touch $@

demo: $(DEMO)/.done

# rebuilt when any source file, query, build code or the demo data is newer than the warehouse
$(WAREHOUSE): $(VENV)/.installed $(DEMO)/.done $(wildcard data/*.csv) $(wildcard queries/*.sql) $(wildcard shegong/*.py shegong/*/*.py shegong/*/*.sql)
	$(BIN)/python -m shegong build --out $@ --records $(DEMO)

build: $(WAREHOUSE)

# loopback alone by default: without a sign-in provider (.streamlit/secrets.toml) only then is there an admin page,
# and it opens only from http://localhost:PORT or http://127.0.0.1:PORT themselves (not from another page or port);
# HOSTS: the host names the websocket accepts (a DNS-rebinding name is refused)
ADDRESS ?= 127.0.0.1
HOSTS ?= localhost 127.0.0.1 ::1 $(filter-out 0.0.0.0 127.0.0.1 localhost ::,$(ADDRESS))
# what an office runs for its leaders: the viewer toolbar (no Deploy) and plain error sentences; `make run DEV=1`
# gives the developer's toolbar and full tracebacks
DEV ?=
DEV_VIEW := $(filter 1 true yes,$(DEV))
RUN_VIEW := $(if $(DEV_VIEW),--client.toolbarMode developer --client.showErrorDetails full,--client.toolbarMode viewer --client.showErrorDetails none)
run: setup $(WAREHOUSE)
	@echo "Open http://localhost:$(PORT) (the 数据管理 page works only from this address, accepted host names: $(HOSTS))"
	SHEGONG_WAREHOUSE=$(WAREHOUSE) STREAMLIT_SERVER_ALLOWED_HOSTS="$(strip $(HOSTS))" \
		$(BIN)/streamlit run dashboard.py --server.port $(PORT) --server.address $(ADDRESS) $(RUN_VIEW)

# pytest's exit status 5 means it collected no test at all: a failure here, said in words
PYTEST = $(BIN)/python -m pytest
NO_TESTS = || { rc=$$?; [ $$rc -ne 5 ] || echo "pytest collected no tests (exit 5)" >&2; exit $$rc; }

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

# the linter, then the whole suite (goal: 15 minutes on a quiet 2-core machine; benchmarks/README.md, "Test suite"),
# in WORKERS processes (pytest-xdist), each taking one test file at a time (its fixtures made once) and all of
# tests/browser at once (one server and one Chromium: tests/conftest.py); WORKERS=0 runs it in one process
WORKERS ?= 2
test: setup $(VENV)/.installed-test lint
	$(PYTEST) $(if $(filter-out 0,$(WORKERS)),-n $(WORKERS) --dist loadfile -m "not serial") $(NO_TESTS)
	$(if $(filter-out 0,$(WORKERS)),$(PYTEST) -m serial $(NO_TESTS))

# the linter and every pure test (tests/unit: no warehouse, no server, no browser), in seconds
test-fast: $(VENV)/.installed-test lint
	$(PYTEST) tests/unit -q $(NO_TESTS)

clean:
	rm -rf $(VENV) data/demo data/warehouse*.duckdb

# The public, read-only dashboard (.streamlit/public.env: SHEGONG_PUBLIC=1 and hardened Streamlit options), on
# loopback: one process (run-public), or REPLICAS processes behind nginx with sticky sessions, all supervised by
# supervisord (deploy: a dead replica is restarted; logs stay in DEPLOY_DIR; Ctrl-C stops all; deploy/README.md).
# MAX_SESSIONS: open tabs allowed from one client address (an office behind one shared address).
PUBLIC_PORT ?= 8600
REPLICAS ?= 2
DEPLOY_DIR ?= var/deploy-$(PUBLIC_PORT)
MAX_SESSIONS ?= $(or $(SHEGONG_MAX_SESSIONS_PER_ADDRESS),2000)
.PHONY: run-public run-internal deploy

# The leaders' internal dashboard (README.md "Internal deployment"): .streamlit/internal.env's viewer look, with the
# 数据管理 page on loopback, or for signed-in admins on the office network's address (INTERNAL_ADDRESS); the websocket
# accepts INTERNAL_ADDRESS, INTERNAL_HOSTS (the name people type, e.g. dashboard.office.lan) and loopback only
INTERNAL_ADDRESS ?= 127.0.0.1
INTERNAL_PORT ?= 8800
INTERNAL_HOSTS ?=
run-internal: setup $(WAREHOUSE)
	set -a && . ./.streamlit/internal.env && set +a && SHEGONG_WAREHOUSE=$(WAREHOUSE) \
		STREAMLIT_SERVER_ALLOWED_HOSTS="$(strip localhost 127.0.0.1 ::1 $(filter-out 0.0.0.0 127.0.0.1 ::,$(INTERNAL_ADDRESS)) $(INTERNAL_HOSTS))" \
		exec $(BIN)/streamlit run dashboard.py --server.port $(INTERNAL_PORT) --server.address $(INTERNAL_ADDRESS)

# Public mode shows only real figures: a warehouse built from data/ and the kept real imports, without demo records,
# unless the operator opts in with SHEGONG_PUBLIC_DEMO=1 (then the demo warehouse, labelled 演示数据 as ever)
PUBLIC_DEMO := $(filter 1 true yes,$(SHEGONG_PUBLIC_DEMO))
PUBLIC_WAREHOUSE := $(if $(PUBLIC_DEMO),$(WAREHOUSE),data/warehouse-public.duckdb)
export SHEGONG_PUBLIC_DEMO

data/warehouse-public.duckdb: $(VENV)/.installed $(wildcard data/*.csv) $(wildcard queries/*.sql) $(wildcard shegong/*.py shegong/*/*.py shegong/*/*.sql) $(wildcard data/warehouse.imports/CURRENT)
	$(BIN)/python -m shegong build --out $@ --imports data/warehouse.imports

run-public: setup $(PUBLIC_WAREHOUSE)
	set -a && . ./.streamlit/public.env && set +a && SHEGONG_WAREHOUSE=$(PUBLIC_WAREHOUSE) \
		exec $(BIN)/streamlit run dashboard.py --server.port $(PUBLIC_PORT) --server.address 127.0.0.1

deploy: setup $(PUBLIC_WAREHOUSE)
	SHEGONG_WAREHOUSE=$(PUBLIC_WAREHOUSE) exec $(BIN)/python deploy/run.py --replicas $(REPLICAS) --port $(PUBLIC_PORT) \
		--dir $(DEPLOY_DIR) --max-sessions $(MAX_SESSIONS)

# The public snapshot (issue 16): static pages of the published charts with their downloads and embed pages, in
# SITE (default site/, git-ignored), baked from published figures and real imports only (DEMO_SITE=1 adds the
# labelled demo records; over an earlier snapshot only the pages whose exhibits changed are baked again, and named);
# publish-serve runs Debian's nginx on it as an ordinary process (gzip, a year's cache for
# the hashed assets), its config and logs in .publish-nginx/
SITE ?= site
SITE_PORT ?= 8700
LIVE_URL ?=
DEMO_SITE ?=
.PHONY: publish publish-serve

publish: setup $(if $(DEMO_SITE),$(WAREHOUSE))
	SHEGONG_WAREHOUSE=$(WAREHOUSE) $(BIN)/python -m shegong publish --out $(SITE) \
		$(if $(LIVE_URL),--live-url $(LIVE_URL)) $(if $(DEMO_SITE),--demo)

publish-serve: setup
	test -f $(SITE)/index.html || $(MAKE) publish
	exec $(BIN)/python -m shegong publish-serve --site $(SITE) --port $(SITE_PORT) --prefix .publish-nginx
