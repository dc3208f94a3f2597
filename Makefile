# The two commands: `make run` (dashboard on the demo registry) and `make test` (whole suite).
# Both create .venv from requirements.lock when missing or stale; see scripts/bootstrap.
# Extra pytest arguments: make test PYTEST_ARGS="-k postgres -x"

.PHONY: run test venv

run:
	@bash scripts/bootstrap run

test:
	@bash scripts/bootstrap test $(PYTEST_ARGS)

venv:
	@bash scripts/bootstrap venv
