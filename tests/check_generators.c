/* check_generators.c: the arithmetic skills' problem generators.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Every generator, at every difficulty, for thousands of seeds: the
 * problem is well formed, in its skill's grade range, deterministic and
 * varied; its key is recomputed here independently, from the question's
 * own text with plain integer and fraction arithmetic (never with the
 * generators' or the verifier's code); and its worked solution passes the
 * verifier with no wrong step.
 */
#include <config.h>

#include <check.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tutor/internal.h"

#ifndef SEEDS
#define SEEDS 2000   /* per generator and difficulty; -DSEEDS=... for a longer run */
#endif

typedef int (*gen_fn)(struct tut_rng *, int, struct tut_problem *);

struct gen {
	const char *id;
	gen_fn fn;
	int min_distinct;   /* distinct questions in 200 seeds, at each difficulty */
	const char *(*check)(const struct tut_problem *p);   /* independent key check, or NULL */
};

/* ---- Reading numbers back out of question text ------------------------------ */

/* Exact rationals of the test's own, on 64-bit integers: the values here
 * are small (the generators keep them far below any overflow). */
struct rat {
	int64_t n, d;
};

static int64_t gcd64(int64_t a, int64_t b)
{
	if (a < 0)
		a = -a;
	if (b < 0)
		b = -b;
	while (b) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

static struct rat rat_make(int64_t n, int64_t d)
{
	if (d < 0) {
		n = -n;
		d = -d;
	}
	int64_t g = gcd64(n, d);
	if (g > 1) {
		n /= g;
		d /= g;
	}
	return (struct rat){ n, d };
}

static struct rat rat_add(struct rat a, struct rat b)
{
	return rat_make(a.n * b.d + b.n * a.d, a.d * b.d);
}

static struct rat rat_sub(struct rat a, struct rat b)
{
	return rat_make(a.n * b.d - b.n * a.d, a.d * b.d);
}

static struct rat rat_mul(struct rat a, struct rat b)
{
	return rat_make(a.n * b.n, a.d * b.d);
}

static int rat_eq(struct rat a, struct rat b)
{
	return a.n == b.n && a.d == b.d;
}

/* Every integer in s, in order (digits only: "3/4" gives 3 and 4). */
static int ints(const char *s, long *v, int max)
{
	int n = 0;
	while (*s && n < max) {
		if (isdigit((unsigned char)*s)) {
			v[n++] = strtol(s, (char **)&s, 10);
		} else {
			s++;
		}
	}
	return n;
}

/* A decimal "12", "3.75" at s; returns the rest or NULL. */
static const char *read_dec(const char *s, struct rat *out)
{
	if (!isdigit((unsigned char)*s))
		return NULL;
	int64_t n = 0, d = 1;
	while (isdigit((unsigned char)*s))
		n = n * 10 + (*s++ - '0');
	if (*s == '.' && isdigit((unsigned char)s[1])) {
		s++;
		while (isdigit((unsigned char)*s)) {
			n = n * 10 + (*s++ - '0');
			d *= 10;
		}
	}
	*out = rat_make(n, d);
	return s;
}

/* Fractions, mixed numbers and whole numbers in s, in order: "2 1/3",
 * "3/4", "2". */
static int fracs(const char *s, struct rat *v, int max)
{
	int n = 0;
	const char *start = s;
	while (*s && n < max) {
		if (!isdigit((unsigned char)*s) || (s > start && s[-1] == '/')) {
			s++;
			continue;
		}
		char *e;
		long a = strtol(s, &e, 10), b, c;
		if (*e == '/' && isdigit((unsigned char)e[1])) {
			b = strtol(e + 1, &e, 10);
			v[n++] = rat_make(a, b);
		} else if (*e == ' ' && isdigit((unsigned char)e[1]) && strchr(e + 1, '/') &&
			   sscanf(e + 1, "%ld/%ld", &b, &c) == 2 && (int)strspn(e + 1, "0123456789") ==
			   (int)(strchr(e + 1, '/') - (e + 1))) {
			strtol(e + 1, &e, 10);
			strtol(e + 1, &e, 10);
			v[n++] = rat_add(rat_make(a, 1), rat_make(b, c));
		} else {
			v[n++] = rat_make(a, 1);
		}
		s = e;
	}
	return n;
}

/* The answer key as a value: "3/4", "1 1/4", "7", "2.45", "$4.75". */
static int key_value(const char *a, struct rat *v)
{
	if (*a == '$')
		a++;
	struct rat x[2];
	if (strchr(a, '/'))
		return fracs(a, x, 2) == 1 ? (*v = x[0], 0) : -1;
	const char *e = read_dec(a, v);
	return e && !*e ? 0 : -1;
}

/* The canonical writing of a non-negative rational: "3/4", "1 1/4", "2". */
static void canon_frac(struct rat v, char *buf, size_t cap)
{
	if (v.d == 1)
		snprintf(buf, cap, "%" PRId64, v.n);
	else if (v.n > v.d)
		snprintf(buf, cap, "%" PRId64 " %" PRId64 "/%" PRId64, v.n / v.d, v.n % v.d, v.d);
	else
		snprintf(buf, cap, "%" PRId64 "/%" PRId64, v.n, v.d);
}

/* ---- A small expression evaluator of the test's own ---------------------------- */

struct ev {
	const char *s;
	int err;
};

static void ev_space(struct ev *e)
{
	while (*e->s == ' ')
		e->s++;
}

static struct rat ev_sum(struct ev *e);

static struct rat ev_atom(struct ev *e)
{
	struct rat v = { 0, 1 };
	ev_space(e);
	if (*e->s == '(') {
		e->s++;
		v = ev_sum(e);
		ev_space(e);
		if (*e->s != ')')
			e->err = 1;
		else
			e->s++;
		return v;
	}
	const char *end = read_dec(e->s, &v);
	if (!end)
		e->err = 1;
	else
		e->s = end;
	return v;
}

static int is_mul(const char *s)
{
	return *s == '*' || strncmp(s, "×", strlen("×")) == 0;
}

static int is_div(const char *s)
{
	return *s == '/' || strncmp(s, "÷", strlen("÷")) == 0;
}

static struct rat ev_prod(struct ev *e)
{
	struct rat v = ev_atom(e);
	for (;;) {
		ev_space(e);
		int m = is_mul(e->s), dv = is_div(e->s);
		if (!m && !dv)
			return v;
		e->s += *e->s == '*' || *e->s == '/' ? 1 : strlen("×");
		struct rat w = ev_atom(e);
		if (dv && w.n == 0) {
			e->err = 1;
			return v;
		}
		v = m ? rat_mul(v, w) : rat_mul(v, rat_make(w.d, w.n));
	}
}

static struct rat ev_sum(struct ev *e)
{
	struct rat v = ev_prod(e);
	for (;;) {
		ev_space(e);
		char op = *e->s;
		if (op != '+' && op != '-')
			return v;
		e->s++;
		struct rat w = ev_prod(e);
		v = op == '+' ? rat_add(v, w) : rat_sub(v, w);
	}
}

/* Evaluates the whole of [s, s+len); 0 or -1. */
static int eval_text(const char *s, size_t len, struct rat *out)
{
	char buf[256];
	if (len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = 0;
	struct ev e = { buf, 0 };
	*out = ev_sum(&e);
	ev_space(&e);
	return e.err || *e.s ? -1 : 0;
}

/* ---- Independent checks of the keys ---------------------------------------------- */

static char why[512];

#define FAIL(...) (snprintf(why, sizeof why, __VA_ARGS__), why)

static const char *expect_int(const struct tut_problem *p, long want)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", want);
	if (strcmp(p->answer, buf) != 0)
		return FAIL("expected %s, key %s", buf, p->answer);
	return NULL;
}

static int has(const struct tut_problem *p, const char *w)
{
	return strstr(p->question, w) != NULL;
}

static const char *check_add(const struct tut_problem *p)
{
	long v[4];
	int n = ints(p->question, v, 4);
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += v[i];
	if (n < 2)
		return FAIL("numbers not found");
	return expect_int(p, sum);
}

static const char *check_sub(const struct tut_problem *p)
{
	long v[4];
	if (ints(p->question, v, 4) != 2)
		return FAIL("two numbers expected");
	return expect_int(p, labs(v[0] - v[1]));
}

static const char *check_times(const struct tut_problem *p)
{
	long v[4];
	if (ints(p->question, v, 4) != 2)
		return FAIL("two numbers expected");
	long big = v[0] > v[1] ? v[0] : v[1], small = v[0] > v[1] ? v[1] : v[0];
	int inverse = has(p, "÷") || has(p, "Divide") || has(p, "How many") || has(p, "× ?") ||
		      has(p, "? ×") || has(p, "What number times");
	if (inverse) {
		if (big % small)
			return FAIL("not exact");
		return expect_int(p, big / small);
	}
	return expect_int(p, v[0] * v[1]);
}

static const char *check_mul(const struct tut_problem *p)
{
	long v[4];
	if (ints(p->question, v, 4) != 2)
		return FAIL("two numbers expected");
	return expect_int(p, v[0] * v[1]);
}

/* "q r r", or "q" when the division is exact. */
static const char *expect_div(const struct tut_problem *p, long n, long d)
{
	char buf[48];
	if (n % d)
		snprintf(buf, sizeof buf, "%ld r %ld", n / d, n % d);
	else
		snprintf(buf, sizeof buf, "%ld", n / d);
	if (strcmp(p->answer, buf) != 0)
		return FAIL("expected %s, key %s", buf, p->answer);
	return NULL;
}

static const char *check_div_remainder(const struct tut_problem *p)
{
	long v[4];
	if (ints(p->question, v, 4) != 2)
		return FAIL("two numbers expected");
	if (has(p, "left over"))
		return expect_int(p, v[0] % v[1]);
	if (has(p, " each "))
		return expect_int(p, v[0] / v[1]);
	if (v[0] % v[1] == 0)
		return FAIL("no remainder");
	return expect_div(p, v[0], v[1]);
}

static const char *check_long_division(const struct tut_problem *p)
{
	long v[4];
	if (ints(p->question, v, 4) != 2)
		return FAIL("two numbers expected");
	return expect_div(p, v[0], v[1]);
}

static const char *check_round(const struct tut_problem *p)
{
	long v[2], unit = has(p, "nearest thousand") ? 1000 : has(p, "nearest hundred") ? 100 : 10;
	if (ints(p->question, v, 2) != 1)
		return FAIL("one number expected");
	return expect_int(p, (v[0] + unit / 2) / unit * unit);
}

static const char *check_compare(const struct tut_problem *p)
{
	long v[4];
	if (ints(p->question, v, 4) != 2)
		return FAIL("two numbers expected");
	if (p->kind == TUT_ANS_CHOICE) {
		const char *want = v[0] < v[1] ? "<" : v[0] > v[1] ? ">" : "=";
		return strcmp(p->answer, want) ? FAIL("expected %s", want) : NULL;
	}
	if (has(p, "smaller"))
		return expect_int(p, v[0] < v[1] ? v[0] : v[1]);
	return expect_int(p, v[0] > v[1] ? v[0] : v[1]);
}

static const char *check_even_odd(const struct tut_problem *p)
{
	long v[2];
	if (ints(p->question, v, 2) != 1)
		return FAIL("one number expected");
	return strcmp(p->answer, v[0] % 2 ? "odd" : "even") ? FAIL("parity") : NULL;
}

static int cmp_up(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

static const char *check_order(const struct tut_problem *p)
{
	long v[8];
	int n = ints(p->question, v, 8);
	if (n < 3)
		return FAIL("numbers not found");
	qsort(v, (size_t)n, sizeof v[0], cmp_up);
	int down = has(p, "largest to") || has(p, "greatest to") || has(p, "descending");
	char want[TUT_ANSWER_MAX] = "";
	size_t len = 0;
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(want + len, sizeof want - len, i ? ", %ld" : "%ld",
					v[down ? n - 1 - i : i]);
	return strcmp(p->answer, want) ? FAIL("expected %s", want) : NULL;
}

/* The value of the text after `at`: fractions for the fraction skills. */
static const char *check_frac_addsub(const struct tut_problem *p)
{
	struct rat v[4];
	if (fracs(p->question, v, 4) != 2)
		return FAIL("two fractions expected");
	int add = strstr(p->skill, "add") != NULL;
	struct rat r = add ? rat_add(v[0], v[1]) : rat_sub(v[0], v[1]);
	if (r.n < 0)
		r.n = -r.n;   /* "Subtract 1/3 from 1/2" names them the other way round */
	char want[64];
	canon_frac(r, want, sizeof want);
	return strcmp(p->answer, want) ? FAIL("expected %s, key %s", want, p->answer) : NULL;
}

static const char *check_frac_simplify(const struct tut_problem *p)
{
	struct rat v[2];
	if (fracs(p->question, v, 2) != 1)
		return FAIL("one fraction expected");
	char want[64];
	canon_frac(v[0], want, sizeof want);
	return strcmp(p->answer, want) ? FAIL("expected %s", want) : NULL;
}

static const char *check_frac_compare(const struct tut_problem *p)
{
	struct rat v[2];
	if (fracs(p->question, v, 2) != 2)
		return FAIL("two fractions expected");
	int64_t l = v[0].n * v[1].d, r = v[1].n * v[0].d;
	if (p->kind == TUT_ANS_CHOICE) {
		const char *want = l < r ? "<" : l > r ? ">" : "=";
		return strcmp(p->answer, want) ? FAIL("expected %s", want) : NULL;
	}
	struct rat k;
	if (key_value(p->answer, &k) < 0)
		return FAIL("key unreadable");
	struct rat want = (has(p, "smaller") == (l < r)) ? v[0] : v[1];
	return rat_eq(k, want) ? NULL : FAIL("wrong one");
}

static const char *check_frac_of(const struct tut_problem *p)
{
	long v[4], a, b, w;
	const char *slash = strchr(p->question, '/');
	if (ints(p->question, v, 4) != 3 || !slash)
		return FAIL("a fraction and a whole expected");
	const char *num = slash;
	while (num > p->question && isdigit((unsigned char)num[-1]))
		num--;
	a = strtol(num, NULL, 10);
	b = strtol(slash + 1, NULL, 10);
	w = v[0] == a && v[1] == b ? v[2] : v[0];   /* the number that is not the fraction */
	if (w % b)
		return FAIL("not a whole share");
	return expect_int(p, w / b * a);
}

static const char *check_frac_mixed(const struct tut_problem *p)
{
	struct rat v[2];
	if (fracs(p->question, v, 2) != 1)
		return FAIL("one number expected");
	char want[64];
	if (!has(p, "mixed number"))
		snprintf(want, sizeof want, "%" PRId64 "/%" PRId64, v[0].n, v[0].d);
	else
		canon_frac(v[0], want, sizeof want);
	return strcmp(p->answer, want) ? FAIL("expected %s", want) : NULL;
}

/* One side of "3/4 = ?/12", with the key in place of the ?. */
static struct rat side_value(const char *from, const char *to, const char *key, int *ok)
{
	char buf[64];
	size_t n = 0;
	for (const char *c = from; c < to && n + 16 < sizeof buf; c++) {
		if (*c == '?') {
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", key);
		} else {
			buf[n++] = *c;
		}
	}
	buf[n] = 0;
	struct rat v[2];
	*ok = fracs(buf, v, 2) == 1 && strchr(buf, '/');
	return v[0];
}

static const char *check_frac_equivalent(const struct tut_problem *p)
{
	const char *eq = strstr(p->question, " = ");
	if (!eq)
		return FAIL("no equation");
	const char *l = eq, *r = eq + 3;
	while (l > p->question && (isdigit((unsigned char)l[-1]) || l[-1] == '/' || l[-1] == '?'))
		l--;
	const char *re = r;
	while (isdigit((unsigned char)*re) || *re == '/' || *re == '?')
		re++;
	int ok1, ok2;
	struct rat a = side_value(l, eq, p->answer, &ok1), b = side_value(r, re, p->answer, &ok2);
	if (!ok1 || !ok2)
		return FAIL("equation unreadable");
	return rat_eq(a, b) ? NULL : FAIL("the equation does not hold with %s", p->answer);
}

static const char *check_dec_compare(const struct tut_problem *p)
{
	struct rat v[2];
	const char *s = p->question;
	int n = 0;
	while (*s && n < 2) {
		const char *e = read_dec(s, &v[n]);
		if (e) {
			n++;
			s = e;
		} else {
			s++;
		}
	}
	if (n != 2)
		return FAIL("two decimals expected");
	int64_t l = v[0].n * v[1].d, r = v[1].n * v[0].d;
	if (p->kind == TUT_ANS_CHOICE) {
		const char *want = l < r ? "<" : l > r ? ">" : "=";
		return strcmp(p->answer, want) ? FAIL("expected %s", want) : NULL;
	}
	struct rat k;
	if (key_value(p->answer, &k) < 0)
		return FAIL("key unreadable");
	return rat_eq(k, has(p, "smaller") == (l < r) ? v[0] : v[1]) ? NULL : FAIL("wrong one");
}

/* Decimals (and money amounts) in s, in order. */
static int decs(const char *s, struct rat *v, int max)
{
	int n = 0;
	const char *start = s;
	while (*s && n < max) {
		const char *e = (s == start || !isdigit((unsigned char)s[-1])) ? read_dec(s, &v[n]) : NULL;
		if (e) {
			if (*e == 'c' && !isalpha((unsigned char)e[1]))
				v[n] = rat_mul(v[n], rat_make(1, 100));   /* cents */
			n++;
			s = e;
		} else {
			s++;
		}
	}
	return n;
}

static const char *check_dec_add_sub(const struct tut_problem *p)
{
	struct rat v[3], k;
	if (decs(p->question, v, 3) != 2)
		return FAIL("two decimals expected");
	int add = has(p, "+") || has(p, "Add") || has(p, "sum") || has(p, "together");
	struct rat r = add ? rat_add(v[0], v[1]) : rat_sub(v[0], v[1]);
	if (r.n < 0)
		r.n = -r.n;
	if (key_value(p->answer, &k) < 0)
		return FAIL("key unreadable");
	if (strlen(p->answer) > 1 && strchr(p->answer, '.') && p->answer[strlen(p->answer) - 1] == '0')
		return FAIL("trailing zero in %s", p->answer);
	return rat_eq(k, r) ? NULL : FAIL("expected %" PRId64 "/%" PRId64, r.n, r.d);
}

static const char *check_money(const struct tut_problem *p)
{
	struct rat v[4], k, want = { 0, 1 };
	int n = decs(p->question, v, 4);
	if (n < 2)
		return FAIL("amounts not found");
	if (has(p, " note.")) {   /* the note is the last amount */
		want = v[n - 1];
		for (int i = 0; i < n - 1; i++)
			want = rat_sub(want, v[i]);
	} else if (has(p, "One ")) {   /* one price, then how many */
		want = rat_mul(v[0], v[1]);
	} else {
		for (int i = 0; i < n; i++)
			want = rat_add(want, v[i]);
	}
	if (p->answer[0] != '$' || !strchr(p->answer, '.') || strlen(strchr(p->answer, '.')) != 3)
		return FAIL("not canonical money: %s", p->answer);
	if (key_value(p->answer, &k) < 0)
		return FAIL("key unreadable");
	return rat_eq(k, want) ? NULL : FAIL("wrong amount");
}

/* "3:40" in s, as minutes after midnight, or -1. */
static int clock_at(const char *s, const char **end)
{
	for (; *s; s++) {
		int h, m;
		if (isdigit((unsigned char)*s) && (s == *end || !isdigit((unsigned char)s[-1])) &&
		    sscanf(s, "%d:%2d", &h, &m) == 2 && strchr(s, ':') - s <= 2) {
			*end = strchr(s, ':') + 3;
			return h * 60 + m;
		}
	}
	return -1;
}

/* "1 hour 35 minutes", "half an hour", "25 minutes", "2 hours". */
static int words_minutes(const char *s)
{
	if (strstr(s, "half an hour"))
		return 30;
	int total = 0;
	const char *h = strstr(s, " hour"), *m = strstr(s, " minute");
	if (h) {
		const char *b = h;
		while (b > s && isdigit((unsigned char)b[-1]))
			b--;
		total += 60 * atoi(b);
	}
	if (m) {
		const char *b = m;
		while (b > s && isdigit((unsigned char)b[-1]))
			b--;
		total += atoi(b);
	}
	return total;
}

static const char *check_time_clock(const struct tut_problem *p)
{
	const char *end = p->question;
	int t = clock_at(p->question, &end), m = words_minutes(p->question);
	if (t < 0 || m <= 0)
		return FAIL("time or duration not found");
	int back = has(p, "before") || has(p, " ago") || has(p, "lasted");
	int r = back ? t - m : t + m;
	r = ((r - 60) % 720 + 720) % 720 + 60;   /* a 12-hour clock: 1:00 .. 12:59 */
	char want[16];
	snprintf(want, sizeof want, "%d:%02d", r / 60, r % 60);
	return strcmp(p->answer, want) ? FAIL("expected %s", want) : NULL;
}

static const char *check_time_duration(const struct tut_problem *p)
{
	const char *end = p->question;
	int a = clock_at(p->question, &end), b = clock_at(end, &end);
	if (a < 0 || b < 0)
		return FAIL("two times expected");
	int d = ((b - a) % 720 + 720) % 720;   /* "11:30 to 1:15" goes past 12 o'clock */
	char want[32];
	if (d >= 60 && d % 60)
		snprintf(want, sizeof want, "%d h %d min", d / 60, d % 60);
	else if (d >= 60)
		snprintf(want, sizeof want, "%d h", d / 60);
	else
		snprintf(want, sizeof want, "%d min", d);
	return strcmp(p->answer, want) ? FAIL("expected %s", want) : NULL;
}

/* A unit's size in its dimension's smallest unit, or 0. */
static int64_t unit_size(const char *u, size_t len)
{
	static const struct {
		const char *u;
		int64_t size;
	} units[] = { { "mm", 1 }, { "cm", 10 }, { "m", 1000 }, { "km", 1000000 }, { "g", 1 },
		      { "kg", 1000 }, { "ml", 1 }, { "l", 1000 } };
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strlen(units[i].u) == len && strncmp(units[i].u, u, len) == 0)
			return units[i].size;
	return 0;
}

static const char *check_convert(const struct tut_problem *p)
{
	/* the first quantity: "3 m", "2 kg 300 g", "3.5 km" */
	const char *s = p->question;
	struct rat total = { 0, 1 };
	int parts = 0;
	while (*s) {
		struct rat v;
		const char *e = (s == p->question || !isdigit((unsigned char)s[-1])) ? read_dec(s, &v) : NULL;
		if (!e || *e != ' ') {
			if (parts)
				break;
			s++;
			continue;
		}
		size_t ul = strspn(e + 1, "abcdefghijklmnopqrstuvwxyz");
		int64_t size = unit_size(e + 1, ul);
		if (!size || isalpha((unsigned char)e[1 + ul])) {
			if (parts)
				break;
			s++;
			continue;
		}
		total = rat_add(total, rat_mul(v, rat_make(size, 1)));
		parts++;
		s = e + 1 + ul;
		while (*s == ' ')
			s++;
	}
	int64_t to = unit_size(p->unit, strlen(p->unit));
	if (!parts || !to)
		return FAIL("quantity or unit not found");
	struct rat want = rat_mul(total, rat_make(1, to)), k;
	if (key_value(p->answer, &k) < 0)
		return FAIL("key unreadable");
	return rat_eq(k, want) ? NULL : FAIL("wrong conversion");
}

/* The expression or equation in a question, without its wording. */
static void strip_wording(const char *q, char *out, size_t cap)
{
	static const char *const lead[] = { "What is ", "Work out ", "Calculate ", "Find the missing number: ",
					    "Which number goes in place of the ?: ", "Solve: " };
	for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++)
		if (strncmp(q, lead[i], strlen(lead[i])) == 0) {
			q += strlen(lead[i]);
			break;
		}
	snprintf(out, cap, "%s", q);
	char *tail = strstr(out, ". What is the missing number?");
	if (tail)
		*tail = 0;
	size_t n = strlen(out);
	if (n >= 4 && strcmp(out + n - 4, " = ?") == 0)
		out[n - 4] = 0;
	else if (n && (out[n - 1] == '?' || out[n - 1] == '.'))
		out[n - 1] = 0;
}

