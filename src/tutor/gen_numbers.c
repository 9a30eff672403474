/* gen_numbers.c: counting, place value, comparing, ordering, rounding,
 * even and odd, skip counting.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Place value is explained with the expanded form ("347 = 300 + 40 + 7")
 * and the digit-value claim; comparisons go digit by digit from the left,
 * each step a claim the verifier can check.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "tutor/internal.h"

static int rnd(struct tut_rng *r, int lo, int hi)
{
	return (int)tut_rng_range(r, lo, hi);
}

static const char *const place_name[] = { "ones", "tens", "hundreds", "thousands", "ten thousands" };
static const char *const place_one[] = { "one", "ten", "hundred", "thousand", "ten thousand" };
static const int ten_pow[] = { 1, 10, 100, 1000, 10000, 100000 };

static int ndigits(int v)
{
	int n = 1;
	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static int digit_at(int v, int place)
{
	return v / ten_pow[place] % 10;
}

static void finish_int(struct tut_problem *p, struct tut_buf *s, int v, const char *unit)
{
	char a[16];
	snprintf(a, sizeof a, "%d", v);
	tut_finish(p, s, a, unit);
}

/* "347 = 300 + 40 + 7" (zero digits left out). */
static void expanded_form(struct tut_buf *s, int v)
{
	int n = ndigits(v), first = 1;
	tut_buf_printf(s, "%d = ", v);
	for (int i = n - 1; i >= 0; i--) {
		int part = digit_at(v, i) * ten_pow[i];
		if (!part)
			continue;
		tut_buf_printf(s, first ? "%d" : " + %d", part);
		first = 0;
	}
	tut_step(s, "%s", "");
}

/* ---- Counting --------------------------------------------------------- */

static void count_line(struct tut_buf *s, int from, int k, int dir)
{
	tut_buf_printf(s, "Count %s %d from %d: ", dir > 0 ? "on" : "back", k, from);
	for (int i = 1; i <= k; i++)
		tut_buf_printf(s, i > 1 ? ", %d" : "%d", from + dir * i);
	tut_step(s, "%s", "");
}

