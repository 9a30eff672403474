/* exact.c: reading one number as written in the reasoning format.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Integers, decimals, fractions, mixed numbers and money, all to exact
 * rationals: "0.1" must be 1/10, not the double nearest it.  Money is in
 * dollars ("$3.50" and "350c" are both 7/2).  Times of day ("4:05") are
 * the expression reader's business, not this one's: here "4:05" is a 4
 * with ":05" left over.
 */
#include <config.h>

#include <ctype.h>

#include "tutor/internal.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits at *s into *v; returns how many were read, -1 on overflow. */
static int read_digits(const char **s, int64_t *v)
{
	const char *p = *s;
	int64_t x = 0;
	int n = 0;
	while (is_digit(*p)) {
		if (__builtin_mul_overflow(x, 10, &x) || __builtin_add_overflow(x, *p - '0', &x))
			return -1;
		p++;
		n++;
	}
	*v = x;
	*s = p;
	return n;
}

/* "a/b" (no spaces, b > 0) at *s; advances only on success. */
static int read_fraction(const char **s, int64_t *num, int64_t *den)
{
	const char *p = *s;
	if (read_digits(&p, num) <= 0 || *p != '/' || !is_digit(p[1]))
		return -1;
	p++;
	if (read_digits(&p, den) <= 0 || *den == 0)
		return -1;
	*s = p;
	return 0;
}

static int is_minus(const char *p, int *len)
{
	if (*p == '-') {
		*len = 1;
		return 1;
	}
	/* U+2212 MINUS SIGN, which typeset text uses. */
	if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x88 && (unsigned char)p[2] == 0x92) {
		*len = 3;
		return 1;
	}
	return 0;
}

int tut_parse_number(const char **s, struct tut_q *out)
{
	if (!s || !*s)
		return -1;
	const char *p = *s;
	while (*p == ' ' || *p == '\t')
		p++;
	int neg = 0, money = 0, mlen;
	if (is_minus(p, &mlen)) {
		neg = 1;
		p += mlen;
	}
	if (*p == '$') {
		money = 1;
		p++;
	}

	int64_t ip = 0, fp = 0, scale = 1;
	int nint = read_digits(&p, &ip), nfrac = 0;
	if (nint < 0)
		return -1;
	if (*p == '.' && is_digit(p[1])) {
		p++;
		const char *f = p;
		nfrac = read_digits(&p, &fp);
		if (nfrac < 0 || nfrac > 18)
			return -1;
		for (const char *q = f; q < p; q++)
			scale *= 10;
	}
	if (nint == 0 && nfrac == 0)
		return -1;

	int ok = 1;
	int64_t num, den = scale;
	if (__builtin_mul_overflow(ip, scale, &num) || __builtin_add_overflow(num, fp, &num))
		return -1;

	if (!money && nfrac == 0) {
		int64_t a, b;
		const char *q = p;
		if (*q == '/' && is_digit(q[1])) {
			/* "3/4": ip was the numerator */
			q = p - nint;
			if (read_fraction(&q, &a, &b) < 0)
				return -1;   /* "3/0" is no number at all */
			num = a;
			den = b;
			p = q;
		} else if (*q == ' ' && is_digit(q[1])) {
			/* "2 1/4": a proper fraction after one space */
			q++;
			if (read_fraction(&q, &a, &b) == 0 && a < b) {
				struct tut_q w = tut_q_int(ip), f = tut_q_make(a, b, &ok);
				struct tut_q m = tut_q_add(w, f, &ok);
				if (!ok)
					return -1;
				num = m.n;
				den = m.d;
				p = q;
			}
		} else if (*q == 'c' && !isalnum((unsigned char)q[1])) {
			/* "75c": cents, not "75cm" */
			den = 100;
			p = q + 1;
		}
	}
	struct tut_q v = tut_q_make(num, den, &ok);
	if (!ok)
		return -1;
	if (neg)
		v.n = -v.n;
	if (out)
		*out = v;
	*s = p;
	return 0;
}
