// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * fdt: inspect and change a flattened device tree in memory. 'fdt addr'
 * keeps an address, not a pointer: the DT there is checked again
 * (fdt_valid_at()) before every use, since a load may have replaced it.
 */
#include <asm/io.h>
#include <command.h>
#include <ctype.h>
#include <env.h>
#include <errno.h>
#include <fdt_cmd.h>
#include <fdt_valid.h>
#include <global_data.h>
#include <libfdt.h>
#include <memmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FDT_MAX_DEPTH	32

static bool have_working;
static phys_addr_t working_addr;
/* The working DT, checked at the start of the command using it */
static const void *working_fdt;

/* Validate and select the DT at @addr */
static int set_working(ulong addr)
{
	int ret;

	ret = mem_check_read(addr, sizeof(struct fdt_header));
	if (ret) {
		mem_report("fdt addr", addr, sizeof(struct fdt_header), ret);
		return CMD_RET_FAILURE;
	}
	if (!fdt_valid_at(addr)) {
		printf("fdt addr: no valid device tree at 0x%lx\n", addr);
		return CMD_RET_FAILURE;
	}
	have_working = true;
	working_addr = addr;
	env_set_hex("fdtaddr", addr);
	return CMD_RET_SUCCESS;
}

/* The working DT for command @what, checked again; NULL after a message */
static const void *working(const char *what)
{
	if (!have_working) {
		printf("No FDT memory address configured. Please configure\n"
		       "the FDT address via \"fdt addr <address>\" command.\n");
		return NULL;
	}
	working_fdt = fdt_valid_at(working_addr);
	if (!working_fdt)
		printf("%s: the device tree at 0x%llx is no longer valid (overwritten?): select one with fdt addr\n",
		       what, (unsigned long long)working_addr);
	return working_fdt;
}

/*
 * U-Boot's lines: 'Working fdt: <addr>' for the selected DT (once it is
 * checked again), 'Control fdt: <addr>' for -c and 'Working FDT set to
 * <addr>' when an address is given. Unlike U-Boot's, -c also selects
 * the control DT for the other subcommands.
 */
static int fdt_addr(int argc, char *const argv[])
{
	bool control;
	ulong addr;

	if (argc == 1) {
		if (!working("fdt addr"))
			return CMD_RET_FAILURE;
		printf("Working fdt: %08llx\n",
		       (unsigned long long)working_addr);
		return CMD_RET_SUCCESS;
	}
	control = !strcmp(argv[1], "-c");
	if (control)
		addr = map_to_sysmem(gd->fdt_blob);
	else if (cmd_parse_ulong(argv[1], 16, "fdt addr", &addr))
		return CMD_RET_FAILURE;
	if (set_working(addr))
		return CMD_RET_FAILURE;
	if (control)
		printf("Control fdt: %08lx\n", addr);
	else
		printf("Working FDT set to %lx\n", addr);
	return CMD_RET_SUCCESS;
}

static bool is_printable_strings(const char *p, int len)
{
	if (len < 1 || p[len - 1] || !p[0])
		return false;
	for (int i = 0; i < len; i++) {
		if (!p[i]) {
			if (i + 1 < len && !p[i + 1])
				return false;	/* empty string inside */
		} else if (!isprint(p[i])) {
			return false;
		}
	}
	return true;
}

static void print_value(const void *val, int len)
{
	const u8 *b = val;

	if (!len)
		return;
	printf(" = ");
	if (is_printable_strings(val, len)) {
		for (const char *s = val; s < (const char *)val + len;
		     s += strlen(s) + 1)
			printf("%s\"%s\"", s == val ? "" : ", ", s);
	} else if (len % 4 == 0) {
		printf("<");
		for (int i = 0; i < len; i += 4)
			printf("%s0x%08x", i ? " " : "",
			       fdt32_to_cpu(*(const fdt32_t *)(b + i)));
		printf(">");
	} else {
		printf("[");
		for (int i = 0; i < len; i++)
			printf("%s%02x", i ? " " : "", b[i]);
		printf("]");
	}
}

static void print_indent(int depth)
{
	for (int i = 0; i < depth; i++)
		putc('\t');
}

static void print_props(int node, int depth)
{
	int prop;

	fdt_for_each_property_offset(prop, working_fdt, node) {
		const char *name;
		int len;
		const void *val = fdt_getprop_by_offset(working_fdt, prop,
							&name, &len);

		if (!val)
			continue;
		print_indent(depth);
		printf("%s", name);
		print_value(val, len);
		printf(";\n");
	}
}

