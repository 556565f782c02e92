// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The prompt loop. A line that leaves a quote or a compound command open
 * ('if' without 'fi') is continued on the next lines, under the
 * secondary prompt, as hush does. An empty line runs the last line again,
 * with CMD_FLAG_REPEAT (so that 'md' goes on where it stopped), when every
 * command it ran, at any depth, is a repeatable one (md, mw, help...) and
 * neither Ctrl-C nor a syntax error ended it.
 */
#include <cli.h>
#include <command.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define TYPED_MAX	(CONFIG_SYS_CBSIZE * 4)

static bool repeatable;

void cli_no_repeat(void)
{
	repeatable = false;
}


/* Add lines to @script while it is incomplete; 0 when it is whole */
static int read_more(char *script, char *buf)
{
	size_t len = strlen(script);

	while (cli_check(script) == -EAGAIN) {
		int n = cli_readline(CONFIG_SYS_PROMPT_HUSH_PS2, buf,
				     CONFIG_SYS_CBSIZE);

		if (n == -EINTR)
			return n;
		if (n == -E2BIG || len + 1 + n + 1 > TYPED_MAX) {
			printf("error: commands too long (at most %d characters over all their lines)\n",
			       TYPED_MAX - 1);
			cli_set_last_status(1);
			return -E2BIG;
		}
		script[len++] = '\n';
		memcpy(script + len, buf, n + 1);
		len += n;
	}
	return 0;
}

static void run_typed(const char *script, int flag)
{
	repeatable = true;
	cli_run_typed(script, flag);
	if (had_ctrlc())
		repeatable = false;
}

void cli_loop(void)
{
	static char buf[CONFIG_SYS_CBSIZE];
	static char script[TYPED_MAX], last[TYPED_MAX];

	for (;;) {
		int len = cli_readline(CONFIG_SYS_PROMPT, buf, sizeof(buf));

		clear_ctrlc();
		if (len == -E2BIG) {
			printf("error: line too long (at most %d characters)\n",
			       CONFIG_SYS_CBSIZE - 1);
			cli_set_last_status(1);
		}
		if (len == 0 && repeatable && *last) {
			run_typed(last, CMD_FLAG_REPEAT);
			continue;
		}
		repeatable = false;
		if (len <= 0)
			continue;
		strcpy(script, buf);
		if (read_more(script, buf))
			continue;
		strcpy(last, script);
		run_typed(script, 0);
	}
}
