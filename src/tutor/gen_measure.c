/* gen_measure.c: times on the clock, durations, and conversions of length,
 * mass and capacity.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Times of day are on a 12-hour clock with no am or pm ("4:05"), so past
 * 12:59 comes 1:00; the verifier compares clock times the same way (modulo
 * 12 hours), so "12:40 + 30 min = 1:10" is a true claim.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "tutor/internal.h"

static int rnd(struct tut_rng *r, int lo, int hi)
{
	return (int)tut_rng_range(r, lo, hi);
}

enum { FIRST = 60, LAST = 12 * 60 + 59 };   /* 1:00 .. 12:59 */

/* t minutes after midnight brought onto the 12-hour face: 1:00 .. 12:59. */
static int face(int t)
{
	return ((t - FIRST) % 720 + 720) % 720 + FIRST;
}

/* "4:05" for t minutes after midnight (any t: it is read off the face). */
static void clock_text(char *buf, size_t cap, int t)
{
	t = face(t);
	snprintf(buf, cap, "%d:%02d", t / 60, t % 60);
}

/* A duration as a claim writes it: "1 h 35 min", "2 h", "35 min". */
static void dur_text(char *buf, size_t cap, int m)
{
	if (m >= 60 && m % 60)
		snprintf(buf, cap, "%d h %d min", m / 60, m % 60);
	else if (m >= 60)
		snprintf(buf, cap, "%d h", m / 60);
	else
		snprintf(buf, cap, "%d min", m);
}

/* The same in words for a question: "1 hour 35 minutes". */
static void dur_words(char *buf, size_t cap, int m)
{
	int h = m / 60, mm = m % 60;
	if (m == 30) {
		snprintf(buf, cap, "half an hour");
	} else if (h && mm) {
		snprintf(buf, cap, "%d hour%s %d minute%s", h, h > 1 ? "s" : "", mm, mm > 1 ? "s" : "");
	} else if (h) {
		snprintf(buf, cap, "%d hour%s", h, h > 1 ? "s" : "");
	} else {
		snprintf(buf, cap, "%d minute%s", mm, mm > 1 ? "s" : "");
	}
}

/* One clock step "3:40 + 20 min = 4:00". */
static void clock_step(struct tut_buf *s, int from, int dir, int m)
{
	char a[16], d[24], b[16];
	clock_text(a, sizeof a, from);
	dur_text(d, sizeof d, m);
	clock_text(b, sizeof b, from + dir * m);
	tut_step(s, "%s %c %s = %s", a, dir > 0 ? '+' : '-', d, b);
}

/* Moves a time by m minutes the way a child does: whole hours first, then
 * the minutes, through the o'clock when they cross it.  Returns the number
 * of steps written. */
static int move_steps(struct tut_buf *s, int t, int dir, int m)
{
	int n = 0, h = m / 60, mm = m % 60;
	if (h) {
		clock_step(s, t, dir, h * 60);
		t = face(t + dir * h * 60);
		n++;
	}
	if (!mm)
		return n;
	int in_hour = t % 60;
	int to_edge = dir > 0 ? (60 - in_hour) % 60 : in_hour;
	if (to_edge && mm > to_edge) {
		clock_step(s, t, dir, to_edge);
		t += dir * to_edge;
		mm -= to_edge;
		n++;
	}
	clock_step(s, t, dir, mm);
	return n + 1;
}

int tut_gen_time_clock(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "time_clock", difficulty, TUT_BASIC, TUT_ANS_TIME);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int t0, m, dir = rnd(r, 0, 2) ? 1 : -1;
	if (difficulty == 1) {
		static const int easy[] = { 30, 60, 120, 180 };
		t0 = rnd(r, 1, 12) * 60 + 30 * rnd(r, 0, 1);
		m = easy[rnd(r, 0, 3)];
	} else if (difficulty == 2) {
		t0 = rnd(r, 1, 12) * 60 + 5 * rnd(r, 0, 11);
		m = 5 * rnd(r, 1, 11);
	} else {
		t0 = rnd(r, FIRST, LAST);
		m = rnd(r, 0, 2) ? rnd(r, 61, 239) : rnd(r, 11, 59);
	}
	int t1 = face(t0 + dir * m);

	char a[16], b[16], w[40];
	clock_text(a, sizeof a, t0);
	clock_text(b, sizeof b, t1);
	dur_words(w, sizeof w, m);
	if (dir > 0) {
		switch (rnd(r, 0, 3)) {
		case 0: tut_buf_printf(&q, "What time is it %s after %s?", w, a); break;
		case 1: tut_buf_printf(&q, "It is %s. What time will it be in %s?", a, w); break;
		case 2: tut_buf_printf(&q, "A film starts at %s and lasts %s. What time does it end?", a, w);
			break;
		default: tut_buf_printf(&q, "The bus leaves at %s. The trip takes %s. What time does the bus "
				       "arrive?", a, w);
			break;
		}
	} else {
		switch (rnd(r, 0, 2)) {
		case 0: tut_buf_printf(&q, "What time was it %s before %s?", w, a); break;
		case 1: tut_buf_printf(&q, "It is %s. What time was it %s ago?", a, w); break;
		default: tut_buf_printf(&q, "A lesson ended at %s. It lasted %s. What time did it start?", a,
				       w);
			break;
		}
	}
	if (move_steps(&s, t0, dir, m) > 1) {
		char d[24];
		dur_text(d, sizeof d, m);
		tut_step(&s, "%s %c %s = %s", a, dir > 0 ? '+' : '-', d, b);
	}
	tut_finish(p, &s, b, "");
	return 0;
}

