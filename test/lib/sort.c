// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * sort(): nothing, one element, orders already sorted and reversed,
 * many repeats, and elements of an odd size whose ties are broken by an
 * index, as the ext4 journal's records are.
 */
#include <lib.h>
#include <string.h>
#include <test/ut.h>

struct rec {
	u16 key;
	u8 index;	/* 3 bytes: no alignment to lean on */
} __packed;

static int rec_cmp(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->index - y->index;
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

static int lib_test_sort(struct unit_test_state *uts)
{
	int v[100], one = 7;
	struct rec r[200];

	sort(v, 0, sizeof(int), int_cmp);
	sort(&one, 1, sizeof(int), int_cmp);
	ut_asserteq(7, one);
	for (int order = 0; order < 3; order++) {
		for (int i = 0; i < 100; i++)
			v[i] = order == 0 ? i : order == 1 ? 99 - i :
			       (i * 37) % 11;
		sort(v, 100, sizeof(int), int_cmp);
		for (int i = 1; i < 100; i++)
			ut_assert(v[i - 1] <= v[i]);
		if (order < 2)
			ut_asserteq(99, v[99]);
		else
			ut_asserteq(10, v[99]);
	}
	/* Ties in their first order, by the index compared last */
	for (int i = 0; i < 200; i++)
		r[i] = (struct rec){ .key = (u16)((i * 7919) % 13), .index = i };
	sort(r, 200, sizeof(r[0]), rec_cmp);
	for (int i = 1; i < 200; i++) {
		ut_assert(r[i - 1].key <= r[i].key);
		if (r[i - 1].key == r[i].key)
			ut_assert(r[i - 1].index < r[i].index);
	}
	return 0;
}
UNIT_TEST(lib_test_sort, 0, lib);
