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
# the scaled-out public deployment (deploy/)
APT_PACKAGES := chromium fonts-wqy-zenhei nginx

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

run: setup $(WAREHOUSE)
	SHEGONG_WAREHOUSE=$(WAREHOUSE) $(BIN)/streamlit run dashboard.py --server.port $(PORT)

test: setup $(VENV)/.installed-test
	$(BIN)/python -m pytest

# the unit tests only (tests/unit: no warehouse, no browser), in seconds
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/unit -q

clean:
	rm -rf $(VENV) data/demo data/warehouse*.duckdb

# The public, read-only dashboard (.streamlit/public.env: SHEGONG_PUBLIC=1 and hardened Streamlit options), on
# loopback: one process (run-public), or REPLICAS processes behind nginx with sticky sessions (deploy; deploy/README.md)
PUBLIC_PORT ?= 8600
REPLICAS ?= 2
.PHONY: run-public run-internal deploy

run-public: setup $(WAREHOUSE)
	set -a && . ./.streamlit/public.env && set +a && SHEGONG_WAREHOUSE=$(WAREHOUSE) \
		exec $(BIN)/streamlit run dashboard.py --server.port $(PUBLIC_PORT) --server.address 127.0.0.1

# The leaders' internal dashboard (.streamlit/internal.env): the viewer toolbar and plain error sentences of the
# public mode, with the 数据管理 page; on INTERNAL_ADDRESS (loopback unless set to the office network's address)
INTERNAL_PORT ?= 8700
INTERNAL_ADDRESS ?= 127.0.0.1
run-internal: setup $(WAREHOUSE)
	set -a && . ./.streamlit/internal.env && set +a && SHEGONG_WAREHOUSE=$(WAREHOUSE) \
		exec $(BIN)/streamlit run dashboard.py --server.port $(INTERNAL_PORT) --server.address $(INTERNAL_ADDRESS)

deploy: setup $(WAREHOUSE)
	SHEGONG_WAREHOUSE=$(WAREHOUSE) exec $(BIN)/python deploy/run.py --replicas $(REPLICAS) --port $(PUBLIC_PORT)
