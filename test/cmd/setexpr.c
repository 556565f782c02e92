// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * setexpr: integers of each width in memory, the operators, strings in
 * memory, fmt, and what it refuses (bad numbers, division by zero, memory
 * it may not read, results too long, sub/gsub).
 */
#include <asm/io.h>
#include <command.h>
#include <env.h>
#include <global_data.h>
#include <stdio.h>
#include <string.h>
#include <test/ut.h>

#define BUF_OFF		0x1000000	/* from the start of RAM */

/* The usage, which ends with this line */
static int usage_said(struct unit_test_state *uts)
{
	static const char last[] =
		"    - the same for the first match only";
	char line[256];

	ut_assert_nextline("setexpr - set a variable to the value of an expression");
	for (int i = 0; i < 20; i++) {
		ut_assert(ut_console_line(uts, line, sizeof(line)));
		if (!strcmp(line, last))
			return 0;
	}
	UT_FAIL("no end of the usage");
}

static int setexpr_int(struct unit_test_state *uts)
{
	unsigned long long addr = gd->ram_base + BUF_OFF;
	u8 *buf = map_sysmem(addr, 0x20);

	memset(buf, 0xff, 0x20);
	buf[0] = 0x12;
	ut_asserteq(0, run_command("setexpr.b fred 0", 0));
	ut_asserteq_str("0", env_get("fred"));
	ut_asserteq(0, ut_run_commandf("setexpr.b fred *%llx", addr));
	ut_asserteq_str("12", env_get("fred"));
	memcpy(buf, "\x45\x23", 2);
	ut_asserteq(0, ut_run_commandf("setexpr.w fred *%llx", addr));
	ut_asserteq_str("2345", env_get("fred"));
	memcpy(buf, "\x9a\x78\x56\x34", 4);
	ut_asserteq(0, ut_run_commandf("setexpr.l fred *%llx", addr));
	ut_asserteq_str("3456789a", env_get("fred"));
	memcpy(buf, "\x23\x01\xef\xcd\xab\x89\x67\x45", 8);
	ut_asserteq(0, ut_run_commandf("setexpr.q fred *%llx", addr));
	ut_asserteq_str("456789abcdef0123", env_get("fred"));
	/* Four bytes by default; a plain value is 64-bit whatever the size */
	ut_asserteq(0, ut_run_commandf("setexpr fred *%llx", addr));
	ut_asserteq_str("cdef0123", env_get("fred"));
	ut_asserteq(0, run_command("setexpr.b fred 0x1234", 0));
	ut_asserteq_str("1234", env_get("fred"));
	/* Sums are not cut to the size */
	memcpy(buf, "\x45\x23", 2);
	memcpy(buf + 0x10, "\x12\xf0", 2);
	ut_asserteq(0, ut_run_commandf("setexpr.w fred *%llx + *%llx", addr,
				       addr + 0x10));
	ut_asserteq_str("11357", env_get("fred"));
	ut_assert_console_end();
	ut_assertok(env_set("fred", NULL));
	return 0;
}
UNIT_TEST(setexpr_int, UTF_CONSOLE, cmd);

struct line_case {
	const char *line;
	const char *want;	/* what the line leaves in 'v' */
};

/* Each line succeeds, prints nothing and leaves its value in 'v' */
static int run_cases(struct unit_test_state *uts,
		     const struct line_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ut_asserteq(0, run_command(cases[i].line, 0));
		ut_asserteq_str(cases[i].want, env_get("v"));
	}
	ut_assert_console_end();
	return 0;
}

static int setexpr_ops(struct unit_test_state *uts)
{
	static const struct line_case cases[] = {
		{ "setexpr v 561200 \"|\" 1234", "561234" },
		{ "setexpr v 561200 \"&\" 1234", "1200" },
		{ "setexpr v 561200 ^ 1234", "560034" },
		{ "setexpr v 561200 - 1234", "55ffcc" },
		{ "setexpr v 561200 * 1234", "61ebfa800" },
		{ "setexpr v 561200 / 1234", "4ba" },
		{ "setexpr v 561200 % 1234", "838" },
		{ "setexpr v 0x10 + 0x20", "30" },
		{ "setexpr v 0 - 1", "ffffffffffffffff" },
		{ "setexpr v ffffffffffffffff + 2", "1" },
	};

	ut_assertok(run_cases(uts, cases, ARRAY_SIZE(cases)));
	ut_assertok(env_set("v", NULL));
	return 0;
}
UNIT_TEST(setexpr_ops, UTF_CONSOLE, cmd);

