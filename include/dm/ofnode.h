// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Device-tree access over libfdt, on the control DT (gd->fdt_blob).
 *
 * Every reader returns 0 or a negative errno and never reads past a property:
 * -EINVAL  the property is missing
 * -EOVERFLOW the property is shorter than asked for, or malformed
 * -ENOENT  a node, phandle or alias does not exist
 * -ERANGE  a translated address does not fit any 'ranges' window
 */
#ifndef __DM_OFNODE_H
#define __DM_OFNODE_H

#include <types.h>

/** struct ofnode - handle to a DT node (an offset into the control DT) */
typedef struct {
	int of_offset;
} ofnode;

#define ofnode_null()		((ofnode){ .of_offset = -1 })
#define offset_to_ofnode(o)	((ofnode){ .of_offset = (o) })

static inline bool ofnode_valid(ofnode n)
{
	return n.of_offset >= 0;
}

static inline bool ofnode_equal(ofnode a, ofnode b)
{
	return a.of_offset == b.of_offset;
}

ofnode ofnode_root(void);
ofnode ofnode_path(const char *path);
ofnode ofnode_first_subnode(ofnode node);
ofnode ofnode_next_subnode(ofnode node);
ofnode ofnode_get_parent(ofnode node);
const char *ofnode_get_name(ofnode node);
/** ofnode_get_path() - full path into @buf; 0 or -ENOSPC/-ENOENT */
int ofnode_get_path(ofnode node, char *buf, int size);

/** ofnode_get_property() - raw property value and its length, or NULL */
const void *ofnode_get_property(ofnode node, const char *name, int *lenp);
bool ofnode_has_property(ofnode node, const char *name);
int ofnode_read_u32(ofnode node, const char *name, u32 *valp);
int ofnode_read_u32_index(ofnode node, const char *name, int index, u32 *valp);
u32 ofnode_read_u32_default(ofnode node, const char *name, u32 def);
int ofnode_read_u64(ofnode node, const char *name, u64 *valp);
/** ofnode_read_string() - a NUL-terminated string property, or NULL */
const char *ofnode_read_string(ofnode node, const char *name);
/** ofnode_stringlist_search() - index of @str in a string list, or -ENODATA */
int ofnode_stringlist_search(ofnode node, const char *name, const char *str);
/** ofnode_read_string_index() - string @index of a string list; 0 or errno */
int ofnode_read_string_index(ofnode node, const char *name, int index,
			     const char **outp);
/** ofnode_is_enabled() - true unless status is present and not "okay"/"ok" */
bool ofnode_is_enabled(ofnode node);
/** ofnode_parse_phandle() - node referenced by phandle @index of @name */
int ofnode_parse_phandle(ofnode node, const char *name, int index,
			 ofnode *outp);

/**
 * ofnode_read_cells() - #address-cells / #size-cells that apply to @node's
 * 'reg' (the parent's properties; 2 and 1 when absent, as the spec says)
 */
int ofnode_read_cells(ofnode node, int *na, int *ns);

/**
 * ofnode_get_addr_size_index() - entry @index of 'reg', translated to a CPU
 * address through every parent's 'ranges'
 * Return: 0, -EINVAL (no reg), -EOVERFLOW (short or bad cells),
 * -ERANGE (untranslatable)
 */
int ofnode_get_addr_size_index(ofnode node, int index, u64 *addrp, u64 *sizep);

/**
 * ofnode_get_range_index() - the parent side of entry @index of @node's
 * 'ranges' (a bus window), translated to a CPU address
 * Return: 0, -EINVAL (no ranges), -EOVERFLOW, -ERANGE
 */
int ofnode_get_range_index(ofnode node, int index, u64 *addrp, u64 *sizep);

/** ofnode_get_alias_seq() - N of an alias <stem>N naming @node; 0/-ENOENT */
int ofnode_get_alias_seq(const char *stem, ofnode node, int *seqp);
/** ofnode_get_alias_max() - highest N of the aliases <stem>N, or -1 */
int ofnode_get_alias_max(const char *stem);
/** ofnode_get_alias_node() - node named by alias @name, or an invalid one */
ofnode ofnode_get_alias_node(const char *name);

/** ofnode_get_chosen_node() - node named by a /chosen path property */
ofnode ofnode_get_chosen_node(const char *prop);

#endif