/* Print @node and, up to @levels below it, its subnodes */
static void print_node(int node, int depth, int levels)
{
	const char *name = fdt_get_name(working_fdt, node, NULL);
	int child;

	print_indent(depth);
	printf("%s {\n", node == 0 ? "/" : (name ? name : "?"));
	print_props(node, depth + 1);
	fdt_for_each_subnode(child, working_fdt, node) {
		if (levels > 0 && depth < FDT_MAX_DEPTH) {
			print_node(child, depth + 1, levels - 1);
		} else {
			print_indent(depth + 1);
			printf("%s {\n", fdt_get_name(working_fdt, child, NULL));
			print_indent(depth + 1);
			printf("};\n");
		}
	}
	print_indent(depth);
	printf("};\n");
}

static int find_node(const char *path)
{
	int node = fdt_path_offset(working_fdt, path);

	if (node < 0)
		printf("libfdt fdt_path_offset() returned %s\n",
		       fdt_strerror(node));
	return node;
}

static int show(int argc, char *const argv[], int levels)
{
	const char *path = argc > 1 ? argv[1] : "/";
	int node;

	if (!working(levels ? "fdt print" : "fdt list"))
		return CMD_RET_FAILURE;
	node = find_node(path);
	if (node < 0)
		return CMD_RET_FAILURE;
	if (argc > 2) {
		int len;
		const void *val = fdt_getprop(working_fdt, node, argv[2], &len);

		if (!val) {
			printf("libfdt fdt_getprop(): %s\n", fdt_strerror(len));
			return CMD_RET_FAILURE;
		}
		printf("%s", argv[2]);
		print_value(val, len);
		printf("\n");
		return CMD_RET_SUCCESS;
	}
	print_node(node, 0, levels);
	return CMD_RET_SUCCESS;
}

static int fdt_print(int argc, char *const argv[])
{
	return show(argc, argv, FDT_MAX_DEPTH);
}

static int fdt_list(int argc, char *const argv[])
{
	return show(argc, argv, 0);
}

static int fdt_get(int argc, char *const argv[])
{
	char buf[512];
	const void *val;
	int node, len, n = 0;

	if (strcmp(argv[1], "value"))
		return CMD_RET_USAGE;
	if (!have_working) {
		printf("No FDT memory address configured.\n");
		return CMD_RET_FAILURE;
	}
	if (!working("fdt get"))
		return CMD_RET_FAILURE;
	node = find_node(argv[3]);
	if (node < 0)
		return CMD_RET_FAILURE;
	val = fdt_getprop(working_fdt, node, argv[4], &len);
	if (!val) {
		printf("libfdt fdt_getprop(): %s\n", fdt_strerror(len));
		return CMD_RET_FAILURE;
	}
	if (is_printable_strings(val, len)) {
		n = snprintf(buf, sizeof(buf), "%s", (const char *)val);
	} else if (len % 4 == 0) {
		for (int i = 0; i < len && n < (int)sizeof(buf); i += 4)
			n += snprintf(buf + n, sizeof(buf) - n, "%s0x%x",
				      i ? " " : "",
				      fdt32_to_cpu(*(const fdt32_t *)((const u8 *)val + i)));
	} else {
		for (int i = 0; i < len && n < (int)sizeof(buf); i++)
			n += snprintf(buf + n, sizeof(buf) - n, "%s%02x",
				      i ? " " : "", ((const u8 *)val)[i]);
	}
	if (n >= (int)sizeof(buf)) {
		printf("fdt get value: property too long for a variable\n");
		return CMD_RET_FAILURE;
	}
	if (env_set(argv[2], buf)) {
		printf("fdt get value: cannot set '%s'\n", argv[2]);
		return CMD_RET_FAILURE;
	}
	return CMD_RET_SUCCESS;
}

void *fdt_working_writable(const char *what)
{
	phys_addr_t addr = working_addr;

	if (!have_working) {
		printf("%s: no FDT memory address configured (fdt addr <address>)\n",
		       what);
		return NULL;
	}
	if (!working(what))
		return NULL;
	if (mem_check_write(addr, fdt_totalsize(working_fdt))) {
		printf("%s: the device tree at 0x%llx is read-only (the control DT?): copy it and select the copy with fdt addr\n",
		       what, (unsigned long long)addr);
		return NULL;
	}
	return map_sysmem(addr, 0);
}

static int fdt_result(const char *what, int err)
{
	if (!err)
		return CMD_RET_SUCCESS;
	printf("libfdt %s: %s\n", what, fdt_strerror(err));
	if (err == -FDT_ERR_NOSPACE)
		printf("(make room with fdt resize)\n");
	return CMD_RET_FAILURE;
}

