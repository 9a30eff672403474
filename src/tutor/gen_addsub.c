/* gen_addsub.c: addition and subtraction facts within 20, and column
 * addition and subtraction with carrying and borrowing.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Every line written here is a claim the verifier can check, in the shapes
 * of doc/reasoning-format.md: a make-ten chain for the facts, one column
 * note per column for the written methods.
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
static const char *const place_name[] = { "ones", "tens", "hundreds", "thousands", "ten thousands" };
/* What one unit of the next column is called when a column borrows from it. */
static const char *const borrow_name[] = { "a ten", "a hundred", "a thousand", "a ten thousand" };

/* Counting objects for the small story phrasings: plural noun, verb phrase. */
struct story {
	const char *have, *gain, *lose, *thing;
};

static const struct story stories[] = {
	{ "Mia has %d apples", "She picks %d more", "She eats %d", "apples" },
	{ "Tom has %d stickers", "He gets %d more", "He gives away %d", "stickers" },
	{ "There are %d birds on a fence", "Then %d more land", "Then %d fly away", "birds" },
	{ "Sara has %d marbles", "She wins %d more", "She loses %d", "marbles" },
	{ "A box holds %d pencils", "Ben puts in %d more", "Ben takes out %d", "pencils" },
	{ "There are %d children in the park", "Then %d more come", "Then %d go home", "children" },
};

/* ---- Facts within 20 ---------------------------------------------------- */

/* The question for a + b; returns the unit ("" unless a story was told,
 * which then also gets the word problem's opening line in `st`). */
static const char *add_question(struct tut_rng *r, struct tut_buf *q, struct tut_buf *st, int a, int b)
{
	const struct story *s;
	switch (rnd(r, 0, 5)) {
	case 0:
		tut_buf_printf(q, "What is %d + %d?", a, b);
		break;
	case 1:
		tut_buf_printf(q, "%d + %d = ?", a, b);
		break;
	case 2:
		tut_buf_printf(q, "Add %d and %d.", a, b);
		break;
	case 3:
		tut_buf_printf(q, "Find the sum of %d and %d.", a, b);
		break;
	case 4:
		tut_buf_printf(q, "What is %d more than %d?", b, a);
		break;
	default:
		s = &stories[rnd(r, 0, (int)(sizeof stories / sizeof stories[0]) - 1)];
		tut_buf_printf(q, s->have, a);
		tut_buf_printf(q, ". ");
		tut_buf_printf(q, s->gain, b);
		tut_buf_printf(q, ". How many %s are there now?", s->thing);
		tut_step(st, "The %s are put together, so we add.", s->thing);
		return s->thing;
	}
	return "";
}

static const char *sub_question(struct tut_rng *r, struct tut_buf *q, struct tut_buf *st, int a, int b)
{
	const struct story *s;
	switch (rnd(r, 0, 6)) {
	case 0:
		tut_buf_printf(q, "What is %d - %d?", a, b);
		break;
	case 1:
		tut_buf_printf(q, "%d - %d = ?", a, b);
		break;
	case 2:
		tut_buf_printf(q, "Subtract %d from %d.", b, a);
		break;
	case 3:
		tut_buf_printf(q, "Take %d away from %d.", b, a);
		break;
	case 4:
		tut_buf_printf(q, "What is %d less than %d?", b, a);
		break;
	case 5:
		tut_buf_printf(q, "Find the difference between %d and %d.", a, b);
		break;
	default:
		s = &stories[rnd(r, 0, (int)(sizeof stories / sizeof stories[0]) - 1)];
		tut_buf_printf(q, s->have, a);
		tut_buf_printf(q, ". ");
		tut_buf_printf(q, s->lose, b);
		tut_buf_printf(q, ". How many %s are left?", s->thing);
		tut_step(st, "Some of the %s are taken away, so we subtract.", s->thing);
		return s->thing;
	}
	return "";
}

/* "6, 7, 8": the numbers met counting n steps from `from` by `dir`. */
static void count_list(struct tut_buf *b, int from, int n, int dir)
{
	for (int i = 1; i <= n; i++)
		tut_buf_printf(b, i > 1 ? ", %d" : "%d", from + dir * i);
}

