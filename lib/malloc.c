// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * malloc and friends on hardware, over the heap the start-up code reserved
 * (malloc_init()). DMA memory comes from the same heap: RAM is identity
 * mapped and QEMU's devices are cache-coherent.
 */
#include <heap.h>
#include <init.h>
#include <stdlib.h>
#include <string.h>

static struct heap main_heap;

void malloc_init(void *start, unsigned long size)
{
	heap_init(&main_heap, start, size);
}

void *malloc(size_t size)
{
	return heap_alloc(&main_heap, size, 16);
}

void *memalign(size_t align, size_t size)
{
	return heap_alloc(&main_heap, size, align);
}

void *calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > (size_t)-1 / size)
		return NULL;
	p = malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void free(void *p)
{
	heap_free(&main_heap, p);
}

void *realloc(void *p, size_t size)
{
	void *q;

	if (!p)
		return malloc(size);
	if (size <= heap_usable(p))
		return p;
	q = malloc(size);
	if (q) {
		memcpy(q, p, heap_usable(p));
		free(p);
	}
	return q;
}

void *dma_alloc(size_t size, size_t align)
{
	return heap_alloc(&main_heap, size, align);
}

void dma_free(void *p)
{
	heap_free(&main_heap, p);
}
