# SPDX-License-Identifier: Apache-2.0 OR MIT
# Sandbox: Ember as a Linux program, linked against the host's libfdt.

SANITIZE_FLAGS :=
ifeq ($(CONFIG_SANDBOX_SANITIZE),y)
SANITIZE_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
endif
# Fuzzing: libFuzzer's coverage on every object, the sanitizers too
ifeq ($(CONFIG_SANDBOX_FUZZ),y)
SANITIZE_FLAGS := -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer
endif
CFLAGS += -fPIE $(SANITIZE_FLAGS)

# libfdt's headers, without the rest of /usr/include.
LIBFDT_INC := $(O)/libfdt-include
$(shell mkdir -p $(LIBFDT_INC) && for h in libfdt.h fdt.h libfdt_env.h; do \
	ln -sf /usr/include/$$h $(LIBFDT_INC)/$$h; done)
CPPFLAGS += -I$(LIBFDT_INC)

# zlib's headers likewise (booti's Image.gz, unzip); the host's libz is linked.
ifeq ($(CONFIG_GZIP),y)
ZLIB_INC := $(O)/zlib-include
$(shell mkdir -p $(ZLIB_INC) && for h in zlib.h zconf.h; do \
	ln -sf /usr/include/$$h $(ZLIB_INC)/$$h; done)
CPPFLAGS += -I$(ZLIB_INC)
LDLIBS += -lz
endif
