/* gen_fractions.c: equivalent fractions, simplifying, comparing, adding
 * and subtracting, a fraction of an amount, mixed numbers.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Answers are in lowest terms; an answer greater than 1 is a mixed number
 * ("1 1/4"), a whole one an integer.  Unlike denominators go over their
 * least common multiple, named the way the doc shows ("The denominators
 * are 4 and 6; 12 is a common multiple.").
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "tutor/internal.h"

static int rnd(struct tut_rng *r, int lo, int hi)
{
	return (int)tut_rng_range(r, lo, hi);
}

static int gcd(int a, int b)
{
	return (int)tut_gcd(a, b);
}

static int lcm(int a, int b)
{
	return a / gcd(a, b) * b;
}

/* A proper fraction n/d in lowest terms with d in [dlo, dhi]. */
static void proper(struct tut_rng *r, int dlo, int dhi, int *n, int *d)
{
	*d = rnd(r, dlo, dhi);
	do
		*n = rnd(r, 1, *d - 1);
	while (gcd(*n, *d) != 1);
}

/* "n/d" as text, or "w n/d" for a mixed number (w > 0). */
static void frac_text(char *buf, size_t cap, int w, int n, int d)
{
	if (w)
		snprintf(buf, cap, "%d %d/%d", w, n, d);
	else
		snprintf(buf, cap, "%d/%d", n, d);
}

/* Simplifies n/d with the greatest common factor; returns it (1: already
 * simplest) and leaves the simplest form in *n, *d. */
static int simplify_steps(struct tut_buf *s, int *n, int *d, int list_factors)
{
	int g = gcd(*n, *d);
	if (g <= 1)
		return 1;
	if (list_factors) {
		for (int k = 0; k < 2; k++) {
			int v = k ? *d : *n;
			tut_buf_printf(s, "The factors of %d are ", v);
			for (int f = 1, first = 1; f <= v; f++) {
				if (v % f)
					continue;
				tut_buf_printf(s, first ? "%d" : (f == v ? " and %d" : ", %d"), f);
				first = 0;
			}
			tut_step(s, ".");
		}
	}
	tut_step(s, "The greatest common factor of %d and %d is %d.", *n, *d, g);
	tut_step(s, "%d ÷ %d = %d", *n, g, *n / g);
	tut_step(s, "%d ÷ %d = %d", *d, g, *d / g);
	tut_step(s, "%d/%d = %d/%d", *n, *d, *n / g, *d / g);
	*n /= g;
	*d /= g;
	return g;
}

/* Writes the steps that turn n/d (n >= 0, d > 0, any form) into the
 * canonical answer: simplest form, then a mixed number when it is more
 * than 1.  The answer text goes to ans. */
static void finish_fraction(struct tut_buf *s, int n, int d, char *ans, size_t cap)
{
	if (n == 0) {
		snprintf(ans, cap, "0");
		return;
	}
	if (n % d == 0) {
		/* a whole number: one division says it */
		tut_step(s, "%d ÷ %d = %d", n, d, n / d);
		tut_step(s, "%d/%d = %d", n, d, n / d);
		snprintf(ans, cap, "%d", n / d);
		return;
	}
	simplify_steps(s, &n, &d, 0);
	if (n < d) {
		snprintf(ans, cap, "%d/%d", n, d);
		return;
	}
	int w = n / d, rest = n % d;
	tut_step(s, "%d ÷ %d = %d r %d", n, d, w, rest);
	tut_step(s, "%d/%d = %d %d/%d", n, d, w, rest, d);
	frac_text(ans, cap, w, rest, d);
}

/* ---- Equivalent fractions ----------------------------------------------- */

