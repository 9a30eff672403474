/* rational.c: exact fractions on 64-bit integers.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Answers and grades are never floating point.  Every operation checks for
 * overflow (a hand-edited lesson may hold any number) and reports it
 * through *ok rather than wrapping.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "tutor/internal.h"

int64_t tut_gcd(int64_t a, int64_t b)
{
	uint64_t x = a < 0 ? 0 - (uint64_t)a : (uint64_t)a;
	uint64_t y = b < 0 ? 0 - (uint64_t)b : (uint64_t)b;
	while (y) {
		uint64_t t = x % y;
		x = y;
		y = t;
	}
	return (int64_t)x;
}

struct tut_q tut_q_int(int64_t n)
{
	return (struct tut_q){ n, 1 };
}

struct tut_q tut_q_make(int64_t n, int64_t d, int *ok)
{
	if (d == 0 || n == INT64_MIN || d == INT64_MIN) {
		*ok = 0;
		return (struct tut_q){ 0, 1 };
	}
	if (d < 0) {
		n = -n;
		d = -d;
	}
	int64_t g = tut_gcd(n, d);
	if (g > 1) {
		n /= g;
		d /= g;
	}
	return (struct tut_q){ n, d };
}

static int64_t mul(int64_t a, int64_t b, int *ok)
{
	int64_t r;
	if (__builtin_mul_overflow(a, b, &r)) {
		*ok = 0;
		return 0;
	}
	return r;
}

static int64_t add(int64_t a, int64_t b, int *ok)
{
	int64_t r;
	if (__builtin_add_overflow(a, b, &r)) {
		*ok = 0;
		return 0;
	}
	return r;
}

struct tut_q tut_q_add(struct tut_q a, struct tut_q b, int *ok)
{
	int64_t g = tut_gcd(a.d, b.d);
	int64_t bd = b.d / g;
	int64_t n = add(mul(a.n, bd, ok), mul(b.n, a.d / g, ok), ok);
	int64_t d = mul(a.d, bd, ok);
	return *ok ? tut_q_make(n, d, ok) : (struct tut_q){ 0, 1 };
}

struct tut_q tut_q_sub(struct tut_q a, struct tut_q b, int *ok)
{
	if (b.n == INT64_MIN) {
		*ok = 0;
		return (struct tut_q){ 0, 1 };
	}
	b.n = -b.n;
	return tut_q_add(a, b, ok);
}

struct tut_q tut_q_mul(struct tut_q a, struct tut_q b, int *ok)
{
	/* Cross-cancel first so small results never overflow on the way. */
	int64_t g1 = tut_gcd(a.n, b.d), g2 = tut_gcd(b.n, a.d);
	if (g1 == 0)
		g1 = 1;
	if (g2 == 0)
		g2 = 1;
	int64_t n = mul(a.n / g1, b.n / g2, ok);
	int64_t d = mul(a.d / g2, b.d / g1, ok);
	return *ok ? tut_q_make(n, d, ok) : (struct tut_q){ 0, 1 };
}

struct tut_q tut_q_div(struct tut_q a, struct tut_q b, int *ok)
{
	if (b.n == 0) {
		*ok = 0;
		return (struct tut_q){ 0, 1 };
	}
	struct tut_q inv = tut_q_make(b.d, b.n, ok);
	return *ok ? tut_q_mul(a, inv, ok) : (struct tut_q){ 0, 1 };
}

/* a = q + r/d with 0 <= r < d (d > 0): floor division that cannot overflow. */
static int64_t split(struct tut_q a, int64_t *r)
{
	int64_t q = a.n / a.d;
	*r = a.n % a.d;
	if (*r < 0) {
		q--;
		*r += a.d;
	}
	return q;
}

/* Exact on every host, 32-bit x86 included (no 128-bit integers there):
 * cross-multiplied when that fits in 64 bits, else the whole parts, then
 * the fractional parts compared by their reciprocals (Euclid's steps). */
int tut_q_cmp(struct tut_q a, struct tut_q b)
{
	int64_t l, r;
	if (!__builtin_mul_overflow(a.n, b.d, &l) && !__builtin_mul_overflow(b.n, a.d, &r))
		return l < r ? -1 : l > r;
	int64_t ra, rb;
	int64_t qa = split(a, &ra), qb = split(b, &rb);
	if (qa != qb)
		return qa < qb ? -1 : 1;
	if (ra == 0 || rb == 0)
		return (ra != 0) - (rb != 0);
	/* ra/a.d < rb/b.d  <=>  a.d/ra > b.d/rb */
	return -tut_q_cmp((struct tut_q){ a.d, ra }, (struct tut_q){ b.d, rb });
}

int tut_q_is_int(struct tut_q a)
{
	return a.d == 1;
}

void tut_q_frac(struct tut_q a, char *buf, size_t cap)
{
	if (a.d == 1)
		snprintf(buf, cap, "%lld", (long long)a.n);
	else
		snprintf(buf, cap, "%lld/%lld", (long long)a.n, (long long)a.d);
}

void tut_q_mixed(struct tut_q a, char *buf, size_t cap)
{
	if (a.d == 1 || (a.n > -a.d && a.n < a.d)) {
		tut_q_frac(a, buf, cap);
		return;
	}
	long long whole = (long long)(a.n / a.d), rest = (long long)llabs(a.n % a.d);
	snprintf(buf, cap, "%lld %lld/%lld", whole, rest, (long long)a.d);
}

void tut_q_decimal(struct tut_q a, char *buf, size_t cap)
{
	/* d must be 2^i 5^j; scale to a power of ten. */
	int64_t d = a.d, twos = 0, fives = 0;
	while (d % 2 == 0) { d /= 2; twos++; }
	while (d % 5 == 0) { d /= 5; fives++; }
	int places = (int)(twos > fives ? twos : fives);
	if (d != 1 || places > 12) {
		tut_q_frac(a, buf, cap);
		return;
	}
	int ok = 1;
	int64_t scale = 1;
	for (int i = 0; i < places; i++)
		scale = mul(scale, 10, &ok);
	int64_t v = mul(a.n, scale / a.d, &ok);
	if (!ok) {
		tut_q_frac(a, buf, cap);
		return;
	}
	if (places == 0) {
		snprintf(buf, cap, "%lld", (long long)v);
		return;
	}
	unsigned long long av = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
	unsigned long long ip = av / (unsigned long long)scale, fp = av % (unsigned long long)scale;
	snprintf(buf, cap, "%s%llu.%0*llu", v < 0 ? "-" : "", ip, places, fp);
}
