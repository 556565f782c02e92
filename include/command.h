// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Shell commands. Each command is declared where it is implemented:
 *
 *   EMBER_CMD(echo, CONFIG_SYS_MAXARGS, do_echo,
 *             "echo args to console",
 *             "[args..]\n    - echo args to console");
 *
 * The usage line and help text are data, rendered by 'help'.
 */
#ifndef __COMMAND_H
#define __COMMAND_H

#include <linker_lists.h>
#include <types.h>

enum command_ret_t {
	CMD_RET_SUCCESS = 0,
	CMD_RET_FAILURE = 1,
	CMD_RET_USAGE = -1,	/* print the usage and fail */
};

/* The flag a command is given when an empty line repeats it */
#define CMD_FLAG_REPEAT		0x0001

struct cmd_tbl {
	const char *name;
	int maxargs;
	int (*cmd)(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[]);
	const char *usage;
	const char *help;
	bool repeatable;	/* an empty line runs it again */
};

/*
 * The entry name is pasted here, so that a name which is also a macro
 * ('true' and 'false' are, from stdbool) is not expanded on its way into
 * the section name: the linker sorts the table, and 'help' lists it, by
 * that name.
 */
#define __EMBER_CMD(_entry, _name, _maxargs, _rep, _cmd, _usage, _help)	\
	ll_entry_declare(struct cmd_tbl, _entry, cmd) = {		\
		_name, _maxargs, _cmd, _usage, _help, _rep }
#define EMBER_CMD(_name, _maxargs, _cmd, _usage, _help)			\
	__EMBER_CMD(cmd_##_name, #_name, _maxargs, false, _cmd, _usage, _help)
/* A command an empty line repeats (U-Boot's 'rep' flag) */
#define EMBER_CMD_REP(_name, _maxargs, _cmd, _usage, _help)		\
	__EMBER_CMD(cmd_##_name, #_name, _maxargs, true, _cmd, _usage, _help)
/*
 * A repeatable command whose name is no C identifier ('?', '['): @_entry
 * names its table entry, and sorts it (the linker sorts by it): '0...' and
 * '1...' put them before the letters, where strcmp() puts '?' and '['.
 */
#define EMBER_CMD_NAMED(_entry, _name, _maxargs, _cmd, _usage, _help)	\
	__EMBER_CMD(cmd_##_entry, _name, _maxargs, true, _cmd, _usage, _help)

/** struct cmd_sub - a sub-command for cmd_dispatch_sub() */
struct cmd_sub {
	const char *name;
	int minargs;	/* counting the sub-command itself */
	int maxargs;
	int (*fn)(int argc, char *const argv[]);
};

/**
 * cmd_dispatch_sub() - run the sub-command named by argv[1]
 * Return: its result, or CMD_RET_USAGE for an unknown one or a wrong
 * argument count
 */
int cmd_dispatch_sub(const struct cmd_sub *subs, int n, int argc,
		     char *const argv[]);

/**
 * find_cmd() - the command @name names: its whole name, or (as in U-Boot)
 * an abbreviation only it starts with; a ".b"-style suffix is left out.
 * Destructive commands (saveenv, eraseenv, reset, poweroff) and bootmeth
 * are found only by their whole name. NULL when none or ambiguous
 */
struct cmd_tbl *find_cmd(const char *name);
/**
 * cmd_call() - run @cmd with @argv, argv[0] made its whole name (and
 * suffix) when it was found by an abbreviation: the command's result
 */
int cmd_call(struct cmd_tbl *cmd, int flag, int argc, char *const argv[]);
/** cmd_usage() - print a command's usage; returns CMD_RET_FAILURE */
int cmd_usage(const struct cmd_tbl *cmdtp);
/** cmd_get_data_size() - the .b/.w/.l/.q suffix of @arg as 1/2/4/8 */
int cmd_get_data_size(const char *arg, int def);

/**
 * run_command() - parse and run a script (one line or several) as a new
 * line, with its own bounds on total work (common/cli_hush.c)
 * Return: 0 when the last command succeeded, 1 otherwise
 */
int run_command(const char *cmd, int flag);
/**
 * cli_run_in_line() - run @cmd as a script inside the line running now
 * ('run', 'source'): 'exit' ends it;
 * its commands count against that line's bounds, and stopping it (Ctrl-C,
 * nesting, too many commands) stops that line
 */
int cli_run_in_line(const char *cmd, int flag);
/** run_command_list() - as run_command() for a multi-line string */
int run_command_list(const char *cmd, int len, int flag);

/* Ctrl-C handling for long-running commands */
/** ctrlc() - true when Ctrl-C was typed (consumes it) */
bool ctrlc(void);
bool had_ctrlc(void);
void clear_ctrlc(void);

/* Argument parsing helpers that print what was wrong */
/**
 * cmd_parse_ulong() - parse @arg in @base (16 accepts 0x), printing
 * "<what>: invalid number '<arg>'" on failure
 * Return: 0 or -EINVAL/-ERANGE
 */
int cmd_parse_ulong(const char *arg, int base, const char *what, ulong *valp);

/**
 * cmd_env_set() - set (or, @value NULL, delete) variable @name as setenv
 * does: read-only variables refused, failures said
 * Return: CMD_RET_SUCCESS or CMD_RET_FAILURE
 */
int cmd_env_set(const char *name, const char *value);

/**
 * cmd_read_int() - the @size-byte (1, 2, 4, 8) value at @addr, for a
 * '*addr' argument; when the range cannot be read, says why ("<what>: ...")
 * Return: 0, -EFAULT or -EBUSY
 */
int cmd_read_int(const char *what, ulong addr, int size, u64 *valp);

/**
 * cmd_read_str() - the NUL-terminated string at @addr into @buf, at most
 * @max - 1 bytes of it (@buf always terminated), for a '*addr' argument;
 * says why when it cannot be read
 * Return: 0 when the whole string fit, 1 when it was cut, or an error
 */
int cmd_read_str(const char *what, ulong addr, char *buf, size_t max);

/**
 * cmd_quotable() - whether @s can be given to run_command() inside single
 * quotes as one word: no quote and no control character in it
 */
bool cmd_quotable(const char *s);

#endif
