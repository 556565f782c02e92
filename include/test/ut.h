// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * C unit tests, run inside the sandbox with 'ut <suite> [test]'.
 *
 *   static int dm_test_probe_order(struct unit_test_state *uts)
 *   {
 *           ut_assertok(uclass_get_device(UCLASS_TEST, 0, &dev));
 *           ut_asserteq(5, value);
 *           return 0;
 *   }
 *   UNIT_TEST(dm_test_probe_order, UTF_DM, dm);
 *
 * A failed assertion prints the file, line, expression and both values, then
 * ends the test: the assertion macros are the one place Ember lets a macro
 * return from its caller, because a test must stop at its first failure.
 */
#ifndef __TEST_UT_H
#define __TEST_UT_H

#include <linker_lists.h>
#include <stdio.h>
#include <string.h>
#include <types.h>

/* Test flags */
#define UTF_DM		BIT(0)	/* fresh driver model before and after */
#define UTF_CONSOLE	BIT(1)	/* record console output */

struct unit_test_state {
	int fail_count;
	char *console;		/* recorded output (UTF_CONSOLE) */
	int console_size;
	int console_pos;	/* read position for ut_assert_nextline */
};

struct unit_test {
	const char *suite;
	const char *name;
	int (*func)(struct unit_test_state *uts);
	u32 flags;
};

/* Symbol _ll_ut_2_<suite>__<name>: test/py reads these with nm. */
#define UNIT_TEST(_name, _flags, _suite)				\
	ll_entry_declare(struct unit_test, _suite##__##_name, ut) = {	\
		#_suite, #_name, _name, _flags }

/**
 * struct ut_check - a check run after every UTF_DM test, while its driver
 * model is still there: @func prints what is wrong and returns how many
 * problems it found (0: none). Declared with UT_CHECK(name, func).
 */
struct ut_check {
	const char *name;
	int (*func)(void);
};

#define UT_CHECK(_name, _func)						\
	ll_entry_declare(struct ut_check, _name, ut_check) = { #_name, _func }

void ut_fail(struct unit_test_state *uts, const char *file, int line,
	     const char *func, const char *fmt, ...) __printf(5, 6);
/** ut_console_line() - next recorded console line into @buf; false at end */
bool ut_console_line(struct unit_test_state *uts, char *buf, int size);
/** ut_console_reset() - drop what was recorded so far */
void ut_console_reset(struct unit_test_state *uts);
/**
 * ut_run_commandf() - run_command() of the formatted line
 * Return: its status; -ENAMETOOLONG when the line does not fit (a status
 * no test expects)
 */
int ut_run_commandf(const char *fmt, ...) __printf(1, 2);

#define UT_FAIL(fmt, ...) do {						\
	ut_fail(uts, __FILE__, __LINE__, __func__, fmt, ##__VA_ARGS__);	\
	return -1;							\
} while (0)

#define ut_assert(cond) do {						\
	if (!(cond))							\
		UT_FAIL("%s", #cond);					\
} while (0)

#define ut_asserteq(expect, actual) do {				\
	long long _e = (long long)(expect), _a = (long long)(actual);	\
	if (_e != _a)							\
		UT_FAIL("%s == %s: expected %lld (%#llx), got %lld (%#llx)", \
			#expect, #actual, _e, _e, _a, _a);		\
} while (0)

#define ut_assertok(expr) do {						\
	long long _r = (long long)(expr);				\
	if (_r)								\
		UT_FAIL("%s: expected 0, got %lld", #expr, _r);		\
} while (0)

#define ut_asserteq_str(expect, actual) do {				\
	const char *_e = (expect), *_a = (actual);			\
	if (!_e || !_a || strcmp(_e, _a))				\
		UT_FAIL("%s == %s: expected \"%s\", got \"%s\"",	\
			#expect, #actual, _e ? _e : "(null)",		\
			_a ? _a : "(null)");				\
} while (0)

#define ut_asserteq_mem(expect, actual, len) do {			\
	if (memcmp(expect, actual, len))				\
		UT_FAIL("%s == %s: %d bytes differ", #expect, #actual,	\
			(int)(len));					\
} while (0)

#define ut_asserteq_ptr(expect, actual) do {				\
	const void *_e = (expect), *_a = (actual);			\
	if (_e != _a)							\
		UT_FAIL("%s == %s: expected %p, got %p", #expect,	\
			#actual, _e, _a);				\
} while (0)

#define ut_assertnonnull(ptr) do {					\
	if (!(ptr))							\
		UT_FAIL("%s is NULL", #ptr);				\
} while (0)

/* The next recorded console line must equal @expect */
#define ut_assert_nextline(expect) do {					\
	char _line[256];						\
	if (!ut_console_line(uts, _line, sizeof(_line)))		\
		UT_FAIL("expected console line \"%s\", got none",	\
			expect);					\
	if (strcmp(_line, expect))					\
		UT_FAIL("expected console line \"%s\", got \"%s\"",	\
			expect, _line);					\
} while (0)

/* The next recorded console line must equal the formatted one */
#define ut_assert_nextlinef(fmt, ...) do {				\
	char _want[256];						\
	snprintf(_want, sizeof(_want), fmt, ##__VA_ARGS__);		\
	ut_assert_nextline(_want);					\
} while (0)

/* No recorded console line may remain */
#define ut_assert_console_end() do {					\
	char _line[256];						\
	if (ut_console_line(uts, _line, sizeof(_line)))		\
		UT_FAIL("unexpected console line \"%s\"", _line);	\
} while (0)

#endif
