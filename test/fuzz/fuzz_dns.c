// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * DNS replies: dns_reply_parse() on the answer to the type A query with
 * id 0xbeef for a name, and dns_query_build() of that name.
 *
 * Input: a flags byte, a chunk (fuzz_chunk()) with the name asked, then
 * the reply. Flags: bit 0, the harness puts the id right; bit 1, it
 * writes the question the query asked over the reply's first bytes after
 * the header (when the name is valid and the reply long enough), so that
 * mutations get past the question to the answers. The reply is parsed
 * from an allocation of exactly its size.
 */
#include <compiler.h>
#include <errno.h>
#include <net.h>
#include <stdlib.h>
#include <string.h>
#include "../../net/dns.h"
#include "fuzz.h"

#define FUZZ_ID		0xbeef
#define FIX_ID		BIT(0)
#define FIX_QUESTION	BIT(1)

static bool result_ok(int ret, const char *why)
{
	switch (ret) {
	case 0:
		return true;
	case -EINVAL: case -ENOENT: case -ECONNREFUSED: case -EMSGSIZE:
	case -EBADMSG: case -E2BIG:
		return why && *why;
	default:
		return false;
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in in = { data, size };
	u8 query[DNS_QUERY_MAX], *msg;
	char name[DNS_NAME_MAX + 8];
	const char *why = NULL;
	const u8 *p;
	size_t len;
	u8 flags;
	int qlen, ret;
	u32 ip;

	fuzz_init();
	flags = fuzz_u8(&in);
	p = fuzz_chunk(&in, &len);
	len = p ? min_t(size_t, len, sizeof(name) - 1) : 0;
	if (len)
		memcpy(name, p, len);
	name[len] = 0;
	qlen = dns_query_build(query, sizeof(query), FUZZ_ID, name,
			       DNS_TYPE_A);
	if (qlen > (int)sizeof(query) || (qlen < 0 && qlen != -EINVAL &&
					  qlen != -ENAMETOOLONG))
		fuzz_fail();
	msg = malloc(in.left ? in.left : 1);
	if (!msg)
		return 0;
	memcpy(msg, in.p, in.left);
	if ((flags & FIX_ID) && in.left >= 2)
		net_put16(msg, FUZZ_ID);
	if ((flags & FIX_QUESTION) && qlen > 0 && in.left >= (size_t)qlen)
		memcpy(msg + DNS_HLEN, query + DNS_HLEN, qlen - DNS_HLEN);
	ret = dns_reply_parse(msg, in.left, FUZZ_ID, name, &ip, &why);
	free(msg);
	if (!result_ok(ret, why))
		fuzz_fail();
	return 0;
}
