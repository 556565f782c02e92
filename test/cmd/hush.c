// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The hush grammar: if/elif/else, for, while, until, shell variables,
 * '&&'/'||' as hush runs them, exit, syntax errors, and the bounds on
 * nesting and work.
 */
#include <cli.h>
#include <command.h>
#include <env.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <test/ut.h>

static void forget(void)
{
	cli_local_clear();
}

static int hush_test_if(struct unit_test_state *uts)
{
	ut_asserteq(0, run_command("if true; then echo yes; fi", 0));
	ut_assert_nextline("yes");
	ut_asserteq(0, run_command("if false; then echo no; else echo else; fi",
				   0));
	ut_assert_nextline("else");
	ut_asserteq(0, run_command(
		"if false; then echo 1; elif false; then echo 2; "
		"elif true; then echo 3; else echo 4; fi", 0));
	ut_assert_nextline("3");
	/* Only the first true branch runs; later conditions are not run */
	ut_asserteq(0, run_command(
		"if true; then echo a; elif echo cond; then echo b; fi", 0));
	ut_assert_nextline("a");
	/* Over several lines, and nested */
	ut_asserteq(0, run_command("if true\nthen\n  if false\n  then\n"
				   "    echo no\n  else\n    echo inner\n  fi\n"
				   "fi\n", 0));
	ut_assert_nextline("inner");
	/* 'fi fi' closes two, as in sh */
	ut_asserteq(0, run_command("if true; then if true; then echo x; fi fi",
				   0));
	ut_assert_nextline("x");
	/* Keywords only at the start of a command */
	ut_asserteq(0, run_command("echo if then fi", 0));
	ut_assert_nextline("if then fi");
	ut_asserteq(0, run_command("if true; then echo 'fi'; fi", 0));
	ut_assert_nextline("fi");
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(hush_test_if, UTF_CONSOLE, cmd);

/* U-Boot's doc/usage/cmd/if.rst: $? is the last command that ran */
static int hush_test_if_status(struct unit_test_state *uts)
{
	static const struct {
		const char *line;
		const char *status;
	} cases[] = {
		{ "if true; then true; else true; fi; echo $?", "0" },
		{ "if false; then true; else true; fi; echo $?", "0" },
		{ "if false; then false; else false; fi; echo $?", "1" },
		{ "if true; then false; else false; fi; echo $?", "1" },
		{ "if false; then true; fi; echo $?", "1" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		ut_asserteq(0, run_command(cases[i].line, 0));
		ut_assert_nextline(cases[i].status);
	}
	ut_asserteq(0, run_command(
		"a=1; if test $a -eq 0; then echo true; else echo false; fi",
		0));
	ut_assert_nextline("false");
	ut_asserteq(0, run_command(
		"a=0; if test $a -eq 0; then echo true; else echo false; fi",
		0));
	ut_assert_nextline("true");
	ut_assert_console_end();
	forget();
	return 0;
}
UNIT_TEST(hush_test_if_status, UTF_CONSOLE, cmd);

/* U-Boot's doc/usage/cmd/for.rst, including the environment's precedence */
static int hush_test_for(struct unit_test_state *uts)
{
	env_set("c", NULL);
	ut_asserteq(0, run_command("for c in 1 2 3; do echo item ${c}; done",
				   0));
	ut_assert_nextline("item 1");
	ut_assert_nextline("item 2");
	ut_assert_nextline("item 3");
	ut_asserteq(0, run_command("echo ${c}", 0));
	ut_assert_nextline("3");
	ut_assertok(env_set("c", "x"));
	ut_asserteq(0, run_command("for c in 1 2 3; do echo item ${c}; done",
				   0));
	ut_assert_nextline("item x");
	ut_assert_nextline("item x");
	ut_assert_nextline("item x");
	env_set("c", NULL);
	ut_asserteq(0, run_command("for i in true false; do ${i}; done; "
				   "echo $?", 0));
	ut_assert_nextline("1");
	ut_asserteq(0, run_command("for i in false true; do ${i}; done; "
				   "echo $?", 0));
	ut_assert_nextline("0");
	/* The list is expanded and split once, before the first pass */
	ut_assertok(env_set("list", "a b"));
	ut_asserteq(0, run_command(
		"for w in $list \"c d\" ''; do echo \"[$w]\"; setenv list z; "
		"done", 0));
	ut_assert_nextline("[a]");
	ut_assert_nextline("[b]");
	ut_assert_nextline("[c d]");
	ut_assert_nextline("[]");
	/* No words: the body never runs */
	ut_asserteq(0, run_command("for w in; do echo never; done; echo end",
				   0));
	ut_assert_nextline("end");
	/* Nested, over lines */
	ut_asserteq(0, run_command("for a in 1 2\ndo\n  for b in x y; do "
				   "echo -n $a$b' '; done\ndone; echo", 0));
	ut_assert_nextline("1x 1y 2x 2y ");
	ut_assert_console_end();
	env_set("list", NULL);
	forget();
	return 0;
}
UNIT_TEST(hush_test_for, UTF_CONSOLE, cmd);

static int hush_test_while_until(struct unit_test_state *uts)
{
	ut_assertok(env_set("n", "0"));
	/* Its status is the condition's that ended it, as in hush */
	ut_asserteq(1, run_command(
		"while test $n -lt 3; do echo n=$n; "
		"if test $n = 0; then setenv n 1; elif test $n = 1; then "
		"setenv n 2; else setenv n 3; fi; done", 0));
	ut_assert_nextline("n=0");
	ut_assert_nextline("n=1");
	ut_assert_nextline("n=2");
	ut_asserteq(0, run_command(
		"until test $n = 0; do echo down $n; setenv n 0; done", 0));
	ut_assert_nextline("down 3");
	/* A condition false at once: the body never runs; $? is its status */
	ut_asserteq(1, run_command("while false; do echo never; done", 0));
	ut_asserteq(0, run_command("until true; do echo never; done", 0));
	ut_assert_console_end();
	env_set("n", NULL);
	return 0;
}
UNIT_TEST(hush_test_while_until, UTF_CONSOLE, cmd);

/* hush: once '&&' or '||' skips a command, the rest of the chain goes */
static int hush_test_and_or(struct unit_test_state *uts)
{
	ut_asserteq(1, run_command("false && echo true || echo false", 0));
	ut_asserteq(0, run_command("true || echo a && echo b", 0));
	ut_asserteq(0, run_command("true && echo a || echo b", 0));
	ut_assert_nextline("a");
	ut_asserteq(0, run_command("false || echo a && echo b", 0));
	ut_assert_nextline("a");
	ut_assert_nextline("b");
	ut_asserteq(0, run_command("true && false || echo c", 0));
	ut_assert_nextline("c");
	/* A newline may follow '&&' and '||' */
	ut_asserteq(0, run_command("true &&\n echo next", 0));
	ut_assert_nextline("next");
	/* The next command after ';' runs whatever the chain did */
	ut_asserteq(0, run_command("false && echo x; echo $?", 0));
	ut_assert_nextline("1");
	/* Chains around compound commands */
	ut_asserteq(0, run_command("if false; then true; fi || echo else", 0));
	ut_assert_nextline("else");
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(hush_test_and_or, UTF_CONSOLE, cmd);

static int hush_test_locals(struct unit_test_state *uts)
{
	env_set("a", NULL);
	env_set("b", NULL);
	ut_asserteq(0, run_command("a=5; echo $a ${a}x \"$a\"", 0));
	ut_assert_nextline("5 5x 5");
	ut_assert(env_get("a") == NULL);
	ut_asserteq_str("5", cli_local_get("a"));
	/* Quotes in the value; no splitting; each set before the next */
	ut_asserteq(0, run_command("a='x  y' b=\"$a!\"; echo \"$b\"", 0));
	ut_assert_nextline("x  y!");
	/* Assignments before a command: set, then the command runs */
	ut_asserteq(0, run_command("a=7 echo $a", 0));
	ut_assert_nextline("7");
	/* The environment is looked up first (U-Boot's for.rst) */
	ut_assertok(env_set("a", "env"));
	ut_asserteq(0, run_command("echo $a", 0));
	ut_assert_nextline("env");
	env_set("a", NULL);
	ut_asserteq(0, run_command("showvar a b", 0));
	ut_assert_nextline("a=7");
	ut_assert_nextline("b=x  y!");
	ut_asserteq(1, run_command("showvar nosuch", 0));
	ut_assert_nextline("## Error: \"nosuch\" not defined");
	/* Not names: a command, not an assignment */
	ut_asserteq(1, run_command("1a=2", 0));
	ut_assert_nextline("Unknown command '1a=2' - try 'help'");
	/* ${name:-word}, ${name:=word}, ${name:+word} */
	ut_asserteq(0, run_command("echo ${unset1:-def} ${a:-def}", 0));
	ut_assert_nextline("def 7");
	ut_asserteq(0, run_command("echo ${unset2:=set}; echo $unset2", 0));
	ut_assert_nextline("set");
	ut_assert_nextline("set");
	ut_asserteq(0, run_command("echo [${a:+alt}] [${unset3:+alt}]", 0));
	ut_assert_nextline("[alt] []");
	ut_assert_console_end();
	forget();
	ut_assert(cli_local_get("a") == NULL);
	return 0;
}
UNIT_TEST(hush_test_locals, UTF_CONSOLE, cmd);

static int hush_test_locals_bounded(struct unit_test_state *uts)
{
	char name[16];

	for (int i = 0; i < CLI_MAX_LOCALS; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		ut_assertok(cli_local_set(name, "x"));
	}
	ut_asserteq(-ENOSPC, cli_local_set("one_more", "x"));
	ut_assertok(cli_local_set("v0", "replaced"));
	ut_asserteq(1, run_command("another=1", 0));
	ut_assert_nextline("## Error: too many shell variables (at most 128)");
	ut_assert_console_end();
	ut_asserteq(-EINVAL, cli_local_set("9x", "x"));
	forget();
	return 0;
}
UNIT_TEST(hush_test_locals_bounded, UTF_CONSOLE, cmd);

/* A line may replace or free the text it came from (bootcmd) */
static int hush_test_line_frees_its_text(struct unit_test_state *uts)
{
	ut_assertok(env_set("bc", "setenv bc 'echo replaced'; env default -a; "
			    "echo second; echo third"));
	ut_asserteq(0, run_command(env_get("bc"), 0));
	ut_assert_nextline("## Resetting to default environment");
	ut_assert_nextline("second");
	ut_assert_nextline("third");
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(hush_test_line_frees_its_text, UTF_CONSOLE, cmd);

/* U-Boot's doc/usage/cmd/exit.rst */
static int hush_test_exit(struct unit_test_state *uts)
{
	ut_assertok(env_set("inner", "echo entry inner; exit; echo inner done"));
	ut_assertok(env_set("outer", "echo entry outer; run inner; "
			    "echo outer done"));
	ut_asserteq(0, run_command("run outer", 0));
	ut_assert_nextline("entry outer");
	ut_assert_nextline("entry inner");
	ut_assert_nextline("outer done");
	/* exit n: the script's status; from inside loops and branches */
	ut_assertok(env_set("inner", "for i in 1 2 3; do if test $i = 2; "
			    "then exit 3; fi; echo $i; done; echo not here"));
	ut_asserteq(0, run_command("run inner || echo failed", 0));
	ut_assert_nextline("1");
	ut_assert_nextline("failed");
	/* A line not typed at the prompt is a script: exit leaves it */
	ut_asserteq(0, run_command("echo first; exit; echo last", 0));
	ut_assert_nextline("first");
	ut_assert_console_end();
	env_set("inner", NULL);
	env_set("outer", NULL);
	forget();
	return 0;
}
UNIT_TEST(hush_test_exit, UTF_CONSOLE, cmd);

/* Syntax errors are found before anything runs */
static int hush_test_syntax(struct unit_test_state *uts)
{
	static const struct {
		const char *line;
		const char *msg;
		int check;	/* cli_check(): -EAGAIN when lines may follow */
	} cases[] = {
		{ "echo a; fi", "unexpected 'fi'", -EINVAL },
		{ "if true; then echo a", "missing 'fi'", -EAGAIN },
		{ "if true; echo a; fi", "unexpected 'fi'", -EINVAL },
		{ "if true; then fi", "unexpected 'fi'", -EINVAL },
		{ "while true; do done", "unexpected 'done'", -EINVAL },
		{ "for 1x in a; do echo; done", "bad 'for' variable '1x'",
		  -EINVAL },
		{ "for x y; do echo; done", "'for x' without 'in'", -EINVAL },
		{ "for x in a b do echo; done", "unexpected 'done'", -EINVAL },
		{ "for x in a; do echo", "missing 'done'", -EAGAIN },
		{ "echo a & echo b", "unexpected '&'", -EINVAL },
		{ "echo a | cat", "unexpected '|'", -EINVAL },
		{ "&& echo", "unexpected '&&'", -EINVAL },
		{ "if true; then echo; fi echo", "unexpected 'echo'", -EINVAL },
		{ "echo 'open", "unterminated single quote", -EAGAIN },
		{ "while true &&", "missing 'do'", -EAGAIN },
	};
	char msg[80];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		/* Nothing runs: not even the echo before the error */
		ut_asserteq(1, run_command(cases[i].line, 0));
		snprintf(msg, sizeof(msg), "syntax error: %s", cases[i].msg);
		ut_assert_nextline(msg);
		ut_asserteq(cases[i].check, cli_check(cases[i].line));
	}
	ut_assert_console_end();
	ut_asserteq(0, cli_check("if true; then echo; fi"));
	return 0;
}
UNIT_TEST(hush_test_syntax, UTF_CONSOLE, cmd);

/* @n compound commands around @body, in @line */
static void nest(char *line, int n, const char *body)
{
	*line = '\0';
	for (int i = 0; i < n; i++)
		strcat(line, "if true; then ");
	strcat(line, body);
	for (int i = 0; i < n; i++)
		strcat(line, "; fi");
}

static int hush_test_depth(struct unit_test_state *uts)
{
	char line[700];

	/* 32 compound commands inside each other are fine, 33 are not */
	nest(line, 32, "echo deep");
	ut_asserteq(0, run_command(line, 0));
	ut_assert_nextline("deep");
	nest(line, 33, "echo deep");
	ut_asserteq(1, run_command(line, 0));
	ut_assert_nextline("syntax error: compound commands nested more than 32 deep");
	/* Counted across 'run': the stack is what the bound protects */
	ut_assertok(env_set("inner", "if true; then echo inner; fi"));
	nest(line, 31, "run inner");
	ut_asserteq(0, run_command(line, 0));
	ut_assert_nextline("inner");
	nest(line, 32, "run inner");
	ut_asserteq(1, run_command(line, 0));
	ut_assert_nextline("syntax error: compound commands nested more than 32 deep");
	/* A bound hit: the whole line stops, not only the script */
	ut_assertok(env_set("inner", "if true; then if true; then if true; "
			    "then run inner; fi; fi; fi"));
	ut_asserteq(1, run_command("run inner; echo after", 0));
	ut_assert_nextline("syntax error: compound commands nested more than 32 deep");
	ut_assert_console_end();
	env_set("inner", NULL);
	return 0;
}
UNIT_TEST(hush_test_depth, UTF_CONSOLE, cmd);

static int hush_test_loop_bound(struct unit_test_state *uts)
{
	char msg[80];

	/* Loop iterations count as work, with the commands they run */
	ut_asserteq(1, run_command("while true; do true; done", 0));
	snprintf(msg, sizeof(msg),
		 "stopped: the line ran more than %d commands",
		 CONFIG_CLI_MAX_COMMANDS);
	ut_assert_nextline(msg);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(hush_test_loop_bound, UTF_CONSOLE, cmd);
