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