static const char *check_order_ops(const struct tut_problem *p)
{
	char e[256];
	struct rat v;
	strip_wording(p->question, e, sizeof e);
	if (eval_text(e, strlen(e), &v) < 0)
		return FAIL("cannot evaluate '%s'", e);
	if (v.d != 1)
		return FAIL("not whole");
	return expect_int(p, (long)v.n);
}

static const char *check_missing(const struct tut_problem *p)
{
	char e[256], sub[256];
	strip_wording(p->question, e, sizeof e);
	char *q = strchr(e, '?'), *eq = strchr(e, '=');
	if (!q || strchr(q + 1, '?') || !eq)
		return FAIL("one ? and one = expected in '%s'", e);
	snprintf(sub, sizeof sub, "%.*s%s%s", (int)(q - e), e, p->answer, q + 1);
	eq = strchr(sub, '=');
	struct rat l, r;
	if (eval_text(sub, (size_t)(eq - sub), &l) < 0 || eval_text(eq + 1, strlen(eq + 1), &r) < 0)
		return FAIL("cannot evaluate '%s'", sub);
	return rat_eq(l, r) ? NULL : FAIL("'%s' does not hold", sub);
}

static const char *check_perimeter_area(const struct tut_problem *p)
{
	long v[4];
	int n = ints(p->question, v, 4);
	const char *u = has(p, " cm") ? "cm" : "m";
	char sq[16];
	snprintf(sq, sizeof sq, "square %s", u);
	long want;
	const char *unit = u;
	if (has(p, "How wide")) {
		if (n != 2)
			return FAIL("two numbers expected");
		want = has(p, "perimeter") ? v[0] / 2 - v[1] : v[0] / v[1];
	} else if (has(p, "square has a perimeter")) {
		want = (v[0] / 4) * (v[0] / 4);
		unit = sq;
	} else if (has(p, "square has sides")) {
		int area = has(p, "area");
		want = area ? v[0] * v[0] : 4 * v[0];
		unit = area ? sq : u;
	} else {
		if (n != 2)
			return FAIL("two numbers expected");
		int area = has(p, "area");
		want = area ? v[0] * v[1] : 2 * (v[0] + v[1]);
		unit = area ? sq : u;
	}
	if (strcmp(p->unit, unit))
		return FAIL("unit %s, expected %s", p->unit, unit);
	return expect_int(p, want);
}

