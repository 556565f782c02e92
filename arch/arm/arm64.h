// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Private interfaces of the aarch64 start-up code: the memory layout
 * computed before relocation and the functions start.S calls. Included by
 * assembly files as well, so only #defines sit outside __ASSEMBLY__.
 *
 * Layout of Ember's area at the top of the RAM bank it was loaded into
 * (addresses grow upwards; 'end' is capped at 4 GiB for 32-bit DMA):
 *
 *   reloc_addr   image (text, rodata, data, got, rela)   64 KiB aligned
 *                bss (page tables, gd, ...)
 *   fdt          copy of the device tree QEMU passed
 *   heap         CONFIG_SYS_MALLOC_LEN
 *   guard        one unmapped page: a stack overflow faults here
 *   stack        CONFIG_ARM_STACK_SIZE, used through SP_EL0
 *   exc stack    ARM_EXC_STACK_SIZE, used through SP_ELx by the
 *                exception handler only
 *   end
 */
#ifndef __ARM_ARM64_H
#define __ARM_ARM64_H

#define ARM_PAGE_SIZE		0x1000
#define ARM_RELOC_ALIGN		0x10000
#define ARM_EXC_STACK_SIZE	0x4000
#define ARM_EARLY_STACK_SIZE	0x10000	/* after the previous stage's DT */
#define ARM_DMA_LIMIT		0x100000000ULL

#define FDT_MAGIC_VALUE		0xd00dfeed

/* Offsets in struct arm_layout used by start.S */
#define LAYOUT_STACK_TOP	0x48
#define LAYOUT_EXC_STACK_TOP	0x50

/* Size of struct exc_frame, built by exceptions.S */
#define EXC_FRAME_SIZE		(38 * 8)	/* 16-byte multiple */

#ifndef __ASSEMBLY__

#include <compiler.h>
#include <types.h>

/**
 * struct arm_layout - where everything went, decided before relocation
 * @reloc_addr: start of the relocated image
 * @image_end: end of the copied image (start of bss)
 * @bss_end: end of bss
 * @fdt: the copy of the device tree
 * @fdt_size: its size (fdt_totalsize)
 * @heap: start of the heap
 * @heap_size: its size
 * @guard: the unmapped page below the stack
 * @stack_bottom: lowest address of the stack (just above @guard)
 * @stack_top: initial SP_EL0
 * @exc_stack_top: initial SP_ELx, also the end of Ember's area
 * @ram_base: the RAM bank holding Ember
 * @ram_size: its size
 * @prev_fdt: the device tree as QEMU left it
 * @entry_count: generic counter value at the first instruction
 * @entry_el: exception level at the first instruction (3 when Ember
 *            dropped from EL3 to EL2 or EL1)
 */
struct arm_layout {
	ulong reloc_addr;
	ulong image_end;
	ulong bss_end;
	ulong fdt;
	ulong fdt_size;
	ulong heap;
	ulong heap_size;
	ulong guard;
	ulong stack_bottom;
	ulong stack_top;
	ulong exc_stack_top;
	ulong ram_base;
	ulong ram_size;
	ulong prev_fdt;
	u64 entry_count;
	ulong entry_el;
};

/**
 * struct reloc_result - what arm_relocate() hands back to start.S
 * @offset: relocated address minus current address
 * @layout: the relocated copy of struct arm_layout
 */
struct reloc_result {
	ulong offset;
	struct arm_layout *layout;
};

/**
 * struct exc_frame - registers saved by exceptions.S
 * @regs: x0..x30 at the exception
 * @sp: the stack pointer in use at the exception
 * @elr: return address (the faulting instruction for aborts)
 * @spsr: saved processor state
 * @esr: syndrome
 * @far: fault address (meaningful for aborts)
 * @vector: which of the 16 vector entries was taken
 * @pad: keeps the frame a multiple of 16 bytes
 */
struct exc_frame {
	u64 regs[31];
	u64 sp;
	u64 elr;
	u64 spsr;
	u64 esr;
	u64 far;
	u64 vector;
	u64 pad;
};

/* The layout of the running image (arch/arm/setup.c) */
extern struct arm_layout arm_layout;

/* Linker script symbols */
extern char __image_start[], __image_copy_end[];
extern char __rel_dyn_start[], __rel_dyn_end[];
extern char __bss_start[], __bss_end[];

/**
 * arm_relocate() - copy Ember and the device tree to the top of RAM
 * (relocate.c; runs from flash with the MMU off, before .data/.bss exist)
 * @fdt_addr: the device tree the previous stage left
 * @early_stack_top: top of the stack in use (just above that tree)
 * @entry_count: counter value at the first instruction
 * @entry_el: exception level at the first instruction
 *
 * Copies the image, applies its relocations, zeroes its bss, copies the
 * device tree and stores the layout in the copy's arm_layout. Stops with a
 * message on the debug UART when there is no DT, no RAM bank holding it,
 * too little RAM or a relocation other than R_AARCH64_RELATIVE.
 *
 * Return: the offset from the running image to the copy, and the copy's
 * layout
 */
struct reloc_result arm_relocate(ulong fdt_addr, ulong early_stack_top,
				 u64 entry_count, ulong entry_el);

/**
 * arm_init_r() - first C code after relocation (setup.c): fill gd, turn on
 * the MMU and caches, start the heap and call ember_main()
 */
void __noreturn arm_init_r(void);

/**
 * do_exception() - for a data abort at a probing access (probe.S), point
 * the frame's ELR at its fixup and return (exceptions.S resumes there);
 * for anything else print the registers on the debug UART and stop the
 * CPU (traps.c, called by exceptions.S)
 * @frame: the registers saved at the exception
 */
void do_exception(struct exc_frame *frame);

/**
 * debug_uart_puthex() - print @val as @digits hex digits, no prefix
 * (cpu.c; no global state, usable before relocation)
 * @val: the value
 * @digits: how many low-order digits to print
 */
void debug_uart_puthex(u64 val, int digits);

/**
 * debug_uart_putdec() - print @val in decimal (cpu.c; as above)
 * @val: the value
 */
void debug_uart_putdec(unsigned int val);

/* mmu.c */
/**
 * mmu_setup() - build the identity map from the DT and turn on the MMU
 * and caches at the current EL
 * @fdt: the control DT
 * @layout: Ember's layout (for the stack guard page)
 * Return: 0, -ENOMEM when the table pool is too small, -EINVAL when the DT
 * has no usable memory node; the MMU stays off on error
 */
int mmu_setup(const void *fdt, const struct arm_layout *layout);
/** mmu_enabled() - SCTLR.M of the current EL */
bool mmu_enabled(void);
/** mmu_pa_bits() - physical address bits in use (0 before mmu_setup()) */
unsigned int mmu_pa_bits(void);
/** mmu_tables_used() - translation tables taken from the pool */
unsigned int mmu_tables_used(void);

#endif /* __ASSEMBLY__ */
#endif
