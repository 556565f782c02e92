// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The allocator behind malloc on hardware and the sandbox's DMA pool
 * (lib/heap.c), over a heap of its own: blocks come from the top of the
 * heap downwards, aligned as asked, merged back when freed; and a mix of
 * sizes, alignments and frees in a shuffled order never overlaps, never
 * leaves the heap, and gives every byte back.
 */
#include <heap.h>
#include <string.h>
#include <test/ut.h>

#define HEAP_BYTES	65536
#define HDR		16	/* a block's header, as lib/heap.c's */

static u8 heap_mem[HEAP_BYTES] __aligned(4096);

static int lib_test_heap_top(struct unit_test_state *uts)
{
	u8 *end = heap_mem + HEAP_BYTES;
	struct heap h;
	u8 *p, *q, *r;

	heap_init(&h, heap_mem, HEAP_BYTES);
	/* The first block at the very top, the next just below it */
	p = heap_alloc(&h, 100, 16);
	ut_asserteq_ptr(end - 112, p);
	q = heap_alloc(&h, 1, 16);
	ut_asserteq_ptr(p - HDR - 16, q);
	ut_asserteq(128 + 32, h.used);
	/* Aligned: the highest place that is, the rest below still free */
	r = heap_alloc(&h, 4000, 4096);
	ut_assertnonnull(r);
	ut_asserteq(0, (uintptr_t)r % 4096);
	ut_asserteq_ptr(end - 2 * 4096, r);
	ut_assert(heap_usable(r) >= 4000);
	ut_assert(r + heap_usable(r) <= q - HDR);
	/* Larger than what is left, and larger than the heap */
	ut_asserteq_ptr(NULL, heap_alloc(&h, HEAP_BYTES - 2 * 4096, 16));
	ut_asserteq_ptr(NULL, heap_alloc(&h, HEAP_BYTES + 1, 16));
	/* All of it back, merged into one block: the whole heap again */
	heap_free(&h, q);
	heap_free(&h, r);
	heap_free(&h, p);
	heap_free(&h, NULL);
	ut_asserteq(0, h.used);
	p = heap_alloc(&h, HEAP_BYTES - HDR, 16);
	ut_asserteq_ptr(heap_mem + HDR, p);
	heap_free(&h, p);
	ut_asserteq(0, h.used);
	return 0;
}
UNIT_TEST(lib_test_heap_top, 0, lib);

/*
 * A free block between two used ones that is 16 bytes too large for an
 * aligned block at its top: the block moves to its bottom when the
 * alignment allows it, and goes elsewhere when not (a free block of 16
 * bytes cannot be kept)
 */
static int lib_test_heap_lead(struct unit_test_state *uts)
{
	struct heap h;
	u8 *top, *gap, *low, *p;

	heap_init(&h, heap_mem, HEAP_BYTES);
	top = heap_alloc(&h, 1040, 16);
	gap = heap_alloc(&h, 112, 16);		/* a block of 128 bytes */
	low = heap_alloc(&h, 1024, 16);
	ut_asserteq_ptr(top - HDR - 112, gap);
	heap_free(&h, gap);
	/* 96 bytes need a block of 112: 16 over, taken with it */
	p = heap_alloc(&h, 96, 16);
	ut_asserteq_ptr(gap, p);
	ut_asserteq(128, heap_usable(p) + HDR);
	heap_free(&h, p);
	/* Aligned to 64, 16 bytes below it could not stay free: elsewhere */
	p = heap_alloc(&h, 80, 64);
	ut_assertnonnull(p);
	ut_asserteq(0, (uintptr_t)p % 64);
	ut_assert(p < low);
	heap_free(&h, p);
	heap_free(&h, low);
	heap_free(&h, top);
	ut_asserteq(0, h.used);
	return 0;
}
UNIT_TEST(lib_test_heap_lead, 0, lib);

#define SLOTS	48

static int lib_test_heap_mix(struct unit_test_state *uts)
{
	static const size_t aligns[] = { 16, 32, 64, 512, 4096 };
	struct { u8 *p; size_t len; u8 fill; } s[SLOTS] = { 0 };
	u32 seed = 12345, allocs = 0, fails = 0;
	struct heap h;
	u8 *p;

	heap_init(&h, heap_mem, HEAP_BYTES);
	for (int round = 0; round < 4000; round++) {
		int i;

		seed = seed * 1103515245 + 12345;
		i = (seed >> 8) % SLOTS;
		if (s[i].p) {
			for (size_t k = 0; k < s[i].len; k++)
				ut_asserteq(s[i].fill, s[i].p[k]);
			heap_free(&h, s[i].p);
			s[i].p = NULL;
			continue;
		}
		s[i].len = (seed >> 16) % 3000;
		p = heap_alloc(&h, s[i].len, aligns[(seed >> 4) % 5]);
		if (!p) {
			fails++;
			continue;
		}
		allocs++;
		ut_asserteq(0, (uintptr_t)p % aligns[(seed >> 4) % 5]);
		ut_assert(p >= heap_mem + HDR);
		ut_assert(p + s[i].len <= heap_mem + HEAP_BYTES);
		ut_assert(heap_usable(p) >= s[i].len);
		s[i].p = p;
		s[i].fill = (u8)round;
		memset(p, s[i].fill, s[i].len);
	}
	/* Both kinds of outcome happened: the heap was used to its limits */
	ut_assert(allocs > 1000);
	ut_assert(fails > 0);
	for (int i = 0; i < SLOTS; i++) {
		for (size_t k = 0; s[i].p && k < s[i].len; k++)
			ut_asserteq(s[i].fill, s[i].p[k]);
		heap_free(&h, s[i].p);
	}
	ut_asserteq(0, h.used);
	ut_assertnonnull(heap_alloc(&h, HEAP_BYTES - HDR, 16));
	return 0;
}
UNIT_TEST(lib_test_heap_mix, 0, lib);
