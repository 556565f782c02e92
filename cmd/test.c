// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * test: string and numeric comparisons as in the shell's test(1):
 *   -z s, -n s, s1 = s2, s1 != s2, s1 < s2, s1 > s2,
 *   n1 -eq|-ne|-lt|-le|-gt|-ge n2 (decimal, or hex with 0x),
 *   -e <interface> <dev[:part]> <path> (a file exists, as U-Boot),
 *   -e var (an environment variable exists: Ember's), ! expr,
 *   expr -a|-o expr
 */
#include <blk.h>
#include <command.h>
#include <env.h>
#include <errno.h>
#include <fs.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * -e <interface> <dev[:part]> <path>: does the file (or directory) exist?
 * U-Boot's form; a missing file is no error, a missing disk is said.
 */
static int file_exists(const char *if_name, const char *dev_part,
		       const char *path)
{
	struct fs_mount *m;
	u64 size;
	int ret;

	if (!IS_ENABLED(CONFIG_FS) || fs_mount(if_name, dev_part, NULL, &m))
		return 0;
	ret = m->type->size(m->vol, path, &size);
	fs_umount(m);
	return !ret || ret == -EISDIR;
}

/* An interface name of block devices: 'test -e' then tests a file */
static bool blk_interface(const char *s)
{
	return !strcmp(s, "host") ||
	       (IS_ENABLED(CONFIG_BLK) && blk_if_declared(s));
}

/* Evaluate one primary at argv[*i]; advance *i. 1 true, 0 false, <0 error */
static int primary(int argc, char *const argv[], int *i)
{
	static const char *const numops[] = {
		"-eq", "-ne", "-lt", "-le", "-gt", "-ge"
	};
	int left = argc - *i;
	const char *a, *op, *b;

	if (left >= 2 && !strcmp(argv[*i], "!")) {
		int r;

		(*i)++;
		r = primary(argc, argv, i);
		return r < 0 ? r : !r;
	}
	if (left >= 4 && !strcmp(argv[*i], "-e") && blk_interface(argv[*i + 1])) {
		*i += 4;
		return file_exists(argv[*i - 3], argv[*i - 2], argv[*i - 1]);
	}
	if (left >= 2 && (!strcmp(argv[*i], "-z") || !strcmp(argv[*i], "-n") ||
			  !strcmp(argv[*i], "-e"))) {
		op = argv[*i];
		a = argv[*i + 1];
		*i += 2;
		if (op[1] == 'e')
			return env_get(a) != NULL;
		return (op[1] == 'z') == (*a == '\0');
	}
	if (left < 3) {
		if (left == 1)
			return *argv[(*i)++] != '\0';
		return -EINVAL;
	}
	a = argv[*i];
	op = argv[*i + 1];
	b = argv[*i + 2];
	*i += 3;
	if (!strcmp(op, "="))
		return !strcmp(a, b);
	if (!strcmp(op, "!="))
		return strcmp(a, b) != 0;
	if (!strcmp(op, "<"))
		return strcmp(a, b) < 0;
	if (!strcmp(op, ">"))
		return strcmp(a, b) > 0;
	/* A pattern that is none, or needs too much work: said, and false */
	if (IS_ENABLED(CONFIG_REGEX) && !strcmp(op, "=~"))
		return regex_search(b, a, "test") > 0;
	for (unsigned int k = 0; k < ARRAY_SIZE(numops); k++) {
		long x, y;

		if (strcmp(op, numops[k]))
			continue;
		/*
		 * As U-Boot always has: 0x for hex, a leading 0 for octal,
		 * else decimal, up to the first character that is not a
		 * digit ("1ffffff" is 1, "" is 0). Scripts count on it.
		 */
		x = strtol(a, NULL, 0);
		y = strtol(b, NULL, 0);
		switch (k) {
		case 0: return x == y;
		case 1: return x != y;
		case 2: return x < y;
		case 3: return x <= y;
		case 4: return x > y;
		default: return x >= y;
		}
	}
	printf("test: unknown operator '%s'\n", op);
	return -EINVAL;
}

static int do_test(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	int i = 1, result;

	if (argc < 2)
		return CMD_RET_FAILURE;	/* 'test' alone is false */
	result = primary(argc, argv, &i);
	while (result >= 0 && i < argc) {
		bool is_and = !strcmp(argv[i], "-a");
		int next;

		if (!is_and && strcmp(argv[i], "-o")) {
			printf("test: unexpected '%s'\n", argv[i]);
			return CMD_RET_FAILURE;
		}
		i++;
		next = primary(argc, argv, &i);
		if (next < 0)
			result = next;
		else
			result = is_and ? (result && next) : (result || next);
	}
	if (result < 0)
		return CMD_RET_USAGE;
	return result ? CMD_RET_SUCCESS : CMD_RET_FAILURE;
}

EMBER_CMD_REP(test, CONFIG_SYS_MAXARGS, do_test,
	  "minimal test like /bin/sh",
	  "[args..]\n"
	  "    - -z/-n str, -e var, str =|!=|<|> str, str =~ regex,\n"
	  "      num -eq|-ne|-lt|-le|-gt|-ge num, ! expr, expr -a|-o expr");

/* '[ expr ]': test, with the closing bracket it needs */
static int do_bracket(struct cmd_tbl *cmdtp, int flag, int argc,
		      char *const argv[])
{
	if (argc < 2 || strcmp(argv[argc - 1], "]")) {
		printf("[: missing terminating ]\n");
		return CMD_RET_FAILURE;
	}
	return do_test(cmdtp, flag, argc - 1, argv);
}

EMBER_CMD_NAMED(1_bracket, "[", CONFIG_SYS_MAXARGS, do_bracket,
		"alias for 'test'", "expr ]\n    - the same as 'test expr'");