int tut_gen_add_within20(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "add_within20", 1, TUT_BASIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	char ans[16];
	const char *unit = "";
	int a, b, sum;

	if (difficulty == 1) {
		/* Counting on from the bigger number: sums up to 10. */
		sum = rnd(r, 3, 10);
		a = rnd(r, 1, sum - 1);
		b = sum - a;
		unit = add_question(r, &q, &s, a, b);
		int big = a >= b ? a : b, small = a >= b ? b : a;
		tut_buf_printf(&s, "Start at %d and count on %d: ", big, small);
		count_list(&s, big, small, 1);
		tut_step(&s, "%s", "");
		tut_step(&s, "%d + %d = %d", a, b, sum);
	} else if (difficulty == 2 || rnd(r, 0, 1)) {
		/* Crossing ten: make ten with the bigger number first. */
		a = rnd(r, 2, 9);
		b = rnd(r, 11 - a > 2 ? 11 - a : 2, 9);
		if (difficulty == 3 && rnd(r, 0, 1)) {
			/* a teen number and a one-digit number */
			a = rnd(r, 11, 18);
			b = rnd(r, 2, 20 - a);
			sum = a + b;
			unit = add_question(r, &q, &s, a, b);
			tut_step(&s, "Split %d into 10 and %d.", a, a - 10);
			tut_step(&s, "%d + %d = %d", a - 10, b, a - 10 + b);
			tut_step(&s, "10 + %d = %d", a - 10 + b, sum);
			tut_step(&s, "%d + %d = %d", a, b, sum);
			snprintf(ans, sizeof ans, "%d", sum);
			tut_finish(p, &s, ans, unit);
			return 0;
		}
		sum = a + b;
		unit = add_question(r, &q, &s, a, b);
		int big = a >= b ? a : b, small = a >= b ? b : a;
		int need = 10 - big, rest = small - need;
		tut_step(&s, "%d needs %d more to make 10, so split %d into %d and %d.", big, need, small,
			 need, rest);
		if (a >= b)
			tut_step(&s, "%d + %d = %d + %d + %d = 10 + %d = %d", a, b, big, need, rest, rest, sum);
		else
			tut_step(&s, "%d + %d = %d + %d = %d + %d + %d = 10 + %d = %d", a, b, big, small, big,
				 need, rest, rest, sum);
	} else {
		/* Three numbers, two of which make ten. */
		int x = rnd(r, 1, 9), y = 10 - x, z = rnd(r, 1, 9), t;
		int v[3] = { x, y, z };
		int k = rnd(r, 0, 2);  /* where z goes */
		t = v[k];
		v[k] = v[2];
		v[2] = t;
		sum = 10 + z;
		switch (rnd(r, 0, 2)) {
		case 0:
			tut_buf_printf(&q, "What is %d + %d + %d?", v[0], v[1], v[2]);
			break;
		case 1:
			tut_buf_printf(&q, "Add %d, %d and %d.", v[0], v[1], v[2]);
			break;
		default:
			tut_buf_printf(&q, "%d + %d + %d = ?", v[0], v[1], v[2]);
			break;
		}
		tut_step(&s, "Look for two numbers that make 10: %d + %d = 10", x, y);
		tut_step(&s, "10 + %d = %d", z, sum);
		tut_step(&s, "%d + %d + %d = %d", v[0], v[1], v[2], sum);
	}
	snprintf(ans, sizeof ans, "%d", sum);
	tut_finish(p, &s, ans, unit);
	return 0;
}

int tut_gen_sub_within20(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "sub_within20", 1, TUT_BASIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	char ans[16];
	const char *unit;
	int a, b, d;

	if (difficulty == 1) {
		a = rnd(r, 3, 10);
		b = rnd(r, 1, a - 1);
		d = a - b;
		unit = sub_question(r, &q, &s, a, b);
		if (b <= 4) {
			tut_buf_printf(&s, "Start at %d and count back %d: ", a, b);
			count_list(&s, a, b, -1);
			tut_step(&s, "%s", "");
		} else {
			tut_step(&s, "Think of addition: %d + %d = %d", b, d, a);
		}
	} else if (difficulty == 2 || rnd(r, 0, 1)) {
		/* Crossing ten: take away down to 10 first, then the rest. */
		a = rnd(r, 11, 18);
		b = rnd(r, a - 9, 9);  /* more than the ones, so it crosses ten */
		d = a - b;
		unit = sub_question(r, &q, &s, a, b);
		int ones = a - 10, rest = b - ones;
		tut_step(&s, "Take away %d to get to 10, then %d more: split %d into %d and %d.", ones,
			 rest, b, ones, rest);
		tut_step(&s, "%d - %d = %d - %d - %d = 10 - %d = %d", a, b, a, ones, rest, rest, d);
		snprintf(ans, sizeof ans, "%d", d);
		tut_finish(p, &s, ans, unit);
		return 0;
	} else {
		a = rnd(r, 12, 20);
		if (rnd(r, 0, 1)) {
			/* teen minus teen: take away the ten, then the ones */
			b = rnd(r, 11, a - 1);
			d = a - b;
			unit = sub_question(r, &q, &s, a, b);
			tut_step(&s, "Split %d into 10 and %d.", b, b - 10);
			tut_step(&s, "%d - 10 = %d", a, a - 10);
			tut_step(&s, "%d - %d = %d", a - 10, b - 10, d);
		} else {
			/* a crossing fact, solved from the addition fact it undoes */
			b = rnd(r, 6, 9);
			d = rnd(r, 12 - b, 9);
			a = b + d;
			unit = sub_question(r, &q, &s, a, b);
			tut_step(&s, "Think of addition: %d + %d = %d", b, d, a);
		}
	}
	tut_step(&s, "%d - %d = %d", a, b, d);
	snprintf(ans, sizeof ans, "%d", d);
	tut_finish(p, &s, ans, unit);
	return 0;
}

