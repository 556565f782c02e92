// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Device-tree readers over libfdt on the control DT. Every length is checked
 * before a property is read, so a malformed DT gives an error, not a crash.
 */
#include <ctype.h>
#include <dm/ofnode.h>
#include <errno.h>
#include <global_data.h>
#include <libfdt.h>
#include <string.h>

#define MAX_ADDR_CELLS	4	/* OF spec maximum for #address-cells */
#define MAX_SIZE_CELLS	2

static const void *blob(void)
{
	return gd->fdt_blob;
}

ofnode ofnode_root(void)
{
	return offset_to_ofnode(0);
}

ofnode ofnode_path(const char *path)
{
	int off = fdt_path_offset(blob(), path);

	return offset_to_ofnode(off < 0 ? -1 : off);
}

ofnode ofnode_first_subnode(ofnode node)
{
	int off = fdt_first_subnode(blob(), node.of_offset);

	return offset_to_ofnode(off < 0 ? -1 : off);
}

ofnode ofnode_next_subnode(ofnode node)
{
	int off = fdt_next_subnode(blob(), node.of_offset);

	return offset_to_ofnode(off < 0 ? -1 : off);
}

ofnode ofnode_get_parent(ofnode node)
{
	int off = fdt_parent_offset(blob(), node.of_offset);

	return offset_to_ofnode(off < 0 ? -1 : off);
}

const char *ofnode_get_name(ofnode node)
{
	const char *name;

	if (!ofnode_valid(node))
		return NULL;
	if (node.of_offset == 0)
		return "";
	name = fdt_get_name(blob(), node.of_offset, NULL);
	return name;
}

int ofnode_get_path(ofnode node, char *buf, int size)
{
	int ret = fdt_get_path(blob(), node.of_offset, buf, size);

	if (ret == -FDT_ERR_NOSPACE)
		return -ENOSPC;
	return ret ? -ENOENT : 0;
}

const void *ofnode_get_property(ofnode node, const char *name, int *lenp)
{
	int len;
	const void *p;

	if (lenp)
		*lenp = 0;
	if (!ofnode_valid(node))
		return NULL;
	p = fdt_getprop(blob(), node.of_offset, name, &len);
	if (lenp)
		*lenp = p ? len : 0;
	return p;
}

bool ofnode_has_property(ofnode node, const char *name)
{
	return ofnode_get_property(node, name, NULL) != NULL;
}

int ofnode_read_u32_index(ofnode node, const char *name, int index, u32 *valp)
{
	int len;
	const fdt32_t *p = ofnode_get_property(node, name, &len);

	if (!p)
		return -EINVAL;
	if (index < 0 || len < (index + 1) * 4)
		return -EOVERFLOW;
	*valp = fdt32_to_cpu(p[index]);
	return 0;
}

int ofnode_read_u32(ofnode node, const char *name, u32 *valp)
{
	return ofnode_read_u32_index(node, name, 0, valp);
}

u32 ofnode_read_u32_default(ofnode node, const char *name, u32 def)
{
	u32 val;

	return ofnode_read_u32(node, name, &val) ? def : val;
}

int ofnode_read_u64(ofnode node, const char *name, u64 *valp)
{
	int len;
	const fdt32_t *p = ofnode_get_property(node, name, &len);

	if (!p)
		return -EINVAL;
	if (len < 8)
		return -EOVERFLOW;
	*valp = (u64)fdt32_to_cpu(p[0]) << 32 | fdt32_to_cpu(p[1]);
	return 0;
}

const char *ofnode_read_string(ofnode node, const char *name)
{
	int len;
	const char *p = ofnode_get_property(node, name, &len);

	/* Must hold a terminating NUL inside the property */
	if (!p || len < 1 || strnlen(p, len) == (size_t)len)
		return NULL;
	return p;
}

