# SPDX-License-Identifier: Apache-2.0 OR MIT
#
# Compiler flags for aarch64 (qemu_arm64).
#
# -mstrict-align: the code before relocation runs with the MMU off, where
#   every data access is Device memory and an unaligned access faults.
# -fpie: Ember is linked at 0, runs first from flash at 0 and then from the
#   top of RAM; the start code applies the R_AARCH64_RELATIVE relocations.
# -mgeneral-regs-only is not used: FP/SIMD is enabled at reset, and the
#   compiler may use vector registers for copies.
#
# libfdt and its headers come from Debian's arm64 libfdt-dev, unpacked by
# scripts/fetch-arm64-deps into build/deps/arm64. Only the three libfdt
# headers are put on the include path (through symlinks in
# $(O)/libfdt-include) so that no other header of that tree can be picked up.

ARM_DEPS := $(srctree)/build/deps/arm64
LIBFDT_A := $(ARM_DEPS)/usr/lib/aarch64-linux-gnu/libfdt.a
LIBFDT_INC := $(O)/libfdt-include
LIBFDT_HEADERS := libfdt.h fdt.h libfdt_env.h

# zlib (Image.gz in booti, unzip): Debian's arm64 zlib1g-dev, the same way.
LIBZ_A := $(ARM_DEPS)/usr/lib/aarch64-linux-gnu/libz.a
ZLIB_INC := $(O)/zlib-include
ZLIB_HEADERS := zlib.h zconf.h
ifeq ($(CONFIG_GZIP),y)
CPPFLAGS += -I$(ZLIB_INC)
LDLIBS += $(LIBZ_A)
endif

ARM_FLAGS := -march=armv8-a+crc -mstrict-align -fpie -mabi=lp64

CPPFLAGS += -I$(LIBFDT_INC)
CFLAGS += $(ARM_FLAGS)
AFLAGS += $(ARM_FLAGS) -g
