// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The command language: commands separated by ';' or newlines, joined by
 * '&&' and '||'; 'single' and "double" quotes; backslash escapes; $name,
 * ${name} and $? expansion (unquoted expansions split into words); '#'
 * comments. Each command is expanded just before it runs, so
 * 'setenv a 1; echo $a' prints 1.
 *
 * The total work of one line is bounded: 'run' nests at most MAX_NESTING
 * deep, the line runs at most CONFIG_CLI_MAX_COMMANDS commands, and Ctrl-C
 * is looked for after every command. Any of the three stops the whole
 * line, at every depth, with one message.
 */
#include <cli.h>
#include <command.h>
#include <ctype.h>
#include <env.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPAND_MAX	(CONFIG_SYS_CBSIZE * 4)
#define MAX_NESTING	16

static int last_status;
static int nesting;
/* The line running: what bounds its total work */
static struct {
	bool stopped;		/* being unwound */
	ulong commands;		/* run so far */
} line;

int cli_last_status(void)
{
	return last_status;
}

/* One command being parsed: words are built in @out */
struct cmdline {
	char out[EXPAND_MAX];
	int len;
	char *argv[CONFIG_SYS_MAXARGS + 1];
	int argc;
	bool in_word;
	int err;
};

static void add_char(struct cmdline *c, char ch)
{
	if (c->err)
		return;
	if (c->len + 2 > EXPAND_MAX) {
		c->err = -E2BIG;
		return;
	}
	if (!c->in_word) {
		if (c->argc == CONFIG_SYS_MAXARGS) {
			c->err = -EMSGSIZE;
			return;
		}
		c->argv[c->argc++] = c->out + c->len;
		c->in_word = true;
	}
	c->out[c->len++] = ch;
}

static void end_word(struct cmdline *c)
{
	if (c->in_word && !c->err) {
		c->out[c->len++] = '\0';
		c->in_word = false;
	}
}

/* Start a word even if it stays empty (for "" and '') */
static void begin_word(struct cmdline *c)
{
	if (!c->in_word) {
		add_char(c, 'x');
		c->len--;
	}
}

static const char *expand(struct cmdline *c, const char *p, bool quoted)
{
	char name[64];
	const char *val, *end;
	size_t n;

	p++;	/* '$' */
	if (*p == '?') {
		add_char(c, last_status ? '1' : '0');
		return p + 1;
	}
	if (*p == '{') {
		end = strchr(p, '}');
		if (!end) {
			c->err = -EINVAL;
			return p + strlen(p);
		}
		n = end - p - 1;
		p++;
	} else {
		for (end = p; isalnum(*end) || *end == '_'; end++)
			;
		n = end - p;
		if (!n) {
			add_char(c, '$');
			return p;
		}
	}
	if (n >= sizeof(name)) {
		c->err = -ENAMETOOLONG;
		return end + (*end == '}');
	}
	memcpy(name, p, n);
	name[n] = '\0';
	val = env_get(name);
	for (; val && *val; val++) {
		if (!quoted && isspace(*val))
			end_word(c);
		else
			add_char(c, *val);
	}
	return end + (*end == '}');
}

/*
 * Parse one command from @p into @c; return the position after it and set
 * *@sep to ';', '&' (&&), '|' (||) or 0 at the end of the string.
 */
static const char *parse_one(const char *p, struct cmdline *c, char *sep)
{
	char quote = 0;

	c->len = c->argc = 0;
	c->in_word = false;
	c->err = 0;
	*sep = 0;
	for (; *p; p++) {
		if (quote == '\'') {
			if (*p == '\'')
				quote = 0;
			else
				add_char(c, *p);
		} else if (*p == '\\' && p[1]) {
			add_char(c, *++p);
		} else if (*p == '$') {
			p = expand(c, p, quote) - 1;
		} else if (quote == '"') {
			if (*p == '"')
				quote = 0;
			else
				add_char(c, *p);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			begin_word(c);
		} else if (isspace(*p) && *p != '\n') {
			end_word(c);
		} else if (*p == ';' || *p == '\n') {
			*sep = ';';
			p++;
			break;
		} else if ((*p == '&' || *p == '|') && p[1] == *p) {
			*sep = *p;
			p += 2;
			break;
		} else if (*p == '#' && !c->in_word) {
			p += strcspn(p, "\n") - 1;
		} else {
			add_char(c, *p);
		}
	}
	end_word(c);
	c->argv[c->argc] = NULL;
	return p;
}

