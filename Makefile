# SPDX-License-Identifier: Apache-2.0 OR MIT
#
# Ember top-level Makefile.
#
#   make <board>_defconfig      configure (qemu_arm64, sandbox)
#   make [-j2] [O=dir] [V=1]    build the configured board
#   make menuconfig | olddefconfig | savedefconfig
#   make qemu [TFTP=dir] [VIRTIO=mmio|mmio-legacy|pci] [DISK=disk.img]
#                               install deps, build qemu_arm64, net-boot
#                               Debian's kernel in QEMU (doc/usage/booting.md)
#   make check                  install deps, build both boards, run every test
#   make fuzz [FUZZ_SECONDS=n]  run the fuzz harnesses longer, keeping what
#                               they find (doc/develop/fuzzing.md)
#   make bench [PAIRS=n] [METRICS=a,b]
#                               Ember against Debian's U-Boot, side by side
#                               (test/bench/bench.py; results in build/bench)
#
# Every directory has a Makefile fragment that lists objects with
# obj-$(CONFIG_FOO) += foo.o and sub-directories with obj-y += dir/.

MAKEFLAGS += -rR --no-print-directory
.SUFFIXES:
.DELETE_ON_ERROR:

srctree := $(CURDIR)
O ?= build
override O := $(patsubst %/,%,$(O))
PY := /usr/bin/python3
KCONFIGLIB := /usr/lib/python3/dist-packages

ifeq ($(V),1)
Q :=
quiet = @:
else
Q := @
quiet = @printf '  %-8s %s\n'
endif

CONFIG := $(O)/.config
KCONFIG_ENV := KCONFIG_CONFIG=$(CONFIG) srctree=$(srctree)

.PHONY: all
all:

# ---------------------------------------------------------------- set-up
.PHONY: deps qemu check bench fuzz clean distclean
deps:
	$(Q)scripts/deps

# A configured build/qemu_arm64 keeps its .config (menuconfig changes).
qemu: deps
	$(Q)[ -f build/qemu_arm64/.config ] || \
		$(MAKE) O=build/qemu_arm64 qemu_arm64_defconfig
	$(Q)$(MAKE) O=build/qemu_arm64 -j2 all
	$(Q)scripts/qemu build/qemu_arm64/ember.bin $(if $(TFTP),--tftp $(TFTP)) \
		$(if $(VIRTIO),--virtio $(VIRTIO)) $(if $(DISK),--disk $(DISK))

check: deps
	$(Q)scripts/check

# Every harness for FUZZ_SECONDS (300) each; new inputs join the corpora
fuzz: deps
	$(Q)scripts/fuzz --keep --time $(or $(FUZZ_SECONDS),300)

bench: deps
	$(Q)$(MAKE) O=build/qemu_arm64 qemu_arm64_defconfig
	$(Q)$(MAKE) O=build/qemu_arm64 -j2 all
	$(Q)$(PY) test/bench/bench.py $(if $(PAIRS),--pairs $(PAIRS)) \
		$(if $(METRICS),--metrics $(METRICS))

clean:
	$(Q)rm -rf $(O)/arch $(O)/board $(O)/boot $(O)/cmd $(O)/common \
		$(O)/drivers $(O)/dts $(O)/lib $(O)/net $(O)/test \
		$(O)/ember $(O)/ember.* $(O)/include/generated

distclean:
	$(Q)rm -rf build

# ---------------------------------------------------------------- Kconfig
%_defconfig:
	$(Q)mkdir -p $(O)
	$(Q)$(KCONFIG_ENV) $(PY) $(KCONFIGLIB)/defconfig.py --kconfig Kconfig configs/$@ >/dev/null
	$(Q)echo "configured $(O) from configs/$@"

.PHONY: menuconfig olddefconfig savedefconfig
menuconfig:
	$(Q)mkdir -p $(O)
	$(Q)$(KCONFIG_ENV) $(PY) $(KCONFIGLIB)/menuconfig.py Kconfig

olddefconfig:
	$(Q)$(KCONFIG_ENV) $(PY) $(KCONFIGLIB)/olddefconfig.py Kconfig

savedefconfig:
	$(Q)$(KCONFIG_ENV) $(PY) $(KCONFIGLIB)/savedefconfig.py --kconfig Kconfig --out $(O)/defconfig
	$(Q)echo "wrote $(O)/defconfig"

