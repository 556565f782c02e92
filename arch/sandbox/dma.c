// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * DMA memory on sandbox: a pool at the top of the sandbox's RAM, so device
 * models and legacy transports (32-bit page numbers) reach it as they would
 * on hardware. The pool is reserved like Ember's own image (gd->reloc_addr).
 */
#include <asm/sandbox.h>
#include <asm/virtio_emul.h>
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

/* The virtio models check that no ring a device may use is freed */
void dma_free(void *p)
{
	if (!p)
		return;
	if (IS_ENABLED(CONFIG_VIRTIO_SANDBOX_EMUL))
		sandbox_virtio_emul_memory_freed(p, heap_usable(p));
	heap_free(&dma_heap, p);
}
