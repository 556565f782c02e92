// SPDX-License-Identifier: Apache-2.0 OR MIT
/* The interactive shell. */
#ifndef __CLI_H
#define __CLI_H

#include <compiler.h>

/**
 * cli_readline() - read a line with editing and history
 * @prompt: printed first
 * @buf: receives the line, NUL-terminated
 * @size: size of @buf (CONFIG_SYS_CBSIZE)
 * Return: length, -EINTR on Ctrl-C, -E2BIG when more than @size - 1
 * characters were typed (the line is discarded)
 */
int cli_readline(const char *prompt, char *buf, int size);
/** cli_loop() - the prompt loop; never returns */
void __noreturn cli_loop(void);
/** cli_last_status() - status of the last command run (as in $?) */
int cli_last_status(void);

#endif