# Targets that do not need a configured tree stop here.
no_config_goals := %_defconfig menuconfig olddefconfig savedefconfig deps qemu check bench fuzz clean distclean
ifneq ($(filter-out $(no_config_goals),$(or $(MAKECMDGOALS),all)),)

ifeq ($(wildcard $(CONFIG)),)
$(error $(CONFIG) is missing: run 'make O=$(O) <board>_defconfig' first)
endif
KCONFIG_FILES := $(shell find . -path ./build -prune -o -name Kconfig -print)

# A Kconfig file changed: bring .config up to date (make then restarts).
$(CONFIG): $(KCONFIG_FILES)
	$(Q)$(KCONFIG_ENV) $(PY) $(KCONFIGLIB)/olddefconfig.py Kconfig >/dev/null
	$(Q)touch $@

include $(CONFIG)
unquote = $(patsubst "%",%,$(1))

AUTOCONF := $(O)/include/generated/autoconf.h
$(AUTOCONF): $(CONFIG)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCONFIG_ENV) $(PY) $(KCONFIGLIB)/genconfig.py --header-path $@ Kconfig

ARCH := $(call unquote,$(CONFIG_SYS_ARCH))
BOARD := $(call unquote,$(CONFIG_SYS_BOARD))

# ---------------------------------------------------------------- toolchain
ifeq ($(ARCH),sandbox)
CROSS_COMPILE ?=
else
CROSS_COMPILE ?= aarch64-linux-gnu-
endif
CC := $(if $(CONFIG_SANDBOX_FUZZ),clang,$(CROSS_COMPILE)gcc)
OBJCOPY := $(CROSS_COMPILE)objcopy
DTC := dtc

CPPFLAGS := -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-Iinclude -Iarch/$(ARCH)/include -I$(O)/include \
	-include include/linux/kconfig.h -D__EMBER__
CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-common -fno-strict-aliasing \
	-ffunction-sections -fdata-sections \
	-Wall -Wextra -Wno-unused-parameter -Wmissing-prototypes -Wstrict-prototypes \
	-Wno-missing-field-initializers -Werror=implicit-function-declaration
DEPFLAGS = -MMD -MP -MF $(@:.o=.d)
LDLIBS :=
# 'version' names the toolchain, as U-Boot's does
CC_VERSION := $(shell $(CC) --version 2>/dev/null | head -n 1)
LD_VERSION := $(shell $(CROSS_COMPILE)ld --version 2>/dev/null | head -n 1)
CFLAGS_version.o := -DCC_VERSION_STRING='"$(subst ','\'',$(subst ",,$(CC_VERSION)))"' \
	-DLD_VERSION_STRING='"$(subst ','\'',$(subst ",,$(LD_VERSION)))"'

include arch/$(ARCH)/config.mk

# ---------------------------------------------------------------- objects
# $(call walk,dir): read dir/Makefile and collect its objects and sub-dirs.
OBJS :=
define walk
obj-y :=
extra-y :=
include $(1)/Makefile
objs_$(1) := $$(filter %.o,$$(obj-y))
subs_$(1) := $$(patsubst %/,%,$$(filter %/,$$(obj-y)))
OBJS += $$(addprefix $(O)/$(1)/,$$(objs_$(1)))
$$(foreach s,$$(subs_$(1)),$$(eval $$(call walk,$(1)/$$(s))))
endef

TOPDIRS := arch/$(ARCH) board/$(BOARD) boot cmd common drivers dts lib net test
$(foreach d,$(TOPDIRS),$(eval $(call walk,$(d))))

# ---------------------------------------------------------------- rules
$(O)/%.o: %.c $(AUTOCONF)
	$(quiet) CC $<
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(CFLAGS_$(notdir $@)) $(DEPFLAGS) -c -o $@ $<

$(O)/%.o: %.S $(AUTOCONF)
	$(quiet) AS $<
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(AFLAGS) -D__ASSEMBLY__ $(DEPFLAGS) -c -o $@ $<

$(O)/%.dtb: %.dts
	$(quiet) DTC $<
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) -E -P -nostdinc -Iinclude -x assembler-with-cpp -o $(@:.dtb=.dts.tmp) $<
	$(Q)$(DTC) -q -I dts -O dtb -o $@ $(@:.dtb=.dts.tmp)

-include $(OBJS:.o=.d)

include arch/$(ARCH)/link.mk

endif
