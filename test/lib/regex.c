// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Regular expressions (lib/regex.c): matches and their groups, against a
 * table; the patterns refused and why; the bounds on work and depth; and
 * substitution, first and global, with \0..\9, empty matches and a
 * result that does not fit.
 */
#include <errno.h>
#include <regex.h>
#include <string.h>
#include <test/ut.h>

struct re_case {
	const char *pattern, *subject;
	int start, end;		/* the match; -1: none */
	int g1s, g1e;		/* group 1, when the pattern has one */
};

static const struct re_case cases[] = {
	{ "abc", "xxabcxx", 2, 5, -1, -1 },
	{ "a.c", "abc", 0, 3, -1, -1 },
	{ "^abc", "xabc", -1, -1, -1, -1 },
	{ "^abc$", "abc", 0, 3, -1, -1 },
	{ "c$", "abcc", 3, 4, -1, -1 },
	{ "ab*c", "ac", 0, 2, -1, -1 },
	{ "ab+c", "ac", -1, -1, -1, -1 },
	{ "ab+c", "abbbc", 0, 5, -1, -1 },
	{ "ab?c", "abc", 0, 3, -1, -1 },
	{ "a.*c", "abcabc", 0, 6, -1, -1 },
	{ "a.*?c", "abcabc", 0, 3, -1, -1 },
	{ "a.+?", "abcd", 0, 2, -1, -1 },
	{ "[0-9]+", "ab123c", 2, 5, -1, -1 },
	{ "[^0-9]+", "12ab3", 2, 4, -1, -1 },
	{ "[]a]+", "x]a]y", 1, 4, -1, -1 },
	{ "[a\\-z]+", "b-az", 1, 4, -1, -1 },
	{ "\\d+\\s\\w+", "x 42 foo_1!", 2, 10, -1, -1 },
	{ "\\D\\S\\W", "a b", -1, -1, -1, -1 },
	{ "\\.\\*", "a.*b", 1, 3, -1, -1 },
	{ "(ab)+", "xababab", 1, 7, 5, 7 },
	{ "(a|b)*c", "abbac", 0, 5, 3, 4 },
	{ "(foo|bar)baz", "barbaz", 0, 6, 0, 3 },
	{ "x(y)?z", "xz", 0, 2, -1, -1 },
	{ "(a*)*b", "aab", 0, 3, 0, 2 },
	{ "(a*)+$", "b", 1, 1, 1, 1 },
	{ "([0-9]+)\\.([0-9]+)", "v1.23", 1, 5, 1, 2 },
	{ "", "abc", 0, 0, -1, -1 },
	{ "a|", "b", 0, 0, -1, -1 },
	{ "\\t", "a\tb", 1, 2, -1, -1 },
	{ "(a)(b)(c)(d)(e)(f)(g)(h)(i)", "xabcdefghi", 1, 10, 1, 2 },
};

static int check_case(struct unit_test_state *uts, const struct re_case *c)
{
	struct re_match m[RE_GROUPS_MAX];
	const char *why;
	struct regex re;
	int found;

	ut_assertok(regex_compile(&re, c->pattern, &why));
	found = regex_exec(&re, c->subject, strlen(c->subject), 0, m);
	regex_free(&re);
	if (c->start < 0) {
		ut_asserteq(0, found);
		return 0;
	}
	ut_asserteq(1, found);
	ut_asserteq(c->start, m[0].start);
	ut_asserteq(c->end, m[0].end);
	ut_asserteq(c->g1s, m[1].start);
	ut_asserteq(c->g1e, m[1].end);
	return 0;
}

static int lib_test_regex_match(struct unit_test_state *uts)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		if (check_case(uts, &cases[i]))
			UT_FAIL("case %zu: '%s' in '%s'", i, cases[i].pattern,
				cases[i].subject);
	}
	return 0;
}
UNIT_TEST(lib_test_regex_match, 0, lib);

static int lib_test_regex_bad(struct unit_test_state *uts)
{
	static const struct { const char *pattern, *why; int err; } bad[] = {
		{ "(ab", "missing ')'", -EINVAL },
		{ "ab)", "unmatched ')'", -EINVAL },
		{ "[ab", "missing ']'", -EINVAL },
		{ "*a", "nothing to repeat", -EINVAL },
		{ "a**", "nothing to repeat", -EINVAL },
		{ "^*", "nothing to repeat", -EINVAL },
		{ "a\\", "trailing '\\'", -EINVAL },
		{ "[z-a]", "range out of order", -EINVAL },
		{ "[a-\\d]", "a class ends a range", -EINVAL },
		{ "[a-\\", "trailing '\\'", -EINVAL },
		{ "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)", "too many groups", -EINVAL },
	};
	char big[RE_NODES_MAX + 2], alts[2 * RE_ALTS_MAX + 2];
	const char *why;
	struct regex re;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		ut_asserteq(bad[i].err, regex_compile(&re, bad[i].pattern,
						      &why));
		ut_asserteq_str(bad[i].why, why);
		ut_asserteq_ptr(NULL, re.node);
	}
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ut_asserteq(-E2BIG, regex_compile(&re, big, &why));
	ut_asserteq_str("too many atoms", why);
	for (size_t i = 0; i + 1 < sizeof(alts); i += 2) {
		alts[i] = 'a';
		alts[i + 1] = '|';
	}
	alts[sizeof(alts) - 1] = '\0';
	ut_asserteq(-E2BIG, regex_compile(&re, alts, &why));
	ut_asserteq_str("too many alternatives", why);
	return 0;
}
UNIT_TEST(lib_test_regex_bad, 0, lib);

