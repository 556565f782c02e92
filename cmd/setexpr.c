// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * setexpr: set a variable to an expression of two hex integers (either one
 * '*addr', a value of .b/.w/.l/.q bytes in memory), to one such value, to
 * strings in memory joined by '+' (.s), or to a printf-like format of up
 * to four values (fmt), as U-Boot's setexpr does. Unlike U-Boot, a word
 * that is not a number is an error (U-Boot reads it as 0), and so is a
 * division by zero. 'sub' and 'gsub' replace matches of a regular
 * expression (include/regex.h) in a string.
 */
#include <command.h>
#include <env.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SETEXPR_STR_MAX		4096	/* bytes of a .s result, NUL included */
#define SETEXPR_SUB_MAX		4096	/* bytes of a [g]sub result, the same */
#define SETEXPR_FMT_MAX		128	/* bytes of a fmt result, NUL included */
#define SETEXPR_FMT_VALUES	4
#define SETEXPR_WIDTH_DIGITS	3	/* of a conversion's width or precision */

/* @arg as a hex number (0x optional), or the @size-byte value at '*addr' */
static int int_arg(const char *arg, int size, u64 *valp)
{
	ulong v = 0;
	int ret;

	if (*arg == '*') {
		ret = cmd_parse_ulong(arg + 1, 16, "setexpr", &v);
		return ret ? ret : cmd_read_int("setexpr", v, size, valp);
	}
	ret = cmd_parse_ulong(arg, 16, "setexpr", &v);
	*valp = v;
	return ret;
}

/* The string at '*addr' appended to @buf, which holds @len bytes */
static int str_arg(const char *arg, char *buf, size_t len)
{
	ulong addr;
	int ret;

	if (*arg != '*') {
		printf("setexpr: '%s' is not '*addr': .s reads strings from memory\n",
		       arg);
		return -EINVAL;
	}
	ret = cmd_parse_ulong(arg + 1, 16, "setexpr", &addr);
	if (ret)
		return ret;
	ret = cmd_read_str("setexpr", addr, buf + len, SETEXPR_STR_MAX - len);
	if (ret == 1) {
		printf("setexpr: the result would be longer than %d bytes\n",
		       SETEXPR_STR_MAX - 1);
		return -E2BIG;
	}
	return ret;
}

static int set_hex(const char *name, u64 v)
{
	char hex[17];

	snprintf(hex, sizeof(hex), "%llx", (unsigned long long)v);
	return cmd_env_set(name, hex);
}

