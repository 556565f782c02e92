// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * sort(): heapsort, in place, in O(n log n) whatever the input - a
 * hostile disk's records cannot make it quadratic - and without
 * recursion or allocation. It is not stable: a caller that needs ties
 * kept in order compares an index as the last key.
 */
#include <lib.h>
#include <string.h>

static void sort_swap(u8 *a, u8 *b, size_t size)
{
	while (size--) {
		u8 t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

/* Let element @root sink below its larger children in the first @n */
static void sort_sift(u8 *base, size_t root, size_t n, size_t size,
		      int (*cmp)(const void *, const void *))
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n &&
		    cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + root * size, base + child * size) >= 0)
			return;
		sort_swap(base + root * size, base + child * size, size);
		root = child;
	}
}

void sort(void *base, size_t n, size_t size,
	  int (*cmp)(const void *, const void *))
{
	u8 *b = base;

	for (size_t i = n / 2; i-- > 0;)
		sort_sift(b, i, n, size, cmp);
	for (size_t end = n; end > 1; end--) {
		sort_swap(b, b + (end - 1) * size, size);
		sort_sift(b, 0, end - 1, size, cmp);
	}
}