static const char *check_skip(const struct tut_problem *p)
{
	/* the terms around the blank differ by a constant step or ratio */
	long v[8];
	int n = ints(p->question, v, 8), gap = 0;
	const char *blank = strstr(p->question, "__");
	if (strncmp(p->question, "Count", 5) == 0) {   /* "Count by 5s: ..." names the step */
		memmove(v, v + 1, sizeof v - sizeof v[0]);
		n--;
	}
	if (blank) {
		for (const char *c = p->question; c < blank; c++)
			gap += *c == ',';
	} else {
		gap = n;
	}
	long seq[8];
	for (int i = 0, j = 0; i <= n; i++)
		seq[i] = i == gap ? atol(p->answer) : v[j++];
	int m = n + 1, arith = 1, geo = 1;
	for (int i = 2; i < m; i++) {
		arith &= seq[i] - seq[i - 1] == seq[1] - seq[0];
		geo &= seq[i - 1] * seq[1] == seq[i] * seq[0] && seq[0] != 0;
	}
	return arith || geo ? NULL : FAIL("no rule");
}

/* ---- The generators ------------------------------------------------------------ */

static const struct gen gens[] = {
	{ "count", tut_gen_count, 40, NULL },
	{ "place_value", tut_gen_place_value, 40, NULL },
	{ "compare", tut_gen_compare, 50, check_compare },
	{ "order", tut_gen_order, 50, check_order },
	{ "round", tut_gen_round, 50, check_round },
	{ "even_odd", tut_gen_even_odd, 25, check_even_odd },
	{ "skip_count", tut_gen_skip_count, 40, check_skip },
	{ "add_within20", tut_gen_add_within20, 40, check_add },
	{ "sub_within20", tut_gen_sub_within20, 40, check_sub },
	{ "add_column", tut_gen_add_column, 50, check_add },
	{ "sub_column", tut_gen_sub_column, 50, check_sub },
	{ "times_tables", tut_gen_times_tables, 40, check_times },
	{ "mul_long", tut_gen_mul_long, 50, check_mul },
	{ "div_remainder", tut_gen_div_remainder, 50, check_div_remainder },
	{ "long_division", tut_gen_long_division, 50, check_long_division },
	{ "frac_equivalent", tut_gen_frac_equivalent, 40, check_frac_equivalent },
	{ "frac_simplify", tut_gen_frac_simplify, 40, check_frac_simplify },
	{ "frac_compare", tut_gen_frac_compare, 50, check_frac_compare },
	{ "frac_add_like", tut_gen_frac_add_like, 50, check_frac_addsub },
	{ "frac_sub_like", tut_gen_frac_sub_like, 50, check_frac_addsub },
	{ "frac_add_unlike", tut_gen_frac_add_unlike, 50, check_frac_addsub },
	{ "frac_sub_unlike", tut_gen_frac_sub_unlike, 50, check_frac_addsub },
	{ "frac_of_quantity", tut_gen_frac_of_quantity, 50, check_frac_of },
	{ "frac_mixed", tut_gen_frac_mixed, 50, check_frac_mixed },
	{ "dec_compare", tut_gen_dec_compare, 50, check_dec_compare },
	{ "dec_add_sub", tut_gen_dec_add_sub, 50, check_dec_add_sub },
	{ "money", tut_gen_money, 50, check_money },
	{ "time_clock", tut_gen_time_clock, 40, check_time_clock },
	{ "time_duration", tut_gen_time_duration, 50, check_time_duration },
	{ "convert_length", tut_gen_convert_length, 30, check_convert },
	{ "convert_mass", tut_gen_convert_mass, 15, check_convert },
	{ "convert_capacity", tut_gen_convert_capacity, 15, check_convert },
	{ "order_ops", tut_gen_order_ops, 50, check_order_ops },
	{ "missing_number", tut_gen_missing_number, 50, check_missing },
	{ "perimeter_area", tut_gen_perimeter_area, 40, check_perimeter_area },
	{ "patterns", tut_gen_patterns, 50, check_skip },
};
#define N_GENS ((int)(sizeof gens / sizeof gens[0]))