int tut_gen_time_duration(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int grade[] = { 3, 3, 4 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "time_duration", grade[difficulty - 1], TUT_MULTI, TUT_ANS_TIME);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	int t0, t1;   /* t1 after t0, perhaps past 12:59: it is shown on the face */
	{
		if (difficulty == 1) {
			if (rnd(r, 0, 1)) {
				/* within one hour */
				t0 = rnd(r, 1, 12) * 60 + 5 * rnd(r, 0, 10);
				t1 = t0 + 5 * rnd(r, 1, (60 - t0 % 60) / 5 - 1 > 0 ? (60 - t0 % 60) / 5 - 1 : 1);
			} else {
				/* whole hours */
				t0 = rnd(r, 1, 11) * 60 + 30 * rnd(r, 0, 1);
				t1 = t0 + 60 * rnd(r, 1, 4);
			}
		} else if (difficulty == 2) {
			t0 = rnd(r, 1, 11) * 60 + 5 * rnd(r, 1, 11);
			t1 = t0 + 5 * rnd(r, 3, 30);
		} else {
			t0 = rnd(r, FIRST, LAST);
			t1 = t0 + rnd(r, 40, 330);
		}
	}

	char a[16], b[16], d[24];
	clock_text(a, sizeof a, t0);
	clock_text(b, sizeof b, t1);
	dur_text(d, sizeof d, t1 - t0);
	switch (rnd(r, 0, 3)) {
	case 0: tut_buf_printf(&q, "How long is it from %s to %s?", a, b); break;
	case 1: tut_buf_printf(&q, "A lesson starts at %s and ends at %s. How long is the lesson?", a, b);
		break;
	case 2: tut_buf_printf(&q, "How much time passes between %s and %s?", a, b); break;
	default: tut_buf_printf(&q, "A train leaves at %s and arrives at %s. How long is the journey?", a,
			       b);
		break;
	}
	tut_step(&s, "Count on from %s to %s.", a, b);
	if (t0 / 60 == t1 / 60 || (t1 - t0) % 60 == 0) {
		clock_step(&s, t0, 1, t1 - t0);
	} else {
		int parts[3], n = 0, t = t0;
		if (t % 60) {
			parts[n++] = 60 - t % 60;
			clock_step(&s, t, 1, parts[n - 1]);
			t += parts[n - 1];
		}
		if (t1 / 60 * 60 > t) {
			parts[n++] = t1 / 60 * 60 - t;
			clock_step(&s, t, 1, parts[n - 1]);
			t += parts[n - 1];
		}
		if (t1 > t) {
			parts[n++] = t1 - t;
			clock_step(&s, t, 1, parts[n - 1]);
		}
		if (n > 1) {
			char pt[24];
			for (int i = 0; i < n; i++) {
				dur_text(pt, sizeof pt, parts[i]);
				tut_buf_printf(&s, i ? " + %s" : "%s", pt);
			}
			tut_step(&s, " = %s", d);
		}
	}
	tut_finish(p, &s, d, "");
	return 0;
}

/* ---- Conversions ---------------------------------------------------------- */

struct conv {
	const char *big, *small;     /* unit symbols */
	int factor;                  /* small units in one big unit */
	const char *big_words, *small_words;
	const char *subject, *after; /* "A rope is", " long": a story for the big unit */
};

static const struct conv lengths[] = {
	{ "km", "m", 1000, "kilometres", "metres", "A walk is", " long" },
	{ "m", "cm", 100, "metres", "centimetres", "A rope is", " long" },
	{ "cm", "mm", 10, "centimetres", "millimetres", "A pencil is", " long" },
};
static const struct conv masses[] = {
	{ "kg", "g", 1000, "kilograms", "grams", "A bag of flour weighs", "" },
};
static const struct conv capacities[] = {
	{ "l", "ml", 1000, "litres", "millilitres", "A bottle holds", "" },
};

/* n / 1000 ... as exact decimal text. */
static void ratio_text(char *buf, size_t cap, long n, long d)
{
	int ok = 1;
	tut_q_decimal(tut_q_make(n, d, &ok), buf, cap);
}

