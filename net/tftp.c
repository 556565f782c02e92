// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * TFTP client (RFC 1350) with options (RFC 2347): blksize (RFC 2348),
 * tsize and timeout (RFC 2349), windowsize (RFC 7440).
 *
 * One struct tftp_op holds a transfer. The first answer fixes the
 * server's port; a packet from any other port or host is answered with
 * ERROR 5 (unknown transfer ID, RFC 1350 §4) and changes nothing. Only
 * progress - the next block accepted, or the OACK - restarts the wait: a
 * server that repeats old blocks, sends blocks from the future or junk
 * still runs out of tries (CONFIG_NET_TFTP_TRIES timeouts), and more than
 * TFTP_USELESS_MAX such packets in a row end the transfer at once. A
 * server that answers with DATA instead of OACK ignored our options: the
 * transfer falls back to 512-byte blocks and a window of one. Block
 * numbers wrap past 65535 (the count of blocks is kept in 32 bits). Data
 * is copied once, from the receive buffer to its place in memory, after
 * mem_check_load() accepted the range (the whole file when tsize came,
 * else each block).
 */
#define LOG_CATEGORY "tftp"

#include <asm/io.h>
#include <command.h>
#include <dm.h>
#include <env.h>
#include <lib.h>
#include <memmap.h>
#include <rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "net_core.h"

#define TFTP_PORT	69
#define TFTP_RRQ	1
#define TFTP_DATA	3
#define TFTP_ACK	4
#define TFTP_ERROR	5
#define TFTP_OACK	6
#define TFTP_DEF_BLK	512
#define TFTP_MAX_BLK	(ETH_MTU - IP_HLEN - UDP_HLEN - 4)
#define TFTP_MAX_WINDOW	256	/* nothing is kept per block of a window */
/* Packets from the server in a row that bring nothing new, at most */
#define TFTP_USELESS_MAX	1000

struct tftp_op {
	struct net_if *nif;
	ulong addr;
	u32 server;
	u16 lport, rport;	/* rport 0 until the server answered */
	u32 blksize, windowsize, timeout_ms;
	u32 want_blksize, want_window;
	u64 tsize;
	bool has_tsize;
	u32 block;		/* blocks received in order (not wrapped) */
	u32 in_window;		/* of the current window, received */
	u64 size;
	u64 hashed;
	bool done, acked_last;
	int err;		/* set by the handler to end the transfer */
	bool progress;		/* a block or the OACK accepted */
	bool heard;		/* the server sent something since then */
	u32 useless;		/* its packets since, that brought nothing */
	unsigned int timeouts;	/* waits in a row that ran out */
	const char *file;	/* what the request asks for */
	u8 resend;		/* 0, TFTP_RRQ or TFTP_ACK: what to repeat */
};

static int tftp_send_rrq(struct tftp_op *op, const char *file)
{
	u8 *p = op->nif->tx + NET_UDP_OFF, *start = p;
	int flen = strlen(file);
	char opts[96];
	int olen;

	if (flen > 255)
		return -EINVAL;
	net_put16(p, TFTP_RRQ);
	p += 2;
	memcpy(p, file, flen + 1);
	p += flen + 1;
	memcpy(p, "octet", 6);
	p += 6;
	olen = snprintf(opts, sizeof(opts), "blksize%c%u%ctsize%c0%ctimeout%c%u%c",
			0, op->want_blksize, 0, 0, 0, 0,
			max(1U, op->timeout_ms / 1000), 0);
	if (op->want_window > 1)
		olen += snprintf(opts + olen, sizeof(opts) - olen,
				 "windowsize%c%u%c", 0, op->want_window, 0);
	memcpy(p, opts, olen);
	p += olen;
	return net_send_udp(op->nif, op->server, op->lport, TFTP_PORT,
			    p - start);
}

static int tftp_send_ack(struct tftp_op *op)
{
	u8 *p = op->nif->tx + NET_UDP_OFF;

	net_put16(p, TFTP_ACK);
	net_put16(p + 2, op->block & 0xffff);
	op->in_window = 0;
	return net_send_udp(op->nif, op->server, op->lport, op->rport, 4);
}

