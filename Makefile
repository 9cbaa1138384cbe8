# Everything from a fresh clone: `make demo` runs the main job on the bundled sample,
# `make test` runs the test suite. Both create the virtual environment first.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
# pytest keeps the test modules it rewrote (and Python the helpers it compiled) in __pycache__ unless
# PYTHONDONTWRITEBYTECODE is set: with it set, every xdist worker rewrites all 80 test modules on
# every run (collection 4.5 s instead of 1.8 s). The tests run with it unset.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest
STAMP  := $(VENV)/.installed-stamp
JS_DIR := tests/js
JS_STAMP := $(JS_DIR)/node_modules/.installed-stamp

.PHONY: bytecode demo test test-fast test-js lint bench bench-server serve clean system-deps

# The environment: the package (editable) with its extras, byte-compiled once here so that a
# machine with PYTHONDONTWRITEBYTECODE does not compile it on every run.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[server,test]'
	# byte-compile the package now: with PYTHONDONTWRITEBYTECODE set, every run would compile it again
	$(PY) -m compileall -q xl_addin
	touch $(STAMP)

# Byte-compile what changed since the last run (machines with PYTHONDONTWRITEBYTECODE=1 would
# otherwise compile every module on every command: ~60 ms of a cold nianbao validate).
bytecode: $(STAMP)
	@$(PY) -m compileall -q xl_addin

demo: $(STAMP) bytecode
	@mkdir -p out
	@echo "== 校验随附的样例年报数据（嘉祥县人民政府办公室2020年，2019年试行格式）"
	$(VENV)/bin/nianbao validate examples/sample-2020-jiaxiang.json
	@echo
	@echo "== 跨年度校验：上年报告须是本机关上一年度的报告；用别的机关的报告时拒绝（退出码2）"
	$(VENV)/bin/nianbao validate examples/sample-2021-qingshan.json --last-year examples/sample-2020-jiaxiang.json; \
	  test $$? -eq 2 && echo "（退出码2：上年报告是别的机关的，演示本应如此）"
	@echo "== 加 --force-last-year 仍照常核对：两份报告的结转数不衔接，应报 X-1 错误"
	$(VENV)/bin/nianbao validate examples/sample-2021-qingshan.json --last-year examples/sample-2020-jiaxiang.json --force-last-year; \
	  test $$? -eq 1 && echo "（退出码1：报告有错误，演示本应如此）"
	@echo
	@echo "== 标准工作簿：样例数据填入2019年格式模板，读回校验，另存一份标注副本，再导出为数据"
	$(VENV)/bin/nianbao fill examples/sample-2020-jiaxiang.json -o out/嘉祥县人民政府办公室2020年报.xlsx --overwrite
	$(VENV)/bin/nianbao validate out/嘉祥县人民政府办公室2020年报.xlsx --annotate out/嘉祥县人民政府办公室2020年报-校验标注.xlsx --overwrite
	$(VENV)/bin/nianbao export out/嘉祥县人民政府办公室2020年报.xlsx -o out/嘉祥县人民政府办公室2020年报.json --overwrite
	@echo
	@echo "== 生成年度报告：Word文档和网页（有 LibreOffice 时另生成 PDF）"
	$(VENV)/bin/nianbao report examples/sample-2020-jiaxiang.json -o out/嘉祥县人民政府办公室2020年报告.docx --html out/嘉祥县人民政府办公室2020年报告.html --overwrite
	-$(VENV)/bin/nianbao report examples/sample-2021-qingshan.json -o out/青山市人民政府2021年报告.docx --pdf out/青山市人民政府2021年报告.pdf --overwrite
	@echo
	@echo "== 分发与汇总：按名单为6个机关分发工作簿，收回5份（1份有错误）后汇总（演示数据，应返回1）"
	@rm -rf out/rollup
	$(PY) tools/make_rollup_demo.py roster out/rollup/名单.xlsx
	$(VENV)/bin/nianbao distribute out/rollup/名单.xlsx --year 2024 -o out/rollup/分发
	$(PY) tools/make_rollup_demo.py fill out/rollup/分发 out/rollup/收回
	$(VENV)/bin/nianbao collect out/rollup/收回 --year 2024 --roster out/rollup/名单.xlsx -o out/rollup/汇总.xlsx; \
	  test $$? -eq 1 && echo "（退出码1：有机关未报送或未通过，演示本应如此）"

# Everything, as CI runs it: the linter, then every test (LibreOffice and browser tests included),
# then the add-ins' Node tests.
test: $(STAMP) $(JS_STAMP) lint bytecode
	$(PYTEST) -q
	$(MAKE) --no-print-directory test-js

# The Office.js and WPS add-ins (tests/js): fake Excel / fake ET against a real nianbao serve.
test-js: $(STAMP) $(JS_STAMP)
	cd $(JS_DIR) && NIANBAO_PYTHON=$(abspath $(PY)) npm test

$(JS_STAMP): $(JS_DIR)/package.json $(JS_DIR)/package-lock.json
	cd $(JS_DIR) && npm ci --no-audit --no-fund
	touch $(JS_STAMP)

# The inner loop: every test but the slow, LibreOffice and browser ones (under a minute).
test-fast: $(STAMP) bytecode
	$(PYTEST) -q -n auto -m "not slow and not libreoffice and not browser"

lint: $(STAMP)
	$(VENV)/bin/ruff check xl_addin tests bench tools

# Every benchmark the README and docs/server.md quote, in one run (each prints the load and its anchors
# first; `make bench | tee bench.txt` keeps the figures for the README). About 4-7 minutes on 2 cores.
bench: $(STAMP)
	$(PY) bench/bench_validate.py
	$(PY) bench/bench_button.py
	$(PY) bench/bench_workbook.py
	$(PY) bench/bench_locate.py
	$(PY) bench/bench_report.py
	$(PY) bench/bench_collect.py --sizes 100,1000,5000 --jobs 2
	$(PY) bench/bench_claims.py
	$(PY) bench/bench_reading.py
	$(PY) bench/bench_similarity.py
	$(PY) bench/bench_import.py --n 200 --jobs 2
	$(MAKE) --no-print-directory bench-server

# Load test of `nianbao serve` on loopback (figures in docs/server.md): 200 validations 50 at a time on
# 1 and on 2 worker processes, and 50 one at a time.
bench-server: $(STAMP)
	$(PY) bench/load_server.py --requests 200 --concurrency 50 --workers 1
	$(PY) bench/load_server.py --requests 200 --concurrency 50 --workers 2
	$(PY) bench/load_server.py --requests 50 --concurrency 1 --workers 1

# The Excel buttons' backend and the web page on http://127.0.0.1:8000/ (docs/server.md).
serve: $(STAMP)
	$(VENV)/bin/nianbao serve

# Debian packages the rendering and browser tests need (LibreOffice, poppler, CJK fonts, Chromium).
system-deps:
	bash scripts/install-system-deps.sh

clean:
	rm -rf $(VENV) out .pytest_cache $(JS_DIR)/node_modules