static int gen_convert(struct tut_rng *r, int difficulty, struct tut_problem *p, const char *skill,
		       const struct conv *table, int n_table)
{
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, skill, difficulty + 2, TUT_BASIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	const struct conv *c = &table[rnd(r, 0, n_table - 1)];
	int f = c->factor, form = rnd(r, 0, 2);
	/* small-unit pieces that read naturally: 250 g, 45 cm, 7 mm */
	int piece_step = f == 1000 ? (rnd(r, 0, 1) ? 50 : 1) : 1;
	char ans[32], tx[32];
	const char *unit;

	tut_step(&s, "1 %s = %d %s", c->big, f, c->small);
	if (difficulty == 1) {
		/* whole big units to small units */
		int x = rnd(r, 2, f == 10 ? 20 : 12);
		if (form == 0)
			tut_buf_printf(&q, "How many %s are in %d %s?", c->small_words, x, c->big);
		else if (form == 1)
			tut_buf_printf(&q, "%d %s = ? %s", x, c->big, c->small);
		else
			tut_buf_printf(&q, "%s %d %s%s. How many %s is that?", c->subject, x, c->big, c->after,
				       c->small_words);
		tut_step(&s, "%d × %d = %d", x, f, x * f);
		tut_step(&s, "%d %s = %d %s", x, c->big, x * f, c->small);
		snprintf(ans, sizeof ans, "%d", x * f);
		unit = c->small;
	} else if (difficulty == 2 && rnd(r, 0, 1)) {
		/* big and small units together, to small units */
		int x = rnd(r, 1, 9), y = piece_step * rnd(r, 1, (f - 1) / piece_step);
		if (form == 0)
			tut_buf_printf(&q, "How many %s are in %d %s %d %s?", c->small_words, x, c->big, y,
				       c->small);
		else
			tut_buf_printf(&q, "%d %s %d %s = ? %s", x, c->big, y, c->small, c->small);
		tut_step(&s, "%d × %d = %d", x, f, x * f);
		tut_step(&s, "%d + %d = %d", x * f, y, x * f + y);
		tut_step(&s, "%d %s %d %s = %d %s", x, c->big, y, c->small, x * f + y, c->small);
		snprintf(ans, sizeof ans, "%d", x * f + y);
		unit = c->small;
	} else if (difficulty == 2) {
		/* a whole number of big units, written in small units */
		int x = rnd(r, 2, 15), v = x * f;
		if (form == 0)
			tut_buf_printf(&q, "How many %s is %d %s?", c->big_words, v, c->small);
		else if (form == 1)
			tut_buf_printf(&q, "%d %s = ? %s", v, c->small, c->big);
		else
			tut_buf_printf(&q, "Change %d %s into %s.", v, c->small, c->big_words);
		tut_step(&s, "%d ÷ %d = %d", v, f, x);
		tut_step(&s, "%d %s = %d %s", v, c->small, x, c->big);
		snprintf(ans, sizeof ans, "%d", x);
		unit = c->big;
	} else if (rnd(r, 0, 1)) {
		/* small units to a decimal of big units */
		int v = rnd(r, 1, 9) * f + piece_step * rnd(r, 1, (f - 1) / piece_step);
		if (form == 0)
			tut_buf_printf(&q, "Write %d %s in %s.", v, c->small, c->big_words);
		else if (form == 1)
			tut_buf_printf(&q, "%d %s = ? %s", v, c->small, c->big);
		else
			tut_buf_printf(&q, "How many %s is %d %s? Give your answer as a decimal.", c->big_words,
				       v, c->small);
		ratio_text(tx, sizeof tx, v, f);
		tut_step(&s, "%d ÷ %d = %s", v, f, tx);
		tut_step(&s, "%d %s = %s %s", v, c->small, tx, c->big);
		snprintf(ans, sizeof ans, "%s", tx);
		unit = c->big;
	} else {
		/* a decimal of big units to small units */
		int v = rnd(r, 1, 9) * f + (f == 10 ? 1 : f / 10) * rnd(r, 1, 9);
		ratio_text(tx, sizeof tx, v, f);
		if (form == 0)
			tut_buf_printf(&q, "How many %s are in %s %s?", c->small_words, tx, c->big);
		else if (form == 1)
			tut_buf_printf(&q, "%s %s = ? %s", tx, c->big, c->small);
		else
			tut_buf_printf(&q, "%s %s %s%s. How many %s is that?", c->subject, tx, c->big, c->after,
				       c->small_words);
		tut_step(&s, "%s × %d = %d", tx, f, v);
		tut_step(&s, "%s %s = %d %s", tx, c->big, v, c->small);
		snprintf(ans, sizeof ans, "%d", v);
		unit = c->small;
	}
	tut_finish(p, &s, ans, unit);
	return 0;
}

int tut_gen_convert_length(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	return gen_convert(r, difficulty, p, "convert_length", lengths,
			   (int)(sizeof lengths / sizeof lengths[0]));
}

int tut_gen_convert_mass(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	return gen_convert(r, difficulty, p, "convert_mass", masses, 1);
}

int tut_gen_convert_capacity(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	return gen_convert(r, difficulty, p, "convert_capacity", capacities, 1);
}