/* "<0x1 2>" cells, "[01 ab]" bytes, else one string per argument */
static int parse_value(int argc, char *const argv[], u8 *buf, int size)
{
	char joined[256];
	const char *p;
	char *end;
	int n = 0, len = 0;

	for (int i = 0; i < argc; i++)
		n += snprintf(joined + n, n < (int)sizeof(joined) ?
			      sizeof(joined) - n : 0, "%s%s", i ? " " : "",
			      argv[i]);
	if (n >= (int)sizeof(joined))
		return -1;
	if (joined[0] != '<' && joined[0] != '[') {
		for (int i = 0; i < argc; i++) {
			int l = strlen(argv[i]) + 1;

			if (len + l > size)
				return -1;
			memcpy(buf + len, argv[i], l);
			len += l;
		}
		return len;
	}
	for (p = joined + 1; *p && *p != (joined[0] == '<' ? '>' : ']');) {
		unsigned long v;

		if (*p == ' ') {
			p++;
			continue;
		}
		v = strtoul(p, &end, joined[0] == '<' ? 0 : 16);
		if (end == p)
			return -1;
		p = end;
		if (joined[0] == '<') {
			fdt32_t c = cpu_to_fdt32(v);

			if (len + 4 > size)
				return -1;
			memcpy(buf + len, &c, 4);
			len += 4;
		} else {
			if (len + 1 > size || v > 0xff)
				return -1;
			buf[len++] = v;
		}
	}
	return *p ? len : -1;
}

static int do_fdt_set(int argc, char *const argv[])
{
	void *fdt = fdt_working_writable("fdt set");
	u8 val[256];
	int node, len = 0;

	if (!fdt)
		return CMD_RET_FAILURE;
	node = find_node(argv[1]);
	if (node < 0)
		return CMD_RET_FAILURE;
	if (argc > 3) {
		len = parse_value(argc - 3, argv + 3, val, sizeof(val));
		if (len < 0) {
			printf("fdt set: bad value (<cells>, [bytes] or strings, at most %zu bytes)\n",
			       sizeof(val));
			return CMD_RET_FAILURE;
		}
	}
	return fdt_result("fdt_setprop()",
			  fdt_setprop(fdt, node, argv[2], val, len));
}

static int do_fdt_rm(int argc, char *const argv[])
{
	void *fdt = fdt_working_writable("fdt rm");
	int node;

	if (!fdt)
		return CMD_RET_FAILURE;
	node = find_node(argv[1]);
	if (node < 0)
		return CMD_RET_FAILURE;
	if (argc > 2)
		return fdt_result("fdt_delprop()",
				  fdt_delprop(fdt, node, argv[2]));
	if (node == 0) {
		printf("fdt rm: will not remove the root node\n");
		return CMD_RET_FAILURE;
	}
	return fdt_result("fdt_del_node()", fdt_del_node(fdt, node));
}

static int do_fdt_resize(int argc, char *const argv[])
{
	void *fdt = fdt_working_writable("fdt resize");
	ulong extra = 0, size;
	phys_addr_t addr;

	if (!fdt)
		return CMD_RET_FAILURE;
	if (argc > 1 && cmd_parse_ulong(argv[1], 16, "fdt resize", &extra))
		return CMD_RET_FAILURE;
	/* As U-Boot: round up to 4 KiB, then add the extra bytes */
	size = ((fdt_totalsize(fdt) + 0xfff) & ~0xfffUL) + extra;
	addr = map_to_sysmem(fdt);
	if (size > 0x10000000 || mem_check_write(addr, size)) {
		mem_report("fdt resize", addr, size, -EBUSY);
		return CMD_RET_FAILURE;
	}
	if (fdt_result("fdt_open_into()", fdt_open_into(fdt, fdt, size)))
		return CMD_RET_FAILURE;
	printf("New length %lu\n", size);
	return CMD_RET_SUCCESS;
}

static const struct cmd_sub fdt_subs[] = {
	{ "addr", 1, 2, fdt_addr },
	{ "print", 1, 3, fdt_print },
	{ "list", 1, 3, fdt_list },
	{ "get", 5, 5, fdt_get },
	{ "set", 3, 16, do_fdt_set },
	{ "rm", 2, 3, do_fdt_rm },
	{ "resize", 1, 2, do_fdt_resize },
};

static int do_fdt(struct cmd_tbl *cmdtp, int flag, int argc,
		  char *const argv[])
{
	return cmd_dispatch_sub(fdt_subs, ARRAY_SIZE(fdt_subs), argc, argv);
}

EMBER_CMD(fdt, 18, do_fdt, "flattened device tree utility commands",
	  "addr [-c] [<addr>]    - Set the [control] fdt location to <addr>\n"
	  "fdt print  [<path>] [<prop>]   - Recursive print starting at <path>\n"
	  "fdt list   [<path>] [<prop>]   - Print one level starting at <path>\n"
	  "fdt get value <var> <path> <prop> - Get <property> and store in <var>\n"
	  "fdt set    <path> <prop> [<val>] - Set <property> [to <val>]\n"
	  "fdt rm     <path> [<prop>]       - Delete the node or <property>\n"
	  "fdt resize [<extrasize>]         - Resize fdt to size + padding to 4k addr + some optional <extrasize> if needed");