static uint64_t seed_of(int g, int d, int i)
{
	return (uint64_t)i * 1000003u + (uint64_t)g * 7919u + (uint64_t)d;
}

static void make(int g, int d, int i, struct tut_problem *p)
{
	struct tut_rng r;
	tut_rng_seed(&r, seed_of(g, d, i));
	memset(p, 0x5a, sizeof *p);   /* nothing may be left over from before */
	if (gens[g].fn(&r, d, p) != 0)
		ck_abort_msg("%s d%d: generator failed", gens[g].id, d);
}

/* ---- Cases ------------------------------------------------------------------- */

/* Check's ck_assert_* report every passing assertion to the runner (a
 * system call each); millions of them in the loops below cost minutes, so
 * the loops test plainly and only call into Check on a failure. */
#define CHECK(cond, ...)                        \
	do {                                    \
		if (!(cond))                    \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)

/* The shape every problem must have (tcase loops over the generators). */
START_TEST(well_formed)
{
	const struct gen *G = &gens[_i];
	const struct tut_skill *sk = tut_skill_find(G->id);
	CHECK(sk != NULL, "%s is not a skill", G->id);
	struct tut_rng r;
	struct tut_problem p;
	tut_rng_seed(&r, 1);
	ck_assert_int_eq(G->fn(&r, 0, &p), -1);
	ck_assert_int_eq(G->fn(&r, 4, &p), -1);
	for (int d = 1; d <= 3; d++) {
		for (int i = 0; i < SEEDS; i++) {
			make(_i, d, i, &p);
			CHECK(strcmp(p.skill, G->id) == 0, "%s: skill %s", G->id, p.skill);
			CHECK(p.question[0] && p.steps[0] && p.answer[0], "%s: empty part", G->id);
			CHECK(strlen(p.question) < 400, "%s: question too long", G->id);
			CHECK(strlen(p.steps) < 2000, "%s: steps too long", G->id);
			CHECK(p.grade >= sk->grade_min && p.grade <= sk->grade_max,
				      "%s d%d: grade %d outside %d..%d", G->id, d, p.grade, sk->grade_min,
				      sk->grade_max);
			CHECK(p.level == sk->level, "%s: level %d", G->id, (int)p.level);
			CHECK(p.facts[0] == 0, "%s: facts set", G->id);
			/* the last line is exactly the answer line */
			char want[TUT_ANSWER_MAX + TUT_UNIT_MAX + 16];
			if (p.unit[0])
				snprintf(want, sizeof want, "Answer: %s %s", p.answer, p.unit);
			else
				snprintf(want, sizeof want, "Answer: %s", p.answer);
			const char *last = strrchr(p.steps, '\n');
			CHECK(last != NULL, "%s: only an answer line", G->id);
			CHECK(strcmp(last + 1, want) == 0, "%s: last line '%s', expected '%s'", G->id, last + 1,
			      want);
			/* lines: none blank, none over 200 bytes, no other answer line */
			for (const char *l = p.steps; l <= last; ) {
				const char *e = strchr(l, '\n');
				CHECK(e - l > 0, "%s: blank line in\n%s", G->id, p.steps);
				CHECK(e - l <= 200, "%s: line over 200 bytes in\n%s", G->id, p.steps);
				CHECK(strncmp(l, "Answer:", 7) != 0, "%s: early answer", G->id);
				CHECK(strncmp(l, "So ", 3) != 0, "%s: a logic conclusion", G->id);
				l = e + 1;
			}
			CHECK(strchr(p.question, '\n') == NULL, "%s: newline in question", G->id);
		}
	}
}
END_TEST

