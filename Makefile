# The two commands a newcomer needs: `make demo` and `make test`.
# Both create .venv, install macrograph and Graphviz's `dot` when it is missing and we
# are allowed to install it. On a developer's machine macrograph is installed editable,
# so that a bare `pytest` after an edit tests the tree; under CI=true it is built and
# installed as the wheel a user gets, and that is what CI tests.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := out

.PHONY: demo test check install deps dot chromium fonts lint-code typecheck mypy suite clean bench golden

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Dependencies are reinstalled only when setup.cfg changes. They are read from setup.cfg
# (install_requires and the test extra) and installed alone: `pip install ".[test]"` would
# also build macrograph in an isolated environment and install it, before `install` builds
# and installs it again. --no-compile: pip would compile every module of every dependency
# to bytecode (half of the ~22 s the install takes here); Python compiles those a run
# imports on first import instead (about half a second for what the tests import).
REQUIREMENTS := import configparser; c = configparser.ConfigParser(); c.read("setup.cfg"); \
  print(c["options"]["install_requires"] + c["options.extras_require"]["test"])
$(VENV)/.deps: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet setuptools wheel
	$(BIN)/python -c '$(REQUIREMENTS)' > $(VENV)/requirements.txt
	$(BIN)/python -m pip install --quiet --no-compile -r $(VENV)/requirements.txt
	touch $@

deps: $(VENV)/.deps

# Under CI the wheel is rebuilt and reinstalled every time, so tests run the code in this
# tree. The editable install is the tree itself: it is made once, and again when setup.cfg
# or pyproject.toml change (a new package, an entry point).
ifeq ($(CI),true)
install: deps dot
	rm -f $(VENV)/.editable
	$(BIN)/python -m pip install --quiet --no-deps --force-reinstall --no-build-isolation .
else
install: deps dot $(VENV)/.editable $(VENV)/.compiled

$(VENV)/.editable: setup.cfg setup.py pyproject.toml $(VENV)/.deps
	$(BIN)/python -m pip install --quiet --no-deps --force-reinstall --no-build-isolation -e .
	touch $@

# What the wheel's build and install write, written into the tree for the editable
# install: the bundled templates compiled to code (templates/compiled/, as setup.py's
# build does) and the modules' bytecode (as pip does), both ignored by git. They are
# rewritten when a template or module changes; a stale one is never used.
COMPILED_FROM := $(wildcard templates/*.j2 templates/partials/*.j2 api/*.py rules/*.py rules/*/*.py \
  graph/*.py graph/*/*.py explain/*.py explain/*/*.py)
$(VENV)/.compiled: $(VENV)/.editable $(COMPILED_FROM)
	$(BIN)/python -c "from macrograph.explain.environment import compile_templates; compile_templates()"
	$(BIN)/python -m compileall -q api rules graph explain templates
	touch $@
endif

dot:
	@if command -v dot >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Graphviz (Debian package graphviz) for diagrams"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	else \
	  echo "note: Graphviz 'dot' is missing; install it (apt-get install graphviz) for SVG/PNG/PDF output"; \
	fi

# The lesson's browser tests drive Debian's chromium through Playwright; we never run
# `playwright install` (no browser is downloaded).
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Chromium (Debian package chromium) for the lesson's browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "note: /usr/bin/chromium is missing; install it (apt-get install chromium) for the browser tests"; \
	fi

# A chart printed as PNG or PDF draws Chinese, Japanese or Korean labels with an installed
# font that has their glyphs; the tests of it use Debian's WenQuanYi Micro Hei (5 MB).
fonts:
	@if fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei"; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing a CJK font (Debian package fonts-wqy-microhei) for the charts' tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null; \
	else \
	  echo "note: no CJK font; install one (apt-get install fonts-wqy-microhei) for the charts' tests"; \
	fi

lint-code: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy cannot follow an editable install's import hook, so it reads the tree through a
# folder of links laid out as the installed package (build/ is ignored by git).
TYPECHECK := build/typecheck
typecheck: install
	$(MAKE) --no-print-directory mypy

