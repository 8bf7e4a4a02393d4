# Two commands for a new user: `make demo` and `make test`. Both create .venv/ from the lock file.
# For developers: `make test-fast` (no server, browser, Virtuoso or long builds; under 30 s) and `make lint`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test test-fast lab lint lock system-deps bench clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

# The main job on the embedded source: build and validate the graph, say what is in it, audit its
# recall, run the query library, draw the actor network as an offline HTML page, and write the
# explorer site (it prints the file:// address to open).
demo: install
	$(BIN)/ictgraph build
	$(BIN)/ictgraph validate
	$(BIN)/ictgraph audit
	$(BIN)/ictgraph queries --run
	$(BIN)/ictgraph render --view actors --lang en -o out/actors.html
	@echo "open out/actors.html in a browser: it works offline"
	$(BIN)/ictgraph site -o out/site --lang en

test: install
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow and not browser and not virtuoso"

# ruff, and mypy (strict on the core packages; see [tool.mypy] in pyproject.toml).
lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

# JupyterLab refuses to run as root unless told; root is the usual user on CI-like machines.
lab: install
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/

bench: install
	$(BIN)/python bench/run.py

# Re-pin every dependency after a change to pyproject.toml.
lock: install
	$(BIN)/python -m pip freeze --all --exclude-editable | grep -v '^ictgraph' > requirements.lock

# Debian packages the tests use (run as root): a browser, Raptor, Apache (for the w3id rules), Virtuoso,
# CJK fonts, and a Java runtime for the HermiT reasoner that owlready2 ships.
system-deps:
	echo "virtuoso-opensource-7 virtuoso-opensource-7/dba-password password dba" | debconf-set-selections
	echo "virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password dba" | debconf-set-selections
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver raptor2-utils apache2 \
		virtuoso-opensource fonts-noto-cjk default-jre-headless >/dev/null

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
