// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * dns: U-Boot's 'dns hostname [envvar]'. The lookup is net/dns.c's
 * (dns_resolve()), which says why when it fails.
 */
#include <command.h>
#include <env.h>
#include <errno.h>
#include <net.h>
#include <stdio.h>

static int do_dns(struct cmd_tbl *cmdtp, int flag, int argc,
		  char *const argv[])
{
	char buf[16];
	u32 ip;
	int ret;

	if (argc < 2 || argc > 3)
		return CMD_RET_USAGE;
	if (dns_resolve(argv[1], &ip))
		return CMD_RET_FAILURE;
	ip_to_string(ip, buf);
	if (argc == 2) {
		printf("%s\n", buf);
		return CMD_RET_SUCCESS;
	}
	ret = env_set(argv[2], buf);
	if (ret) {
		printf("dns: cannot set \"%s\": %d (%s)\n", argv[2], ret,
		       errno_str(ret));
		return CMD_RET_FAILURE;
	}
	return CMD_RET_SUCCESS;
}

EMBER_CMD(dns, 3, do_dns, "lookup the IP of a hostname",
	  "hostname [envvar] - print the IPv4 address of hostname, asked of\n"
	  "    the DNS server in 'dnsip' (then 'dnsip2'), or set envvar to it");
