// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Sandbox board: no autoboot. RAM is at CONFIG_SANDBOX_RAM_BASE. */
#include <env.h>

const char *const board_default_env[] = {
	"bootdelay=-1",
	NULL
};