/* Grades rise (never fall) with difficulty, for the same seed. */
START_TEST(grade_rises)
{
	struct tut_problem p;
	for (int i = 0; i < 200; i++) {
		int prev = 0;
		for (int d = 1; d <= 3; d++) {
			make(_i, d, i, &p);
			CHECK(p.grade >= prev, "%s: grade %d after %d", gens[_i].id, p.grade, prev);
			prev = p.grade;
		}
	}
}
END_TEST

START_TEST(deterministic)
{
	static struct tut_problem a, b;
	for (int d = 1; d <= 3; d++)
		for (int i = 0; i < 200; i++) {
			make(_i, d, i, &a);
			make(_i, d, i, &b);
			CHECK(strcmp(a.question, b.question) == 0 && strcmp(a.steps, b.steps) == 0 &&
			      strcmp(a.answer, b.answer) == 0 && strcmp(a.unit, b.unit) == 0 &&
			      a.kind == b.kind && a.grade == b.grade && a.level == b.level,
			      "%s d%d seed %d: not deterministic", gens[_i].id, d, i);
		}
}
END_TEST

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(varied)
{
	static char qs[200][TUT_QUESTION_MAX];
	char *ptr[200];
	struct tut_problem p;
	for (int d = 1; d <= 3; d++) {
		for (int i = 0; i < 200; i++) {
			make(_i, d, i, &p);
			snprintf(qs[i], sizeof qs[i], "%s", p.question);
			ptr[i] = qs[i];
		}
		qsort(ptr, 200, sizeof ptr[0], cmp_str);
		int distinct = 1;
		for (int i = 1; i < 200; i++)
			distinct += strcmp(ptr[i], ptr[i - 1]) != 0;
		CHECK(distinct >= gens[_i].min_distinct, "%s d%d: only %d distinct questions",
			      gens[_i].id, d, distinct);
	}
}
END_TEST

