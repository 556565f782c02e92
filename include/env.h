// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The environment: name=value variables with U-Boot's names (bootcmd,
 * bootdelay, loadaddr, ipaddr, ...). Defaults come from the board.
 */
#ifndef __ENV_H
#define __ENV_H

#include <types.h>

/** env_init() - load the default environment; 0 or -ENOMEM */
int env_init(void);
/** env_get() - value of @name, or NULL when unset */
const char *env_get(const char *name);
/**
 * env_set() - set @name to @value; NULL or "" deletes it
 * Return: 0, -EINVAL (bad name: empty, or holding '=' or a space),
 * -ENOSPC (value or environment too large), -ENOMEM
 */
int env_set(const char *name, const char *value);
int env_set_hex(const char *name, ulong value);
int env_set_ulong(const char *name, ulong value);
/** env_get_hex() - @name parsed as hex, or @def when unset or invalid */
ulong env_get_hex(const char *name, ulong def);
/**
 * env_get_yesno() - @name as a yes/no answer, as U-Boot reads one
 * Return: 1 when it starts with y, Y, t, T or 1; 0 with n, N, f, F or 0;
 * -1 when unset or anything else
 */
int env_get_yesno(const char *name);
/** env_get_ulong() - @name parsed in @base, or @def */
ulong env_get_ulong(const char *name, int base, ulong def);
/** env_set_default() - drop every variable and reload the defaults */
int env_set_default(void);
/** env_print() - print @name=value, or every variable when @name is NULL */
int env_print(const char *name);
/** env_count() - number of variables and bytes used by them */
void env_usage(int *countp, int *bytesp);

/** board_default_env - the board's defaults: "name=value" strings, NULL end */
extern const char *const board_default_env[];

#endif
