# SPDX-License-Identifier: MIT
# Code quality gates beyond the default build: optimisation levels, static analysis, coverage,
# mutation testing.
#
#   make check-opt   library, port, CLI and tests built at -O0, -Os, -O2, -O3 with gcc and at
#                    -O0, -O2 with clang (one build-opt/<cc><level> directory each); fails on any
#                    warning, also one -Werror does not turn into an error (linker, make)
#   make analyze     clang's static analyzer (scan-build) and cppcheck over core/, port/, boards/
#                    and tests/; fails on any finding (analyze-scan-build, analyze-cppcheck alone)
#   make coverage    gcov build (-O0 --coverage) in build-cov, runs make test's programs, prints
#                    line and branch coverage per core/ module; fails only when a test fails
#   make mutants     N (default 60) seeded single-change mutants of core/*.c, each built and
#                    tested in a copy of the tree; prints killed / survived / did not compile and
#                    the score (not in CI: minutes). MUTANTS=N MUTANT_SEED=S MUTANT_TIMEOUT=s

OPT_BUILD        ?= build-opt
OPT_GCC_LEVELS   ?= -O0 -Os -O2 -O3
OPT_CLANG_LEVELS ?= -O0 -O2

.PHONY: check-opt analyze analyze-scan-build analyze-cppcheck coverage mutants

# One build per compiler and level; the log is kept and searched for "warning" so nothing that
# -Werror leaves a warning (a linker note, a make warning) passes either.
check-opt:
	@rc=0; for cl in $(foreach o,$(OPT_GCC_LEVELS),gcc$(o)) $(foreach o,$(OPT_CLANG_LEVELS),clang$(o)); do \
	  cc=$${cl%%-O*}; lvl=-O$${cl#*-O}; d=$(OPT_BUILD)/$$cl; mkdir -p $$d; \
	  if $(MAKE) --no-print-directory -j2 CC=$$cc BUILD=$$d O="$$lvl -g" all tests >$$d/build.log 2>&1 \
	     && ! grep -q 'warning:' $$d/build.log; then echo "check-opt: $$cc $$lvl ok"; \
	  else echo "check-opt: $$cc $$lvl FAILED (log $$d/build.log):"; \
	       grep -E -m 20 'warning:|error:' $$d/build.log; rc=1; fi; \
	done; exit $$rc

# Static analysis. scan-build analyses what a clean clang build compiles (core, port, CLI,
# tests); cppcheck reads the same sources with the defects it reports as warning, performance or
# portability (its style class, mostly C89-scope advice, is not a gate). Both fail on any
# finding; a demonstrated false positive gets a targeted inline suppression with its reason.
SCAN_BUILD ?= scan-build-14
CPPCHECK   ?= cppcheck
ANALYZE_DIR := build-analyze
analyze: analyze-scan-build analyze-cppcheck

analyze-scan-build:
	@rm -rf $(ANALYZE_DIR)/scan && mkdir -p $(ANALYZE_DIR)/scan
	$(SCAN_BUILD) --use-cc=clang --status-bugs -o $(ANALYZE_DIR)/scan/report \
	  $(MAKE) --no-print-directory -j2 BUILD=$(ANALYZE_DIR)/scan/obj all tests >$(ANALYZE_DIR)/scan/log 2>&1 \
	  || { grep -E 'warning:|error:|bugs? found' $(ANALYZE_DIR)/scan/log; exit 1; }
	@grep -E 'scan-build: .*(bugs? found|No bugs)' $(ANALYZE_DIR)/scan/log || true

analyze-cppcheck:
	@mkdir -p $(ANALYZE_DIR)
	$(CPPCHECK) -q -j2 --std=c99 --enable=warning,performance,portability --inline-suppr \
	  --error-exitcode=1 --suppress=missingIncludeSystem -Iinclude -Itests -Iboards/posix \
	  -D_POSIX_C_SOURCE=200809L --template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
	  core port boards tests
	@echo "cppcheck: no findings"

# Coverage of make test's programs, gcc --coverage at -O0 in its own build directory. The
# counters are reset first, so the table is this run's; the target fails only when a test does.
COV_BUILD ?= build-cov
coverage:
	@$(MAKE) --no-print-directory -j2 BUILD=$(COV_BUILD) O="-O0 -g --coverage" all tests >/dev/null
	@find $(COV_BUILD) -name '*.gcda' -delete
	@rc=0; $(MAKE) --no-print-directory BUILD=$(COV_BUILD) O="-O0 -g --coverage" test \
	  >$(COV_BUILD)/coverage-test.log 2>&1 || rc=1; tail -n 1 $(COV_BUILD)/coverage-test.log; \
	lcov -q --capture --rc lcov_branch_coverage=1 --directory $(COV_BUILD)/core \
	  --output-file $(COV_BUILD)/core.info >/dev/null 2>&1 \
	  && $(PYTHON) tests/coverage_report.py $(COV_BUILD)/core.info /core/ \
	  || echo "coverage: lcov found no data"; \
	exit $$rc

# Mutation testing in a private copy of the tree (build-mutants/tree): the checkout is never
# modified. Minutes: not in CI.
MUTANTS        ?= 60
MUTANT_SEED    ?= 1
MUTANT_TIMEOUT ?= 0
mutants:
	$(PYTHON) tests/mutants.py --count $(MUTANTS) --seed $(MUTANT_SEED) --timeout $(MUTANT_TIMEOUT) \
	  --workdir build-mutants --shared $(abspath $(SHARED))
