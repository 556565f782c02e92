// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * DMA memory on sandbox: a pool at the top of the sandbox's RAM, so device
 * models and legacy transports (32-bit page numbers) reach it as they would
 * on hardware. The pool is reserved like Ember's own image (gd->reloc_addr).
 */
#include <asm/sandbox.h>
#include <global_data.h>
#include <heap.h>

static struct heap dma_heap;
static bool ready;
void sandbox_dma_init(void *start, unsigned long size)
{
	heap_init(&dma_heap, start, size);
	ready = true;
}

void *dma_alloc(size_t size, size_t align)
{
	return ready ? heap_alloc(&dma_heap, size, align) : NULL;
}

void dma_free(void *p)
{
	if (p)
		heap_free(&dma_heap, p);
}
