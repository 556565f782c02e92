// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * bootdev, bootmeth and bootflow: U-Boot's standard-boot commands, with
 * its syntax and output (boot/bootstd.c does the work). The bootdev and
 * the bootflow chosen with 'select' are kept here, by name and by
 * sequence number; a scan forgets the bootflow chosen.
 */
#include <asm/io.h>
#include <bootstd.h>
#include <command.h>
#include <dm.h>
#include <env.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char cur_bootdev[BOOTDEV_NAME_MAX];	/* 'bootdev select', or "" */
static int cur_bootflow = -1;			/* 'bootflow select' */

/* Flags in any number of "-xyz" arguments before the others */
static int parse_flags(int *argcp, char *const **argvp, const char *allowed,
		       unsigned int *flagsp, const char *cmd)
{
	*flagsp = 0;
	while (*argcp > 0 && (*argvp)[0][0] == '-') {
		for (const char *p = (*argvp)[0] + 1; *p; p++) {
			const char *at = strchr(allowed, *p);

			if (!at) {
				printf("%s: unknown flag '-%c'\n", cmd, *p);
				return -EINVAL;
			}
			*flagsp |= BIT(at - allowed);
		}
		(*argcp)--;
		(*argvp)++;
	}
	return 0;
}

/* ---- bootdev ---- */

static struct bootdev *collect(int *np)
{
	struct bootdev *bds = calloc(BOOTDEV_MAX, sizeof(*bds));

	if (!bds)
		printf("bootdev: out of memory\n");
	else
		*np = bootdev_collect(bds);
	return bds;
}

/* "OK", "Probed", or the probe's error when @probe asked for it */
static const char *bootdev_status(const struct bootdev *bd, bool probe,
				  bool listing, char *buf, size_t len)
{
	int ret = probe ? device_probe(bd->dev) : 0;

	if (ret) {
		snprintf(buf, len, "%d", ret);
		return buf;
	}
	return !listing && device_active(bd->dev) ? "Probed" : "OK";
}

static int do_bootdev_list(int argc, char *const argv[])
{
	unsigned int flags;
	struct bootdev *bds;
	char err[12];
	int n;

	argc--;
	argv++;
	if (parse_flags(&argc, &argv, "p", &flags, "bootdev") || argc)
		return CMD_RET_USAGE;
	bds = collect(&n);
	if (!bds)
		return CMD_RET_FAILURE;
	printf("Seq  Probed  Status  Uclass    Name\n");
	printf("---  ------  ------  --------  ------------------\n");
	for (int i = 0; i < n; i++) {
		const char *status = bootdev_status(&bds[i], flags, true, err,
						    sizeof(err));

		printf("%3x   [ %c ]  %6s  %-8.8s  %s\n", i,
		       device_active(bds[i].dev) ? '+' : ' ', status,
		       bds[i].uclass, bds[i].name);
	}
	printf("---  ------  ------  --------  ------------------\n");
	printf("(%d bootdev%s)\n", n, n == 1 ? "" : "s");
	free(bds);
	return CMD_RET_SUCCESS;
}

