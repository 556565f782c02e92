// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Regular expressions on hostile input (lib/regex.c): a pattern, a subject
 * and a replacement, as a script could give them to 'setexpr gsub', 'test
 * =~' or 'env grep -e'. The compiler must take or refuse any pattern; a
 * match must lie inside the subject, its groups inside it or unset, and
 * end no earlier than they start; a substitution must fit its buffer and
 * end in a NUL; and every call must end within the bounds on work.
 *
 * Input: the pattern, a NUL, the subject, a NUL, the replacement (each
 * cut at the next NUL; a missing one is empty).
 */
#include <errno.h>
#include <regex.h>
#include <string.h>
#include "fuzz.h"

#define SUBJECT_MAX	1024
#define OUT_SIZE	512

/* The next NUL-terminated piece of the input, copied into @buf */
static void piece(struct fuzz_in *in, char *buf, size_t size)
{
	size_t n = 0;

	while (in->left && *in->p) {
		if (n + 1 < size)
			buf[n++] = *in->p;
		in->p++;
		in->left--;
	}
	if (in->left) {
		in->p++;
		in->left--;
	}
	buf[n] = '\0';
}

static void check_match(const struct re_match *m, int len, int from)
{
	if (m[0].start < from || m[0].start > m[0].end || m[0].end > len)
		fuzz_fail();
	for (int g = 1; g < RE_GROUPS_MAX; g++) {
		if (m[g].start == -1 && m[g].end == -1)
			continue;
		if (m[g].start < 0 || m[g].start > m[g].end || m[g].end > len)
			fuzz_fail();
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static char pattern[1024], subject[SUBJECT_MAX + 1], repl[256];
	static char out[OUT_SIZE];
	struct fuzz_in in = { data, size };
	struct re_match m[RE_GROUPS_MAX];
	const char *why;
	struct regex re;
	int len, r;

	fuzz_init();
	piece(&in, pattern, sizeof(pattern));
	piece(&in, subject, sizeof(subject));
	piece(&in, repl, sizeof(repl));
	r = regex_compile(&re, pattern, &why);
	if (r) {
		if ((r != -EINVAL && r != -E2BIG && r != -ENOMEM) || !*why ||
		    re.node)
			fuzz_fail();
		return 0;
	}
	len = strlen(subject);
	for (int from = 0; from <= len; from += 1 + len / 2) {
		r = regex_exec(&re, subject, len, from, m);
		if (r == 1)
			check_match(m, len, from);
		else if (r && r != -E2BIG)
			fuzz_fail();
	}
	for (int global = 0; global < 2; global++) {
		memset(out, 0x5a, sizeof(out));
		r = regex_sub(&re, subject, repl, global, out, sizeof(out));
		if (r >= 0 && strnlen(out, sizeof(out)) == sizeof(out))
			fuzz_fail();
		if (r < 0 && r != -ENOSPC && r != -E2BIG)
			fuzz_fail();
	}
	regex_free(&re);
	return 0;
}