/* ---- Column methods ------------------------------------------------------ */

static int digits_of(long v, int *dg)
{
	int n = 0;
	do {
		dg[n++] = (int)(v % 10);
		v /= 10;
	} while (v);
	return n;
}

static long from_digits(const int *dg, int n)
{
	long v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = v * 10 + dg[i];
	return v;
}

static void column_question(struct tut_rng *r, struct tut_buf *q, long a, long b, int add)
{
	if (add) {
		switch (rnd(r, 0, 5)) {
		case 0: tut_buf_printf(q, "What is %ld + %ld?", a, b); break;
		case 1: tut_buf_printf(q, "Add %ld and %ld.", a, b); break;
		case 2: tut_buf_printf(q, "Find the sum of %ld and %ld.", a, b); break;
		case 3: tut_buf_printf(q, "%ld + %ld = ?", a, b); break;
		case 4: tut_buf_printf(q, "Work out %ld + %ld in columns.", a, b); break;
		default: tut_buf_printf(q, "What is the total of %ld and %ld?", a, b); break;
		}
	} else {
		switch (rnd(r, 0, 5)) {
		case 0: tut_buf_printf(q, "What is %ld - %ld?", a, b); break;
		case 1: tut_buf_printf(q, "Subtract %ld from %ld.", b, a); break;
		case 2: tut_buf_printf(q, "Find the difference between %ld and %ld.", a, b); break;
		case 3: tut_buf_printf(q, "%ld - %ld = ?", a, b); break;
		case 4: tut_buf_printf(q, "Work out %ld - %ld in columns.", a, b); break;
		default: tut_buf_printf(q, "Take %ld away from %ld.", b, a); break;
		}
	}
}

/* Number of columns that carry when adding a and b. */
static int count_carries(const int *da, const int *db, int n)
{
	int c = 0, carries = 0;
	for (int i = 0; i < n; i++) {
		c = (da[i] + db[i] + c) >= 10;
		carries += c;
	}
	return carries;
}

