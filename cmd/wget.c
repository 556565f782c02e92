// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * wget [addr] URL | wget [addr] [host:]path: load a file over HTTP to addr
 * (default 'loadaddr'), U-Boot's syntax (doc/usage/net.md). The URL is
 * http://host[:port]/path; the older form names the server (default
 * 'serverip') and the path; without either, 'bootfile' is taken, as
 * tftpboot does. The work is done in net/wget.c.
 */
#include <command.h>
#include <env.h>
#include <errno.h>
#include <net.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WGET_URL_MAX	2048

/* "[host:]path" as a URL; the host defaults to 'serverip' */
static int legacy_url(const char *arg, char *url, size_t size)
{
	const char *colon = strchr(arg, ':'), *path = colon ? colon + 1 : arg;
	const char *server = env_get("serverip");
	int n;

	if (!colon && !server) {
		printf("wget: no server ('serverip' is not set)\n");
		return -EINVAL;
	}
	n = snprintf(url, size, "http://%.*s%s%s",
		     colon ? (int)(colon - arg) : (int)strlen(server),
		     colon ? arg : server, path[0] == '/' ? "" : "/", path);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static int do_wget(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	const char *target = NULL;
	ulong addr = env_get_hex("loadaddr", 0), size;
	char *url, *end;

	if (argc > 3)
		return CMD_RET_USAGE;
	if (argc >= 2) {
		ulong a = strtoul(argv[1], &end, 16);

		if (*end || argc == 3)
			target = argv[argc - 1];
		if (!*end)
			addr = a;
		else if (argc == 3)
			return CMD_RET_USAGE;
	}
	if (!target)
		target = env_get("bootfile");
	if (!target || !*target) {
		printf("wget: no URL ('bootfile' is not set)\n");
		return CMD_RET_FAILURE;
	}
	url = malloc(WGET_URL_MAX);
	if (!url)
		return CMD_RET_FAILURE;
	if (!strncmp(target, "http://", 7) || !strncmp(target, "https://", 8)) {
		if (strlen(target) >= WGET_URL_MAX) {
			printf("wget: URL too long\n");
			free(url);
			return CMD_RET_FAILURE;
		}
		strcpy(url, target);
	} else if (legacy_url(target, url, WGET_URL_MAX)) {
		free(url);
		return CMD_RET_FAILURE;
	}
	size = 0;
	flag = net_wget(addr, url, &size);
	free(url);
	return flag ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

EMBER_CMD(wget, 3, do_wget, "load a file over the network by HTTP",
	  "[addr] URL - load URL (http://host[:port]/path) to addr\n"
	  "    (default 'loadaddr')\n"
	  "wget [addr] [host:]path - the same from host (default 'serverip');\n"
	  "    without URL or path, 'bootfile'");
