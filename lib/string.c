// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * String and memory functions. Plain C: the compiler vectorises the loops
 * where it can. Written for clarity first; memcpy/memset move words when
 * both ends are aligned, since they sit on the TFTP and relocation paths.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef __has_feature
#define __has_feature(x)	0
#endif

/*
 * Bytes until both ends share the widest alignment they can, then 8-, 4- or
 * 2-byte words, four at a time. Only aligned accesses: the code before
 * relocation runs with the MMU off, and the tree is built with
 * -mstrict-align. TFTP copies each block from the receive buffer with it.
 */
#define COPY_WORDS(type)						\
	do {								\
		type *dw = (type *)d;					\
		const type *sw = (const type *)s;			\
									\
		for (; n >= 4 * sizeof(type); n -= 4 * sizeof(type)) {	\
			type a = sw[0], b = sw[1], c = sw[2], e = sw[3];\
									\
			dw[0] = a;					\
			dw[1] = b;					\
			dw[2] = c;					\
			dw[3] = e;					\
			dw += 4;					\
			sw += 4;					\
		}							\
		for (; n >= sizeof(type); n -= sizeof(type))		\
			*dw++ = *sw++;					\
		d = (unsigned char *)dw;				\
		s = (const unsigned char *)sw;				\
	} while (0)

/*
 * Ends at different offsets within a word (a TCP segment's payload into a
 * file at any position): once the destination is aligned, each of its
 * words is stored whole, made of two aligned source words shifted
 * together (little-endian), so nothing is moved a byte at a time. The
 * aligned words read reach up to 7 bytes before and after the source
 * range, inside the words that hold its ends: never another page, and
 * nothing outside the destination is written. Not under AddressSanitizer,
 * which would take those bytes for an overflow.
 */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
	!defined(__SANITIZE_ADDRESS__) && !__has_feature(address_sanitizer)
#define COPY_SHIFTED	1
#else
#define COPY_SHIFTED	0
#endif

static size_t copy_shifted(unsigned char *d, const unsigned char *s,
			   size_t n)
{
	unsigned int off = (uintptr_t)s & 7, sh = 8 * off;
	const uint64_t *sw = (const uint64_t *)(s - off);
	uint64_t *dw = (uint64_t *)d, w0 = *sw++;
	size_t done = 0;

	for (; n - done >= 8; done += 8) {
		uint64_t w1 = *sw++;

		*dw++ = w0 >> sh | w1 << (64 - sh);
		w0 = w1;
	}
	return done;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	uintptr_t diff = (uintptr_t)d ^ (uintptr_t)s;
	size_t width = !(diff & 7) ? 8 : !(diff & 3) ? 4 : !(diff & 1) ? 2 : 1;

	if (COPY_SHIFTED && n >= 32 && width < 8) {
		size_t done;

		while ((uintptr_t)d & 7) {
			*d++ = *s++;
			n--;
		}
		done = copy_shifted(d, s, n);
		d += done;
		s += done;
		n -= done;
	} else if (n >= 16 && width > 1) {
		while ((uintptr_t)d & (width - 1)) {
			*d++ = *s++;
			n--;
		}
		if (width == 8)
			COPY_WORDS(uint64_t);
		else if (width == 4)
			COPY_WORDS(uint32_t);
		else
			COPY_WORDS(uint16_t);
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *p, int c, size_t n)
{
	unsigned char *d = p;

	if (((uintptr_t)d & 7) == 0) {
		uint64_t v = (unsigned char)c * 0x0101010101010101ULL;

		for (; n >= 8; n -= 8, d += 8)
			*(uint64_t *)d = v;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return p;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

void *memchr(const void *p, int c, size_t n)
{
	const unsigned char *s = p;

	for (; n; n--, s++) {
		if (*s == (unsigned char)c)
			return (void *)s;
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

int strncasecmp(const char *a, const char *b, size_t n)
{
	for (; n; a++, b++, n--) {
		int d = tolower((unsigned char)*a) - tolower((unsigned char)*b);

		if (d || !*a)
			return d;
	}
	return 0;
}

int strcasecmp(const char *a, const char *b)
{
	return strncasecmp(a, b, (size_t)-1);
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		if (!strncmp(hay, needle, n))
			return (char *)hay;
	}
	return n ? NULL : (char *)hay;
}

char *strcpy(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++))
		;
	return dst;
}

char *strncpy(char *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && src[i]; i++)
		dst[i] = src[i];
	for (; i < n; i++)
		dst[i] = '\0';
	return dst;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

char *strcat(char *dst, const char *src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

char *strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = malloc(len + 1);

	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

char *strdup(const char *s)
{
	return strndup(s, strlen(s));
}

size_t strspn(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] && strchr(accept, s[n]))
		n++;
	return n;
}

size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] && !strchr(reject, s[n]))
		n++;
	return n;
}