int tut_gen_add_column(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	if (difficulty < 1 || difficulty > 3)
		return -1;
	static const int grade[] = { 2, 3, 4 };
	tut_begin(p, "add_column", grade[difficulty - 1], TUT_BASIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int n = difficulty + 1, da[5] = { 0 }, db[5] = { 0 };

	/* Digits chosen directly so the carries come out as the level wants:
	 * 1: the ones carry, nothing else; 2: at least one carry and a
	 * three-digit sum; 3: two or more carries. */
	for (int tries = 0;; tries++) {
		for (int i = 0; i < n; i++) {
			da[i] = rnd(r, i == n - 1 ? 1 : 0, 9);
			db[i] = rnd(r, i == n - 1 ? 1 : 0, 9);
		}
		if (difficulty == 1) {
			if (da[0] + db[0] < 10) {
				da[0] = rnd(r, 2, 9);
				db[0] = rnd(r, 10 - da[0], 9);
			}
			if (da[1] + db[1] + 1 > 9) {
				da[1] = rnd(r, 1, 7);
				db[1] = rnd(r, 1, 8 - da[1]);
			}
			break;
		}
		int c = count_carries(da, db, n);
		long sum = from_digits(da, n) + from_digits(db, n);
		if (difficulty == 2 && c >= 1 && sum < 1000)
			break;
		if (difficulty == 3 && c >= 2)
			break;
		if (tries > 50) {  /* practically never: force a carry in the ones */
			da[0] = 9;
			db[0] = 8;
			da[1] = 9;
			da[n - 1] = 1;
			db[n - 1] = 1;
			break;
		}
	}
	long a = from_digits(da, n), b = from_digits(db, n), sum = a + b;
	column_question(r, &q, a, b, 1);

	int carry = 0;
	for (int i = 0; i < n; i++) {
		int t = da[i] + db[i] + carry;
		tut_buf_printf(&s, "%s: %d + %d", column_name[i], da[i], db[i]);
		if (carry)
			tut_buf_printf(&s, " + %d", carry);
		tut_buf_printf(&s, " = %d, write %d", t, t % 10);
		carry = t / 10;
		if (carry)
			tut_buf_printf(&s, ", carry %d", carry);
		tut_step(&s, "%s", "");
	}
	if (carry)
		tut_step(&s, "The carried %d goes in the %s place.", carry, place_name[n]);
	tut_step(&s, "%ld + %ld = %ld", a, b, sum);
	char ans[24];
	snprintf(ans, sizeof ans, "%ld", sum);
	tut_finish(p, &s, ans, "");
	return 0;
}

/* One column of a written subtraction, in the doc's words: a borrow into
 * this column turns its top digit into ten more; a borrow out of it first
 * takes one away ("after the borrow"). */
static int sub_column_line(struct tut_buf *s, int i, int t, int b, int bin, int has_b)
{
	int eff = t - bin, d, bout = 0;
	tut_buf_printf(s, "%s: ", column_name[i]);
	if (eff < b) {
		bout = 1;
		if (bin && t == 0) {
			tut_buf_printf(s, "there are 0 %s to lend, so borrow %s: 10 - 1 = 9 after the borrow, ",
				       place_name[i], borrow_name[i]);
			eff = 9;
		} else if (bin) {
			tut_buf_printf(s, "%d - 1 = %d after the borrow, %d is less than %d, so borrow %s: ", t,
				       eff, eff, b, borrow_name[i]);
			eff += 10;
		} else {
			tut_buf_printf(s, "%d is less than %d, so borrow %s: ", t, b, borrow_name[i]);
			eff += 10;
		}
		d = eff - b;
		tut_buf_printf(s, "%d - %d = %d, write %d", eff, b, d, d);
	} else {
		d = eff - b;
		if (bin && !has_b)
			tut_buf_printf(s, "%d - 1 = %d after the borrow, write %d", t, eff, eff);
		else if (bin)
			tut_buf_printf(s, "%d - 1 = %d after the borrow, %d - %d = %d, write %d", t, eff, eff, b,
				       d, d);
		else
			tut_buf_printf(s, "%d - %d = %d, write %d", t, b, d, d);
	}
	tut_step(s, "%s", "");
	return bout;
}

static int count_borrows(const int *da, const int *db, int n)
{
	int bin = 0, borrows = 0;
	for (int i = 0; i < n; i++) {
		bin = da[i] - bin < db[i];
		borrows += bin;
	}
	return borrows;
}

int tut_gen_sub_column(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	if (difficulty < 1 || difficulty > 3)
		return -1;
	static const int grade[] = { 2, 3, 4 };
	tut_begin(p, "sub_column", grade[difficulty - 1], TUT_BASIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int n = difficulty + 1, nb = n, da[5] = { 0 }, db[5] = { 0 };
	long a, b;

	/* The difference keeps the top number's length (no leading zeros to
	 * explain), and the borrows come out as the level wants. */
	for (int tries = 0;; tries++) {
		nb = difficulty > 1 && rnd(r, 0, 3) == 0 ? n - 1 : n;
		for (int i = 0; i < 5; i++)
			da[i] = db[i] = 0;
		for (int i = 0; i < n; i++)
			da[i] = rnd(r, i == n - 1 ? 2 : 0, 9);
		for (int i = 0; i < nb; i++)
			db[i] = rnd(r, i == nb - 1 ? 1 : 0, 9);
		if (difficulty == 3 && rnd(r, 0, 1)) {
			/* zeros in the top number: borrowing across them */
			da[1] = 0;
			if (rnd(r, 0, 1))
				da[2] = 0;
		}
		a = from_digits(da, n);
		b = from_digits(db, nb);
		int dg[6];
		int borrows = count_borrows(da, db, n);
		int ok = a > b && digits_of(a - b, dg) == n;
		if (ok && difficulty == 1 && borrows == 1 && da[0] < db[0])
			break;
		if (ok && difficulty == 2 && borrows >= 1)
			break;
		if (ok && difficulty == 3 && borrows >= 2)
			break;
		if (tries > 60) {
			static const int fa[] = { 2, 5, 3, 7 }, fb[] = { 7, 1, 1, 2 };
			for (int i = 0; i < 5; i++)
				da[i] = db[i] = 0;
			for (int i = 0; i < n; i++) {
				da[i] = fa[i];
				db[i] = fb[i];
			}
			nb = n;
			a = from_digits(da, n);
			b = from_digits(db, n);
			break;
		}
	}
	column_question(r, &q, a, b, 0);
	int bin = 0;
	for (int i = 0; i < n; i++)
		bin = sub_column_line(&s, i, da[i], db[i], bin, i < nb);
	tut_step(&s, "%ld - %ld = %ld", a, b, a - b);
	char ans[24];
	snprintf(ans, sizeof ans, "%ld", a - b);
	tut_finish(p, &s, ans, "");
	return 0;
}