int tut_gen_frac_equivalent(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int grade[] = { 3, 3, 4 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "frac_equivalent", grade[difficulty - 1], TUT_SYMBOLIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int a, b, k;
	if (difficulty == 1) {
		proper(r, 2, 6, &a, &b);
		k = rnd(r, 2, 4);
	} else if (difficulty == 2) {
		proper(r, 2, 10, &a, &b);
		k = rnd(r, 2, 6);
	} else {
		proper(r, 3, 12, &a, &b);
		k = rnd(r, 3, 9);
	}
	int A = a * k, B = b * k, ans;
	/* 0: a/b = ?/B   1: a/b = A/?   2: A/B = ?/b */
	int form = difficulty == 1 ? 0 : rnd(r, 0, difficulty == 2 ? 1 : 2);
	char eq[48];
	if (form == 0)
		snprintf(eq, sizeof eq, "%d/%d = ?/%d", a, b, B);
	else if (form == 1)
		snprintf(eq, sizeof eq, "%d/%d = %d/?", a, b, A);
	else
		snprintf(eq, sizeof eq, "%d/%d = ?/%d", A, B, b);
	switch (rnd(r, 0, 2)) {
	case 0: tut_buf_printf(&q, "Fill in the missing number: %s", eq); break;
	case 1: tut_buf_printf(&q, "What number goes in the gap? %s", eq); break;
	default: tut_buf_printf(&q, "%s. What is the missing number?", eq); break;
	}
	if (form == 0) {
		tut_step(&s, "%d ÷ %d = %d", B, b, k);
		tut_step(&s, "The bottom was multiplied by %d, so multiply the top by %d too.", k, k);
		tut_step(&s, "%d × %d = %d", a, k, A);
		ans = A;
	} else if (form == 1) {
		tut_step(&s, "%d ÷ %d = %d", A, a, k);
		tut_step(&s, "The top was multiplied by %d, so multiply the bottom by %d too.", k, k);
		tut_step(&s, "%d × %d = %d", b, k, B);
		ans = B;
	} else {
		tut_step(&s, "%d ÷ %d = %d", B, b, k);
		tut_step(&s, "The bottom was divided by %d, so divide the top by %d too.", k, k);
		tut_step(&s, "%d ÷ %d = %d", A, k, a);
		ans = a;
	}
	if (form == 2)
		tut_step(&s, "%d/%d = %d/%d", A, B, a, b);
	else
		tut_step(&s, "%d/%d = %d/%d", a, b, A, B);
	char buf[16];
	snprintf(buf, sizeof buf, "%d", ans);
	tut_finish(p, &s, buf, "");
	return 0;
}

/* ---- Simplifying ------------------------------------------------------------ */

int tut_gen_frac_simplify(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int grade[] = { 4, 4, 5 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "frac_simplify", grade[difficulty - 1], TUT_SYMBOLIC, TUT_ANS_FRACTION);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int a, b, g;
	if (difficulty == 1) {
		proper(r, 2, 8, &a, &b);
		g = rnd(r, 2, 5);
	} else if (difficulty == 2) {
		proper(r, 2, 12, &a, &b);
		g = rnd(r, 2, 10);
	} else {
		static const int comp[] = { 4, 6, 8, 9, 10, 12, 14, 15, 16, 18, 20, 24 };
		proper(r, 3, 16, &a, &b);
		g = comp[rnd(r, 0, 11)];
	}
	int n = a * g, d = b * g;
	switch (rnd(r, 0, 3)) {
	case 0: tut_buf_printf(&q, "Simplify %d/%d.", n, d); break;
	case 1: tut_buf_printf(&q, "Write %d/%d in its simplest form.", n, d); break;
	case 2: tut_buf_printf(&q, "Write %d/%d in lowest terms.", n, d); break;
	default: tut_buf_printf(&q, "Reduce %d/%d to lowest terms.", n, d); break;
	}
	simplify_steps(&s, &n, &d, difficulty < 3 && d <= 60);
	char ans[24];
	frac_text(ans, sizeof ans, 0, n, d);
	tut_finish(p, &s, ans, "");
	return 0;
}

/* ---- Comparing -------------------------------------------------------------- */

static char rel(long l, long r)
{
	return l < r ? '<' : l > r ? '>' : '=';
}

int tut_gen_frac_compare(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int grade[] = { 3, 4, 5 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "frac_compare", grade[difficulty - 1], TUT_SYMBOLIC, TUT_ANS_CHOICE);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int a, b, c, d, form = rnd(r, 0, 4), same_num = 0;
	if (difficulty == 1) {
		if (rnd(r, 0, 2)) {
			d = b = rnd(r, 3, 12);
			a = rnd(r, 1, b - 1);
			do
				c = rnd(r, 1, b - 1);
			while (c == a);
		} else {
			same_num = 1;
			a = c = rnd(r, 1, 3);
			b = rnd(r, a + 1, 10);
			do
				d = rnd(r, a + 1, 12);
			while (d == b);
		}
	} else if (difficulty == 2) {
		proper(r, 2, 6, &a, &b);
		d = b * rnd(r, 2, 3);
		do
			c = rnd(r, 1, d - 1);
		while (gcd(c, d) != 1);
		if (form < 2 && rnd(r, 0, 5) == 0)
			c = a * (d / b);  /* equal */
	} else {
		do {
			proper(r, 2, 12, &a, &b);
			proper(r, 2, 12, &c, &d);
		} while (b == d || lcm(b, d) > 60 || (long)a * d == (long)c * b);
	}
	if (rnd(r, 0, 1)) {  /* either one first */
		int t = a;
		a = c;
		c = t;
		t = b;
		b = d;
		d = t;
	}
	long ln = (long)a * d, rn = (long)c * b;  /* cross products */
	char rl = rel(ln, rn);

	if (form < 2) {
		tut_buf_printf(&q, form ? "Which sign goes in the gap, <, > or =? %d/%d _ %d/%d"
			       : "Write <, > or =: %d/%d _ %d/%d", a, b, c, d);
	} else {
		p->kind = TUT_ANS_NUMBER;
		if (form == 4)
			tut_buf_printf(&q, "Which fraction is smaller: %d/%d or %d/%d?", a, b, c, d);
		else if (form == 3)
			tut_buf_printf(&q, "Which is greater, %d/%d or %d/%d?", a, b, c, d);
		else
			tut_buf_printf(&q, "Which fraction is bigger, %d/%d or %d/%d?", a, b, c, d);
	}
	if (b == d) {
		tut_step(&s, "The denominators are the same, so compare the numerators: %d %c %d", a, rl, c);
	} else if (same_num) {
		tut_step(&s, "The numerators are the same, and cutting into fewer parts makes bigger "
			 "parts.");
	} else {
		int m = lcm(b, d);
		tut_step(&s, "The denominators are %d and %d; %d is a common multiple.", b, d, m);
		if (b != m)
			tut_step(&s, "%d/%d = %d/%d", a, b, a * (m / b), m);
		if (d != m)
			tut_step(&s, "%d/%d = %d/%d", c, d, c * (m / d), m);
		if (rl != '=')   /* when equal, the conversions have already shown it */
			tut_step(&s, "%d/%d %c %d/%d", a * (m / b), m, rl, c * (m / d), m);
	}
	if (!(rl == '=' && b != d && d == lcm(b, d)))   /* else the line before says it all */
		tut_step(&s, "%d/%d %c %d/%d", a, b, rl, c, d);
	char ans[24];
	if (form < 2) {
		snprintf(ans, sizeof ans, "%c", rl);
	} else {
		int first = (form == 4) == (rl == '<');
		snprintf(ans, sizeof ans, "%d/%d", first ? a : c, first ? b : d);
		tut_step(&s, "The %s fraction is %s.", form == 4 ? "smaller" : "greater", ans);
	}
	tut_finish(p, &s, ans, "");
	return 0;
}

/* ---- Adding and subtracting ------------------------------------------------ */

struct story {
	const char *fmt;   /* %d/%d twice */
	const char *unit;
};

static const struct story add_small[] = {
	{ "Ana ate %d/%d of a pizza and Ben ate %d/%d of it. How much of the pizza did they eat "
	  "altogether?", "" },
	{ "Kim painted %d/%d of a fence in the morning and %d/%d of it in the afternoon. How much "
	  "of the fence did she paint?", "" },
	{ "Leo read %d/%d of a book on Monday and %d/%d of it on Tuesday. How much of the book "
	  "has he read?", "" },
};

static const struct story add_any[] = {
	{ "Sam pours %d/%d l of water into a bowl, then %d/%d l more. How much water is in the "
	  "bowl?", "l" },
	{ "A snail crawls %d/%d m, rests, then crawls %d/%d m more. How far does it crawl "
	  "altogether?", "m" },
};

static const struct story sub_small[] = {
	{ "There was %d/%d of a cake left. Tom ate %d/%d of the cake. How much of the cake is "
	  "left now?", "" },
	{ "A tank was %d/%d full. Then %d/%d of the tank was used. How full is the tank now?", "" },
};

static const struct story sub_any[] = {
	{ "A ribbon is %d/%d m long. Mia cuts off %d/%d m. How long is the ribbon now?", "m" },
	{ "A jug holds %d/%d l of juice. Sam drinks %d/%d l. How much juice is left?", "l" },
};

/* The question for x op y, where x and y are already written as text.
 * Returns the unit; `small` says the result is at most 1 (so a story
 * about parts of one thing makes sense). */
static const char *addsub_question(struct tut_rng *r, struct tut_buf *q, int add, const char *x,
				   const char *y, int xn, int xd, int yn, int yd, int small)
{
	int form = rnd(r, 0, 5);
	if (form == 5 && xn > 0 && yn > 0) {
		const struct story *st;
		if (add)
			st = small && rnd(r, 0, 1) ? &add_small[rnd(r, 0, 2)] : &add_any[rnd(r, 0, 1)];
		else
			st = small && rnd(r, 0, 1) ? &sub_small[rnd(r, 0, 1)] : &sub_any[rnd(r, 0, 1)];
		tut_buf_printf(q, st->fmt, xn, xd, yn, yd);
		return st->unit;
	}
	if (add) {
		switch (form % 5) {
		case 0: tut_buf_printf(q, "What is %s + %s?", x, y); break;
		case 1: tut_buf_printf(q, "Add %s and %s.", x, y); break;
		case 2: tut_buf_printf(q, "%s + %s = ?", x, y); break;
		case 3: tut_buf_printf(q, "Find the sum of %s and %s.", x, y); break;
		default: tut_buf_printf(q, "Work out %s + %s. Give the answer in simplest form.", x, y); break;
		}
	} else {
		switch (form % 5) {
		case 0: tut_buf_printf(q, "What is %s - %s?", x, y); break;
		case 1: tut_buf_printf(q, "Subtract %s from %s.", y, x); break;
		case 2: tut_buf_printf(q, "%s - %s = ?", x, y); break;
		case 3: tut_buf_printf(q, "Find the difference between %s and %s.", x, y); break;
		default: tut_buf_printf(q, "Work out %s - %s. Give the answer in simplest form.", x, y); break;
		}
	}
	return "";
}

static int gen_like(struct tut_rng *r, int difficulty, struct tut_problem *p, int add)
{
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, add ? "frac_add_like" : "frac_sub_like", 4, TUT_SYMBOLIC, TUT_ANS_FRACTION);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int d = rnd(r, 3, 12), a, b, res;
	char x[24], y[24], ans[32];
	const char *unit;

	if (!add && difficulty == 3 && rnd(r, 0, 1)) {
		/* a whole number take away a fraction */
		int w = rnd(r, 1, 3);
		b = rnd(r, 1, d - 1);
		snprintf(x, sizeof x, "%d", w);
		snprintf(y, sizeof y, "%d/%d", b, d);
		unit = addsub_question(r, &q, 0, x, y, 0, d, b, d, 0);
		tut_step(&s, "Write %d as a fraction with denominator %d: %d = %d/%d", w, d, w, w * d, d);
		tut_step(&s, "%d/%d - %d/%d = %d/%d", w * d, d, b, d, w * d - b, d);
		finish_fraction(&s, w * d - b, d, ans, sizeof ans);
		tut_finish(p, &s, ans, unit);
		return 0;
	}
	for (;;) {
		if (add) {
			a = rnd(r, 1, d - 1);
			b = rnd(r, 1, d - 1);
			res = a + b;
		} else {
			a = rnd(r, 2, difficulty == 3 ? 2 * d - 1 : d - 1);
			b = rnd(r, 1, a - 1);
			res = a - b;
		}
		int g = gcd(res, d);
		int big = add ? res > d : a > d;
		if (difficulty == 1 && g == 1 && !big)
			break;
		if (difficulty == 2 && !big && (g > 1 || rnd(r, 0, 2) == 0))
			break;
		if (difficulty == 3 && big)
			break;
	}
	snprintf(x, sizeof x, "%d/%d", a, d);
	snprintf(y, sizeof y, "%d/%d", b, d);
	unit = addsub_question(r, &q, add, x, y, a, d, b, d, add ? res <= d : a <= d);
	tut_step(&s, "The denominators are the same, so %s the numerators: %d %c %d = %d",
		 add ? "add" : "subtract", a, add ? '+' : '-', b, res);
	tut_step(&s, "%d/%d %c %d/%d = %d/%d", a, d, add ? '+' : '-', b, d, res, d);
	finish_fraction(&s, res, d, ans, sizeof ans);
	tut_finish(p, &s, ans, unit);
	return 0;
}