START_TEST(keys_recomputed)
{
	const struct gen *G = &gens[_i];
	struct tut_problem p;
	if (!G->check)
		return;
	for (int d = 1; d <= 3; d++)
		for (int i = 0; i < SEEDS; i++) {
			make(_i, d, i, &p);
			const char *err = G->check(&p);
			CHECK(err == NULL, "%s d%d seed %d: %s\nQ: %s\n%s", G->id, d, i, err, p.question,
				      p.steps);
		}
}
END_TEST

/* The key is right by the graders too (answer.c), written as the key. */
START_TEST(key_accepted)
{
	struct tut_problem p;
	for (int d = 1; d <= 3; d++)
		for (int i = 0; i < 300; i++) {
			make(_i, d, i, &p);
			CHECK(tut_answer_check(&p, p.answer) == 1, "%s: key '%s' rejected", gens[_i].id,
				      p.answer);
			char full[128];
			snprintf(full, sizeof full, "%s %s", p.answer, p.unit);
			CHECK(tut_answer_check(&p, full) == 1, "%s: key '%s' rejected", gens[_i].id, full);
		}
}
END_TEST

/* Every worked solution verifies: no wrong step, nothing unknown, and the
 * answer line right. */
START_TEST(solutions_verify)
{
	const struct gen *G = &gens[_i];
	static struct tut_verdict v;
	struct tut_problem p;
	for (int d = 1; d <= 3; d++)
		for (int i = 0; i < SEEDS; i++) {
			make(_i, d, i, &p);
			tut_verify(&p, p.steps, &v);
			int bad = -1;
			for (int k = 0; k < v.n_steps && k < TUT_MAX_STEPS; k++)
				if (v.steps[k].mark == TUT_STEP_WRONG || v.steps[k].mark == TUT_STEP_UNKNOWN) {
					bad = k;
					break;
				}
			CHECK(v.n_wrong == 0 && v.n_unknown == 0 && v.has_answer && v.answer_right,
				      "%s d%d seed %d: wrong %d unknown %d answer %d/%d; line %d (%s)\nQ: %s\n%s",
				      G->id, d, i, v.n_wrong, v.n_unknown, v.has_answer, v.answer_right,
				      bad >= 0 ? v.steps[bad].line : 0, bad >= 0 ? v.steps[bad].why : "", p.question,
				      p.steps);
			CHECK(v.n_right > 0, "%s: no checkable step\n%s", G->id, p.steps);
		}
}
END_TEST

