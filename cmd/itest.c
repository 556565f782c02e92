// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * itest: compare two integers (hex, or '*addr' for one in memory) of 1, 2,
 * 4 or 8 bytes, or two strings (.s), as U-Boot's itest does.
 */
#include <command.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ITEST_STR_MAX	256

static const char *const ops[][2] = {
	{ "-lt", "<" }, { "-le", "<=" }, { "-eq", "==" },
	{ "-ne", "!=" }, { "-ge", ">=" }, { "-gt", ">" },
};
enum { LT, LE, EQ, NE, GE, GT };

static int find_op(const char *s)
{
	if (!strcmp(s, "<>"))
		return NE;
	for (int i = 0; i < (int)ARRAY_SIZE(ops); i++)
		if (!strcmp(s, ops[i][0]) || !strcmp(s, ops[i][1]))
			return i;
	return -1;
}

static bool holds(int op, int cmp)
{
	switch (op) {
	case LT: return cmp < 0;
	case LE: return cmp <= 0;
	case EQ: return cmp == 0;
	case NE: return cmp != 0;
	case GE: return cmp >= 0;
	default: return cmp > 0;
	}
}

/* A number as U-Boot reads it here: hex, up to the first other character */
static int number(const char *arg, int size, s64 *valp)
{
	u64 v;

	if (*arg == '*') {
		int ret = cmd_read_int("itest", strtoul(arg + 1, NULL, 16),
				       size, &v);

		if (ret)
			return ret;
	} else {
		v = strtoull(arg, NULL, 16);
	}
	if (size < 8)
		v &= (1ULL << (size * 8)) - 1;
	*valp = (s64)v;
	return 0;
}

/* A string: @arg itself, or the one at '*addr' (its first 255 bytes) */
static int string(const char *arg, char *buf, const char **sp)
{
	*sp = arg;
	if (*arg != '*')
		return 0;
	*sp = buf;
	return cmd_read_str("itest", strtoul(arg + 1, NULL, 16), buf,
			    ITEST_STR_MAX) < 0;
}

static int do_itest(struct cmd_tbl *cmdtp, int flag, int argc,
		    char *const argv[])
{
	const char *dot = strchr(argv[0], '.');
	int op, size, cmp;

	if (argc != 4)
		return CMD_RET_USAGE;
	op = find_op(argv[2]);
	if (op < 0)
		return CMD_RET_USAGE;
	if (dot && !strcmp(dot, ".s")) {
		char lbuf[ITEST_STR_MAX], rbuf[ITEST_STR_MAX];
		const char *l, *r;

		if (string(argv[1], lbuf, &l) || string(argv[3], rbuf, &r))
			return CMD_RET_FAILURE;
		cmp = strcmp(l, r);
	} else {
		s64 l, r;

		size = cmd_get_data_size(argv[0], 4);
		if (size < 0)
			return CMD_RET_USAGE;
		if (number(argv[1], size, &l) || number(argv[3], size, &r))
			return CMD_RET_FAILURE;
		cmp = l < r ? -1 : l > r;
	}
	return holds(op, cmp) ? CMD_RET_SUCCESS : CMD_RET_FAILURE;
}

EMBER_CMD_REP(itest, 4, do_itest, "return true/false on integer compare",
	  "[.b, .w, .l, .q, .s] [*]value1 <op> [*]value2");