int tut_gen_frac_add_like(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	return gen_like(r, difficulty, p, 1);
}

int tut_gen_frac_sub_like(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	return gen_like(r, difficulty, p, 0);
}

/* "2 1/3 = 7/3", shown with its arithmetic. */
static void mixed_to_improper_steps(struct tut_buf *s, int w, int n, int d)
{
	tut_step(s, "%d × %d + %d = %d", w, d, n, w * d + n);
	tut_step(s, "%d %d/%d = %d/%d", w, n, d, w * d + n, d);
}

static int gen_unlike(struct tut_rng *r, int difficulty, struct tut_problem *p, int add)
{
	static const int grade[] = { 5, 5, 6 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, add ? "frac_add_unlike" : "frac_sub_unlike", grade[difficulty - 1], TUT_SYMBOLIC,
		  TUT_ANS_FRACTION);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int a, b, c, d, wa = 0, wc = 0;
	for (;;) {
		if (difficulty == 1) {
			proper(r, 2, 6, &a, &b);
			d = b * rnd(r, 2, 3);
			do
				c = rnd(r, 1, d - 1);
			while (gcd(c, d) != 1);
			if (rnd(r, 0, 1)) {
				int t = a;
				a = c;
				c = t;
				t = b;
				b = d;
				d = t;
			}
		} else {
			proper(r, 2, difficulty == 2 ? 10 : 8, &a, &b);
			proper(r, 2, difficulty == 2 ? 10 : 8, &c, &d);
			if (b == d || lcm(b, d) > 60 || b % d == 0 || d % b == 0)
				continue;
		}
		if (difficulty == 3) {
			wa = rnd(r, 1, 4);
			wc = rnd(r, 1, 3);
		}
		long x = (long)(wa * b + a) * d, y = (long)(wc * d + c) * b;  /* over b*d */
		if (!add && x <= y) {
			if (x == y)
				continue;
			int t = a;
			a = c;
			c = t;
			t = b;
			b = d;
			d = t;
			t = wa;
			wa = wc;
			wc = t;
		}
		break;
	}
	char x[24], y[24], ans[32];
	frac_text(x, sizeof x, wa, a, b);
	frac_text(y, sizeof y, wc, c, d);
	int an = wa * b + a, cn = wc * d + c;  /* as improper fractions */
	long sum_small = (long)an * d + (add ? 1 : -1) * (long)cn * b;
	const char *unit = addsub_question(r, &q, add, x, y, wa ? 0 : a, b, wc ? 0 : c, d,
					   sum_small <= (long)b * d);
	if (wa || wc)
		tut_step(&s, "Change the mixed numbers to fractions.");
	if (wa)
		mixed_to_improper_steps(&s, wa, a, b);
	if (wc)
		mixed_to_improper_steps(&s, wc, c, d);
	int m = lcm(b, d), an2 = an * (m / b), cn2 = cn * (m / d);
	tut_step(&s, "The denominators are %d and %d; %d is a common multiple.", b, d, m);
	if (b != m)
		tut_step(&s, "%d/%d = %d/%d", an, b, an2, m);
	if (d != m)
		tut_step(&s, "%d/%d = %d/%d", cn, d, cn2, m);
	int res = add ? an2 + cn2 : an2 - cn2;
	tut_step(&s, "%d/%d %c %d/%d = %d/%d", an2, m, add ? '+' : '-', cn2, m, res, m);
	finish_fraction(&s, res, m, ans, sizeof ans);
	tut_finish(p, &s, ans, unit);
	return 0;
}

