// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The shell on hostile input: its parser (quotes, escapes, separators,
 * '&&' and '||', comments, if/for/while/until), its expander ($name,
 * ${name}, ${name:-word}, $?, words split after expansion) and its shell
 * variables, with 'run' nesting, 'exit' and the bounds on depth and work.
 * Only commands without effects outside the environment and the shell
 * run (echo, true, false, test, itest, setexpr, setenv, printenv, env,
 * run, exit, showvar): the others are replaced, for
 * this program, by one that fails, so that no input resets the machine,
 * waits on the network or crashes on purpose. So are 'env ask' and 'env
 * edit' (any abbreviation of them), which wait for a line typed at the
 * console.
 *
 * Input: one line (NUL bytes end it). Each input starts from the default
 * environment.
 */
#include <cli.h>
#include <command.h>
#include <linker_lists.h>
#include <string.h>
#include "fuzz.h"

#define LINE_MAX	4096

static const char *const safe[] = {
	"echo", "true", "false", "test", "itest", "setexpr", "setenv",
	"printenv", "env", "run", "exit", "showvar",
};

static int refused(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	return CMD_RET_FAILURE;
}

static int (*env_cmd)(struct cmd_tbl *cmdtp, int flag, int argc,
		       char *const argv[]);

/* Whether @word names sub-command @sub, whole or abbreviated */
static bool names(const char *word, const char *sub)
{
	return *word && !strncmp(word, sub, strlen(word));
}

static int env_without_input(struct cmd_tbl *cmdtp, int flag, int argc,
			     char *const argv[])
{
	if (argc > 1 && (names(argv[1], "ask") || names(argv[1], "edit")))
		return CMD_RET_FAILURE;
	return env_cmd(cmdtp, flag, argc, argv);
}

static void only_safe_commands(void)
{
	ll_foreach(struct cmd_tbl, cmd, cmd) {
		bool ok = false;

		for (size_t i = 0; i < sizeof(safe) / sizeof(safe[0]); i++)
			ok |= !strcmp(cmd->name, safe[i]);
		if (!ok)
			cmd->cmd = refused;
		if (!strcmp(cmd->name, "env")) {
			env_cmd = cmd->cmd;
			cmd->cmd = env_without_input;
		}
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static char line[LINE_MAX + 1];
	static bool ready;

	fuzz_init();
	if (!ready) {
		only_safe_commands();
		ready = true;
	}
	if (size > LINE_MAX)
		size = LINE_MAX;
	memcpy(line, data, size);
	line[size] = '\0';
	run_command("env default -a", 0);
	cli_local_clear();
	run_command(line, 0);
	return 0;
}
