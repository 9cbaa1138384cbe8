# Everything from a fresh clone: `make demo` runs the main job on the bundled sample,
# `make test` runs the test suite. Both create the virtual environment first.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test bench clean system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[server,test]'
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	@echo "== 校验随附的样例年报数据（嘉祥县人民政府办公室2020年，2019年试行格式）"
	$(VENV)/bin/nianbao validate examples/sample-2020-jiaxiang.json
	@echo
	@echo "== 跨年度校验：2021年报告对照2020年报告（故意不一致，应报 X-1 错误）"
	-$(VENV)/bin/nianbao validate examples/sample-2021-qingshan.json --last-year examples/sample-2020-jiaxiang.json

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) bench/bench_validate.py

# Debian packages the rendering and browser tests need (LibreOffice, poppler, CJK fonts, Chromium).
system-deps:
	bash scripts/install-system-deps.sh

clean:
	rm -rf $(VENV) out .pytest_cache
