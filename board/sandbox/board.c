// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox board: no autoboot by default; -e name=value on the command line
 * sets variables (e.g. bootcmd and bootdelay to test autoboot), and -c runs
 * commands instead of the shell.
 */
#include <asm/sandbox.h>
#include <command.h>
#include <env.h>
#include <init.h>
#include <stdio.h>
#include <string.h>

const char *const board_default_env[] = {
	"bootdelay=-1",
	NULL
};

/* Variables given with -e, over the defaults */
void board_late_init(void)
{
	const struct sandbox_state *st = sandbox_state();

	for (int i = 0; i < st->num_env; i++) {
		char name[64];
		const char *eq = strchr(st->env[i], '=');
		size_t n = eq - st->env[i];

		if (n >= sizeof(name) ||
		    (memcpy(name, st->env[i], n), name[n] = '\0',
		     env_set(name, eq + 1)))
			printf("ember: cannot set '%s'\n", st->env[i]);
	}
}

/* With -c: run the commands instead of autoboot and the shell, and leave */
void board_main_loop_init(void)
{
	const char *cmds = sandbox_state()->cmds;

	if (cmds)
		sandbox_quit(run_command_list(cmds, -1, 0));
}