static int do_bootdev_select(int argc, char *const argv[])
{
	struct bootdev *bds;
	int n, i;

	if (argc < 2) {
		cur_bootdev[0] = '\0';
		return CMD_RET_SUCCESS;
	}
	bds = collect(&n);
	if (!bds)
		return CMD_RET_FAILURE;
	i = bootdev_find(bds, n, argv[1]);
	if (i < 0)
		printf("Cannot find bootdev '%s' (err=%d)\n", argv[1], i);
	else
		strcpy(cur_bootdev, bds[i].name);
	free(bds);
	return i < 0 ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static int do_bootdev_info(int argc, char *const argv[])
{
	int n, i, found = 0, valid = 0;
	unsigned int flags;
	struct bootdev *bds;
	char err[12];

	argc--;
	argv++;
	if (parse_flags(&argc, &argv, "p", &flags, "bootdev") || argc)
		return CMD_RET_USAGE;
	if (!cur_bootdev[0]) {
		printf("Please use 'bootdev select' first\n");
		return CMD_RET_FAILURE;
	}
	bds = collect(&n);
	if (!bds)
		return CMD_RET_FAILURE;
	i = bootdev_find(bds, n, cur_bootdev);
	if (i < 0) {
		printf("Cannot find bootdev '%s' (err=%d)\n", cur_bootdev, i);
		free(bds);
		return CMD_RET_FAILURE;
	}
	for (int j = 0; j < bootflow_count(); j++) {
		const struct bootflow *bf = bootflow_get(j);

		if (!strcmp(bf->bootdev, cur_bootdev)) {
			found++;
			valid += bf->state == BOOTFLOWST_READY;
		}
	}
	printf("Name:      %s\n", bds[i].name);
	printf("Sequence:  %x\n", i);
	printf("Status:    %s\n", bootdev_status(&bds[i], flags, false, err,
						  sizeof(err)));
	printf("Uclass:    %s\n", bds[i].uclass);
	printf("Bootflows: %d (%d valid)\n", found, valid);
	free(bds);
	return CMD_RET_SUCCESS;
}

static const struct cmd_sub bootdev_subs[] = {
	{ "list", 1, 2, do_bootdev_list },
	{ "select", 1, 2, do_bootdev_select },
	{ "info", 1, 2, do_bootdev_info },
};

static int do_bootdev(struct cmd_tbl *cmdtp, int flag, int argc,
		      char *const argv[])
{
	return cmd_dispatch_sub(bootdev_subs, ARRAY_SIZE(bootdev_subs), argc,
				argv);
}

EMBER_CMD(bootdev, 3, do_bootdev,
	  "Boot devices",
	  "list [-p]         - list all available bootdevs (-p to probe)\n"
	  "bootdev select <bd>       - select a bootdev by name, sequence number or label\n"
	  "bootdev info [-p]         - show information about a bootdev (-p to probe)");

/* ---- bootmeth ---- */

static int do_bootmeth_list(int argc, char *const argv[])
{
	const struct bootmeth *order[BOOTMETH_MAX];
	const struct bootmeth *const *all;
	unsigned int flags;
	int n, nall, shown = 0;

	argc--;
	argv++;
	if (parse_flags(&argc, &argv, "a", &flags, "bootmeth") || argc)
		return CMD_RET_USAGE;
	all = bootmeth_all(&nall);
	n = bootmeth_ordered(order);
	if (n < 0)
		return CMD_RET_FAILURE;
	printf("Order  Seq  Name                Description\n");
	printf("-----  ---  ------------------  ------------------\n");
	for (int i = 0; i < nall; i++) {
		int pos = -1;
		char ord[8];

		for (int j = 0; j < n; j++)
			if (order[j] == all[i])
				pos = j;
		if (pos < 0 && !flags)
			continue;
		if (pos < 0)
			strcpy(ord, "-");
		else
			snprintf(ord, sizeof(ord), "%x", pos);
		printf("%5s  %3x  %-18.18s  %s\n", ord, i, all[i]->name,
		       all[i]->desc);
		shown++;
	}
	printf("-----  ---  ------------------  ------------------\n");
	printf("(%d bootmeth%s)\n", shown, shown == 1 ? "" : "s");
	return CMD_RET_SUCCESS;
}

/* bootmeth order "<name> ...": checked, then kept in $bootmeths */
static int do_bootmeth_order(int argc, char *const argv[])
{
	const struct bootmeth *order[BOOTMETH_MAX];
	char list[128] = "";
	const char *old;
	size_t len = 0;
	char *keep;
	int ret;

	for (int i = 1; i < argc; i++) {
		int w = snprintf(list + len, sizeof(list) - len, "%s%s",
				 len ? " " : "", argv[i]);

		if (w < 0 || (size_t)w >= sizeof(list) - len) {
			printf("bootmeth: the list is too long\n");
			return CMD_RET_FAILURE;
		}
		len += w;
	}
	old = env_get("bootmeths");
	keep = old ? strdup(old) : NULL;
	if (old && !keep) {
		printf("bootmeth: out of memory\n");
		return CMD_RET_FAILURE;
	}
	ret = env_set("bootmeths", list);
	if (ret) {
		printf("bootmeth: cannot set bootmeths: %s\n", errno_str(ret));
	} else if (bootmeth_ordered(order) < 0) {
		ret = env_set("bootmeths", keep);	/* the order before */
		if (ret)
			printf("bootmeth: cannot set bootmeths back: %s\n",
			       errno_str(ret));
		ret = -ENOENT;
	}
	free(keep);
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static const struct cmd_sub bootmeth_subs[] = {
	{ "list", 1, 2, do_bootmeth_list },
	{ "order", 2, CONFIG_SYS_MAXARGS, do_bootmeth_order },
};

static int do_bootmeth(struct cmd_tbl *cmdtp, int flag, int argc,
		       char *const argv[])
{
	return cmd_dispatch_sub(bootmeth_subs, ARRAY_SIZE(bootmeth_subs),
				argc, argv);
}

EMBER_CMD(bootmeth, CONFIG_SYS_MAXARGS, do_bootmeth,
	  "Boot methods",
	  "list [-a]          - list selected bootmeths (-a for all)\n"
	  "bootmeth order \"[<bm> ...]\" - select the order of bootmeths");

/* ---- bootflow ---- */

/* Flags of 'bootflow scan', in the order of BOOTFLOWF_*, then -G -H */
#define SCAN_FLAGS	"able"

static int do_bootflow_scan(int argc, char *const argv[])
{
	const char *spec = cur_bootdev[0] ? cur_bootdev : NULL;
	unsigned int flags, f = 0;
	struct bootdev *bds;
	int n, only = -1, ret;

	argc--;
	argv++;
	if (parse_flags(&argc, &argv, SCAN_FLAGS "GH", &flags, "bootflow") ||
	    argc > 1)
		return CMD_RET_USAGE;
	/* -a -b -l -e; -G and -H (no global bootmeths, no hunters): none */
	f |= flags & BIT(0) ? BOOTFLOWF_ALL : 0;
	f |= flags & BIT(1) ? BOOTFLOWF_BOOT : 0;
	f |= flags & BIT(2) ? BOOTFLOWF_LIST : 0;
	f |= flags & BIT(3) ? BOOTFLOWF_ERRORS : 0;
	if (argc)
		spec = argv[0];
	/* Nothing done, not even a deselection, from within a boot */
	if (bootflow_scan_allowed())
		return CMD_RET_FAILURE;
	bds = collect(&n);
	if (!bds)
		return CMD_RET_FAILURE;
	if (spec) {
		only = bootdev_find(bds, n, spec);
		if (only < 0) {
			printf("Cannot find bootdev '%s' (err=%d)\n", spec,
			       only);
			free(bds);
			return CMD_RET_FAILURE;
		}
	}
	cur_bootflow = -1;
	ret = bootflow_scan(bds, n, only, f);
	free(bds);
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static int do_bootflow_list(int argc, char *const argv[])
{
	unsigned int flags;
	int valid = 0;

	argc--;
	argv++;
	if (parse_flags(&argc, &argv, "e", &flags, "bootflow") || argc)
		return CMD_RET_USAGE;
	printf("Showing all bootflows\n");
	bootflow_list_header();
	for (int i = 0; i < bootflow_count(); i++) {
		const struct bootflow *bf = bootflow_get(i);

		bootflow_list_row(i, bf, flags);
		valid += bf->state == BOOTFLOWST_READY;
	}
	bootflow_list_footer();
	printf("(%d bootflow%s, %d valid)\n", bootflow_count(),
	       bootflow_count() == 1 ? "" : "s", valid);
	return CMD_RET_SUCCESS;
}

static int do_bootflow_select(int argc, char *const argv[])
{
	int seq;

	if (argc < 2) {
		cur_bootflow = -1;
		return CMD_RET_SUCCESS;
	}
	seq = bootflow_find(argv[1]);
	if (seq < 0) {
		printf("Cannot find bootflow '%s' (err=%d)\n", argv[1], seq);
		return CMD_RET_FAILURE;
	}
	cur_bootflow = seq;
	return CMD_RET_SUCCESS;
}

/* The selected bootflow, or NULL (said) */
static struct bootflow *selected(void)
{
	struct bootflow *bf = bootflow_get(cur_bootflow);

	if (!bf)
		printf("No bootflow selected\n");
	return bf;
}

static int do_bootflow_info(int argc, char *const argv[])
{
	struct bootflow *bf = NULL;
	unsigned int flags;

	argc--;
	argv++;
	if (parse_flags(&argc, &argv, "d", &flags, "bootflow") || argc)
		return CMD_RET_USAGE;
	bf = selected();
	if (!bf)
		return CMD_RET_FAILURE;
	printf("Name:      %s\n", bf->name);
	printf("Device:    %s\n", bf->bootdev);
	printf("Block dev: %s\n", bf->blk_name[0] ? bf->blk_name : "(none)");
	printf("Method:    %s\n", bf->meth->name);
	printf("State:     %s\n", bootflow_state_name(bf->state));
	printf("Partition: %d\n", bf->part);
	printf("Subdir:    (none)\n");
	printf("Filename:  %s\n", bf->fname[0] ? bf->fname : "<NULL>");
	printf("Buffer:    %lx\n", bf->buf ? (ulong)map_to_sysmem(bf->buf) : 0);
	printf("Size:      %zx (%zu bytes)\n", bf->size, bf->size);
	printf("OS:        (none)\n");
	printf("Cmdline:   (none)\n");
	printf("Logo:      (none)\n");
	printf("FDT:       <NULL>\n");
	printf("Error:     %d\n", bf->err);
	if (flags && bf->buf) {
		printf("Contents:\n\n");
		for (size_t i = 0; i < bf->size; i++) {
			char c = bf->buf[i];

			putc(c == '\n' || c == '\t' || (c >= ' ' && c < 0x7f) ?
			     c : '.');
		}
		printf("\n");
	}
	return CMD_RET_SUCCESS;
}

static int do_bootflow_boot(int argc, char *const argv[])
{
	struct bootflow *bf = selected();

	if (!bf)
		return CMD_RET_FAILURE;
	return bootflow_boot(bf) ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static const struct cmd_sub bootflow_subs[] = {
	{ "scan", 1, CONFIG_SYS_MAXARGS, do_bootflow_scan },
	{ "list", 1, 2, do_bootflow_list },
	{ "select", 1, 2, do_bootflow_select },
	{ "info", 1, 2, do_bootflow_info },
	{ "boot", 1, 1, do_bootflow_boot },
};

static int do_bootflow(struct cmd_tbl *cmdtp, int flag, int argc,
		       char *const argv[])
{
	return cmd_dispatch_sub(bootflow_subs, ARRAY_SIZE(bootflow_subs),
				argc, argv);
}

EMBER_CMD(bootflow, CONFIG_SYS_MAXARGS, do_bootflow,
	  "Boot flows",
	  "scan [-abelGH] [bd]  - scan for valid bootflows (bd specifies bootdev)\n"
	  "bootflow list [-e]             - list scanned bootflows (-e errors)\n"
	  "bootflow select [<num>|<name>] - select a bootflow\n"
	  "bootflow info [-d]             - show info on current bootflow (-d dump bootflow)\n"
	  "bootflow boot                  - boot current bootflow");
