# SPDX-License-Identifier: Apache-2.0 OR MIT
#
# Final link for aarch64: ember.elf (position independent, linked at 0) and
# ember.bin, the raw image QEMU loads into its flash with -bios.
#
# GNU ld for aarch64 also stores the link-time value of every relocated word
# in the image (unless given --no-apply-dynamic-relocs), so the code that
# runs from flash at address 0 before relocation sees correct pointers; the
# start code then applies the same relocations for the address it moves the
# image to.

NM := $(CROSS_COMPILE)nm
LIBGCC := $(shell $(CC) -print-libgcc-file-name)
LDSCRIPT := arch/arm/ember.lds
ARM_LDFLAGS := -nostdlib -static-pie -Wl,--no-dynamic-linker \
	-Wl,--gc-sections -Wl,-z,norelro \
	-Wl,-z,noexecstack -Wl,--build-id=none -Wl,--no-undefined \
	-Wl,-z,max-page-size=4096 -Wl,--no-warn-rwx-segments \
	-Wl,--fatal-warnings

all: $(O)/ember.bin

$(O)/ember.elf: $(OBJS) $(LIBFDT_A) $(LDSCRIPT)
	$(quiet) LD $@
	$(Q)$(CC) $(ARM_LDFLAGS) -T $(LDSCRIPT) -Wl,-Map,$(O)/ember.map \
		-o $@ $(OBJS) $(LIBFDT_A) $(LIBGCC) $(LDLIBS)

$(O)/ember.bin: $(O)/ember.elf
	$(quiet) OBJCOPY $@
	$(Q)$(OBJCOPY) -O binary $< $@
	$(Q)set -- $$($(NM) $< | sed -n \
		-e 's/^\([0-9a-f]*\) . __image_copy_end$$/0x\1/p' \
		-e 's/^\([0-9a-f]*\) . __bss_start$$/0x\1/p' \
		-e 's/^\([0-9a-f]*\) . __bss_end$$/0x\1/p'); \
	printf '  %-8s %s: %d bytes, bss %d bytes\n' SIZE $@ \
		"$$(stat -c %s $@)" "$$(( $$1 - $$2 ))"

# Debian's arm64 libfdt (library and headers).
$(LIBFDT_A):
	$(Q)scripts/fetch-arm64-deps libfdt-dev

$(addprefix $(LIBFDT_INC)/,$(LIBFDT_HEADERS)): $(LIBFDT_A)
	$(Q)mkdir -p $(LIBFDT_INC)
	$(Q)ln -sf $(ARM_DEPS)/usr/include/$(notdir $@) $@

# Debian's arm64 zlib (library and headers), for booti's Image.gz.
$(LIBZ_A):
	$(Q)scripts/fetch-arm64-deps zlib1g-dev

$(addprefix $(ZLIB_INC)/,$(ZLIB_HEADERS)): $(LIBZ_A)
	$(Q)mkdir -p $(ZLIB_INC)
	$(Q)ln -sf $(ARM_DEPS)/usr/include/$(notdir $@) $@

# Every object may include <libfdt.h>: make the headers exist first.
$(OBJS): | $(addprefix $(LIBFDT_INC)/,$(LIBFDT_HEADERS))
ifeq ($(CONFIG_BOOTI_GZIP),y)
$(OBJS): | $(addprefix $(ZLIB_INC)/,$(ZLIB_HEADERS))
$(O)/ember.elf: $(LIBZ_A)
endif
