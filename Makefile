# Two commands do everything on a fresh machine: `make run` and `make test` (README.md).
# `make run SCALE=national` serves the whole country's demo dataset (38,000 stations, 20 million service rows).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
SCALE ?= provinces
SEED ?= 1
DEMO := data/demo/$(SCALE)
WAREHOUSE := $(if $(filter provinces,$(SCALE)),data/warehouse.duckdb,data/warehouse-$(SCALE).duckdb)
# Debian packages: a Chrome for browser tests and image export, a CJK font so Chinese text renders, nginx for
# the scaled-out public deployment (deploy/) and the baked snapshot (publish-serve), wrk for benchmarks/publish.py
APT_PACKAGES := chromium fonts-wqy-zenhei nginx wrk

.PHONY: setup apt run test test-fast build demo clean

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
$(DEMO)/.done: $(VENV)/.installed shegong/ingest/demo.py data/regions.csv
	$(BIN)/python -m shegong demo --scale $(SCALE) --seed $(SEED) --out $(DEMO)
	touch $@

demo: $(DEMO)/.done

# rebuilt when any source file, query, build code or the demo data is newer than the warehouse
$(WAREHOUSE): $(VENV)/.installed $(DEMO)/.done $(wildcard data/*.csv) $(wildcard queries/*.sql) $(wildcard shegong/*.py shegong/*/*.py shegong/*/*.sql)
	$(BIN)/python -m shegong build --out $@ --records $(DEMO)

build: $(WAREHOUSE)

# loopback alone by default: without a sign-in provider (.streamlit/secrets.toml) only then is there an admin page
ADDRESS ?= 127.0.0.1
# what an office runs for its leaders: the viewer toolbar (no Deploy) and plain error sentences; `make run DEV=1`
# gives the developer's toolbar and full tracebacks
DEV ?=
DEV_VIEW := $(filter 1 true yes,$(DEV))
RUN_VIEW := $(if $(DEV_VIEW),--client.toolbarMode developer --client.showErrorDetails full,--client.toolbarMode viewer --client.showErrorDetails none)
run: setup $(WAREHOUSE)
	SHEGONG_WAREHOUSE=$(WAREHOUSE) $(BIN)/streamlit run dashboard.py --server.port $(PORT) --server.address $(ADDRESS) \
		$(RUN_VIEW)

test: setup $(VENV)/.installed-test
	$(BIN)/python -m pytest

# the unit tests only (tests/unit: no warehouse, no browser), in seconds
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/unit -q

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
# labelled demo records); publish-serve runs Debian's nginx on it as an ordinary process (gzip, a year's cache for
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
