# The two quick-start commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint fmt browser clean load

# Installs only when the venv does not already satisfy pyproject.toml, so that a prepared
# machine without network (CI) does not call pip.
DEPS_OK := $(BIN)/python -c 'import tomllib, importlib.metadata as m; \
	from packaging.requirements import Requirement; \
	p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	m.version("secondround"); \
	rs = [Requirement(r) for r in p["dependencies"] + p["optional-dependencies"]["test"]]; \
	assert all(r.specifier.contains(m.version(r.name), prereleases=True) for r in rs)'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(DEPS_OK) 2>/dev/null || { $(BIN)/pip install --quiet --upgrade pip && \
		$(BIN)/pip install --quiet -e '.[test]'; }
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/secondround demo

test: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadfile

# The load test (bench/load/run.py): PostgreSQL at 127.0.0.1:5432, its own database
# secondround_load (recreated each run), gunicorn + db_worker + Locust, about 3 minutes.
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/secondround_load
load: $(STAMP)
	$(BIN)/python -m bench.load.run --database-url $(LOAD_DATABASE_URL) $(LOAD_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Debian's Chromium for the Playwright tests; never a downloaded browser.
browser:
	test -x /usr/bin/chromium || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)

clean:
	rm -rf $(VENV) .secondround
