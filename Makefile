# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
INDEX  ?= .isearch/index
PORT   ?= 8501
export HF_HUB_OFFLINE=1
export TRANSFORMERS_OFFLINE=1

.PHONY: run test install install-test index chromium bench bench-encoders eval finetune clean

# torch first: `torch==2.13.0` resolves to the local CPU wheel; without it pip would
# pull a multi-GB CUDA build as a dependency of sentence-transformers.
$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e .
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

install-test: $(BIN)/.installed-test

# Builds the index if it is missing or stale (a no-op when the corpus is unchanged).
index: install
	$(BIN)/isearch index corpus --index-dir $(INDEX)

run: index
	ISEARCH_INDEX=$(INDEX) $(BIN)/streamlit run app.py --server.headless true --server.port $(PORT) \
		--browser.gatherUsageStats false --client.toolbarMode minimal

# Debian chromium for the one real-browser test (never `playwright install`).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: install-test chromium
	$(BIN)/python -m pytest

eval: index
	$(BIN)/isearch eval --questions eval/questions/dev.jsonl --index-dir $(INDEX) --out eval/out

bench: index
	$(BIN)/isearch bench --index-dir $(INDEX)

# sentence-transformers against the ONNX fp32 and int8 encoders on 435 real passages (appends to eval/BENCHMARKS.md)
bench-encoders: index
	$(BIN)/python -m eval.bench_encoder --cold-index $(INDEX)

# Re-train minilm-ofsted, the default embedding model, from the bundled all-MiniLM-L6-v2 on pairs
# mined from the index's passages (indexer/data/MODEL.md): minutes on a GPU, hours on 2 CPU cores.
# Then `make index` re-embeds the corpus with it.
finetune: index
	$(BIN)/python -m eval.finetune_data --index-dir $(INDEX) --out .isearch/finetune/data
	$(BIN)/python -m eval.finetune --data .isearch/finetune/data --out .isearch/finetune/run --variants 5e-5:1
	$(BIN)/python -m eval.finetune_delta --tuned .isearch/finetune/run --data .isearch/finetune/data \
		--out indexer/data/minilm-ofsted-delta.safetensors

clean:
	rm -rf $(VENV) .isearch build *.egg-info .pytest_cache tests/artifacts
