# `make test` and `make demo` each install what they need (Debian packages, .venv) first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# pytest-xdist workers for `make test` (tests that touch pcscd/vpcd stay on one: tests/conftest.py)
PYTEST_WORKERS ?= 2
STAMP := $(VENV)/.installed

.PHONY: test demo system venv lint clean fuzz

system:
	@scripts/ensure-system.sh

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

venv: system $(STAMP)

test: venv
	@$(BIN)/python -m compileall -q drivers kiosk sync inventory_scanner rfid_edge hardware-sim >/dev/null
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .

demo: venv
	$(BIN)/rfid-edge demo

# every atheris target (fuzz/) for FUZZ_SECONDS each; FUZZ_TARGETS="ndef sip2_codec" for some
FUZZ_SECONDS ?= 60
fuzz: venv
	$(BIN)/python -m fuzz --seconds $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
