// SPDX-License-Identifier: Apache-2.0 OR MIT
/* The command language: separators, quotes, expansion, status, run. */
#include <cli.h>
#include <command.h>
#include <env.h>
#include <errno.h>
#include <test/ut.h>

static int cmd_test_separators(struct unit_test_state *uts)
{
	ut_asserteq(0, run_command("echo a; echo b", 0));
	ut_assert_nextline("a");
	ut_assert_nextline("b");
	ut_asserteq(0, run_command("false && echo no; echo yes", 0));
	ut_assert_nextline("yes");
	ut_asserteq(0, run_command("false || echo alt", 0));
	ut_assert_nextline("alt");
	ut_asserteq(1, run_command("true && false", 0));
	ut_asserteq(0, run_command("true || echo skipped", 0));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(cmd_test_separators, UTF_CONSOLE, cmd);

static int cmd_test_quotes(struct unit_test_state *uts)
{
	ut_assertok(env_set("v", "x y"));
	ut_asserteq(0, run_command("echo 'a;b' \"c $v\" 'd $v' e\\;f", 0));
	ut_assert_nextline("a;b c x y d $v e;f");
	ut_asserteq(0, run_command("setenv a 1; echo $a ${a}2", 0));
	ut_assert_nextline("1 12");
	ut_asserteq(1, run_command("echo 'open", 0));
	ut_assert_nextline("syntax error: unterminated single quote");
	ut_asserteq(1, run_command("echo \"open", 0));
	ut_assert_nextline("syntax error: unterminated double quote");
	ut_asserteq(1, run_command("echo ${unclosed", 0));
	ut_assert_nextline("syntax error: missing '}'");
	ut_assert_console_end();
	ut_assertok(env_set("v", NULL));
	ut_assertok(env_set("a", NULL));
	return 0;
}
UNIT_TEST(cmd_test_quotes, UTF_CONSOLE, cmd);

static int cmd_test_status_var(struct unit_test_state *uts)
{
	ut_asserteq(0, run_command("false; echo $?; true; echo $?", 0));
	ut_assert_nextline("1");
	ut_assert_nextline("0");
	ut_asserteq(1, run_command("nosuchcmd", 0));
	ut_assert_nextline("Unknown command 'nosuchcmd' - try 'help'");
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(cmd_test_status_var, UTF_CONSOLE, cmd);

/* Commands and sub-commands by a unique abbreviation, as in U-Boot */
static int cmd_test_abbrev(struct unit_test_state *uts)
{
	ut_assertok(env_set("abv", "1"));
	ut_asserteq(0, run_command("printe abv", 0));
	ut_assert_nextline("abv=1");
	/* Ambiguous (echo, env, exit...), or nothing: unknown */
	ut_asserteq(1, run_command("e", 0));
	ut_assert_nextline("Unknown command 'e' - try 'help'");
	ut_asserteq(1, run_command("printenvx", 0));
	ut_assert_nextline("Unknown command 'printenvx' - try 'help'");
	/* Destructive ones, and bootmeth, only by their whole name */
	ut_asserteq(1, run_command("save", 0));	/* the file one */
	ut_assert_nextline("save - save file to a filesystem");
	ut_console_reset(uts);	/* the rest of its usage */
	ut_asserteq(1, run_command("eras", 0));
	ut_assert_nextline("Unknown command 'eras' - try 'help'");
	ut_asserteq(1, run_command("bootme", 0));
	ut_assert_nextline("Unknown command 'bootme' - try 'help'");
	ut_asserteq(1, run_command("pani", 0));
	ut_assert_nextline("Unknown command 'pani' - try 'help'");
	/* The whole name wins over longer ones: 'boot', not bootflow */
	ut_assertok(env_set("bootcmd", "echo booted"));
	ut_asserteq(0, run_command("boot", 0));
	ut_assert_nextline("booted");
	/* The suffix is kept: itest.b */
	ut_asserteq(0, run_command("ites.b 101 == 1", 0));
	/* Sub-commands, which see their whole name */
	ut_asserteq(0, run_command("env pr abv", 0));
	ut_assert_nextline("abv=1");
	ut_asserteq(0, run_command("env exi abv", 0));
	ut_asserteq(1, run_command("env ex abv", 0));	/* exists, export */
	ut_assert_nextline("env - environment handling commands");
	ut_console_reset(uts);	/* the rest of the usage */
	ut_assertok(env_set("abv", NULL));
	ut_assertok(env_set("bootcmd", NULL));
	return 0;
}
UNIT_TEST(cmd_test_abbrev, UTF_CONSOLE, cmd);

static int cmd_test_run(struct unit_test_state *uts)
{
	ut_assertok(env_set("one", "echo 1"));
	ut_assertok(env_set("two", "run one; echo 2"));
	ut_asserteq(0, run_command("run two one", 0));
	ut_assert_nextline("1");
	ut_assert_nextline("2");
	ut_assert_nextline("1");
	ut_assertok(env_set("loop", "run loop"));
	ut_asserteq(1, run_command("run loop", 0));
	ut_assert_nextline("run: commands nested too deeply (max 16)");
	ut_asserteq(1, run_command("run nonexistent", 0));
	ut_assert_nextline("## Error: \"nonexistent\" not defined");
	ut_assert_console_end();
	env_set("one", NULL);
	env_set("two", NULL);
	env_set("loop", NULL);
	return 0;
}
UNIT_TEST(cmd_test_run, UTF_CONSOLE, cmd);

static int cmd_test_env(struct unit_test_state *uts)
{
	ut_asserteq(-EINVAL, env_set("a=b", "1"));
	ut_asserteq(-EINVAL, env_set("", "1"));
	ut_assertok(env_set("hexval", "0x1f"));
	ut_asserteq(0x1f, env_get_hex("hexval", 0));
	ut_asserteq(9, env_get_ulong("missing", 10, 9));
	ut_assertok(env_set("hexval", ""));
	ut_assert(env_get("hexval") == NULL);
	/* An export never writes past its buffer, even with nothing in it */
	{
		const char *none[] = { "nosuchvar" };
		char buf[2] = { 'x', 'x' };
		size_t len;

		ut_asserteq(-ENOSPC, env_export(buf, 1, '\0', none, 1, &len));
		ut_asserteq('x', buf[1]);
		ut_assertok(env_export(buf, 2, '\0', none, 1, &len));
		ut_asserteq(2, len);
	}
	return 0;
}
UNIT_TEST(cmd_test_env, 0, cmd);

static int cmd_test_test(struct unit_test_state *uts)
{
	ut_asserteq(0, run_command("test 1 -lt 2", 0));
	ut_asserteq(1, run_command("test 0x10 -eq 15", 0));
	ut_asserteq(0, run_command("test abc = abc -a -n x", 0));
	ut_asserteq(0, run_command("test -z ''", 0));
	ut_asserteq(0, run_command("test ! -e nosuchvar", 0));
	/* Numbers as U-Boot reads them: "a" is 0, "1ffffff" is 1 */
	ut_asserteq(0, run_command("test a -lt 2", 0));
	ut_asserteq(0, run_command("test 0x2000000 -gt 1ffffff", 0));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(cmd_test_test, UTF_CONSOLE, cmd);