/* Report quotes left open; 0 when the line is well formed */
static int check_quotes(const char *p)
{
	char quote = 0;

	for (; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			else if (*p == '\\' && quote == '"' && p[1])
				p++;
		} else if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		}
	}
	if (quote) {
		printf("syntax error: unterminated %s quote\n",
		       quote == '"' ? "double" : "single");
		return -EINVAL;
	}
	return 0;
}

static int call_command(int flag, int argc, char *const argv[])
{
	struct cmd_tbl *cmd = find_cmd(argv[0]);
	int ret;

	if (!cmd) {
		printf("Unknown command '%s' - try 'help'\n", argv[0]);
		return 1;
	}
	if (argc > cmd->maxargs) {
		cmd_usage(cmd);
		return 1;
	}
	ret = cmd->cmd(cmd, flag, argc, argv);
	if (ret == CMD_RET_USAGE) {
		cmd_usage(cmd);
		return 1;
	}
	return ret ? 1 : 0;
}

static const char *parse_error(int err)
{
	switch (err) {
	case -E2BIG:
		return "command too long after expansion";
	case -EMSGSIZE:
		return "too many arguments";
	case -ENAMETOOLONG:
		return "variable name too long";
	default:
		return "missing '}'";
	}
}

/* Before each command: has the line done enough? (Says so once) */
static bool stop_line(void)
{
	if (ctrlc()) {
		printf("<INTERRUPT>\n");
		line.stopped = true;
	} else if (++line.commands > CONFIG_CLI_MAX_COMMANDS) {
		printf("stopped: the line ran more than %d commands\n",
		       CONFIG_CLI_MAX_COMMANDS);
		line.stopped = true;
	}
	return line.stopped;
}

static int run_list(const char *s, int flag)
{
	struct cmdline *c;
	char sep = ';', prev;
	int status = 0;

	if (check_quotes(s))
		return 1;
	if (nesting >= MAX_NESTING) {
		printf("run: commands nested too deeply (max %d)\n",
		       MAX_NESTING);
		line.stopped = true;
		return 1;
	}
	c = malloc(sizeof(*c));
	if (!c) {
		printf("out of memory\n");
		return 1;
	}
	nesting++;
	while (*s) {
		prev = sep;
		s = parse_one(s, c, &sep);
		if ((prev == '&' && status) || (prev == '|' && !status))
			continue;
		if (c->err) {
			printf("syntax error: %s\n", parse_error(c->err));
			status = 1;
			break;
		}
		if (!c->argc)
			continue;
		if (line.stopped || stop_line()) {
			status = 1;
			break;
		}
		status = call_command(flag, c->argc, c->argv);
		last_status = status;
		if (had_ctrlc() || line.stopped) {
			line.stopped = true;
			break;
		}
	}
	nesting--;
	free(c);
	return status;
}

int cli_run_in_line(const char *cmd, int flag)
{
	int status = run_list(cmd, flag);

	last_status = status;
	return status;
}

/* A new line: its own bounds; the line that called it (if any) goes on */
int run_command(const char *cmd, int flag)
{
	typeof(line) outer = line;
	int status;

	line.stopped = false;
	line.commands = 0;
	status = cli_run_in_line(cmd, flag);
	line = outer;
	return status;
}

int run_command_list(const char *cmd, int len, int flag)
{
	char *copy;
	int ret;

	if (len < 0)
		return run_command(cmd, flag);
	copy = strndup(cmd, len);
	if (!copy)
		return 1;
	ret = run_command(copy, flag);
	free(copy);
	return ret;
}

void cli_loop(void)
{
	static char line[CONFIG_SYS_CBSIZE];

	for (;;) {
		int len = cli_readline(CONFIG_SYS_PROMPT, line, sizeof(line));

		clear_ctrlc();
		if (len == -E2BIG) {
			printf("error: line too long (at most %d characters)\n",
			       CONFIG_SYS_CBSIZE - 1);
			last_status = 1;
			continue;
		}
		if (len <= 0)
			continue;
		run_command(line, 0);
	}
}
