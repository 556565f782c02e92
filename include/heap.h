// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * A small allocator over one region, with alignment, filling it from the
 * top down (lib/heap.c says why). Used for the heap on hardware (malloc)
 * and for the sandbox's DMA pool, which must live in the sandbox's
 * 'physical' RAM so devices can reach it.
 */
#ifndef __HEAP_H
#define __HEAP_H

#include <types.h>

struct heap_block;

struct heap {
	struct heap_block *free;	/* free blocks, by address */
	void *start;
	size_t size;
	size_t used;
};

/** heap_init() - manage [@start, @start + @size) */
void heap_init(struct heap *h, void *start, size_t size);
/**
 * heap_alloc() - @size bytes aligned to @align (a power of two, >= 16)
 * Return: the memory, or NULL when no free block is large enough
 */
void *heap_alloc(struct heap *h, size_t size, size_t align);
/** heap_free() - give back memory from heap_alloc(); NULL is ignored */
void heap_free(struct heap *h, void *p);
/** heap_usable() - bytes usable at @p (at least what was asked) */
size_t heap_usable(const void *p);

/* DMA-visible memory for devices (virtqueues): see arch/.../dma.c */
void *dma_alloc(size_t size, size_t align);
void dma_free(void *p);

#endif
