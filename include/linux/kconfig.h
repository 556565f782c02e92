// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Kconfig helpers: IS_ENABLED(CONFIG_FOO) is 1 when CONFIG_FOO is set to y,
 * 0 otherwise, usable both in #if and in C expressions.
 */
#ifndef __LINUX_KCONFIG_H
#define __LINUX_KCONFIG_H

#include <generated/autoconf.h>

#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(__ignored, val, ...) val
#define __is_defined(x) ___is_defined(x)
#define ___is_defined(val) ____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk) __take_second_arg(arg1_or_junk 1, 0)

#define IS_ENABLED(option) __is_defined(option)

/* CONFIG_VAL(X, dflt): value of an int/hex option, or dflt when not set. */
#define CONFIG_IS_SET(option) IS_ENABLED(option)

#endif
