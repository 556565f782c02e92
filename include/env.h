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
/**
 * env_set_default_vars() - set each of the @n @names to its default value,
 * or delete it when it has none ('env default var ...')
 */
int env_set_default_vars(const char *const *names, int n);
/** env_print() - print @name=value, or every variable when @name is NULL */
int env_print(const char *name);
/**
 * env_export() - write the variables (all, or the @n in @names), sorted,
 * as "name=value" each followed by @sep: '\n' (text: newlines and
 * backslashes in values escaped with a backslash; then one NUL) or '\0'
 * (binary: then a second NUL)
 * @lenp: receives the bytes written, the final NUL(s) included
 * Return: 0, -ENOSPC when @size is too small
 */
int env_export(char *buf, size_t size, char sep, const char *const *names,
	       int n, size_t *lenp);
/**
 * env_import() - set the variables in @buf (as env_export() writes them;
 * text may also hold blank lines, leading blanks and '#' comments;
 * "name" or "name=" deletes), up to a NUL or @size bytes
 * @clear: delete every variable first
 * @names, @n: only these (all when @n is 0)
 * Return: 0, or env_set()'s error for the first entry refused (the
 * entries before it are set)
 */
int env_import(const char *buf, size_t size, char sep, bool clear,
	       const char *const *names, int n);
/**
 * env_load() - replace the environment with the one saved in flash
 * (common/env_flash.c), saying so: "Loading Environment from Flash... OK",
 * or U-Boot's warning and the defaults kept
 * Return: 0, -EBADMSG (no copy whose CRC holds), or the flash's error
 */
int env_load(void);
/**
 * env_save() - write the environment to flash ('saveenv'), printing
 * U-Boot's lines; when it returns 0 the environment survives a power cut
 * Return: 0, -ENOSPC (too large for a copy), or the flash's error
 */
int env_save(void);
/** env_erase() - erase both copies in flash ('env erase') */
int env_erase(void);
/**
 * env_is_default() - whether the variables are the defaults (no saved
 * environment loaded since the last env_set_default()), as U-Boot's
 * env_use_default
 */
bool env_is_default(void);
/** env_mark_loaded() - a saved environment replaced the defaults */
void env_mark_loaded(void);
struct regex;

/**
 * env_grep() - print each "name=value" (in name order) where one of the
 * @n strings @pats occurs in the name (@names) or the value (@values); or,
 * with @res (the @n compiled), matches it
 * Return: how many were printed, or -E2BIG (a match needed more work
 * than allowed)
 */
int env_grep(const char *const *pats, const struct regex *res, int n,
	     bool names, bool values);
#ifdef CONFIG_ENV_IS_IN_FLASH
/**
 * env_copy_loaded() - the copy in flash the environment came from or
 * was last saved to: 0 the first, 1 the redundant one, -1 none
 */
int env_copy_loaded(void);
/**
 * env_can_persist() - whether 'saveenv' has somewhere to write: the
 * flash under both copies is there (nothing printed)
 */
bool env_can_persist(void);
#else
static inline int env_copy_loaded(void) { return -1; }
static inline bool env_can_persist(void) { return false; }
#endif
/** env_usage() - number of variables and bytes used by them */
void env_usage(int *countp, int *bytesp);

/** board_default_env - the board's defaults: "name=value" strings, NULL end */
extern const char *const board_default_env[];

#endif