int ofnode_read_string_index(ofnode node, const char *name, int index,
			     const char **outp)
{
	int len, i = 0;
	const char *p = ofnode_get_property(node, name, &len);
	const char *end;

	if (!p)
		return -EINVAL;
	end = p + len;
	while (p < end) {
		size_t n = strnlen(p, end - p);

		if (n == (size_t)(end - p))
			return -EOVERFLOW;	/* unterminated */
		if (i++ == index) {
			*outp = p;
			return 0;
		}
		p += n + 1;
	}
	return -ENODATA;
}

int ofnode_stringlist_search(ofnode node, const char *name, const char *str)
{
	const char *s;

	for (int i = 0; !ofnode_read_string_index(node, name, i, &s); i++) {
		if (!strcmp(s, str))
			return i;
	}
	return -ENODATA;
}

bool ofnode_is_enabled(ofnode node)
{
	const char *status = ofnode_read_string(node, "status");

	return !status || !strcmp(status, "okay") || !strcmp(status, "ok");
}

int ofnode_parse_phandle(ofnode node, const char *name, int index,
			 ofnode *outp)
{
	u32 phandle;
	int ret, off;

	ret = ofnode_read_u32_index(node, name, index, &phandle);
	if (ret)
		return ret;
	off = fdt_node_offset_by_phandle(blob(), phandle);
	if (off < 0)
		return -ENOENT;
	*outp = offset_to_ofnode(off);
	return 0;
}

/* #address-cells and #size-cells a bus node gives its children */
static int bus_cells(ofnode bus, int *na, int *ns)
{
	u32 a = 2, s = 1;

	if (ofnode_has_property(bus, "#address-cells") &&
	    ofnode_read_u32(bus, "#address-cells", &a))
		return -EOVERFLOW;
	if (ofnode_has_property(bus, "#size-cells") &&
	    ofnode_read_u32(bus, "#size-cells", &s))
		return -EOVERFLOW;
	if (a < 1 || a > MAX_ADDR_CELLS || s > MAX_SIZE_CELLS)
		return -EOVERFLOW;
	*na = a;
	*ns = s;
	return 0;
}

int ofnode_read_cells(ofnode node, int *na, int *ns)
{
	ofnode parent = ofnode_get_parent(node);

	if (!ofnode_valid(parent))
		return -ENOENT;
	return bus_cells(parent, na, ns);
}

/* The low 64 bits of an n-cell number (PCI's phys.hi cell is dropped) */
static u64 read_number(const fdt32_t *cells, int n)
{
	u64 v = 0;

	for (int i = n > 2 ? n - 2 : 0; i < n; i++)
		v = v << 32 | fdt32_to_cpu(cells[i]);
	return v;
}

/*
 * Translate @addr, a child address of @bus, into @bus's parent's space
 * through @bus's 'ranges'. A missing 'ranges' means no mapping.
 */
static int translate_one(ofnode bus, u64 *addr)
{
	int na, ns, pna, pns, len, entry, ret;
	const fdt32_t *r;
	ofnode parent = ofnode_get_parent(bus);

	ret = bus_cells(bus, &na, &ns);
	if (!ret)
		ret = bus_cells(parent, &pna, &pns);
	if (ret)
		return ret;
	r = ofnode_get_property(bus, "ranges", &len);
	if (!r)
		return -ERANGE;
	if (len == 0)
		return 0;	/* identity */
	entry = (na + pna + ns) * 4;
	if (len % entry)
		return -EOVERFLOW;
	for (; len >= entry; len -= entry, r += entry / 4) {
		u64 child = read_number(r, na);
		u64 par = read_number(r + na, pna);
		u64 size = read_number(r + na + pna, ns);

		if (*addr >= child && *addr - child < size) {
			*addr = par + (*addr - child);
			return 0;
		}
	}
	return -ERANGE;
}

/* Translate @addr, an address in @bus's space, up to the CPU */
static int translate_up(ofnode bus, u64 *addr)
{
	int ret;

	for (; ofnode_valid(bus) && bus.of_offset;
	     bus = ofnode_get_parent(bus)) {
		ret = translate_one(bus, addr);
		if (ret)
			return ret;
	}
	return 0;
}

