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