/* setexpr.s name *addr [+ *addr] */
static int set_str(int argc, char *const argv[])
{
	char *buf = malloc(SETEXPR_STR_MAX);
	int ret;

	if (!buf) {
		printf("setexpr: out of memory\n");
		return CMD_RET_FAILURE;
	}
	ret = str_arg(argv[2], buf, 0);
	if (!ret && argc == 5) {
		if (strcmp(argv[3], "+")) {
			printf("invalid op\n");
			ret = -EINVAL;
		} else {
			ret = str_arg(argv[4], buf, strlen(buf));
		}
	}
	if (!ret)
		ret = cmd_env_set(argv[1], buf);
	free(buf);
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static int set_expr(const char *name, u64 a, char op, u64 b)
{
	u64 v;

	switch (op) {
	case '|': v = a | b; break;
	case '&': v = a & b; break;
	case '^': v = a ^ b; break;
	case '+': v = a + b; break;
	case '-': v = a - b; break;
	case '*': v = a * b; break;
	case '/':
	case '%':
		if (!b) {
			printf("setexpr: division by zero\n");
			return CMD_RET_FAILURE;
		}
		v = op == '/' ? a / b : a % b;
		break;
	default:
		printf("invalid op\n");
		return CMD_RET_FAILURE;
	}
	return set_hex(name, v);
}

/* ------------------------------------------------------------------ fmt */

struct fmt_out {
	char buf[SETEXPR_FMT_MAX];
	size_t len;
	bool cut;	/* something did not fit */
	bool stop;	/* a \c was met: nothing more */
};

static void put(struct fmt_out *o, const char *s, size_t n)
{
	size_t room = sizeof(o->buf) - 1 - o->len;

	if (o->stop)
		return;
	if (n > room) {
		o->cut = true;
		n = room;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

/*
 * The backslash escape at @s (after the backslash) into @o: \" \\ \a \b \c
 * \f \n \r \t \v and up to three octal digits; another character stands
 * for itself with its backslash. Returns the characters it took.
 */
static size_t escape(struct fmt_out *o, const char *s)
{
	static const char from[] = "\"\\abfnrtv", to[] = "\"\\\a\b\f\n\r\t\v";
	const char *hit;
	unsigned int c = 0;
	size_t n = 0;

	if (*s == 'c') {
		o->stop = true;
		return 1;
	}
	while (n < 3 && s[n] >= '0' && s[n] <= '7')
		c = c * 8 + s[n++] - '0';
	if (n) {
		char byte = (char)c;

		put(o, &byte, 1);
		return n;
	}
	hit = *s ? strchr(from, *s) : NULL;
	if (hit) {
		put(o, &to[hit - from], 1);
		return 1;
	}
	put(o, "\\", 1);
	return 0;
}

/* @s with its backslash escapes read (the format's text, and %b) */
static void put_escaped(struct fmt_out *o, const char *s, size_t n)
{
	const char *end = s + n;

	while (s < end && !o->stop) {
		size_t plain = strcspn(s, "\\");

		if (plain > (size_t)(end - s))
			plain = end - s;
		put(o, s, plain);
		s += plain;
		if (s < end)
			s += 1 + escape(o, s + 1);
	}
}

/* A value for %d %i %o %u %x %X: hex, 0x optional, with a sign or not */
static int fmt_int(const char *arg, u64 *valp)
{
	bool neg = *arg == '-';
	ulong v = 0;
	int ret;

	ret = cmd_parse_ulong(arg + (*arg == '-' || *arg == '+'), 16,
			      "setexpr", &v);
	*valp = neg ? -(u64)v : v;
	return ret;
}

/*
 * One conversion, @spec ("%" flags width precision, then @type) of
 * @spec_len bytes, of @arg (NULL: none left, 0 or "")
 */
static int convert(struct fmt_out *o, const char *spec, size_t spec_len,
		   char type, const char *arg)
{
	char f[16], tmp[SETEXPR_FMT_MAX];
	struct fmt_out b = { .len = 0 };
	u64 v = 0;
	int n;

	if (strchr("diouxX", type)) {
		if (arg && fmt_int(arg, &v))
			return -EINVAL;
		snprintf(f, sizeof(f), "%.*sll%c", (int)spec_len, spec, type);
		if (type == 'd' || type == 'i')
			n = snprintf(tmp, sizeof(tmp), f, (long long)v);
		else
			n = snprintf(tmp, sizeof(tmp), f, (unsigned long long)v);
	} else {
		const char *s = arg ? arg : "";
		char c[2] = { *s, '\0' };

		if (type == 'b') {
			put_escaped(&b, s, strlen(s));
			s = b.buf;
			o->cut |= b.cut;
		} else if (type == 'c') {
			s = c;
		}
		snprintf(f, sizeof(f), "%.*ss", (int)spec_len, spec);
		n = snprintf(tmp, sizeof(tmp), f, s);
	}
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= sizeof(tmp))
		o->cut = true;
	put(o, tmp, strlen(tmp));
	if (b.stop)
		o->stop = true;
	return 0;
}

/*
 * The format once through, taking values from @args (@nargs of them);
 * returns how many it took, or -EINVAL for a bad conversion
 */
static int fmt_pass(struct fmt_out *o, const char *fmt, char *const args[],
		    int nargs)
{
	const char *spec = fmt;
	int used = 0;

	while (*fmt && !o->stop) {
		size_t plain = strcspn(fmt, "%");
		int digits;

		put_escaped(o, fmt, plain);
		fmt += plain;
		if (!*fmt)
			break;
		spec = fmt++;
		if (*fmt == '%') {
			put(o, "%", 1);
			fmt++;
			continue;
		}
		fmt += strspn(fmt, "-+ #0");
		for (digits = 0; *fmt >= '0' && *fmt <= '9'; digits++)
			fmt++;
		if (digits > SETEXPR_WIDTH_DIGITS)
			goto bad;
		if (*fmt == '.') {
			fmt++;
			for (digits = 0; *fmt >= '0' && *fmt <= '9'; digits++)
				fmt++;
			if (digits > SETEXPR_WIDTH_DIGITS)
				goto bad;
		}
		if (!*fmt || !strchr("diouxXcsb", *fmt) ||
		    fmt - spec > 12)
			goto bad;
		if (convert(o, spec, fmt - spec, *fmt,
			    used < nargs ? args[used] : NULL))
			return -EINVAL;
		used += used < nargs;
		fmt++;
	}
	return used;
bad:
	printf("setexpr: invalid conversion '%.*s' in the format\n",
	       (int)(fmt - spec + (*fmt != '\0')), spec);
	return -EINVAL;
}

/* setexpr name fmt format [value]... : as printf, the format again while
 * values are left */
static int set_fmt(const char *name, const char *fmt, char *const args[],
		   int nargs)
{
	struct fmt_out o = { .len = 0 };
	int used = 0;

	o.buf[0] = '\0';
	do {
		int n = fmt_pass(&o, fmt, args + used, nargs - used);

		if (n < 0)
			return CMD_RET_FAILURE;
		if (!n)
			break;
		used += n;
	} while (used < nargs && !o.stop);
	if (o.cut) {
		printf("setexpr: the result is longer than %d characters\n",
		       SETEXPR_FMT_MAX - 1);
		return CMD_RET_FAILURE;
	}
	return cmd_env_set(name, o.buf);
}

/*
 * setexpr name [g]sub r s [t]: @t (default: the variable's value) with
 * the first match of @r (every match: gsub) replaced by @s, in which \0..\9
 * are the captures; no match leaves @t as it is, as U-Boot does
 */
static int set_sub(const char *name, const char *r, const char *s,
		   const char *t, bool global)
{
	struct regex re;
	char *out;
	int ret;

	if (!t)
		t = env_get(name);
	if (!t) {
		printf("setexpr: '%s' is not set, and no string was given\n",
		       name);
		return CMD_RET_FAILURE;
	}
	if (regex_compile_say(&re, r, "setexpr"))
		return CMD_RET_FAILURE;
	out = malloc(SETEXPR_SUB_MAX);
	ret = out ? regex_sub(&re, t, s, global, out, SETEXPR_SUB_MAX) :
		    -ENOMEM;
	regex_free(&re);
	if (ret == -ENOSPC)
		printf("setexpr: the result would be longer than %d bytes\n",
		       SETEXPR_SUB_MAX - 1);
	else if (ret == -E2BIG)
		regex_say_too_much("setexpr", r);
	else if (ret == -ENOMEM)
		printf("setexpr: out of memory\n");
	if (ret >= 0)
		ret = cmd_env_set(name, out) ? -EINVAL : 0;
	free(out);
	return ret < 0 ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static int do_setexpr(struct cmd_tbl *cmdtp, int flag, int argc,
		      char *const argv[])
{
	const char *dot = strchr(argv[0], '.');
	u64 a, b;
	int size;

	if (argc < 3)
		return CMD_RET_USAGE;
	if (!strcmp(argv[2], "fmt") && argc >= 4) {
		if (dot)
			return CMD_RET_USAGE;
		if (argc - 4 > SETEXPR_FMT_VALUES)
			return CMD_RET_USAGE;
		return set_fmt(argv[1], argv[3], argv + 4, argc - 4);
	}
	if ((!strcmp(argv[2], "sub") || !strcmp(argv[2], "gsub")) &&
	    (argc == 5 || argc == 6)) {
		if (dot || !IS_ENABLED(CONFIG_REGEX))
			return CMD_RET_USAGE;
		return set_sub(argv[1], argv[3], argv[4],
			       argc == 6 ? argv[5] : NULL, argv[2][0] == 'g');
	}
	if (argc != 3 && (argc != 5 || strlen(argv[3]) != 1))
		return CMD_RET_USAGE;
	if (dot && !strcmp(dot, ".s"))
		return set_str(argc, argv);
	size = cmd_get_data_size(argv[0], 4);
	if (size < 0)
		return CMD_RET_USAGE;
	if (int_arg(argv[2], size, &a))
		return CMD_RET_FAILURE;
	if (argc == 3)
		return set_hex(argv[1], a);
	if (int_arg(argv[4], size, &b))
		return CMD_RET_FAILURE;
	return set_expr(argv[1], a, argv[3][0], b);
}

EMBER_CMD(setexpr, 8, do_setexpr, "set a variable to the value of an expression",
	  "[.b, .w, .l, .q] name [*]value1 op [*]value2\n"
	  "    - 'name' gets value1 op value2 in hex; op is one of & | ^ + - * / %\n"
	  "      (quote & and |); .b .w .l .q: the bytes of a '*addr' value\n"
	  "setexpr[.b, .w, .l, .q] name [*]value\n"
	  "    - 'name' gets value in hex\n"
	  "setexpr.s name *addr [+ *addr2]\n"
	  "    - 'name' gets the string at addr (joined to the one at addr2)\n"
	  "setexpr name fmt format [value ...]\n"
	  "    - 'name' gets the format filled in as by printf: %d %i %u %o %x\n"
	  "      %X (hex values) %c %s %b, at most 4 values\n"
	  "setexpr name gsub r s [t]\n"
	  "    - 'name' gets t (default: its value) with every match of the\n"
	  "      regular expression r replaced by s (\\1..\\9: the groups)\n"
	  "setexpr name sub r s [t]\n"
	  "    - the same for the first match only");