mypy:  # without prerequisites: `test` runs it beside the suite once install is done
	rm -rf $(TYPECHECK) && mkdir -p $(TYPECHECK)/macrograph
	for d in rules graph explain templates; do ln -s ../../../$$d $(TYPECHECK)/macrograph/$$d; done
	for f in __init__.py py.typed; do ln -s ../../../api/$$f $(TYPECHECK)/macrograph/$$f; done
	MYPYPATH=$(TYPECHECK) $(BIN)/mypy -m macrograph -p macrograph.rules -p macrograph.graph -p macrograph.explain

# One pytest run for the docstring examples of the three layers and the test suite: one
# start of the workers, one load of the bundled pack per worker. The workers take tests
# from each other as they finish (worksteal), so the long tests do not end up queued on
# one worker at the end.
# pytest keeps each test module with its asserts rewritten as bytecode in tests/__pycache__
# (ignored by git, as the package's own bytecode is); with PYTHONDONTWRITEBYTECODE set it
# rewrites all of them again in every worker of every run (2 s of CPU per worker).
LAYERS := macrograph.rules macrograph.graph macrograph.explain
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -p no:cacheprovider \
  -n auto --dist worksteal --doctest-modules
# The type check runs beside the suite: mypy takes one core for about 8 s, and the suite's
# two workers leave a core idle now and then (waiting on a browser or a subprocess).
test: lint-code chromium fonts
	$(MAKE) --no-print-directory -j2 mypy suite

suite:  # without prerequisites: run by `test`, after install
	$(PYTEST) --pyargs $(LAYERS) tests

# The inner loop: lint, the tests not marked slow, and the docstring examples of the
# layers with uncommitted changes (none when none has: make test runs them all).
CHANGED = $(sort $(foreach d,rules graph explain,$(if $(shell git status --porcelain -- $(d) 2>/dev/null),macrograph.$(d))))
check: install
	$(BIN)/ruff check .
	$(PYTEST) -m "not slow" $(if $(CHANGED),--pyargs $(CHANGED)) tests

demo: install
	@mkdir -p $(OUT)
	$(BIN)/macrograph lint
	$(BIN)/macrograph list scenarios
	$(BIN)/macrograph whatif "BoJ skips" --format json -o $(OUT)/boj-skips.json
	$(BIN)/macrograph whatif "BoJ skips" --format md -o $(OUT)/boj-skips.md
	$(BIN)/macrograph brief december-2025 -o $(OUT)/brief.html
	$(BIN)/macrograph diagram "BoJ skips" -o $(OUT)/chain-boj-skips.svg
	$(BIN)/macrograph diagram boj-skips --view map -o $(OUT)/map.svg
	$(BIN)/macrograph lesson boj-skips -o $(OUT)/lesson.html
	$(BIN)/macrograph backtest --draws 100 --format html -o $(OUT)/backtest.html
	@echo "wrote $(OUT)/boj-skips.json $(OUT)/boj-skips.md $(OUT)/brief.html (with where the article departs from the evidence)"
	@echo "wrote $(OUT)/chain-boj-skips.svg $(OUT)/map.svg $(OUT)/lesson.html $(OUT)/backtest.html"
	$(BIN)/macrograph whatif "BoJ skips"
	@echo
	@echo "The same question under the evidence view and under the article's own view:"
	$(BIN)/macrograph whatif "BoJ skips" --against-overlay article --horizons 1d,1m
	$(BIN)/macrograph whatif "BoJ skips" --against-overlay article --format md -o $(OUT)/boj-skips-views.md
	@echo
	@echo "How well the bundled pack explains its episodes (macrograph backtest --draws 100,"
	@echo "the README's first row of scores):"
	@$(BIN)/macrograph backtest --draws 100 | sed -n '/^Overall/,/^$$/p'


bench: install
	$(BIN)/python bench/run.py

golden: install
	$(PYTEST) --update-golden tests

clean:
	rm -rf $(VENV) build *.egg-info $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis
