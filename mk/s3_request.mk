# Request builders (core/s3_request.c, s3_req_body.c, s3_req_enum.c).
#
#   make test-s3-request   build and run the builder tests (golden heads, bad inputs, botocore)
#   make s3req-report      Cortex-M4 -Os text size and -fstack-usage frame of every public
#                          builder function and of the shared helpers (from `make cross`)

.PHONY: test-s3-request s3req-report
test-s3-request: $(BUILD)/tests/test_s3_request $(BUILD)/tests/test_s3_request_botocore
	@SHARED=$(SHARED) BUILD=$(BUILD) sh tests/run.sh $^

s3req-report: cross
	@for o in s3_request s3_req_body s3_req_enum; do \
	  f=$(BUILD)/cross-cortex-m4/$$o.o; \
	  echo "== $$o.o: $$($(CROSS_SIZE) $$f | awk 'NR==2 {print $$1}') bytes text (M4 -Os)"; \
	  arm-none-eabi-nm -S --size-sort $$f | awk '$$3 ~ /[tT]/ {print $$4, $$2}' | \
	  while read n s; do \
	    su=$$(awk -F'\t' -v n="$$n" '{split($$1, a, ":"); if (a[length(a)] == n) print $$2}' $(BUILD)/cross-cortex-m4/$$o.su); \
	    printf '  %-34s %5d B text  %4s B frame\n' "$$n" "$$((0x$$s))" "$${su:-?}"; \
	  done; \
	done
