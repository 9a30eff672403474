/* gen_muldiv.c: times tables, long multiplication, division with
 * remainders and long division.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * A quotient with a remainder is answered as "24 r 2" (answer.c reads that
 * form for NUMBER keys); an exact quotient as a plain number.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "tutor/internal.h"

static int rnd(struct tut_rng *r, int lo, int hi)
{
	return (int)tut_rng_range(r, lo, hi);
}

static const char *const column_name[] = { "Ones", "Tens", "Hundreds", "Thousands", "Ten thousands" };
static const char *const place_name[] = { "ones", "tens", "hundreds", "thousands", "ten thousands",
					  "hundred thousands" };

/* ---- Times tables ------------------------------------------------------- */

/* Works out x × y from facts a child already knows, ending with the claim
 * "x × y = p". */
static void fact_steps(struct tut_buf *s, int x, int y)
{
	int p = x * y;
	if (y == 1) {
		tut_step(s, "Any number times 1 is itself.");
	} else if (y == 10) {
		tut_step(s, "Multiplying by 10 puts a 0 on the end of %d.", x);
	} else if (y <= 5) {
		tut_buf_printf(s, "Count in %ds, %d times: ", x, y);
		for (int i = 1; i <= y; i++)
			tut_buf_printf(s, i > 1 ? ", %d" : "%d", x * i);
		tut_step(s, "%s", "");
	} else if (y == 9) {
		tut_step(s, "Nine %ds is ten %ds take away one %d.", x, x, x);
		tut_step(s, "%d × 9 = %d × 10 - %d = %d - %d = %d", x, x, x, x * 10, x, p);
		return;
	} else if (y < 10) {
		tut_step(s, "Split %d into 5 and %d.", y, y - 5);
		tut_step(s, "%d × %d = %d × 5 + %d × %d = %d + %d = %d", x, y, x, x, y - 5, x * 5,
			 x * (y - 5), p);
		return;
	} else {
		tut_step(s, "Split %d into 10 and %d.", y, y - 10);
		tut_step(s, "%d × %d = %d × 10 + %d × %d = %d + %d = %d", x, y, x, x, y - 10, x * 10,
			 x * (y - 10), p);
		return;
	}
	tut_step(s, "%d × %d = %d", x, y, p);
}