int tut_gen_count(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int top[] = { 20, 100, 1000 }, most[] = { 3, 5, 6 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "count", 1, TUT_BASIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int hi = top[difficulty - 1], k = rnd(r, 1, most[difficulty - 1]);
	int dir = rnd(r, 0, 1) ? 1 : -1, n;
	if (difficulty == 3 && rnd(r, 0, 1)) {
		/* close to a hundred, so the count crosses it */
		n = rnd(r, 1, 9) * 100 + (dir > 0 ? rnd(r, -k, -1) : rnd(r, 0, k - 1));
	} else {
		n = dir > 0 ? rnd(r, 0, hi - k) : rnd(r, k, hi);
	}
	int res = n + dir * k, form = rnd(r, 0, 4);

	if (form == 4) {
		/* a run of four with one gap, going up or down */
		int gap = rnd(r, 1, 2), v[4];
		int start = dir > 0 ? rnd(r, 0, hi - 3) : rnd(r, 3, hi);
		for (int i = 0; i < 4; i++)
			v[i] = start + dir * i;
		tut_buf_printf(&q, "Fill in the missing number: ");
		for (int i = 0; i < 4; i++) {
			if (i)
				tut_buf_printf(&q, ", ");
			if (i == gap)
				tut_buf_printf(&q, "__");
			else
				tut_buf_printf(&q, "%d", v[i]);
		}
		tut_step(&s, "The numbers go %s by 1 each time.", dir > 0 ? "up" : "down");
		tut_step(&s, "%d %c 1 = %d", v[gap - 1], dir > 0 ? '+' : '-', v[gap]);
		tut_step(&s, "Check: %d %c 1 = %d", v[gap], dir > 0 ? '+' : '-', v[gap + 1]);
		finish_int(p, &s, v[gap], "");
		return 0;
	}
	if (dir > 0) {
		if (k == 1 && form < 2)
			tut_buf_printf(&q, form ? "What is one more than %d?" : "What number comes just after %d?",
				       n);
		else if (form == 0)
			tut_buf_printf(&q, "What number comes %d after %d?", k, n);
		else if (form == 1)
			tut_buf_printf(&q, "What is %d more than %d?", k, n);
		else if (form == 2)
			tut_buf_printf(&q, "Count on %d from %d. Where do you stop?", k, n);
		else
			tut_buf_printf(&q, "Start at %d and count on %d. What number do you reach?", n, k);
	} else {
		if (k == 1 && form < 2)
			tut_buf_printf(&q, form ? "What is one less than %d?" : "What number comes just before %d?",
				       n);
		else if (form == 0)
			tut_buf_printf(&q, "What number comes %d before %d?", k, n);
		else if (form == 1)
			tut_buf_printf(&q, "What is %d less than %d?", k, n);
		else if (form == 2)
			tut_buf_printf(&q, "Count back %d from %d. Where do you stop?", k, n);
		else
			tut_buf_printf(&q, "Start at %d and count back %d. What number do you reach?", n, k);
	}
	count_line(&s, n, k, dir);
	tut_step(&s, "%d %c %d = %d", n, dir > 0 ? '+' : '-', k, res);
	finish_int(p, &s, res, "");
	return 0;
}

/* ---- Place value ---------------------------------------------------------- */

/* A place of v whose digit is not 0 and occurs only once in v, or -1. */
static int unique_place(struct tut_rng *r, int v)
{
	int n = ndigits(v), start = rnd(r, 0, n - 1);
	for (int j = 0; j < n; j++) {
		int i = (start + j) % n, d = digit_at(v, i), count = 0;
		if (!d)
			continue;
		for (int k = 0; k < n; k++)
			count += digit_at(v, k) == d;
		if (count == 1)
			return i;
	}
	return -1;
}

int tut_gen_place_value(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "place_value", difficulty, TUT_BASIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int n = difficulty + 1, lo = ten_pow[n - 1], hi = ten_pow[n] - 1;
	int v = rnd(r, lo, hi), form = rnd(r, 0, 4), place;

	switch (form) {
	case 0:
	case 1: {
		while ((place = unique_place(r, v)) < 0)
			v = rnd(r, lo, hi);
		int d = digit_at(v, place);
		if (form == 0)
			tut_buf_printf(&q, "What is the %d in %d worth?", d, v);
		else
			tut_buf_printf(&q, "What is the value of the digit %d in %d?", d, v);
		expanded_form(&s, v);
		tut_step(&s, "The %d is in the %s place: the %d in %d is worth %d", d, place_name[place], d,
			 v, d * ten_pow[place]);
		finish_int(p, &s, d * ten_pow[place], "");
		return 0;
	}
	case 2:
		place = rnd(r, 0, n - 1);
		if (rnd(r, 0, 1))
			tut_buf_printf(&q, "Which digit is in the %s place in %d?", place_name[place], v);
		else
			tut_buf_printf(&q, "What is the %s digit of %d?", place_name[place], v);
		expanded_form(&s, v);
		tut_step(&s, "The %s part is %d, so the %s digit is %d.", place_name[place],
			 digit_at(v, place) * ten_pow[place], place_name[place], digit_at(v, place));
		finish_int(p, &s, digit_at(v, place), "");
		return 0;
	case 3: {
		/* how many tens (or hundreds) make a round number */
		place = difficulty == 3 && rnd(r, 0, 1) ? 2 : 1;
		int count = rnd(r, difficulty == 1 ? 2 : 11, difficulty == 1 ? 9 : hi / ten_pow[place]);
		int whole = count * ten_pow[place];
		tut_buf_printf(&q, "How many %s make %d?", place_name[place], whole);
		tut_step(&s, "Each %s is %d, so divide by %d.", place_one[place], ten_pow[place], ten_pow[place]);
		tut_step(&s, "%d ÷ %d = %d", whole, ten_pow[place], count);
		finish_int(p, &s, count, "");
		return 0;
	}
	default: {
		/* build the number from its parts */
		int first = 1;
		tut_buf_printf(&q, "What number is ");
		for (int i = n - 1; i >= 0; i--) {
			int dg = digit_at(v, i);
			if (!first)
				tut_buf_printf(&q, i == 0 ? " and " : ", ");
			tut_buf_printf(&q, "%d %s", dg, dg == 1 ? place_one[i] : place_name[i]);
			first = 0;
		}
		tut_buf_printf(&q, "?");
		first = 1;
		for (int i = n - 1; i >= 0; i--) {
			tut_buf_printf(&s, first ? "%d" : " + %d", digit_at(v, i) * ten_pow[i]);
			first = 0;
		}
		tut_step(&s, " = %d", v);
		finish_int(p, &s, v, "");
		return 0;
	}
	}
}

/* ---- Comparing and ordering ------------------------------------------------ */

/* Two numbers of the level's size, often sharing their first digits so the
 * comparison has to look further along. */
static void close_pair(struct tut_rng *r, int difficulty, int *a, int *b)
{
	int n = difficulty + 1, lo = ten_pow[n - 1], hi = ten_pow[n] - 1;
	*a = rnd(r, lo, hi);
	switch (rnd(r, 0, 3)) {
	case 0:
		*b = rnd(r, lo, hi);
		break;
	case 1: /* same first digit(s) */
		{
			int keep = ten_pow[rnd(r, 1, n - 1)];
			*b = *a / keep * keep + rnd(r, 0, keep - 1);
		}
		break;
	case 2: /* the digits swapped around */
		*b = *a % 10 * ten_pow[n - 1] + *a / 10;
		if (*b < lo)
			*b = rnd(r, lo, hi);
		break;
	default: /* a different number of digits */
		*b = rnd(r, ten_pow[n - 2 > 0 ? n - 2 : 0], lo - 1);
		if (rnd(r, 0, 1)) {
			int t = *a;
			*a = *b;
			*b = t;
		}
		break;
	}
}

static char rel(int a, int b)
{
	return a < b ? '<' : a > b ? '>' : '=';
}

/* Digit by digit from the left, each step a claim. */
static void compare_steps(struct tut_buf *s, int a, int b)
{
	int na = ndigits(a), nb = ndigits(b);
	if (na != nb) {
		tut_step(s, "%d has %d digit%s and %d has %d digit%s.", a, na, na > 1 ? "s" : "", b, nb,
			 nb > 1 ? "s" : "");
		tut_step(s, "The number with more digits is greater.");
	} else {
		for (int i = na - 1; i >= 0; i--) {
			int da = digit_at(a, i), db = digit_at(b, i);
			tut_step(s, "Compare the %s: %d %c %d", place_name[i], da, rel(da, db), db);
			if (da != db)
				break;
		}
	}
	tut_step(s, "%d %c %d", a, rel(a, b), b);
}

int tut_gen_compare(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "compare", difficulty, TUT_BASIC, TUT_ANS_CHOICE);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int a, b, form = rnd(r, 0, 4);
	close_pair(r, difficulty, &a, &b);
	if (form < 2) {
		if (rnd(r, 0, 7) == 0)
			b = a;
		if (form == 0)
			tut_buf_printf(&q, "Write <, > or =: %d _ %d", a, b);
		else
			tut_buf_printf(&q, "Which sign goes in the gap, <, > or =? %d _ %d", a, b);
		compare_steps(&s, a, b);
		char ans[2] = { rel(a, b), 0 };
		tut_finish(p, &s, ans, "");
		return 0;
	}
	while (a == b)
		b = rnd(r, ten_pow[difficulty], ten_pow[difficulty + 1] - 1);
	p->kind = TUT_ANS_NUMBER;
	int want_big = form != 4;
	if (form == 2)
		tut_buf_printf(&q, "Which is greater, %d or %d?", a, b);
	else if (form == 3)
		tut_buf_printf(&q, "Which number is bigger: %d or %d?", a, b);
	else
		tut_buf_printf(&q, "Which is smaller, %d or %d?", a, b);
	compare_steps(&s, a, b);
	int big = a > b ? a : b, small = a > b ? b : a;
	tut_step(&s, "The %s number is %d.", want_big ? "greater" : "smaller", want_big ? big : small);
	finish_int(p, &s, want_big ? big : small, "");
	return 0;
}