/* What it refuses: a message, status 1, and the variable left alone */
static int setexpr_refused(struct unit_test_state *uts)
{
	ut_assertok(env_set("v", "kept"));
	ut_asserteq(1, run_command("setexpr v 5 / 0", 0));
	ut_assert_nextline("setexpr: division by zero");
	ut_asserteq(1, run_command("setexpr v 5 % 0", 0));
	ut_assert_nextline("setexpr: division by zero");
	ut_asserteq(1, run_command("setexpr v 1 ! 2", 0));
	ut_assert_nextline("invalid op");
	ut_asserteq(1, run_command("setexpr v zz + 1", 0));
	ut_assert_nextline("setexpr: invalid number 'zz'");
	ut_asserteq(1, run_command("setexpr v 1 + 12g", 0));
	ut_assert_nextline("setexpr: invalid number '12g'");
	ut_asserteq(1, run_command("setexpr v 10000000000000000", 0));
	ut_assert_nextline("setexpr: number out of range '10000000000000000'");
	ut_asserteq(1, run_command("setexpr v *0", 0));
	ut_assert_nextlinef("setexpr: 0x0..0x3 is outside RAM (%#llx..%#llx) and device windows",
			    (unsigned long long)gd->ram_base,
			    (unsigned long long)(gd->ram_base + gd->ram_size - 1));
	ut_asserteq(1, run_command("setexpr v gsub \"(\" b", 0));
	ut_assert_nextline("setexpr: bad regular expression '(': missing ')'");
	ut_asserteq(1, run_command("setexpr ethaddr 1", 0));
	ut_assert_nextline("## Error: flags type check failure for \"ethaddr\" <= \"1\" (type: m)");
	ut_asserteq_str("kept", env_get("v"));
	/* Wrong shapes give the usage */
	ut_asserteq(1, run_command("setexpr.x v 1", 0));
	ut_assertok(usage_said(uts));
	ut_asserteq(1, run_command("setexpr v 1 +", 0));
	ut_assertok(usage_said(uts));
	ut_asserteq(1, run_command("setexpr v fmt %d 1 2 3 4 5", 0));
	ut_assertok(usage_said(uts));
	ut_assert_console_end();
	ut_asserteq_str("kept", env_get("v"));
	ut_assertok(env_set("v", NULL));
	return 0;
}
UNIT_TEST(setexpr_refused, UTF_CONSOLE, cmd);