/* Work and depth are bounded: patterns that would take too long fail */
static int lib_test_regex_bounds(struct unit_test_state *uts)
{
	static char s[4001];
	struct re_match m[RE_GROUPS_MAX];
	const char *why;
	struct regex re;

	memset(s, 'a', sizeof(s) - 1);
	/* Exponential backtracking: stopped by the work bound */
	ut_assertok(regex_compile(&re, "(a*)*b", &why));
	ut_asserteq(-E2BIG, regex_exec(&re, s, 40, 0, m));
	regex_free(&re);
	/* A group repeated more times than the depth allows */
	ut_assertok(regex_compile(&re, "(a)*$", &why));
	ut_asserteq(-E2BIG, regex_exec(&re, s, sizeof(s) - 1, 0, m));
	ut_asserteq(1, regex_exec(&re, s, 100, 0, m));
	ut_asserteq(100, m[0].end);
	regex_free(&re);
	/* Searches that share a budget: the second finds it spent */
	ut_assertok(regex_compile(&re, "b", &why));
	{
		long steps = 0;

		ut_asserteq(0, regex_exec_budget(&re, s, 100, 0, m, &steps));
		ut_assert(steps > 100);
		steps = RE_STEPS_MAX - 10;
		ut_asserteq(-E2BIG, regex_exec_budget(&re, s, 100, 0, m,
						      &steps));
	}
	regex_free(&re);
	/* A repeated character is counted, not nested: any length */
	ut_assertok(regex_compile(&re, "^a*$", &why));
	ut_asserteq(1, regex_exec(&re, s, sizeof(s) - 1, 0, m));
	ut_asserteq(sizeof(s) - 1, m[0].end);
	regex_free(&re);
	return 0;
}
UNIT_TEST(lib_test_regex_bounds, 0, lib);

static int sub(struct unit_test_state *uts, const char *pattern,
	       const char *s, const char *repl, bool global, int want_n,
	       const char *want)
{
	char out[64];
	const char *why;
	struct regex re;
	int n;

	ut_assertok(regex_compile(&re, pattern, &why));
	n = regex_sub(&re, s, repl, global, out, sizeof(out));
	regex_free(&re);
	ut_asserteq(want_n, n);
	if (n >= 0)
		ut_asserteq_str(want, out);
	return 0;
}

static int lib_test_regex_sub(struct unit_test_state *uts)
{
	char long_s[80];

	ut_assertok(sub(uts, "o", "foo boo", "0", false, 1, "f0o boo"));
	ut_assertok(sub(uts, "o", "foo boo", "0", true, 4, "f00 b00"));
	ut_assertok(sub(uts, "x", "foo", "y", true, 0, "foo"));
	ut_assertok(sub(uts, "^", "ab", "<", true, 1, "<ab"));
	ut_assertok(sub(uts, "$", "ab", ">", true, 1, "ab>"));
	/* Empty matches between every character, each passed */
	ut_assertok(sub(uts, "x*", "ab", "-", true, 3, "-a-b-"));
	ut_assertok(sub(uts, "([a-z]+)=([0-9]+)", "a=1,bc=23",
			"\\2:\\1", true, 2, "1:a,23:bc"));
	ut_assertok(sub(uts, "(x)?y", "y", "[\\1\\0\\\\]", false, 1,
			"[y\\]"));
	ut_assertok(sub(uts, "/", "/usr/lib/", "-", true, 3, "-usr-lib-"));
	ut_assertok(sub(uts, "(a)(b)(c)(d)(e)(f)(g)(h)(i)", "abcdefghi",
			"\\9\\8\\1", false, 1, "iha"));
	memset(long_s, 'a', sizeof(long_s) - 1);
	long_s[sizeof(long_s) - 1] = '\0';
	ut_assertok(sub(uts, "z", long_s, "", true, -ENOSPC, NULL));
	ut_assertok(sub(uts, "a", "aaaa", "0123456789abcdef0123456789",
			true, -ENOSPC, NULL));
	return 0;
}
UNIT_TEST(lib_test_regex_sub, 0, lib);
