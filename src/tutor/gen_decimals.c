/* gen_decimals.c: comparing decimals, adding and subtracting them, and
 * money.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Decimals are held as integers in thousandths (money in cents) and
 * written with a fixed number of places, so every claim is exact.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "tutor/internal.h"

static int rnd(struct tut_rng *r, int lo, int hi)
{
	return (int)tut_rng_range(r, lo, hi);
}

static const int scale[] = { 1000, 100, 10, 1 };   /* thousandths per last place */

/* v thousandths with `places` decimals ("2.40" for 2400 with 2 places). */
static void dec_text(char *buf, size_t cap, long v, int places)
{
	if (places == 0)
		snprintf(buf, cap, "%ld", v / 1000);
	else
		snprintf(buf, cap, "%ld.%0*ld", v / 1000, places, v % 1000 / scale[places]);
}

/* The canonical text of v thousandths: no trailing zeros. */
static void dec_canon(char *buf, size_t cap, long v)
{
	int ok = 1;
	tut_q_decimal(tut_q_make(v, 1000, &ok), buf, cap);
}

/* A random decimal with exactly `places` places (its last digit not 0). */
static long rand_dec(struct tut_rng *r, int whole_lo, int whole_hi, int places)
{
	long v = (long)rnd(r, whole_lo, whole_hi) * 1000;
	if (places > 0) {
		int frac = rnd(r, 0, 1000 / scale[places] - 1);
		if (frac % 10 == 0)
			frac += rnd(r, 1, 9);
		v += (long)frac * scale[places];
	}
	return v;
}

static int max2(int a, int b)
{
	return a > b ? a : b;
}

/* ---- Comparing ------------------------------------------------------------ */

int tut_gen_dec_compare(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int grade[] = { 4, 4, 5 };
	static const char *const place[] = { "whole numbers", "tenths", "hundredths", "thousandths" };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "dec_compare", grade[difficulty - 1], TUT_BASIC, TUT_ANS_CHOICE);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int pa, pb, form = rnd(r, 0, 4);
	long a, b;
	int wmax = difficulty == 1 ? 9 : 20;
	do {
		pa = difficulty == 1 ? 1 : rnd(r, 1, difficulty);
		pb = difficulty == 1 ? 1 : rnd(r, 1, difficulty);
		a = rand_dec(r, 0, wmax, pa);
		if (rnd(r, 0, 3) == 0) {
			b = rand_dec(r, 0, wmax, pb);
		} else if (pb >= 2 && rnd(r, 0, 1)) {
			/* the same whole number and tenths: look further along */
			b = a / 100 * 100 + rand_dec(r, 0, 0, pb) % 100;
		} else {
			b = a / 1000 * 1000 + rand_dec(r, 0, 0, pb);
		}
	} while (a == b);
	if (form < 2 && difficulty > 1 && pa < 3 && rnd(r, 0, 7) == 0) {
		/* the same value written with an extra zero: 0.5 = 0.50 */
		b = a;
		pb = pa + 1;
	}
	char ta[24], tb[24];
	dec_text(ta, sizeof ta, a, pa);
	dec_text(tb, sizeof tb, b, pb);
	char rl = a < b ? '<' : a > b ? '>' : '=';
	if (form < 2) {
		tut_buf_printf(&q, form ? "Which sign goes in the gap, <, > or =? %s _ %s"
			       : "Write <, > or =: %s _ %s", ta, tb);
	} else {
		p->kind = TUT_ANS_NUMBER;
		if (form == 4)
			tut_buf_printf(&q, "Which is smaller, %s or %s?", ta, tb);
		else if (form == 3)
			tut_buf_printf(&q, "Which is greater, %s or %s?", ta, tb);
		else
			tut_buf_printf(&q, "Which number is bigger: %s or %s?", ta, tb);
	}
	int pl = max2(pa, pb);
	char wa[24], wb[24];
	dec_text(wa, sizeof wa, a, pl);
	dec_text(wb, sizeof wb, b, pl);
	if (pa != pb) {
		tut_step(&s, "Give both numbers the same number of decimal places.");
		if (pa < pl)
			tut_step(&s, "%s = %s", ta, wa);
		else
			tut_step(&s, "%s = %s", tb, wb);
	}
	/* place by place from the left */
	for (int i = 0; i <= pl; i++) {
		long da = i ? a / scale[i] % 10 : a / 1000, db = i ? b / scale[i] % 10 : b / 1000;
		tut_step(&s, "Compare the %s: %ld %c %ld", place[i], da, da < db ? '<' : da > db ? '>' : '=',
			 db);
		if (da != db)
			break;
	}
	tut_step(&s, "%s %c %s", ta, rl, tb);
	char ans[24];
	if (form < 2) {
		snprintf(ans, sizeof ans, "%c", rl);
	} else {
		int first = (form == 4) == (rl == '<');
		snprintf(ans, sizeof ans, "%s", first ? ta : tb);
		tut_step(&s, "The %s number is %s.", form == 4 ? "smaller" : "greater", ans);
	}
	tut_finish(p, &s, ans, "");
	return 0;
}