int tut_gen_order(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "order", difficulty + 1, TUT_BASIC, TUT_ANS_LIST);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int n = difficulty + 2, v[5];

	/* distinct numbers, some close together */
	for (int i = 0; i < n; i++) {
		for (;;) {
			if (i > 0 && rnd(r, 0, 1)) {
				int a, b;
				close_pair(r, difficulty, &a, &b);
				v[i] = b;
			} else {
				v[i] = rnd(r, 10, ten_pow[difficulty + 1] - 1);
			}
			int dup = 0;
			for (int j = 0; j < i; j++)
				dup |= v[j] == v[i];
			if (!dup)
				break;
		}
	}
	int up = rnd(r, 0, 1), form = rnd(r, 0, 2);
	static const char *const asc[] = { "Put these numbers in order from smallest to largest: ",
					   "Write these numbers from least to greatest: ",
					   "Write these numbers in ascending order (smallest first): " };
	static const char *const desc[] = { "Put these numbers in order from largest to smallest: ",
					    "Write these numbers from greatest to least: ",
					    "Write these numbers in descending order (largest first): " };
	tut_buf_printf(&q, "%s", up ? asc[form] : desc[form]);
	for (int i = 0; i < n; i++)
		tut_buf_printf(&q, i ? ", %d" : "%d", v[i]);
	tut_buf_printf(&q, ".");

	/* insertion sort: n <= 5 */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && (up ? v[j - 1] > v[j] : v[j - 1] < v[j]); j--) {
			int t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	tut_step(&s, "A number with fewer digits is smaller; with the same number of digits, compare "
		 "from the left.");
	for (int i = 0; i + 1 < n; i++)
		tut_step(&s, "%d %c %d", v[i], up ? '<' : '>', v[i + 1]);
	char ans[TUT_ANSWER_MAX];
	struct tut_buf a;
	tut_buf_init(&a, ans, sizeof ans);
	for (int i = 0; i < n; i++)
		tut_buf_printf(&a, i ? ", %d" : "%d", v[i]);
	tut_finish(p, &s, ans, "");
	return 0;
}

