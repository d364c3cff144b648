# SPDX-License-Identifier: MIT
# The shared calendar (core/date.c).
#
#   make test-date   build and run tests/test_date (every day of 0000..9999 against a
#                    day-by-day walk, random instants against /usr/bin/python3's datetime)
#
# The signer uses core/date.c, so the signing bench (tests/bench/sigv4.mk, which links a short list of
# core objects) links it too. the fragments are included in MK_FRAGMENTS order, so SIGV4_BENCH is not set
# yet here: the paths are spelled out.

.PHONY: test-date
test-date: $(BUILD)/tests/test_date
	@SHARED=$(SHARED) BUILD=$(BUILD) sh tests/run.sh $^

$(BUILD)/bench/bench_sign_mbedtls: $(BUILD)/bench/mbedtls/date.o