int ofnode_get_addr_size_index(ofnode node, int index, u64 *addrp, u64 *sizep)
{
	int na, ns, len, ret;
	const fdt32_t *reg;
	u64 addr;

	ret = ofnode_read_cells(node, &na, &ns);
	if (ret)
		return ret;
	reg = ofnode_get_property(node, "reg", &len);
	if (!reg)
		return -EINVAL;
	if (index < 0 || len % ((na + ns) * 4) ||
	    len < (index + 1) * (na + ns) * 4)
		return -EOVERFLOW;
	reg += index * (na + ns);
	addr = read_number(reg, na);
	if (sizep)
		*sizep = ns ? read_number(reg + na, ns) : 0;
	/* Walk up: each bus between the node and the root translates. */
	ret = translate_up(ofnode_get_parent(node), &addr);
	if (!ret)
		*addrp = addr;
	return ret;
}

int ofnode_get_range_index(ofnode node, int index, u64 *addrp, u64 *sizep)
{
	ofnode parent = ofnode_get_parent(node);
	int na, ns, pna, pns, len, entry, ret;
	const fdt32_t *r;
	u64 addr;

	ret = bus_cells(node, &na, &ns);
	if (!ret)
		ret = bus_cells(parent, &pna, &pns);
	if (ret)
		return ret;
	r = ofnode_get_property(node, "ranges", &len);
	if (!r)
		return -EINVAL;
	entry = (na + pna + ns) * 4;
	if (index < 0 || len % entry || len < (index + 1) * entry)
		return -EOVERFLOW;
	r += index * entry / 4;
	addr = read_number(r + na, pna);
	*sizep = read_number(r + na + pna, ns);
	ret = translate_up(parent, &addr);
	if (!ret)
		*addrp = addr;
	return ret;
}

/* If @name is <stem>N with only digits after the stem, return N, else -1 */
static int alias_number(const char *name, const char *stem)
{
	size_t n = strlen(stem);
	int v = 0;

	if (strncmp(name, stem, n) || !name[n])
		return -1;
	for (name += n; *name; name++) {
		if (!isdigit(*name) || v > 100000)
			return -1;
		v = v * 10 + *name - '0';
	}
	return v;
}

int ofnode_get_alias_seq(const char *stem, ofnode node, int *seqp)
{
	int aliases = fdt_path_offset(blob(), "/aliases");
	int prop;

	if (aliases < 0)
		return -ENOENT;
	fdt_for_each_property_offset(prop, blob(), aliases) {
		const char *name, *path;
		int len, num;

		path = fdt_getprop_by_offset(blob(), prop, &name, &len);
		num = alias_number(name, stem);
		if (num < 0 || !path || len < 1 || path[len - 1])
			continue;
		if (fdt_path_offset(blob(), path) == node.of_offset) {
			*seqp = num;
			return 0;
		}
	}
	return -ENOENT;
}

int ofnode_get_alias_max(const char *stem)
{
	int aliases = fdt_path_offset(blob(), "/aliases");
	int prop, max = -1;

	if (aliases < 0)
		return -1;
	fdt_for_each_property_offset(prop, blob(), aliases) {
		const char *name;
		int num;

		if (!fdt_getprop_by_offset(blob(), prop, &name, NULL))
			continue;
		num = alias_number(name, stem);
		if (num > max)
			max = num;
	}
	return max;
}

ofnode ofnode_get_alias_node(const char *name)
{
	const char *path = fdt_get_alias(blob(), name);

	return path ? ofnode_path(path) : ofnode_null();
}

ofnode ofnode_get_chosen_node(const char *prop)
{
	ofnode chosen = ofnode_path("/chosen");
	const char *val = ofnode_read_string(chosen, prop);
	char name[64];
	size_t n;
	ofnode node;

	if (!val)
		return ofnode_null();
	/* "serial0:115200n8": the part before ':' is a path or an alias */
	n = strcspn(val, ":");
	if (n >= sizeof(name))
		return ofnode_null();
	memcpy(name, val, n);
	name[n] = '\0';
	if (name[0] == '/')
		return ofnode_path(name);
	node = ofnode_get_alias_node(name);
	return node;
}