static void tftp_send_error(struct tftp_op *op, u16 code, const char *msg)
{
	u8 *p = op->nif->tx + NET_UDP_OFF;
	int len = strlen(msg);

	net_put16(p, TFTP_ERROR);
	net_put16(p + 2, code);
	memcpy(p + 4, msg, len + 1);
	if (op->rport)
		net_send_udp(op->nif, op->server, op->lport, op->rport, len + 5);
}

/* Refuse the transfer for @why: tell the user, then the server (ERROR) */
static void tftp_refuse(struct tftp_op *op, u16 code, const char *why)
{
	printf("\nTFTP: %s; transfer refused\n", why);
	tftp_send_error(op, code, why);
	op->err = -EPROTO;
}

static int parse_u64(const char *s, u64 *valp)
{
	u64 v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 0xffffffffffffULL)
			return -EINVAL;
		v = v * 10 + *s - '0';
	}
	*valp = v;
	return 0;
}

int tftp_parse_oack(const u8 *p, int len, u32 *blksize, u32 *windowsize,
		    u64 *tsize, bool *has_tsize)
{
	const char *end = (const char *)p + len, *s = (const char *)p;
	u32 ask_blk = *blksize, ask_win = *windowsize;

	*blksize = TFTP_DEF_BLK;
	*windowsize = 1;
	*has_tsize = false;
	while (s < end) {
		const char *name = s, *val;
		u64 v;

		s = memchr(name, 0, end - name);
		if (!s || ++s >= end || !memchr(s, 0, end - s))
			return -EINVAL;
		val = s;
		s += strlen(val) + 1;
		if (parse_u64(val, &v))
			return -EINVAL;
		if (!strcasecmp(name, "blksize") && v >= 8 && v <= ask_blk)
			*blksize = v;
		else if (!strcasecmp(name, "windowsize") && v >= 1 &&
			 v <= ask_win)
			*windowsize = v;
		else if (!strcasecmp(name, "tsize"))
			*has_tsize = true;
		else if (strcasecmp(name, "timeout"))
			return -EINVAL;
		if (!strcasecmp(name, "tsize"))
			*tsize = v;
	}
	return 0;
}

static void tftp_oack(struct tftp_op *op, const u8 *p, int len)
{
	int ret;

	op->blksize = op->want_blksize;
	op->windowsize = op->want_window;
	if (op->block || tftp_parse_oack(p, len, &op->blksize, &op->windowsize,
					 &op->tsize, &op->has_tsize)) {
		tftp_refuse(op, 8, "bad option acknowledgement");
		return;
	}
	if (op->has_tsize && op->tsize) {
		ret = mem_check_load(op->addr, op->tsize);
		if (ret) {
			mem_report("tftp", op->addr, op->tsize, ret);
			tftp_send_error(op, 3, "file too large");
			op->err = ret;
			return;
		}
	}
	op->progress = true;
	op->err = tftp_send_ack(op);
}

/* The next in-order block: check where it goes, copy it, ACK when due */
static void tftp_block(struct tftp_op *op, const u8 *data, u32 len)
{
	int ret;

	if (len > op->blksize) {
		tftp_refuse(op, 4, "block larger than blksize");
		return;
	}
	/* The server announced the size: hold it to it */
	if (op->has_tsize && op->size + len > op->tsize) {
		printf("\nTFTP: server sent more than the %llu bytes it announced\n",
		       (unsigned long long)op->tsize);
		tftp_send_error(op, 4, "more data than tsize");
		op->err = -EPROTO;
		return;
	}
	ret = len ? mem_check_load(op->addr + op->size, len) : 0;
	if (ret) {
		mem_report("tftp", op->addr + op->size, len, ret);
		tftp_send_error(op, 3, "no room for the file");
		op->err = ret;
		return;
	}
	memcpy(map_sysmem(op->addr + op->size, len), data, len);
	op->progress = true;
	op->size += len;
	op->block++;
	op->in_window++;
	net_hash_progress(&op->hashed, op->size);
	if (len < op->blksize) {
		op->done = true;
		if (op->has_tsize && op->size != op->tsize) {
			printf("\nTFTP: file ended after %llu of the %llu bytes announced\n",
			       (unsigned long long)op->size,
			       (unsigned long long)op->tsize);
			op->err = -EPROTO;
			return;
		}
	}
	if (op->done || op->in_window >= op->windowsize)
		op->err = tftp_send_ack(op);
}

