// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * vsnprintf: the C conversions Ember uses (d i u x X o c s p %), with flags
 * '-', '0', '+', ' ', '#', width and precision (also '*'), and the length
 * modifiers hh h l ll z t j. Output is always NUL-terminated when size > 0;
 * the return value is the length the full output would have had.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

struct spec {
	bool left, zero, plus, space, alt, upper;
	int width;
	int prec;	/* -1: none */
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

static void out_str(struct out *o, const char *s, const struct spec *sp)
{
	int len;

	if (!s)
		s = "(null)";
	len = sp->prec >= 0 ? (int)strnlen(s, sp->prec) : (int)strlen(s);
	if (!sp->left)
		out_pad(o, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		out_char(o, s[i]);
	if (sp->left)
		out_pad(o, ' ', sp->width - len);
}

static void out_num(struct out *o, unsigned long long v, bool neg, int base,
		    const struct spec *sp)
{
	const char *digits = sp->upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, ndig, npad, nprefix = 0;
	char sign = 0;
	const char *prefix = "";

	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	if (n == 0 && sp->prec != 0)
		tmp[n++] = '0';
	if (neg)
		sign = '-';
	else if (sp->plus)
		sign = '+';
	else if (sp->space)
		sign = ' ';
	if (sp->alt && base == 16) {
		prefix = sp->upper ? "0X" : "0x";
		nprefix = 2;
	} else if (sp->alt && base == 8 && tmp[n - 1] != '0') {
		prefix = "0";
		nprefix = 1;
	}
	ndig = sp->prec > n ? sp->prec : n;
	npad = sp->width - ndig - nprefix - (sign ? 1 : 0);
	if (!sp->left && !(sp->zero && sp->prec < 0))
		out_pad(o, ' ', npad);
	if (sign)
		out_char(o, sign);
	for (int i = 0; i < nprefix; i++)
		out_char(o, prefix[i]);
	if (!sp->left && sp->zero && sp->prec < 0)
		out_pad(o, '0', npad);
	out_pad(o, '0', ndig - n);
	while (n)
		out_char(o, tmp[--n]);
	if (sp->left)
		out_pad(o, ' ', npad);
}

static const char *parse_flags(const char *f, struct spec *sp)
{
	for (;; f++) {
		switch (*f) {
		case '-': sp->left = true; break;
		case '0': sp->zero = true; break;
		case '+': sp->plus = true; break;
		case ' ': sp->space = true; break;
		case '#': sp->alt = true; break;
		default: return f;
		}
	}
}

int vsnprintf(char *buf, size_t size, const char *f, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *f; f++) {
		struct spec sp = { .prec = -1 };
		int lng = 0;	/* -2 hh, -1 h, 1 l, 2 ll */
		unsigned long long v;
		bool neg = false;
		int base = 10;

		if (*f != '%') {
			out_char(&o, *f);
			continue;
		}
		f = parse_flags(f + 1, &sp);
		if (*f == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			f++;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			sp.width = sp.width * 10 + *f - '0';
		if (*f == '.') {
			f++;
			sp.prec = 0;
			if (*f == '*') {
				sp.prec = va_arg(ap, int);
				f++;
			}
			for (; *f >= '0' && *f <= '9'; f++)
				sp.prec = sp.prec * 10 + *f - '0';
		}
		for (;; f++) {
			if (*f == 'h')
				lng--;
			else if (*f == 'l')
				lng++;
			else if (*f == 'z' || *f == 't' || *f == 'j')
				lng = 2;
			else
				break;
		}
		switch (*f) {
		case 'c':
			out_pad(&o, ' ', sp.left ? 0 : sp.width - 1);
			out_char(&o, (char)va_arg(ap, int));
			out_pad(&o, ' ', sp.left ? sp.width - 1 : 0);
			continue;
		case 's':
			out_str(&o, va_arg(ap, const char *), &sp);
			continue;
		case '%':
			out_char(&o, '%');
			continue;
		case 'p':
			v = (uintptr_t)va_arg(ap, void *);
			sp.alt = true;
			out_num(&o, v, false, 16, &sp);
			continue;
		case 'd':
		case 'i': {
			long long s;

			if (lng >= 2)
				s = va_arg(ap, long long);
			else if (lng == 1)
				s = va_arg(ap, long);
			else
				s = va_arg(ap, int);
			if (lng == -1)
				s = (short)s;
			else if (lng <= -2)
				s = (signed char)s;
			neg = s < 0;
			v = neg ? -(unsigned long long)s : (unsigned long long)s;
			out_num(&o, v, neg, 10, &sp);
			continue;
		}
		case 'X':
			sp.upper = true;
			/* fall through */
		case 'x':
			base = 16;
			break;
		case 'o':
			base = 8;
			break;
		case 'u':
			break;
		case '\0':
			f--;
			continue;
		default:
			out_char(&o, '%');
			out_char(&o, *f);
			continue;
		}
		if (lng >= 2)
			v = va_arg(ap, unsigned long long);
		else if (lng == 1)
			v = va_arg(ap, unsigned long);
		else
			v = va_arg(ap, unsigned int);
		if (lng == -1)
			v = (unsigned short)v;
		else if (lng <= -2)
			v = (unsigned char)v;
		out_num(&o, v, false, base, &sp);
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, SIZE_MAX, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	char buf[512];
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, aq);
	va_end(aq);
	if (n < (int)sizeof(buf)) {
		puts(buf);
	} else {
		char *big = malloc(n + 1);

		if (!big) {
			puts(buf);
			return n;
		}
		vsnprintf(big, n + 1, fmt, ap);
		puts(big);
		free(big);
	}
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
