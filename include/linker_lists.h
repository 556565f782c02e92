// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Linker lists: arrays assembled by the linker from entries declared in any
 * file, so adding a driver, command or test edits no central table.
 *
 * An entry of list L lives in section .ll_L_2_<name>; the linker script
 * sorts all .ll_* sections by name, so the markers in .ll_L_1 and .ll_L_3
 * bracket the entries of L. Entries are 8-byte aligned and every list
 * element type must have a size that is a multiple of 8.
 */
#ifndef __LINKER_LISTS_H
#define __LINKER_LISTS_H

#include <compiler.h>

/*
 * Entries sit back to back: AddressSanitizer must not pad them with
 * redzones. GCC leaves globals in named sections alone; clang (the fuzz
 * build) needs telling.
 */
#ifdef __clang__
#define __ll_no_redzone	__attribute__((no_sanitize("address")))
#else
#define __ll_no_redzone
#endif

#define ll_entry_declare(_type, _name, _list)				\
	_type _ll_##_list##_2_##_name __aligned(8) __used		\
	__ll_no_redzone __section(".ll_" #_list "_2_" #_name)

/*
 * The markers are zero-sized objects: hide that from the compiler, or it
 * may assume the entries past them do not exist (UBSan's object-size check
 * reports every access through them).
 */
#define ll_entry_start(_type, _list) ({					\
	static char start[0] __aligned(8) __used __ll_no_redzone	\
		__section(".ll_" #_list "_1");				\
	_type *_ll_p = (_type *)&start;					\
	OPTIMIZER_HIDE_VAR(_ll_p);					\
	_ll_p; })

#define ll_entry_end(_type, _list) ({					\
	static char end[0] __aligned(8) __used __ll_no_redzone		\
		__section(".ll_" #_list "_3");				\
	_type *_ll_p = (_type *)&end;					\
	OPTIMIZER_HIDE_VAR(_ll_p);					\
	_ll_p; })

#define ll_entry_count(_type, _list)					\
	((unsigned int)(ll_entry_end(_type, _list) -			\
			ll_entry_start(_type, _list)))

#define ll_foreach(_type, _var, _list)					\
	for (_type *_var = ll_entry_start(_type, _list);		\
	     _var < ll_entry_end(_type, _list); _var++)

#endif
