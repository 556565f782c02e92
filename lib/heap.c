// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * First-fit allocator (include/heap.h). Every block, free or used, starts
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

/* Split the front @lead bytes of free block @b into their own free block */
static struct heap_block *split_front(struct heap_block *b, size_t lead)
{
	struct heap_block *rest = (void *)((u8 *)b + lead);

	rest->size = b->size - lead;
	rest->magic = MAGIC_FREE;
	rest->next = b->next;
	b->size = lead;
	b->next = rest;
	return rest;
}

void *heap_alloc(struct heap *h, size_t size, size_t align)
{
	struct heap_block **link, *b;
	size_t need;

	if (align < HDR)
		align = HDR;
	if (size > h->size)
		return NULL;
	need = ALIGN(size ? size : 1, HDR) + HDR;
	for (link = &h->free; (b = *link); link = &b->next) {
		uintptr_t payload = (uintptr_t)b + HDR;
		size_t lead = ALIGN(payload, align) - payload;

		/* A lead too small to hold a free block moves on by align */
		if (lead && lead < 2 * HDR)
			lead += align * DIV_ROUND_UP(2 * HDR - lead, align);
		if (b->size < lead + need)
			continue;
		if (lead) {
			link = &b->next;
			b = split_front(b, lead);
		}
		if (b->size - need >= 2 * HDR) {
			struct heap_block *rest = (void *)((u8 *)b + need);

			rest->size = b->size - need;
			rest->magic = MAGIC_FREE;
			rest->next = b->next;
			b->size = need;
			*link = rest;
		} else {
			*link = b->next;
		}
		b->magic = MAGIC_USED;
		h->used += b->size;
		return (u8 *)b + HDR;
	}
	return NULL;
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
