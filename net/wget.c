// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * wget: a file over HTTP/1.1 (include/http.h's parser) on Ember's TCP
 * (net/tcp.c), straight to the load address. The name in the URL is
 * resolved by DNS unless it is an address; 301, 302, 303, 307 and 308
 * are followed, WGET_REDIRECTS_MAX of them; any other status that is not
 * 2xx fails, with its code. The body may fill the RAM from the load
 * address up to the next reserved region (Ember, the DT) and no further,
 * as tftpboot's, and a server that stalls is given up after
 * CONFIG_NET_WGET_IDLE_MS.
 */
#define LOG_CATEGORY "wget"

#include <asm/io.h>
#include <env.h>
#include <errno.h>
#include <http.h>
#include <memmap.h>
#include <net.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "net_core.h"
#include "tcp.h"

#define WGET_REDIRECTS_MAX	8
#define WGET_CONNECT_US		(10 * 1000000ULL)
#define WGET_WINDOW_MAX		(16U << 20)	/* the receive window offered */

BUILD_BUG_ON(HTTP_REQUEST_MAX > TCP_TX_MAX);

/* One GET: the parser, the progress marks, the connection */
struct wget_op {
	struct http_resp resp;
	struct tcp_conn conn;
	u64 hashed;
};

static int wget_recv(void *ctx, const u8 *data, size_t len)
{
	struct wget_op *op = ctx;
	int n = http_resp_feed(&op->resp, data, len);

	if (n < 0)
		return n;
	net_hash_progress(&op->hashed, http_resp_received(&op->resp));
	return 0;
}

static bool wget_done(void *ctx)
{
	struct wget_op *op = ctx;

	return http_resp_done(&op->resp);
}

/*
 * The bytes a download may take from @addr: up to the end of RAM or the
 * first reserved region, whichever comes first (0: none)
 */
static u64 load_room(ulong addr)
{
	u64 lo = 0, hi = 1ULL << 40;

	if (mem_check_load(addr, 1))
		return 0;
	while (hi - lo > 1) {
		u64 mid = lo + (hi - lo) / 2;

		if (mem_check_load(addr, mid))
			hi = mid;
		else
			lo = mid;
	}
	return lo;
}

static int wget_resolve(const struct http_url *u, u32 *ipp)
{
	if (u->has_ip) {
		*ipp = u->ip;
		return 0;
	}
	return dns_resolve(u->host, ipp);
}

/* One request: 0 with the response parsed in op->resp, or -errno (said) */
static int wget_get(struct wget_op *op, const struct http_url *u, ulong addr,
		    u64 room)
{
	char req[HTTP_REQUEST_MAX + 1], a[16];
	struct net_if *nif;
	u32 ip;
	int ret, len;

	ret = wget_resolve(u, &ip);
	if (ret)
		return ret;	/* said by DNS */
	len = http_request_build(req, sizeof(req), u);
	if (len < 0) {
		printf("wget: cannot ask for %s%s: %s\n", u->host, u->path,
		       errno_str(len));
		return len;
	}
	ret = net_start(&nif);
	if (ret)
		return ret;
	net_warn_predictable();		/* before the port and ISN are drawn */
	printf("HTTP from %s:%u (%s); our IP address is ",
	       ip_to_string(ip, a), u->port, u->host);
	printf("%s\nFilename '%s'.\nLoad address: 0x%lx\nLoading: ",
	       ip_to_string(nif->ip, a), u->path, addr);
	http_resp_init(&op->resp, map_sysmem(addr, room), room);
	op->hashed = 0;
	ret = tcp_connect(&op->conn, nif, ip, u->port,
			  min_t(u64, max_t(u64, room, 65536), WGET_WINDOW_MAX),
			  wget_recv, op, WGET_CONNECT_US);
	if (!ret)
		ret = tcp_send(&op->conn, req, len);
	if (!ret)
		ret = tcp_run(&op->conn, wget_done,
			      CONFIG_NET_WGET_IDLE_MS * 1000ULL);
	if (!ret && !http_resp_done(&op->resp))
		ret = http_resp_eof(&op->resp);	/* the server closed */
	if (ret == -ETIMEDOUT && op->conn.state != TCP_SYN_SENT &&
	    op->conn.state != TCP_CLOSED)
		printf("\nwget: the server sent nothing for %u ms\n",
		       CONFIG_NET_WGET_IDLE_MS);
	else if (ret == -ECONNRESET)
		printf("\nwget: the server reset the connection\n");
	else if (ret == -EINTR)
		printf("\nwget: aborted\n");
	else if (ret == -E2BIG && http_resp_error(&op->resp))
		mem_report("wget", addr + room, 1,
			   mem_check_load(addr + room, 1) ?: -E2BIG);
	else if (ret == -ENODATA)
		printf("\nwget: the server closed the connection after %llu bytes\n",
		       (unsigned long long)http_resp_received(&op->resp));
	else if (ret && http_resp_error(&op->resp))
		printf("\nwget: bad response: %s\n",
		       http_resp_error(&op->resp));
	tcp_close(&op->conn, ret != 0);
	net_stop(nif);
	return ret;
}

static bool is_redirect(int status)
{
	return status == 301 || status == 302 || status == 303 ||
	       status == 307 || status == 308;
}

int net_wget(ulong addr, const char *url, ulong *sizep)
{
	struct wget_op *op;
	struct http_url *u;
	u64 start, room = load_room(addr);
	int ret, status, hops = 0;

	if (!room) {
		mem_report("wget", addr, 1, mem_check_load(addr, 1));
		return -EFAULT;
	}
	op = malloc(sizeof(*op));
	u = malloc(sizeof(*u));
	if (!op || !u) {
		free(op);
		free(u);
		return -ENOMEM;
	}
	ret = http_url_parse(url, u);
	if (ret)
		printf("wget: '%s' is not an http:// URL Ember can fetch: %s\n",
		       url, http_url_error(ret));
	for (; !ret; hops++) {
		start = timer_get_us();
		ret = wget_get(op, u, addr, room);
		if (ret)
			break;
		status = http_resp_status(&op->resp);
		if (status >= 200 && status <= 299) {
			net_transfer_report(addr, http_resp_received(&op->resp),
					    timer_get_us() - start);
			*sizep = http_resp_received(&op->resp);
			break;
		}
		if (!is_redirect(status) || !http_resp_location(&op->resp)) {
			printf("\nwget: HTTP error %d\n", status);
			ret = -ENOENT;
			break;
		}
		if (hops == WGET_REDIRECTS_MAX) {
			printf("\nwget: more than %d redirects\n",
			       WGET_REDIRECTS_MAX);
			ret = -ELOOP;
			break;
		}
		ret = http_url_resolve(u, http_resp_location(&op->resp), u);
		if (ret) {
			printf("\nwget: HTTP %d to a location Ember cannot follow: %s\n",
			       status, http_url_error(ret));
			break;
		}
		printf("\nHTTP %d: redirected to http://%s:%u%s\n", status,
		       u->host, u->port, u->path);
	}
	free(op);
	free(u);
	return ret;
}