int tut_gen_times_tables(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int easy[] = { 2, 5, 10 }, mid[] = { 3, 4, 6, 8 }, hard[] = { 6, 7, 8, 9, 11, 12 };
	static const int grade[] = { 2, 3, 3 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "times_tables", grade[difficulty - 1], TUT_BASIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int t, m, form;
	if (difficulty == 1) {
		t = easy[rnd(r, 0, 2)];
		m = rnd(r, 1, 10);
		form = 0;
	} else if (difficulty == 2) {
		t = mid[rnd(r, 0, 3)];
		m = rnd(r, 2, 10);
		form = rnd(r, 0, 3) == 0 ? 2 : 0;
	} else {
		t = hard[rnd(r, 0, 5)];
		m = rnd(r, 2, 12);
		form = rnd(r, 0, 2);
	}
	int prod = t * m, ans;
	if (form == 0) {
		/* t × m, in either order */
		int x = t, y = m;
		if (rnd(r, 0, 1)) {
			x = m;
			y = t;
		}
		switch (rnd(r, 0, 5)) {
		case 0: tut_buf_printf(&q, "What is %d × %d?", x, y); break;
		case 1: tut_buf_printf(&q, "%d × %d = ?", x, y); break;
		case 2: tut_buf_printf(&q, "Multiply %d by %d.", x, y); break;
		case 3: tut_buf_printf(&q, "What is %d times %d?", x, y); break;
		case 4: tut_buf_printf(&q, "What is the product of %d and %d?", x, y); break;
		default: tut_buf_printf(&q, "How much is %d groups of %d?", x, y); break;
		}
		/* Count or split by the smaller factor: fewer, easier steps. */
		int big = t > m ? t : m, small = t > m ? m : t;
		if (x != big)
			tut_step(&s, "%d × %d is the same as %d × %d.", x, y, big, small);
		fact_steps(&s, big, small);
		if (x != big)
			tut_step(&s, "%d × %d = %d", x, y, prod);
		ans = prod;
	} else if (form == 1) {
		/* a missing factor */
		switch (rnd(r, 0, 2)) {
		case 0: tut_buf_printf(&q, "%d × ? = %d", t, prod); break;
		case 1: tut_buf_printf(&q, "Find the missing number: %d × ? = %d", t, prod); break;
		default: tut_buf_printf(&q, "What number times %d makes %d?", t, prod); break;
		}
		tut_step(&s, "Undo the multiplication by dividing: %d ÷ %d = %d", prod, t, m);
		tut_step(&s, "Check: %d × %d = %d", t, m, prod);
		ans = m;
	} else {
		/* a division fact */
		switch (rnd(r, 0, 3)) {
		case 0: tut_buf_printf(&q, "What is %d ÷ %d?", prod, t); break;
		case 1: tut_buf_printf(&q, "%d ÷ %d = ?", prod, t); break;
		case 2: tut_buf_printf(&q, "Divide %d by %d.", prod, t); break;
		default: tut_buf_printf(&q, "How many %ds are in %d?", t, prod); break;
		}
		tut_step(&s, "Use the %d times table: %d × %d = %d", t, t, m, prod);
		tut_step(&s, "%d ÷ %d = %d", prod, t, m);
		ans = m;
	}
	char a[16];
	snprintf(a, sizeof a, "%d", ans);
	tut_finish(p, &s, a, "");
	return 0;
}

/* ---- Long multiplication ------------------------------------------------- */

static int ndigits(long v)
{
	int n = 1;
	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* Short multiplication by one digit, one column note per column. */
static void short_mul_steps(struct tut_buf *s, long a, int m)
{
	int n = ndigits(a), carry = 0;
	long v = a;
	for (int i = 0; i < n; i++, v /= 10) {
		int d = (int)(v % 10), t = d * m + carry;
		if (carry)
			tut_buf_printf(s, "%s: %d × %d + %d = %d, write %d", column_name[i], d, m, carry, t,
				       t % 10);
		else
			tut_buf_printf(s, "%s: %d × %d = %d, write %d", column_name[i], d, m, t, t % 10);
		carry = t / 10;
		if (carry)
			tut_buf_printf(s, ", carry %d", carry);
		tut_step(s, "%s", "");
	}
	if (carry)
		tut_step(s, "The carried %d goes in the %s place.", carry, place_name[n]);
}

int tut_gen_mul_long(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int grade[] = { 4, 4, 5 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "mul_long", grade[difficulty - 1], TUT_BASIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	long a;
	int m;
	if (difficulty == 1) {
		a = rnd(r, 0, 1) ? rnd(r, 12, 99) : rnd(r, 102, 999);
		m = rnd(r, 3, 9);
	} else if (difficulty == 2) {
		a = rnd(r, 0, 2) ? rnd(r, 12, 99) : rnd(r, 102, 499);
		m = rnd(r, 1, 9) * 10 + rnd(r, 1, 9);
	} else {
		a = rnd(r, 0, 1) ? rnd(r, 102, 999) : rnd(r, 1002, 9999);
		m = rnd(r, 1, 9) * 10 + rnd(r, 1, 9);
	}
	long prod = a * m;
	long x = a, y = m;
	if (rnd(r, 0, 3) == 0) {
		x = m;
		y = a;
	}
	switch (rnd(r, 0, 4)) {
	case 0: tut_buf_printf(&q, "What is %ld × %ld?", x, y); break;
	case 1: tut_buf_printf(&q, "Multiply %ld by %ld.", x, y); break;
	case 2: tut_buf_printf(&q, "%ld × %ld = ?", x, y); break;
	case 3: tut_buf_printf(&q, "Find the product of %ld and %ld.", x, y); break;
	default: tut_buf_printf(&q, "Work out %ld × %ld.", x, y); break;
	}
	if (x != a)
		tut_step(&s, "Multiply the bigger number, %ld, by each digit of %d.", a, m);
	if (m < 10) {
		short_mul_steps(&s, a, m);
	} else {
		long ones = a * (m % 10), tens = a * (m / 10 * 10);
		tut_step(&s, "Multiply by the ones digit: %ld × %d = %ld", a, m % 10, ones);
		tut_step(&s, "Multiply by the tens digit: %ld × %d = %ld", a, m / 10 * 10, tens);
		tut_step(&s, "Add the rows: %ld + %ld = %ld", ones, tens, prod);
	}
	tut_step(&s, "%ld × %ld = %ld", x, y, prod);
	char ans[24];
	snprintf(ans, sizeof ans, "%ld", prod);
	tut_finish(p, &s, ans, "");
	return 0;
}

/* ---- Division with remainders ------------------------------------------- */

struct share {
	const char *things, *groups, *group, *verb;
};

static const struct share shares[] = {
	{ "sweets", "children", "child", "shared equally among" },
	{ "stickers", "friends", "friend", "shared equally among" },
	{ "cards", "players", "player", "dealt equally to" },
	{ "apples", "baskets", "basket", "packed equally into" },
	{ "pencils", "pots", "pot", "put equally into" },
	{ "marbles", "bags", "bag", "shared equally into" },
};

static void remainder_answer(char *buf, size_t cap, long qt, long rem)
{
	if (rem)
		snprintf(buf, cap, "%ld r %ld", qt, rem);
	else
		snprintf(buf, cap, "%ld", qt);
}

int tut_gen_div_remainder(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int grade[] = { 3, 4, 4 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "div_remainder", grade[difficulty - 1], TUT_BASIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int d, qt;
	if (difficulty == 1) {
		d = rnd(r, 2, 5);
		qt = rnd(r, 1, 9);
	} else if (difficulty == 2) {
		d = rnd(r, 3, 9);
		qt = rnd(r, 2, 12);
	} else {
		d = rnd(r, 2, 9);
		qt = rnd(r, 11, 40);
	}
	int rem = rnd(r, 1, d - 1), n = qt * d + rem;
	int form = rnd(r, 0, 5);  /* 0..3: plain, 4: how many left over, 5: how many each */
	const struct share *sh = &shares[rnd(r, 0, (int)(sizeof shares / sizeof shares[0]) - 1)];
	const char *unit = "";
	char ans[32];

	switch (form) {
	case 0: tut_buf_printf(&q, "What is %d ÷ %d?", n, d); break;
	case 1: tut_buf_printf(&q, "Divide %d by %d. Give the remainder too.", n, d); break;
	case 2: tut_buf_printf(&q, "%d ÷ %d = ?", n, d); break;
	case 3: tut_buf_printf(&q, "Work out %d ÷ %d with a remainder.", n, d); break;
	case 4:
		tut_buf_printf(&q, "%d %s are %s %d %s. How many %s are left over?", n, sh->things, sh->verb,
			       d, sh->groups, sh->things);
		break;
	default:
		tut_buf_printf(&q, "%d %s are %s %d %s. How many %s does each %s get?", n, sh->things,
			       sh->verb, d, sh->groups, sh->things, sh->group);
		break;
	}
	if (form >= 4)
		tut_step(&s, "Share %d into %d equal groups: divide %d by %d.", n, d, n, d);
	if (difficulty < 3) {
		tut_step(&s, "The biggest multiple of %d that is not more than %d: %d × %d = %d", d, n, d, qt,
			 qt * d);
		tut_step(&s, "%d × %d = %d, which is more than %d", d, qt + 1, (qt + 1) * d, n);
		tut_step(&s, "%d - %d = %d", n, qt * d, rem);
	} else {
		/* chunking: take away ten-lots first */
		int tens = qt / 10 * 10, ones = qt - tens, left = n - tens * d;
		tut_step(&s, "Take away %d groups of %d: %d × %d = %d", tens, d, d, tens, tens * d);
		tut_step(&s, "%d - %d = %d", n, tens * d, left);
		if (ones) {
			tut_step(&s, "Take away %d more groups of %d: %d × %d = %d", ones, d, d, ones, ones * d);
			tut_step(&s, "%d - %d = %d", left, ones * d, rem);
			tut_step(&s, "%d + %d = %d groups", tens, ones, qt);
		}
	}
	tut_step(&s, "%d ÷ %d = %d r %d", n, d, qt, rem);
	if (form == 4) {
		tut_step(&s, "%d %s left over.", rem, rem == 1 ? "is" : "are");
		snprintf(ans, sizeof ans, "%d", rem);
		unit = sh->things;
	} else if (form == 5) {
		tut_step(&s, "Each %s gets %d, and %d %s left over.", sh->group, qt, rem,
			 rem == 1 ? "is" : "are");
		snprintf(ans, sizeof ans, "%d", qt);
		unit = sh->things;
	} else {
		remainder_answer(ans, sizeof ans, qt, rem);
	}
	tut_finish(p, &s, ans, unit);
	return 0;
}

/* ---- Long division -------------------------------------------------------- */

int tut_gen_long_division(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int grade[] = { 4, 4, 5 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "long_division", grade[difficulty - 1], TUT_BASIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	long n;
	int d;
	if (difficulty == 1) {
		d = rnd(r, 2, 9);
		n = rnd(r, 0, 1) ? rnd(r, d * 10 > 20 ? d * 10 : 20, 99) : rnd(r, 100, 999);
	} else if (difficulty == 2) {
		d = rnd(r, 3, 9);
		n = rnd(r, 0, 2) ? rnd(r, 100, 999) : rnd(r, 1000, 9999);
	} else {
		d = rnd(r, 0, 2) ? rnd(r, 11, 25) : rnd(r, 6, 9);
		n = rnd(r, 1000, 9999);
	}
	/* Now and then an exact division. */
	if (rnd(r, 0, 4) == 0)
		n -= n % d;

	switch (rnd(r, 0, 3)) {
	case 0: tut_buf_printf(&q, "Use long division to work out %ld ÷ %d.", n, d); break;
	case 1: tut_buf_printf(&q, "What is %ld ÷ %d?", n, d); break;
	case 2: tut_buf_printf(&q, "Divide %ld by %d.", n, d); break;
	default: tut_buf_printf(&q, "%ld ÷ %d = ?", n, d); break;
	}

	char dg[12];
	int k = snprintf(dg, sizeof dg, "%ld", n), pos = 0;
	long cur = 0, qt = n / d, rem = n % d;
	/* Start with the first part of the number that d goes into. */
	while (pos < k && cur * 10 + (dg[pos] - '0') < d)
		cur = cur * 10 + (dg[pos++] - '0');
	if (pos > 0)
		tut_step(&s, "%ld is less than %d, so start with %ld.", cur, d, cur * 10 + (dg[pos] - '0'));
	cur = cur * 10 + (dg[pos++] - '0');
	for (;;) {
		long qd = cur / d, rd = cur % d;
		if (d >= 10 && qd > 0)
			tut_step(&s, "%d × %ld = %ld", d, qd, qd * d);
		if (rd)
			tut_step(&s, "%ld ÷ %d = %ld r %ld, write %ld", cur, d, qd, rd, qd);
		else
			tut_step(&s, "%ld ÷ %d = %ld, write %ld", cur, d, qd, qd);
		if (pos >= k)
			break;
		cur = rd * 10 + (dg[pos] - '0');
		tut_step(&s, "Bring down the %c to make %ld.", dg[pos], cur);
		pos++;
	}
	char ans[32];
	remainder_answer(ans, sizeof ans, qt, rem);
	if (rem) {
		tut_step(&s, "%ld ÷ %d = %s", n, d, ans);
	} else {
		tut_step(&s, "%ld ÷ %d = %ld", n, d, qt);
	}
	tut_finish(p, &s, ans, "");
	return 0;
}
