// SPDX-License-Identifier: Apache-2.0 OR MIT
/* The command table (a linker list) and helpers shared by commands. */
#include <command.h>
#include <errno.h>
#include <memmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Commands reached only by their whole name: U-Boot has commands Ember
 * lacks ('erase') that would otherwise wipe the environment, or print
 * another command's usage; 'save' (a file) must never be 'saveenv'; and
 * 're', 'po' or 'pan' must not reset the machine
 */
static const char *const whole_only[] = {
	"eraseenv", "saveenv", "reset", "poweroff", "panic", "bootmeth",
};

static bool abbreviable(const struct cmd_tbl *cmd)
{
	for (size_t i = 0; i < ARRAY_SIZE(whole_only); i++)
		if (!strcmp(cmd->name, whole_only[i]))
			return false;
	return true;
}

struct cmd_tbl *find_cmd(const char *name)
{
	/* "md.b" finds "md": the suffix is the data size */
	size_t len = strcspn(name, ".");
	struct cmd_tbl *abbrev = NULL;
	int n = 0;

	if (!len)
		return NULL;
	ll_foreach(struct cmd_tbl, cmd, cmd) {
		if (strncmp(cmd->name, name, len))
			continue;
		if (strlen(cmd->name) == len)
			return cmd;
		if (!abbreviable(cmd))
			continue;
		abbrev = cmd;
		n++;
	}
	/* A unique abbreviation ("pri" for printenv), as U-Boot takes one */
	return n == 1 ? abbrev : NULL;
}

int cmd_call(struct cmd_tbl *cmd, int flag, int argc, char *const argv[])
{
	char *av[CONFIG_SYS_MAXARGS + 1], name[32];
	size_t len = strcspn(argv[0], ".");

	/* An abbreviation: the command sees its whole name, suffix kept */
	if (strlen(cmd->name) != len && argc <= CONFIG_SYS_MAXARGS &&
	    snprintf(name, sizeof(name), "%s%s", cmd->name, argv[0] + len) <
	    (int)sizeof(name)) {
		memcpy(av, argv, argc * sizeof(*av));
		av[0] = name;
		av[argc] = NULL;
		argv = av;
	}
	return cmd->cmd(cmd, flag, argc, argv);
}

int cmd_usage(const struct cmd_tbl *cmdtp)
{
	printf("%s - %s\n\nUsage:\n%s %s\n", cmdtp->name, cmdtp->usage,
	       cmdtp->name, cmdtp->help ? cmdtp->help : "");
	return CMD_RET_FAILURE;
}

int cmd_dispatch_sub(const struct cmd_sub *subs, int n, int argc,
		     char *const argv[])
{
	char *av[CONFIG_SYS_MAXARGS + 1];
	const struct cmd_sub *sub = NULL;
	size_t len;
	int found = 0;

	if (argc < 2 || argc > CONFIG_SYS_MAXARGS)
		return CMD_RET_USAGE;
	len = strlen(argv[1]);
	for (int i = 0; len && i < n; i++) {
		if (strncmp(subs[i].name, argv[1], len))
			continue;
		sub = &subs[i];
		found++;
		if (!subs[i].name[len]) {	/* the whole name */
			found = 1;
			break;
		}
	}
	/* A unique abbreviation, as U-Boot takes one: "bootflow l" */
	if (found != 1 || argc - 1 < sub->minargs || argc - 1 > sub->maxargs)
		return CMD_RET_USAGE;
	/* The sub-command sees its whole name */
	memcpy(av, argv, argc * sizeof(*av));
	av[1] = (char *)sub->name;
	av[argc] = NULL;
	return sub->fn(argc - 1, av + 1);
}

int cmd_get_data_size(const char *arg, int def)
{
	const char *dot = strchr(arg, '.');

	if (!dot)
		return def;
	if (!strcmp(dot, ".b"))
		return 1;
	if (!strcmp(dot, ".w"))
		return 2;
	if (!strcmp(dot, ".l"))
		return 4;
	if (!strcmp(dot, ".q"))
		return 8;
	return -EINVAL;
}

int cmd_read_int(const char *what, ulong addr, int size, u64 *valp)
{
	int ret = mem_check_read(addr, size);

	if (!ret)
		ret = mem_read(addr, size, valp);
	if (ret)
		mem_report(what, addr, size, ret);
	return ret;
}

int cmd_read_str(const char *what, ulong addr, char *buf, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		u64 c = 0;
		int ret = cmd_read_int(what, addr + i, 1, &c);

		if (ret || !c || i == max - 1) {
			buf[i] = '\0';
			return ret ? ret : c != 0;
		}
		buf[i] = c;
	}
	return -EINVAL;		/* @max 0 */
}

bool cmd_quotable(const char *s)
{
	for (; *s; s++)
		if (*s == '\'' || (unsigned char)*s < ' ')
			return false;
	return true;
}

int cmd_parse_ulong(const char *arg, int base, const char *what, ulong *valp)
{
	unsigned long long v;
	int ret = str_to_u64(arg, base, &v);

	if (!ret && v > (ulong)-1)
		ret = -ERANGE;
	if (ret) {
		printf("%s: %s '%s'\n", what,
		       ret == -ERANGE ? "number out of range" : "invalid number",
		       arg);
		return ret;
	}
	*valp = v;
	return 0;
}