/* The verifier case above has teeth: one wrong digit in a claim is seen. */
START_TEST(verifier_sees_errors)
{
	static struct tut_verdict v;
	struct tut_problem p;
	struct tut_rng r;
	tut_rng_seed(&r, 42);
	tut_gen_add_column(&r, 2, &p);
	char *eq = strstr(p.steps, " = ");
	ck_assert(eq != NULL);
	eq[3] = eq[3] == '9' ? '8' : (char)(eq[3] + 1);   /* "6 + 7 = 13" -> "= 23" */
	tut_verify(&p, p.steps, &v);
	ck_assert_int_gt(v.n_wrong, 0);
}
END_TEST

/* Problems per second for all of them together (printed, not asserted:
 * datagen's budget is about 100,000 a second on one core). */
START_TEST(speed)
{
	static struct tut_problem p;
	struct timespec t0, t1;
	long n = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int round = 0; round < 2000; round++)
		for (int g = 0; g < N_GENS; g++)
			for (int d = 1; d <= 3; d++) {
				struct tut_rng r;
				tut_rng_seed(&r, seed_of(g, d, round));
				gens[g].fn(&r, d, &p);
				n++;
			}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("generators: %ld problems in %.3f s: %.0f problems/s\n", n, s, (double)n / s);
}
END_TEST

