# The two set-up commands of the README: `make demo` and `make test`.
# Both create .venv and install whatever is missing (scripts/ensure-env.sh).
.PHONY: demo test lint env

env:
	@bash scripts/ensure-env.sh

demo: env
	.venv/bin/packing-station --demo

test: env
	.venv/bin/python -m ruff check .
	.venv/bin/python -m pytest $(PYTEST_ARGS)
