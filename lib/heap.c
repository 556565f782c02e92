// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Allocator (include/heap.h). Every block, free or used, starts
 * with a 16-byte header holding its size; free blocks are kept in address
 * order and merged with their neighbours when freed. A corrupted header
 * (bad magic) is reported and the free ignored, rather than spreading the
 * damage.
 */
#include <compiler.h>
#include <debug_uart.h>
#include <heap.h>
#include <stdint.h>

#define HDR		16
#define MAGIC_USED	0x55534544u	/* "USED" */
#define MAGIC_FREE	0x46524545u	/* "FREE" */

struct heap_block {
	size_t size;			/* whole block, header included */
	u32 magic;
	u32 pad;
	struct heap_block *next;	/* free blocks only (in the payload) */
};

BUILD_BUG_ON(offsetof(struct heap_block, next) != HDR);

void heap_init(struct heap *h, void *start, size_t size)
{
	uintptr_t s = ALIGN((uintptr_t)start, HDR);
	struct heap_block *b = (void *)s;

	size = ALIGN_DOWN(size - (s - (uintptr_t)start), HDR);
	h->start = b;
	h->size = size;
	h->used = 0;
	b->size = size;
	b->magic = MAGIC_FREE;
	b->next = NULL;
	h->free = b;
}

/*
 * Where a block of @need bytes (header included), its payload aligned to
 * @align, goes at the top of free block @b: whether it fits, and its
 * header's address in *@hdrp. What stays free below it is nothing or a
 * block of at least 2 * HDR.
 */
static bool fit_top(const struct heap_block *b, size_t need, size_t align,
		    uintptr_t *hdrp)
{
	uintptr_t start = (uintptr_t)b, payload, hdr;

	if (b->size < need)
		return false;
	payload = ALIGN_DOWN(start + b->size - need + HDR, align);
	if (payload < start + HDR)
		return false;
	hdr = payload - HDR;
	/* Too little below for a free block: none, if the alignment allows */
	if (hdr - start && hdr - start < 2 * HDR) {
		if ((hdr - start) % align)
			return false;
		hdr = start;
	}
	*hdrp = hdr;
	return true;
}

/*
 * Blocks are taken from the top of the highest free block they fit in:
 * the heap fills downwards from its end, next to the stack on hardware,
 * whose memory is touched from the start (for a VM, memory its host has
 * already backed), so that what a command allocates for the first time
 * does not make the host back fresh memory while it runs
 */
void *heap_alloc(struct heap *h, size_t size, size_t align)
{
	struct heap_block **link, **at = NULL, *b, *used, *tail = NULL;
	uintptr_t hdr, end;
	size_t need;

	if (align < HDR)
		align = HDR;
	if (size > h->size)
		return NULL;
	need = ALIGN(size ? size : 1, HDR) + HDR;
	for (link = &h->free; (b = *link); link = &b->next) {
		if (fit_top(b, need, align, &hdr))
			at = link;	/* the highest so far */
	}
	if (!at)
		return NULL;
	b = *at;
	end = (uintptr_t)b + b->size;
	used = (void *)hdr;
	/* Above it, a free block if there is room for one */
	if (end - (hdr + need) >= 2 * HDR) {
		tail = (void *)(hdr + need);
		tail->size = end - (hdr + need);
		tail->magic = MAGIC_FREE;
		tail->next = b->next;
	}
	if (used == b) {
		*at = tail ? tail : b->next;
	} else {
		b->size = hdr - (uintptr_t)b;
		if (tail)
			b->next = tail;
	}
	used->size = tail ? need : end - hdr;
	used->magic = MAGIC_USED;
	h->used += used->size;
	return (u8 *)used + HDR;
}

void heap_free(struct heap *h, void *p)
{
	struct heap_block *b, *prev = NULL, *cur;

	if (!p)
		return;
	b = (void *)((u8 *)p - HDR);
	if (b->magic != MAGIC_USED || (u8 *)b < (u8 *)h->start ||
	    (u8 *)b >= (u8 *)h->start + h->size) {
		debug_uart_puts("heap: free of a pointer that is not in use\n");
		return;
	}
	h->used -= b->size;
	b->magic = MAGIC_FREE;
	for (cur = h->free; cur && cur < b; cur = cur->next)
		prev = cur;
	b->next = cur;
	if (prev)
		prev->next = b;
	else
		h->free = b;
	/* Merge with the next, then with the previous block */
	if (cur && (u8 *)b + b->size == (u8 *)cur) {
		b->size += cur->size;
		b->next = cur->next;
	}
	if (prev && (u8 *)prev + prev->size == (u8 *)b) {
		prev->size += b->size;
		prev->next = b->next;
	}
}

size_t heap_usable(const void *p)
{
	const struct heap_block *b = (const void *)((const u8 *)p - HDR);

	return b->size - HDR;
}
