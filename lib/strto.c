// SPDX-License-Identifier: Apache-2.0 OR MIT
/* strtoul and friends: C semantics, base 0 accepts 0x and 0 prefixes. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

static int digit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	if (isalpha(c))
		return tolower(c) - 'a' + 10;
	return 99;
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	unsigned long long v = 0;
	const char *p = s;
	int d;

	while (isspace(*p))
		p++;
	if (*p == '+')
		p++;
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && isxdigit(p[2])) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	const char *digits = p;

	for (; (d = digit_value(*p)) < base; p++)
		v = v * base + d;
	if (end)
		*end = (char *)(p == digits ? s : p);
	return v;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	return strtoull(s, end, base);
}

long strtol(const char *s, char **end, int base)
{
	while (isspace(*s))
		s++;
	if (*s == '-') {
		char *e;
		long v = -(long)strtoull(s + 1, &e, base);

		if (end)
			*end = e == s + 1 ? (char *)s : e;
		return v;
	}
	return strtoull(s, end, base);
}

int str_to_u64(const char *s, int base, unsigned long long *valp)
{
	unsigned long long v = 0;
	const char *p = s;
	int d;

	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X')) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = 10;
	}
	if (!*p)
		return -EINVAL;
	for (; *p; p++) {
		d = digit_value(*p);
		if (d >= base)
			return -EINVAL;
		if (v > (~0ULL - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	*valp = v;
	return 0;
}