static void tftp_data(struct tftp_op *op, const u8 *p, int len)
{
	u16 num = net_get16(p);

	if (!op->block && !op->blksize) {
		op->blksize = TFTP_DEF_BLK;	/* options ignored: RFC 1350 */
		op->windowsize = 1;
	}
	if (num == (u16)(op->block + 1)) {
		tftp_block(op, p + 2, len - 2);
		return;
	}
	/* Out of order (RFC 7440 §4): ACK the last block in order */
	if (op->block && op->in_window)
		op->err = tftp_send_ack(op);
	else if (num == (u16)op->block && op->block)
		op->err = tftp_send_ack(op);	/* our ACK was lost */
}

/* Print the server's message as it came; the transfer ends */
static int tftp_print_error(const u8 *p, int len)
{
	printf("\nTFTP error: '");
	for (int i = 2; i < len && p[i]; i++)
		putc(p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?');
	printf("' (%u)\n", net_get16(p));
	return -ECONNREFUSED;
}

/* RFC 1350 §4: a packet from another transfer gets ERROR 5, nothing more */
static void tftp_stray(struct tftp_op *op, u32 src, u16 sport)
{
	static const char msg[] = "Unknown transfer ID";
	u8 *p = op->nif->tx + NET_UDP_OFF;

	net_put16(p, TFTP_ERROR);
	net_put16(p + 2, 5);
	memcpy(p + 4, msg, sizeof(msg));
	/* No ARP wait while receiving: an unknown host gets no answer */
	net_send_udp(op->nif, src, op->lport, sport, sizeof(msg) + 4);
}

void tftp_rx(void *ctx, u32 src, const struct udp_hdr *u, const u8 *p)
{
	struct tftp_op *op = ctx;
	u16 opcode;
	bool was;

	if (u->dport != op->lport || op->done || op->err)
		return;
	if (src != op->server || (op->rport && u->sport != op->rport)) {
		tftp_stray(op, src, u->sport);
		return;
	}
	if (u->len < 4)
		return;
	if (!op->rport)
		op->rport = u->sport;
	op->heard = true;
	was = op->progress;
	op->progress = false;
	opcode = net_get16(p);
	if (opcode == TFTP_DATA)
		tftp_data(op, p + 2, u->len - 2);
	else if (opcode == TFTP_OACK)
		tftp_oack(op, p + 2, u->len - 2);
	else if (opcode == TFTP_ERROR)
		op->err = tftp_print_error(p + 2, u->len - 2);
	/* A bound on the work a server makes us do for nothing new */
	if (op->progress)
		op->useless = 0;
	else if (++op->useless > TFTP_USELESS_MAX && !op->err && !op->done)
		tftp_refuse(op, 0, "too many packets with nothing new");
	op->progress |= was;
}

static u32 env_u32(const char *name, u32 def, u32 lo, u32 hi)
{
	ulong v = env_get_ulong(name, 10, def);

	return v < lo ? lo : v > hi ? hi : v;
}

static void tftp_setup(struct tftp_op *op, ulong addr, u32 server)
{
	op->addr = addr;
	op->server = server;
	op->lport = 49152 + rand_below(16384);
	op->want_blksize = env_u32("tftpblocksize", TFTP_MAX_BLK, 8,
				   min(65464, CONFIG_NET_REASM_MAX - 12));
	op->want_window = env_u32("tftpwindowsize", 1, 1, TFTP_MAX_WINDOW);
	op->timeout_ms = env_u32("tftptimeout", CONFIG_NET_TFTP_TIMEOUT_MS,
				 100, 255000);
	op->resend = TFTP_RRQ;
}

/*
 * Wait for the transfer to end; resend the RRQ or last ACK on timeouts.
 * Progress restarts the wait without reading the clock (pace_restart()):
 * under QEMU each clock read is a trap that takes the lock QEMU's network
 * needs to deliver the next block (reading it per block cost a third of
 * the user network's rate).
 */
int tftp_timeout(struct tftp_op *op)
{
	if (++op->timeouts > CONFIG_NET_TFTP_TRIES) {
		printf("\nTFTP: no %s from the server, giving up\n",
		       op->heard ? "new data" : "answer");
		return -ETIMEDOUT;
	}
	putc('T');
	return op->rport ? tftp_send_ack(op) : tftp_send_rrq(op, op->file);
}

static int tftp_wait(struct tftp_op *op)
{
	struct poll_pace pace = POLL_PACE(PACE_NET);
	u64 wait_us = net_jitter_us(op->timeout_ms * 1000ULL, 25);
	int ret = 0;

	while (!ret && !op->done && !op->err) {
		ret = net_poll(op->nif);
		if (op->progress) {
			op->progress = false;
			op->heard = false;
			op->timeouts = 0;
			pace_restart(&pace);
		}
		if (ret || !pace_elapsed(&pace, wait_us))
			continue;
		ret = tftp_timeout(op);
		/* Each wait differs a little: a fleet does not retry in step */
		wait_us = net_jitter_us(op->timeout_ms * 1000ULL, 25);
		pace_restart(&pace);
	}
	return ret ? ret : op->err;
}

struct tftp_op *tftp_op_new(struct net_if *nif, ulong addr, u32 server,
			    const char *file)
{
	struct tftp_op *op = calloc(1, sizeof(*op));

	if (!op)
		return NULL;
	op->nif = nif;
	op->file = file;
	tftp_setup(op, addr, server);
	return op;
}

u16 tftp_op_port(const struct tftp_op *op)
{
	return op->lport;
}

int net_tftp(ulong addr, u32 server, const char *file, ulong *sizep)
{
	struct tftp_op op = { 0 };
	u64 start = timer_get_us();
	char buf[16];
	int ret;

	ret = net_start(&op.nif);
	if (ret)
		return ret;
	net_warn_predictable();		/* before the port is drawn */
	tftp_setup(&op, addr, server);
	op.nif->udp_rx = tftp_rx;
	op.nif->ctx = &op;
	printf("Using %s device\nTFTP from server %s; our IP address is ",
	       op.nif->dev->name, ip_to_string(server, buf));
	printf("%s\nFilename '%s'.\nLoad address: 0x%lx\nLoading: ",
	       ip_to_string(op.nif->ip, buf), file, addr);
	op.file = file;
	ret = tftp_send_rrq(&op, file);
	if (!ret)
		ret = tftp_wait(&op);
	if (!ret)
		net_profile_show(op.nif);
	/* Ctrl-C in any phase, ARP included: end the line and say so */
	if (ret == -EINTR) {
		tftp_send_error(&op, 0, "cancelled");
		printf("\nTFTP: aborted\n");
	}
	net_stop(op.nif);
	if (ret) {
		/*
		 * Each of these was explained where it was understood: Ctrl-C,
		 * silence, the server's ERROR, a refused packet (-EPROTO), the
		 * load's memory check, a broken device queue (-EIO)
		 */
		if (ret != -EINTR && ret != -ETIMEDOUT &&
		    ret != -ECONNREFUSED && ret != -EPROTO && ret != -EFAULT &&
		    ret != -EBUSY && ret != -EIO)
			printf("\nTFTP failed: %d (%s)\n", ret, errno_str(ret));
		return ret;
	}
	net_transfer_report(op.addr, op.size, timer_get_us() - start);
	if (sizep)
		*sizep = op.size;
	return 0;
}