/* Known problems: the doc's own examples come out in the doc's shape. */
START_TEST(doc_shapes)
{
	struct tut_problem p;
	int found_carry = 0, found_borrow = 0, found_bring = 0;
	for (int i = 0; i < SEEDS && !(found_carry && found_borrow && found_bring); i++) {
		struct tut_rng r;
		tut_rng_seed(&r, (uint64_t)i);
		tut_gen_add_column(&r, 2, &p);
		found_carry |= strstr(p.steps, ", carry 1\n") != NULL && strncmp(p.steps, "Ones: ", 6) == 0;
		tut_rng_seed(&r, (uint64_t)i);
		tut_gen_sub_column(&r, 1, &p);
		found_borrow |= strstr(p.steps, ", so borrow a ten: ") != NULL &&
				strstr(p.steps, " after the borrow, ") != NULL;
		tut_rng_seed(&r, (uint64_t)i);
		tut_gen_long_division(&r, 1, &p);
		found_bring |= strstr(p.steps, "Bring down the ") != NULL;
	}
	ck_assert(found_carry && found_borrow && found_bring);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("generators");
	TCase *tc = tcase_create("generators");
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, well_formed, 0, N_GENS);
	tcase_add_loop_test(tc, grade_rises, 0, N_GENS);
	tcase_add_loop_test(tc, deterministic, 0, N_GENS);
	tcase_add_loop_test(tc, varied, 0, N_GENS);
	tcase_add_loop_test(tc, keys_recomputed, 0, N_GENS);
	tcase_add_loop_test(tc, key_accepted, 0, N_GENS);
	tcase_add_loop_test(tc, solutions_verify, 0, N_GENS);
	tcase_add_test(tc, verifier_sees_errors);
	tcase_add_test(tc, doc_shapes);
	tcase_add_test(tc, speed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
