# SPDX-License-Identifier: Apache-2.0 OR MIT
all: $(O)/ember

# os.c is the one file that sees the host's headers.
$(O)/arch/sandbox/os.o: arch/sandbox/os.c
	$(quiet) HOSTCC $<
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -O2 -g -Wall -Wextra $(SANITIZE_FLAGS) $(DEPFLAGS) -c -o $@ $<

$(O)/ember: $(OBJS) arch/sandbox/sandbox.lds
	$(quiet) LD $@
	$(Q)$(CC) $(SANITIZE_FLAGS) -o $@ $(OBJS) -Wl,-T,arch/sandbox/sandbox.lds \
		-Wl,--gc-sections -lfdt $(LDLIBS)

# Fuzz harnesses: test/fuzz/fuzz_<name>.c is $(O)/fuzz/<name>, linked with
# everything but main() and with libFuzzer's main instead
ifeq ($(CONFIG_SANDBOX_FUZZ),y)
FUZZ_NAMES := $(patsubst test/fuzz/fuzz_%.c,%,$(wildcard test/fuzz/fuzz_*.c))
FUZZ_BINS := $(addprefix $(O)/fuzz/,$(FUZZ_NAMES))
FUZZ_OBJS := $(filter-out $(O)/arch/sandbox/main.o,$(OBJS)) \
	$(O)/test/fuzz/common.o
all: $(FUZZ_BINS)
-include $(FUZZ_NAMES:%=$(O)/test/fuzz/fuzz_%.d) $(O)/test/fuzz/common.d

$(O)/fuzz/%: $(O)/test/fuzz/fuzz_%.o $(FUZZ_OBJS) arch/sandbox/sandbox.lds
	$(quiet) LD $@
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_OBJS) \
		-Wl,-T,arch/sandbox/sandbox.lds -Wl,--gc-sections -lfdt $(LDLIBS)
endif