/* ---- Rounding ----------------------------------------------------------- */

int tut_gen_round(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int grade[] = { 3, 3, 4 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "round", grade[difficulty - 1], TUT_BASIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int place, v;
	if (difficulty == 1) {
		place = 1;
		v = rnd(r, 11, 999);
	} else if (difficulty == 2) {
		place = 2;
		v = rnd(r, 101, 9999);
	} else {
		place = rnd(r, 1, 3);
		v = rnd(r, 1001, 99999);
	}
	int unit = ten_pow[place];
	if (rnd(r, 0, 7) == 0)  /* a half: it rounds up */
		v = v / unit * unit + unit / 2;
	if (v % unit == 0)
		v += rnd(r, 1, unit - 1);
	int lo = v / unit * unit, hi = lo + unit, look = digit_at(v, place - 1);
	int res = look >= 5 ? hi : lo;

	switch (rnd(r, 0, 2)) {
	case 0: tut_buf_printf(&q, "Round %d to the nearest %s.", v, place_one[place]); break;
	case 1: tut_buf_printf(&q, "What is %d rounded to the nearest %s?", v, place_one[place]); break;
	default: tut_buf_printf(&q, "Round %d to the nearest %s. What number do you get?", v, place_one[place]);
		break;
	}
	tut_step(&s, "%d is between %d and %d.", v, lo, hi);
	if (look >= 5)
		tut_step(&s, "The %s digit is %d, which is 5 or more, so round up.", place_name[place - 1], look);
	else
		tut_step(&s, "The %s digit is %d, which is less than 5, so round down.", place_name[place - 1],
			 look);
	tut_step(&s, "%d rounded to the nearest %s is %d", v, place_one[place], res);
	finish_int(p, &s, res, "");
	return 0;
}

/* ---- Even and odd -------------------------------------------------------------- */

int tut_gen_even_odd(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int grade[] = { 1, 1, 2 };
	static const int top[] = { 20, 100, 9999 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "even_odd", grade[difficulty - 1], TUT_BASIC, TUT_ANS_CHOICE);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int v = rnd(r, difficulty == 1 ? 2 : 11, top[difficulty - 1]), even = v % 2 == 0;
	const char *word = even ? "even" : "odd";

	switch (rnd(r, 0, 2)) {
	case 0: tut_buf_printf(&q, "Is %d even or odd?", v); break;
	case 1: tut_buf_printf(&q, "Is %d an even number or an odd number?", v); break;
	default: tut_buf_printf(&q, "Is the number %d odd or even?", v); break;
	}
	if (difficulty == 1) {
		/* pairs: an even number splits into two equal parts */
		int h = v / 2;
		if (even)
			tut_step(&s, "Make two equal groups: %d + %d = %d", h, h, v);
		else
			tut_step(&s, "Make two equal groups: %d + %d + 1 = %d, and 1 is left over", h, h, v);
	} else {
		tut_step(&s, "The ones digit of %d is %d.", v, v % 10);
		tut_step(&s, even ? "Even numbers end in 0, 2, 4, 6 or 8."
			 : "Odd numbers end in 1, 3, 5, 7 or 9.");
	}
	tut_step(&s, "%d is %s", v, word);
	tut_finish(p, &s, word, "");
	return 0;
}

/* ---- Skip counting ------------------------------------------------------------- */

int tut_gen_skip_count(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int easy[] = { 2, 5, 10 }, mid[] = { 2, 3, 4, 5, 10, 100 },
			 hard[] = { 3, 4, 6, 7, 8, 9, 25, 50 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "skip_count", difficulty, TUT_BASIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int step, dir = 1, n = 4 + (difficulty > 1), gap = n - 1, start;
	if (difficulty == 1) {
		step = easy[rnd(r, 0, 2)];
		start = step * rnd(r, 0, 10);
	} else if (difficulty == 2) {
		step = mid[rnd(r, 0, 5)];
		dir = rnd(r, 0, 2) ? 1 : -1;
		gap = rnd(r, 1, n - 1);
		start = step * rnd(r, dir > 0 ? 0 : n, 12);
	} else {
		step = hard[rnd(r, 0, 7)];
		dir = rnd(r, 0, 2) ? 1 : -1;
		gap = rnd(r, 1, n - 1);
		start = rnd(r, dir > 0 ? 1 : step * n, step * 12);
	}
	int v[5];
	for (int i = 0; i < n; i++)
		v[i] = start + dir * step * i;

	const char *how = dir > 0 ? "Count by" : "Count back by";
	switch (rnd(r, 0, 2)) {
	case 0: tut_buf_printf(&q, "%s %ds: ", how, step); break;
	case 1: tut_buf_printf(&q, "%s %ds and fill in the blank: ", how, step); break;
	default: tut_buf_printf(&q, "What number is missing? "); break;
	}
	for (int i = 0; i < n; i++) {
		if (i)
			tut_buf_printf(&q, ", ");
		if (i == gap)
			tut_buf_printf(&q, "__");
		else
			tut_buf_printf(&q, "%d", v[i]);
	}
	char op = dir > 0 ? '+' : '-';
	tut_step(&s, "Each number is %d %s than the one before.", step, dir > 0 ? "more" : "less");
	tut_step(&s, "%d %c %d = %d", v[gap - 1], op, step, v[gap]);
	if (gap + 1 < n)
		tut_step(&s, "Check: %d %c %d = %d", v[gap], op, step, v[gap + 1]);
	finish_int(p, &s, v[gap], "");
	return 0;
}
