// SPDX-License-Identifier: Apache-2.0 OR MIT
/* The interactive shell and its command language (common/cli*.c). */
#ifndef __CLI_H
#define __CLI_H

#include <compiler.h>
#include <types.h>

/* Most shell variables ('name=value') set at once */
#define CLI_MAX_LOCALS	128

/**
 * cli_readline() - read a line with editing and history
 * @prompt: printed first
 * @buf: receives the line, NUL-terminated
 * @size: size of @buf (CONFIG_SYS_CBSIZE)
 * Return: length, -EINTR on Ctrl-C, -E2BIG when more than @size - 1
 * characters were typed (the line is discarded)
 */
int cli_readline(const char *prompt, char *buf, int size);
/**
 * cli_readline_init() - cli_readline() with the line starting as @init
 * (at most @size - 1 bytes of it, not in @buf), the cursor at its end:
 * editenv
 */
int cli_readline_init(const char *prompt, char *buf, int size,
		      const char *init);
/** cli_loop() - the prompt loop; never returns */
void __noreturn cli_loop(void);
/** cli_last_status() - status of the last command run (as in $?) */
int cli_last_status(void);
/** cli_set_last_status() - set $? (a line refused before it could run) */
void cli_set_last_status(int status);

/**
 * cli_check() - read @script without running it
 * Return: 0 when it is well formed, -EAGAIN when more lines could complete
 * it (an open quote or compound command), -EINVAL for a syntax error
 */
int cli_check(const char *script);
/**
 * cli_run_typed() - run a line typed at the prompt: as run_command(), but
 * 'exit' is refused there, as in hush
 */
int cli_run_typed(const char *cmd, int flag);
/**
 * cli_exit() - what 'exit' does: end the innermost script ('run', 'source'
 * or a line not typed at the prompt) with status @code
 * Return: the command's status
 */
int cli_exit(int code);
/**
 * cli_no_repeat() - an empty line must not run the last line again (it ran
 * a command that is not repeatable, or failed to parse)
 */
void cli_no_repeat(void);

/* Shell variables (hush's 'name=value'), looked up after the environment */
const char *cli_local_get(const char *name);
/** cli_local_set() - Return: 0, -EINVAL (bad name), -ENOSPC, -ENOMEM */
int cli_local_set(const char *name, const char *value);
/** cli_local_foreach() - call @fn for each shell variable, oldest first */
void cli_local_foreach(void (*fn)(const char *name, const char *value));
/** cli_local_clear() - forget every shell variable */
void cli_local_clear(void);

#endif