int tut_gen_frac_add_unlike(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	return gen_unlike(r, difficulty, p, 1);
}

int tut_gen_frac_sub_unlike(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	return gen_unlike(r, difficulty, p, 0);
}

/* ---- A fraction of an amount ------------------------------------------------- */

struct amount {
	const char *fmt;   /* the question: the whole first when whole_first, else a/b first */
	int whole_first;
	const char *unit;
};

static const struct amount amounts[] = {
	{ "A class has %d children. %d/%d of them walk to school. How many children walk to "
	  "school?", 1, "children" },
	{ "A farmer has %d sheep. %d/%d of them are black. How many sheep are black?", 1, "sheep" },
	{ "A rope is %d m long. Ali cuts off %d/%d of it. How long is the piece he cuts off?", 1,
	  "m" },
	{ "A bag of rice weighs %d kg. %d/%d of it is used. How many kilograms are used?", 1, "kg" },
	{ "What is %d/%d of %d cm?", 0, "cm" },
	{ "Find %d/%d of %d g.", 0, "g" },
};

int tut_gen_frac_of_quantity(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int grade[] = { 4, 4, 5 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "frac_of_quantity", grade[difficulty - 1], TUT_MULTI, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int a, b, k;
	if (difficulty == 1) {
		b = rnd(r, 2, 10);
		a = 1;
		k = rnd(r, 2, 10);
	} else if (difficulty == 2) {
		proper(r, 3, 10, &a, &b);
		k = rnd(r, 2, 12);
	} else {
		proper(r, 3, 12, &a, &b);
		k = rnd(r, 5, 40);
	}
	if (a == 1 && difficulty > 1)
		a = b - 1;  /* b >= 3: still proper, in lowest terms */
	int whole = b * k, part = k * a;
	const char *unit = "";
	int form = rnd(r, 0, 3);
	if (form == 3 || difficulty == 3) {
		const struct amount *am = &amounts[rnd(r, 0, 5)];
		if (am->whole_first)
			tut_buf_printf(&q, am->fmt, whole, a, b);
		else
			tut_buf_printf(&q, am->fmt, a, b, whole);
		unit = am->unit;
	} else if (form == 0) {
		tut_buf_printf(&q, "What is %d/%d of %d?", a, b, whole);
	} else if (form == 1) {
		tut_buf_printf(&q, "Find %d/%d of %d.", a, b, whole);
	} else {
		tut_buf_printf(&q, "Work out %d/%d of %d.", a, b, whole);
	}
	if (a == 1) {
		tut_step(&s, "To find 1/%d of %d, divide %d into %d equal parts.", b, whole, whole, b);
		tut_step(&s, "%d ÷ %d = %d", whole, b, k);
	} else {
		tut_step(&s, "First find 1/%d of %d, then take %d of those parts.", b, whole, a);
		tut_step(&s, "%d ÷ %d = %d", whole, b, k);
		tut_step(&s, "%d × %d = %d", k, a, part);
	}
	char ans[16];
	snprintf(ans, sizeof ans, "%d", part);
	tut_finish(p, &s, ans, unit);
	return 0;
}

/* ---- Mixed numbers ------------------------------------------------------------ */

int tut_gen_frac_mixed(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int grade[] = { 5, 5, 6 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "frac_mixed", grade[difficulty - 1], TUT_SYMBOLIC, TUT_ANS_FRACTION);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int n, d, w;
	if (difficulty == 1) {
		proper(r, 2, 5, &n, &d);
		w = rnd(r, 1, 3);
	} else if (difficulty == 2) {
		proper(r, 2, 10, &n, &d);
		w = rnd(r, 1, 9);
	} else {
		proper(r, 2, 12, &n, &d);
		w = rnd(r, 2, 12);
	}
	char ans[32];
	int top = w * d + n;
	if (rnd(r, 0, 1)) {
		/* improper to mixed; at level 3 the improper one may not be in
		 * lowest terms, so the mixed number needs simplifying */
		int k = difficulty == 3 && rnd(r, 0, 1) ? rnd(r, 2, 3) : 1;
		int tn = top * k, td = d * k;
		switch (rnd(r, 0, 2)) {
		case 0: tut_buf_printf(&q, "Write %d/%d as a mixed number.", tn, td); break;
		case 1: tut_buf_printf(&q, "Change %d/%d to a mixed number in simplest form.", tn, td); break;
		default: tut_buf_printf(&q, "%d/%d is an improper fraction. Write it as a mixed number.", tn,
				       td);
			break;
		}
		tut_step(&s, "Divide the numerator by the denominator: %d ÷ %d = %d r %d", tn, td, w, n * k);
		tut_step(&s, "%d/%d = %d %d/%d", tn, td, w, n * k, td);
		if (k > 1) {
			int rn = n * k, rd = td;
			simplify_steps(&s, &rn, &rd, 0);
			tut_step(&s, "%d %d/%d = %d %d/%d", w, n * k, td, w, rn, rd);
		}
		frac_text(ans, sizeof ans, w, n, d);
	} else {
		switch (rnd(r, 0, 2)) {
		case 0: tut_buf_printf(&q, "Write %d %d/%d as an improper fraction.", w, n, d); break;
		case 1: tut_buf_printf(&q, "Change %d %d/%d into an improper fraction.", w, n, d); break;
		default: tut_buf_printf(&q, "What is %d %d/%d as an improper fraction?", w, n, d); break;
		}
		tut_step(&s, "Multiply the whole number by the denominator: %d × %d = %d", w, d, w * d);
		tut_step(&s, "Add the numerator: %d + %d = %d", w * d, n, top);
		tut_step(&s, "%d %d/%d = %d/%d", w, n, d, top, d);
		frac_text(ans, sizeof ans, 0, top, d);
	}
	tut_finish(p, &s, ans, "");
	return 0;
}