static int setexpr_str(struct unit_test_state *uts)
{
	unsigned long long addr = gd->ram_base + BUF_OFF;
	char *buf = map_sysmem(addr, 0x2000);

	memset(buf, 0, 0x2000);
	strcpy(buf, "hello");
	strcpy(buf + 0x10, " there");
	ut_asserteq(0, ut_run_commandf("setexpr.s s *%llx", addr));
	ut_asserteq_str("hello", env_get("s"));
	ut_asserteq(0, ut_run_commandf("setexpr.s s *%llx + *%llx", addr,
				       addr + 0x10));
	ut_asserteq_str("hello there", env_get("s"));
	ut_asserteq(1, ut_run_commandf("setexpr.s s *%llx * *%llx", addr,
				       addr + 0x10));
	ut_assert_nextline("invalid op");
	ut_asserteq(1, run_command("setexpr.s s 0", 0));
	ut_assert_nextline("setexpr: '0' is not '*addr': .s reads strings from memory");
	/* 4095 bytes fit; a string one longer, or a join past it, does not */
	memset(buf, 'a', 4095);
	buf[4095] = '\0';
	ut_asserteq(0, ut_run_commandf("setexpr.s s *%llx", addr));
	ut_asserteq(4095, strlen(env_get("s")));
	ut_asserteq(1, ut_run_commandf("setexpr.s s *%llx + *%llx", addr,
				       addr + 0x10));
	ut_assert_nextline("setexpr: the result would be longer than 4095 bytes");
	buf[4095] = 'a';
	ut_asserteq(1, ut_run_commandf("setexpr.s s *%llx", addr));
	ut_assert_nextline("setexpr: the result would be longer than 4095 bytes");
	ut_assertok(env_set("s", NULL));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(setexpr_str, UTF_CONSOLE, cmd);

static int setexpr_fmt(struct unit_test_state *uts)
{
	static const struct line_case cases[] = {
		{ "setexpr v fmt %d 0xff", "255" },
		{ "setexpr v fmt 0x%04x 257", "0x0257" },
		{ "setexpr v fmt %%%o 8", "%10" },
		{ "setexpr v fmt %%%x%% 0xff", "%ff%" },
		{ "setexpr v fmt \"hello\\\\040world\"", "hello world" },
		{ "setexpr v fmt oh%bno \\\\137", "oh_no" },
		{ "setexpr v fmt hello%bworld \"\\\\c\"", "hello" },
		{ "setexpr v fmt \"0x%08x-%s-%d-%s\" eff hello 0x63 world",
		  "0x00000eff-hello-99-world" },
		{ "setexpr v fmt %d_%x 100", "256_0" },
		{ "setexpr v fmt %u ffffffffffffffff", "18446744073709551615" },
		{ "setexpr v fmt %d 7fffffffffffffff", "9223372036854775807" },
		{ "setexpr v fmt %d 8000000000000000", "-9223372036854775808" },
		{ "setexpr v fmt %d ffffffffffffffff", "-1" },
		{ "setexpr v fmt %d +5", "5" },
		{ "setexpr v fmt %d -4", "-4" },
		{ "setexpr v fmt %x -2", "fffffffffffffffe" },
		{ "setexpr v fmt %X 0xabc", "ABC" },
		{ "setexpr v fmt \"%5.2s|%-3c|\" abc xyz", "   ab|x  |" },
		/* The format again while values are left, as printf */
		{ "setexpr v fmt %x, 1 2 3", "1,2,3," },
		{ "setexpr v fmt \"%0127d\" 7b",
		  "0000000000000000000000000000000000000000000000000000000000"
		  "0000000000000000000000000000000000000000000000000000000000"
		  "00000000123" },
	};

	ut_assertok(run_cases(uts, cases, ARRAY_SIZE(cases)));
	ut_asserteq(1, run_command("setexpr v fmt \"%0128d\" 456", 0));
	ut_assert_nextline("setexpr: the result is longer than 127 characters");
	ut_asserteq(1, run_command("setexpr v fmt %a 0xff", 0));
	ut_assert_nextline("setexpr: invalid conversion '%a' in the format");
	ut_asserteq(1, run_command("setexpr v fmt hello% bf", 0));
	ut_assert_nextline("setexpr: invalid conversion '%' in the format");
	ut_asserteq(1, run_command("setexpr v fmt %1000d 1", 0));
	ut_assert_nextline("setexpr: invalid conversion '%1000d' in the format");
	ut_asserteq(1, run_command("setexpr v fmt %d x", 0));
	ut_assert_nextline("setexpr: invalid number 'x'");
	ut_assert_console_end();
	ut_asserteq(127, strlen(env_get("v")));	/* left as it was */
	ut_assertok(env_set("v", NULL));
	return 0;
}
UNIT_TEST(setexpr_fmt, UTF_CONSOLE, cmd);

/* sub and gsub: regular expressions (lib/regex.c), as U-Boot's */
static int setexpr_sub(struct unit_test_state *uts)
{
	static char big[4001];

	ut_assertok(run_command("setexpr v sub o 0 \"foo boo\"", 0));
	ut_asserteq_str("f0o boo", env_get("v"));
	/* Without a string: the variable's own value */
	ut_assertok(run_command("setexpr v gsub o 0", 0));
	ut_asserteq_str("f00 b00", env_get("v"));
	ut_assertok(run_command("setexpr v gsub \"([a-z]+)=([0-9]+)\" "
				"\"\\\\2:\\\\1\" \"a=1,bc=23\"", 0));
	ut_asserteq_str("1:a,23:bc", env_get("v"));
	/* No match: the string as it is, as U-Boot */
	ut_assertok(run_command("setexpr v sub x y abc", 0));
	ut_asserteq_str("abc", env_get("v"));
	ut_assertok(run_command("setexpr v gsub \"^\" / usr/lib", 0));
	ut_asserteq_str("/usr/lib", env_get("v"));
	ut_assert_console_end();

	ut_assertok(env_set("nosuchvar", NULL));
	ut_asserteq(1, run_command("setexpr nosuchvar sub a b", 0));
	ut_assert_nextline("setexpr: 'nosuchvar' is not set, and no string was given");
	memset(big, 'a', sizeof(big) - 1);
	ut_assertok(env_set("v", big));
	ut_asserteq(1, run_command("setexpr v gsub a aa", 0));
	ut_assert_nextline("setexpr: the result would be longer than 4095 bytes");
	ut_asserteq_str(big, env_get("v"));
	big[40] = '\0';
	ut_assertok(env_set("v", big));
	ut_asserteq(1, run_command("setexpr v sub \"(a*)*b\" x", 0));
	ut_assert_nextline("setexpr: regular expression '(a*)*b' needs more work than allowed on this string");
	ut_asserteq_str(big, env_get("v"));
	ut_asserteq(1, run_command("setexpr.b v sub a b c", 0));
	ut_assertok(usage_said(uts));
	ut_assert_console_end();
	ut_assertok(env_set("v", NULL));
	return 0;
}
UNIT_TEST(setexpr_sub, UTF_CONSOLE, cmd);
