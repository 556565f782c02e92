// SPDX-License-Identifier: Apache-2.0 OR MIT
/* time: run a command and report how long it took. */
#include <command.h>
#include <stdio.h>
#include <time.h>

static int do_time(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	struct cmd_tbl *cmd;
	u64 start, us;
	int ret;

	if (argc < 2)
		return CMD_RET_USAGE;
	cmd = find_cmd(argv[1]);
	if (!cmd) {
		printf("Unknown command '%s' - try 'help'\n", argv[1]);
		return CMD_RET_FAILURE;
	}
	if (argc - 1 > cmd->maxargs)
		return cmd_usage(cmd);
	start = timer_get_us();
	ret = cmd_call(cmd, flag, argc - 1, argv + 1);
	us = timer_get_us() - start;
	if (ret == CMD_RET_USAGE)
		ret = cmd_usage(cmd);
	printf("\ntime: %llu.%03llu seconds\n",
	       (unsigned long long)(us / 1000000),
	       (unsigned long long)(us / 1000 % 1000));
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

EMBER_CMD(time, CONFIG_SYS_MAXARGS, do_time,
	  "run commands and summarize execution time",
	  "command [args...]");
