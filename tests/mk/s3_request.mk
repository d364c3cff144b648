# SPDX-License-Identifier: MIT
# Request builders (core/s3_request.c, core/s3_req_*.c).
#
#   make test-s3-request   build and run the builder tests (golden heads, bad inputs, several
#                          faults at once, the calendar to 9999, random builds against the
#                          interface promises, botocore)
#   make s3req-report      where the request builders' bytes are: text of each object on
#                          Cortex-M4 and M0+ (-Os, from `make cross`), the sum of the upload
#                          ones (all but s3_req_bucket.o: CreateBucket, GetObject), then every M4 section,
#                          code (with its -fstack-usage frame) and read-only data (tables,
#                          names, string literals), biggest first

.PHONY: test-s3-request s3req-report
test-s3-request: $(BUILD)/tests/test_s3_request $(BUILD)/tests/test_s3_request_order \
                 $(BUILD)/tests/test_s3_request_random \
                 $(BUILD)/tests/test_s3_request_botocore
	@SHARED=$(SHARED) BUILD=$(BUILD) sh tests/run.sh $^

S3REQ_OBJS = s3_request $(sort $(basename $(notdir $(wildcard core/s3_req_*.c))))

s3req-report: cross
	@m4=0; m0=0; i4=0; i0=0; for o in $(S3REQ_OBJS); do \
	  a=$$($(CROSS_SIZE) $(BUILD)/cross-cortex-m4/$$o.o | awk 'NR==2 {print $$1}'); \
	  b=$$($(CROSS_SIZE) $(BUILD)/cross-cortex-m0plus/$$o.o | awk 'NR==2 {print $$1}'); \
	  printf '%-16s %5d B M4  %5d B M0+\n' "$$o.o" "$$a" "$$b"; m4=$$((m4 + a)); m0=$$((m0 + b)); \
	  if [ $$o != s3_req_bucket ]; then i4=$$((i4 + a)); i0=$$((i0 + b)); fi; \
	done; printf '%-16s %5d B M4  %5d B M0+  (text + rodata, -Os)\n' total $$m4 $$m0; \
	printf '%-16s %5d B M4  %5d B M0+  (all but s3_req_bucket.o)\n' upload $$i4 $$i0
	@for o in $(S3REQ_OBJS); do \
	  f=$(BUILD)/cross-cortex-m4/$$o.o; echo "== $$o.o, Cortex-M4 sections"; \
	  arm-none-eabi-readelf -SW $$f | sed 's/^ *\[ *[0-9]*\] *//' | \
	  awk '$$1 ~ /^\.(text|rodata)/ && $$5 != "000000" {print $$1, $$5}' | \
	  while read n s; do \
	    fn=$${n#.text.}; su=""; \
	    if [ "$$fn" != "$$n" ]; then \
	      su=$$(awk -F'\t' -v n="$$fn" '{split($$1, a, ":"); if (a[length(a)] == n) print $$2}' $(BUILD)/cross-cortex-m4/$$o.su); \
	      su="$${su:-?} B frame"; fi; \
	    printf '%6d  %-40s %s\n' "$$((0x$$s))" "$$n" "$$su"; \
	  done | sort -rn; \
	done
