# Two commands do everything on a fresh machine: `make run` and `make test` (README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
WAREHOUSE := data/warehouse.duckdb
# Debian packages: a Chrome for browser tests and image export, a CJK font so Chinese text renders
APT_PACKAGES := chromium fonts-wqy-zenhei

.PHONY: setup apt run test build clean

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
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "installing $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
		echo "Missing Debian packages (browser tests and image export need them): sudo apt-get install $$missing"; \
	fi

# rebuilt when any source file, query or build code is newer than the warehouse
$(WAREHOUSE): $(VENV)/.installed $(wildcard data/*.csv) $(wildcard queries/*.sql) $(wildcard shegong/*.py) shegong/warehouse.sql
	$(BIN)/python -m shegong build --out $@

build: $(WAREHOUSE)

run: setup $(WAREHOUSE)
	$(BIN)/streamlit run dashboard.py --server.port $(PORT)

test: setup $(VENV)/.installed-test
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(WAREHOUSE)