/* ---- Adding and subtracting ---------------------------------------------------- */

struct dec_story {
	const char *fmt;   /* two decimals */
	const char *unit;
	int add;
};

static const struct dec_story dec_stories[] = {
	{ "A red ribbon is %s m long and a blue ribbon is %s m long. How long are they "
	  "together?", "m", 1 },
	{ "A bag of apples weighs %s kg and a bag of pears weighs %s kg. What do they weigh "
	  "altogether?", "kg", 1 },
	{ "A jug holds %s l of water. Sam pours out %s l. How much water is left in the jug?", "l",
	  0 },
	{ "A plank is %s m long. A piece %s m long is cut off. How long is the plank now?", "m", 0 },
};

int tut_gen_dec_add_sub(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int grade[] = { 5, 5, 6 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "dec_add_sub", grade[difficulty - 1], TUT_BASIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int add = rnd(r, 0, 1), pa, pb;
	long a, b;
	if (difficulty == 1) {
		pa = pb = 1;
		a = rand_dec(r, 0, 20, 1);
		b = rand_dec(r, 0, 20, 1);
	} else if (difficulty == 2) {
		pa = rnd(r, 1, 2);
		pb = pa == 1 ? 2 : rnd(r, 1, 2);
		a = rand_dec(r, 0, 50, pa);
		b = rand_dec(r, 0, 50, pb);
	} else if (!add && rnd(r, 0, 1)) {
		/* a whole number take away a decimal */
		pa = 0;
		pb = rnd(r, 1, 2);
		a = rand_dec(r, 2, 20, 0);
		b = rand_dec(r, 0, (int)(a / 1000) - 1, pb);
	} else {
		pa = rnd(r, 1, 3);
		pb = rnd(r, 1, 3);
		a = rand_dec(r, 0, 100, pa);
		b = rand_dec(r, 0, 100, pb);
	}
	if (!add && a < b) {
		long t = a;
		int tp = pa;
		a = b;
		b = t;
		pa = pb;
		pb = tp;
	}
	if (!add && a == b)
		a += 1000;
	long res = add ? a + b : a - b;
	char ta[24], tb[24], wa[24], wb[24], wr[24], ans[24];
	int pl = max2(pa, pb);
	dec_text(ta, sizeof ta, a, pa);
	dec_text(tb, sizeof tb, b, pb);
	dec_text(wa, sizeof wa, a, pl);
	dec_text(wb, sizeof wb, b, pl);
	dec_text(wr, sizeof wr, res, pl);
	dec_canon(ans, sizeof ans, res);

	const char *unit = "";
	char op = add ? '+' : '-';
	int form = rnd(r, 0, 4);
	if (form == 4) {
		const struct dec_story *st;
		do
			st = &dec_stories[rnd(r, 0, 3)];
		while (st->add != add);
		tut_buf_printf(&q, st->fmt, ta, tb);
		unit = st->unit;
	} else if (add) {
		static const char *const f[] = { "What is %s + %s?", "Add %s and %s.", "%s + %s = ?",
						 "Find the sum of %s and %s." };
		tut_buf_printf(&q, f[form], ta, tb);
	} else if (form == 1) {
		tut_buf_printf(&q, "Subtract %s from %s.", tb, ta);
	} else {
		static const char *const f[] = { "What is %s - %s?", "", "%s - %s = ?",
						 "Find the difference between %s and %s." };
		tut_buf_printf(&q, f[form], ta, tb);
	}
	if (pa == pb) {
		tut_step(&s, "Line up the decimal points and %s digit by digit.", add ? "add" : "subtract");
	} else {
		const char *shortt = pa < pb ? ta : tb, *longt = pa < pb ? wa : wb;
		tut_step(&s, "Line up the decimal points: write %s as %s.", shortt, longt);
	}
	tut_step(&s, "%s %c %s = %s", wa, op, wb, wr);
	tut_finish(p, &s, ans, unit);
	return 0;
}

/* ---- Money ----------------------------------------------------------------- */

static void money_text(char *buf, size_t cap, long cents)
{
	snprintf(buf, cap, "$%ld.%02ld", cents / 100, cents % 100);
}

/* A price as a question writes it: "35c" under a dollar at level 1. */
static void price_text(char *buf, size_t cap, long cents, int difficulty)
{
	if (cents < 100 && difficulty == 1)
		snprintf(buf, cap, "%ldc", cents);
	else
		money_text(buf, cap, cents);
}

static const char *const items[] = { "pencil", "notebook", "ruler", "apple", "toy car", "book",
				      "cap", "ball", "comic", "sandwich" };
static const char *const items_a[] = { "a pencil", "a notebook", "a ruler", "an apple", "a toy car",
					"a book", "a cap", "a ball", "a comic", "a sandwich" };
static const char *const items_cap[] = { "A pencil", "A notebook", "A ruler", "An apple", "A toy car",
					  "A book", "A cap", "A ball", "A comic", "A sandwich" };
static const char *const items_pl[] = { "pencils", "notebooks", "rulers", "apples", "toy cars",
					 "books", "caps", "balls", "comics", "sandwiches" };
static const char *const names[] = { "Sam", "Mia", "Ben", "Ana", "Leo", "Kim", "Tom", "Zoe" };

/* Adds prices dollars first, then cents, then puts them together. */
static void add_prices_steps(struct tut_buf *s, const long *c, int n)
{
	long dollars = 0, cents = 0;
	char t[24];
	for (int i = 0; i < n; i++) {
		dollars += c[i] / 100;
		cents += c[i] % 100;
	}
	if (dollars && cents) {
		tut_buf_printf(s, "Add the dollars: ");
		for (int i = 0; i < n; i++) {
			money_text(t, sizeof t, c[i] / 100 * 100);
			tut_buf_printf(s, i ? " + %s" : "%s", t);
		}
		money_text(t, sizeof t, dollars * 100);
		tut_step(s, " = %s", t);
		tut_buf_printf(s, "Add the cents: ");
		for (int i = 0; i < n; i++)
			tut_buf_printf(s, i ? " + %ldc" : "%ldc", c[i] % 100);
		tut_step(s, " = %ldc", cents);
		char tc[24];
		money_text(tc, sizeof tc, cents);
		if (cents >= 100)
			tut_step(s, "%ldc = %s", cents, tc);
		money_text(t, sizeof t, dollars * 100);
		char tt[24];
		money_text(tt, sizeof tt, dollars * 100 + cents);
		tut_step(s, "%s + %s = %s", t, tc, tt);
	}
	char tt[24];
	money_text(tt, sizeof tt, dollars * 100 + cents);
	if (!dollars) {
		/* all in cents */
		for (int i = 0; i < n; i++)
			tut_buf_printf(s, i ? " + %ldc" : "%ldc", c[i]);
		tut_step(s, " = %ldc", cents);
		tut_step(s, "%ldc = %s", cents, tt);
		return;
	}
	for (int i = 0; i < n; i++) {
		money_text(t, sizeof t, c[i]);
		tut_buf_printf(s, i ? " + %s" : "%s", t);
	}
	tut_step(s, " = %s", tt);
}

/* Change by counting up from the cost to the note. */
static void change_steps(struct tut_buf *s, long cost, long paid)
{
	char a[24], b[24], c[24];
	long up = (100 - cost % 100) % 100, dollar = cost + up;
	tut_step(s, "Count up from the cost to the money paid.");
	if (up) {
		money_text(a, sizeof a, cost);
		money_text(b, sizeof b, up);
		money_text(c, sizeof c, dollar);
		tut_step(s, "%s + %s = %s", a, b, c);
	}
	if (paid > dollar) {
		money_text(a, sizeof a, dollar);
		money_text(b, sizeof b, paid - dollar);
		money_text(c, sizeof c, paid);
		tut_step(s, "%s + %s = %s", a, b, c);
	}
	if (up && paid > dollar) {
		money_text(a, sizeof a, up);
		money_text(b, sizeof b, paid - dollar);
		money_text(c, sizeof c, paid - cost);
		tut_step(s, "%s + %s = %s", a, b, c);
	}
	money_text(a, sizeof a, paid);
	money_text(b, sizeof b, cost);
	money_text(c, sizeof c, paid - cost);
	tut_step(s, "%s - %s = %s", a, b, c);
}

int tut_gen_money(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "money", difficulty + 1, TUT_BASIC, TUT_ANS_MONEY);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	const int n_items = (int)(sizeof items / sizeof items[0]);
	const char *who = names[rnd(r, 0, (int)(sizeof names / sizeof names[0]) - 1)];
	int i1 = rnd(r, 0, n_items - 1), i2 = (i1 + rnd(r, 1, n_items - 1)) % n_items;
	int i3 = (i2 + 1) % n_items == i1 ? (i2 + 2) % n_items : (i2 + 1) % n_items;
	long c[3] = { 0, 0, 0 }, total;
	char t1[24], t2[24], t3[24], ans[24];
	int kind;   /* 0: total of two, 1: total of three, 2: change, 3: total then change, 4: n items */

	if (difficulty == 1) {
		kind = 0;
		if (rnd(r, 0, 2) == 0) {
			c[0] = rnd(r, 1, 9) * 5;
			c[1] = rnd(r, 1, 19 - c[0] / 5) * 5;
		} else {
			c[0] = rnd(r, 1, 4) * 100 + rnd(r, 0, 3) * 25;
			c[1] = rnd(r, 1, 4) * 100 + rnd(r, 0, 3) * 25;
		}
	} else if (difficulty == 2) {
		kind = rnd(r, 0, 2);
		for (int i = 0; i < 3; i++)
			c[i] = rnd(r, 50, 499);
	} else {
		kind = rnd(r, 2, 4);
		for (int i = 0; i < 3; i++)
			c[i] = rnd(r, 50, 899);
	}
	price_text(t1, sizeof t1, c[0], difficulty);
	price_text(t2, sizeof t2, c[1], difficulty);
	price_text(t3, sizeof t3, c[2], difficulty);

	switch (kind) {
	case 0:
		switch (rnd(r, 0, 3)) {
		case 0:
			tut_buf_printf(&q, "%s costs %s and %s costs %s. How much do they cost altogether?",
				       items_cap[i1], t1, items_a[i2], t2);
			break;
		case 1:
			tut_buf_printf(&q, "%s buys %s for %s and %s for %s. How much does %s spend?", who,
				       items_a[i1], t1, items_a[i2], t2, who);
			break;
		case 2:
			tut_buf_printf(&q, "What is %s + %s?", t1, t2);
			break;
		default:
			tut_buf_printf(&q, "Add %s and %s.", t1, t2);
			break;
		}
		add_prices_steps(&s, c, 2);
		total = c[0] + c[1];
		break;
	case 1:
		tut_buf_printf(&q, "%s buys %s for %s, %s for %s and %s for %s. How much does %s "
			       "spend in all?", who, items_a[i1], t1, items_a[i2], t2, items_a[i3], t3, who);
		add_prices_steps(&s, c, 3);
		total = c[0] + c[1] + c[2];
		break;
	case 2: {
		long note = c[0] < 500 ? (rnd(r, 0, 1) ? 500 : 1000) : (rnd(r, 0, 1) ? 1000 : 2000);
		tut_buf_printf(&q, "%s costs %s. %s pays with a $%ld note. How much change does %s get?",
			       items_cap[i1], t1, who, note / 100, who);
		change_steps(&s, c[0], note);
		total = note - c[0];
		break;
	}
	case 3: {
		long cost = c[0] + c[1], note = cost < 1000 ? 1000 : 2000;
		tut_buf_printf(&q, "%s buys %s for %s and %s for %s, and pays with a $%ld note. How "
			       "much change does %s get?", who, items_a[i1], t1, items_a[i2], t2, note / 100, who);
		tut_step(&s, "First find the total cost.");
		add_prices_steps(&s, c, 2);
		tut_step(&s, "Then find the change.");
		change_steps(&s, cost, note);
		total = note - cost;
		break;
	}
	default: {
		int n = rnd(r, 2, 6);
		c[0] = c[0] % 300 + 25;
		price_text(t1, sizeof t1, c[0], difficulty);
		tut_buf_printf(&q, "One %s costs %s. How much do %d %s cost?", items[i1], t1, n, items_pl[i1]);
		char tt[24];
		money_text(tt, sizeof tt, n * c[0]);
		tut_step(&s, "%d %s at %s each: multiply.", n, items_pl[i1], t1);
		tut_step(&s, "%d × %ldc = %ldc", n, c[0], n * c[0]);
		tut_step(&s, "%d × %s = %s", n, t1, tt);
		total = n * c[0];
		break;
	}
	}
	money_text(ans, sizeof ans, total);
	tut_finish(p, &s, ans, "");
	return 0;
}
