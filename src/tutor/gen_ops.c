/* gen_ops.c: order of operations, missing numbers, perimeter and area of
 * rectangles, number patterns.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Expressions are reduced one operation at a time (innermost brackets
 * first, then × and ÷, then + and -, each from the left), and each
 * reduction is one claim, so a wrong order shows up as a wrong line.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "tutor/internal.h"

static int rnd(struct tut_rng *r, int lo, int hi)
{
	return (int)tut_rng_range(r, lo, hi);
}

static void finish_long(struct tut_problem *p, struct tut_buf *s, long v, const char *unit)
{
	char a[24];
	snprintf(a, sizeof a, "%ld", v);
	tut_finish(p, s, a, unit);
}

/* ---- Order of operations ------------------------------------------------- */

#define MAX_TOK 24

struct tok {
	char k;   /* 'n' number, '+', '-', '*', '/', '(', ')' */
	long v;
};

struct expr {
	struct tok t[MAX_TOK];
	int n;
};

static const char *op_text(char k)
{
	switch (k) {
	case '*': return "×";
	case '/': return "÷";
	case '+': return "+";
	default: return "-";
	}
}

static void expr_text(struct tut_buf *b, const struct expr *e)
{
	for (int i = 0; i < e->n; i++) {
		const struct tok *t = &e->t[i];
		if (i > 0 && e->t[i - 1].k != '(' && t->k != ')')
			tut_buf_printf(b, " ");
		if (t->k == 'n')
			tut_buf_printf(b, "%ld", t->v);
		else if (t->k == '(' || t->k == ')')
			tut_buf_printf(b, "%c", t->k);
		else
			tut_buf_printf(b, "%s", op_text(t->k));
	}
}

static void expr_delete(struct expr *e, int at, int count)
{
	memmove(&e->t[at], &e->t[at + count], (size_t)(e->n - at - count) * sizeof e->t[0]);
	e->n -= count;
}

/* One reduction step.  Fills *a, *op, *b, *c and *in_brackets; returns 0,
 * or -1 when the step is not one a child can do here (an inexact
 * division, a negative difference, a number past `limit`). */
static int reduce_once(struct expr *e, long *a, char *op, long *b, long *c, int *in_brackets,
		       long limit)
{
	int lo = 0, hi = e->n, open = -1;
	for (int j = 0; j < e->n; j++) {
		if (e->t[j].k == '(') {
			open = j;
		} else if (e->t[j].k == ')') {
			lo = open + 1;
			hi = j;
			break;
		}
	}
	*in_brackets = hi < e->n;
	int k = -1;
	for (int j = lo; j < hi && k < 0; j++)
		if (e->t[j].k == '*' || e->t[j].k == '/')
			k = j;
	for (int j = lo; j < hi && k < 0; j++)
		if (e->t[j].k == '+' || e->t[j].k == '-')
			k = j;
	if (k < 0)
		return -1;
	*a = e->t[k - 1].v;
	*b = e->t[k + 1].v;
	*op = e->t[k].k;
	switch (*op) {
	case '*': *c = *a * *b; break;
	case '+': *c = *a + *b; break;
	case '-': *c = *a - *b; break;
	default:
		if (*b == 0 || *a % *b)
			return -1;
		*c = *a / *b;
		break;
	}
	if (*c < 0 || *c > limit)
		return -1;
	e->t[k - 1].v = *c;
	expr_delete(e, k, 2);
	hi -= 2;
	if (*in_brackets && hi - lo == 1) {   /* "(4)" -> "4" */
		expr_delete(e, hi, 1);
		expr_delete(e, lo - 1, 1);
	}
	return 0;
}

/* Builds an expression from a template: N a number in [lo, hi], D a
 * division "x ÷ y" that comes out exactly, other characters themselves. */
static void expr_build(struct tut_rng *r, struct expr *e, const char *tpl, int lo, int hi)
{
	e->n = 0;
	for (const char *c = tpl; *c && e->n < MAX_TOK - 3; c++) {
		struct tok *t = &e->t[e->n++];
		t->v = 0;
		t->k = *c;
		if (*c == 'N') {
			t->k = 'n';
			t->v = rnd(r, lo, hi);
		} else if (*c == 'D') {
			long y = rnd(r, 2, 9);
			t->k = 'n';
			t->v = y * rnd(r, 2, 10);
			e->t[e->n++] = (struct tok){ '/', 0 };
			e->t[e->n++] = (struct tok){ 'n', y };
		}
	}
}

/* Whether every step of e is one a child can do, and its value. */
static int expr_ok(const struct expr *e, long limit, long *value)
{
	struct expr w = *e;
	long a, b, c;
	char op;
	int br;
	while (w.n > 1)
		if (reduce_once(&w, &a, &op, &b, &c, &br, limit) < 0)
			return 0;
	*value = w.t[0].v;
	return 1;
}

int tut_gen_order_ops(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const char *const t1[] = { "N+N*N", "N*N+N", "N-N*N", "N*N-N", "N+D", "D+N", "N-D",
					  "N*N+N*N" };
	static const char *const t2[] = { "(N+N)*N", "N*(N+N)", "(N-N)*N", "N*(N-N)", "(N+N)/N",
					  "N-(N+N)", "N+N*N-N", "N*N-D", "N*N+N*N" };
	static const char *const t3[] = { "N+N*(N-N)", "(N+N)*(N-N)", "N*(N+N)/N", "(N+N)*N-D",
					  "N-(N+N)/N", "D+N*N-N", "(N+N*N)/N", "N*(N+N)-N*N" };
	static const int grade[] = { 5, 5, 6 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "order_ops", grade[difficulty - 1], TUT_SYMBOLIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	struct expr e;
	long value = 0, limit = difficulty == 3 ? 999 : 400;
	int found = 0;
	for (int tries = 0; tries < 200 && !found; tries++) {
		if (difficulty == 1)
			expr_build(r, &e, t1[rnd(r, 0, 7)], 2, 12);
		else if (difficulty == 2)
			expr_build(r, &e, t2[rnd(r, 0, 8)], 2, 15);
		else
			expr_build(r, &e, t3[rnd(r, 0, 7)], 2, 20);
		found = expr_ok(&e, limit, &value);
	}
	if (!found) {   /* a safe fallback; practically never used */
		expr_build(r, &e, "N+N*N", 2, 9);
		expr_ok(&e, limit, &value);
	}
	char text[160];
	struct tut_buf tb;
	tut_buf_init(&tb, text, sizeof text);
	expr_text(&tb, &e);
	switch (rnd(r, 0, 3)) {
	case 0: tut_buf_printf(&q, "What is %s?", text); break;
	case 1: tut_buf_printf(&q, "Work out %s.", text); break;
	case 2: tut_buf_printf(&q, "Calculate %s.", text); break;
	default: tut_buf_printf(&q, "%s = ?", text); break;
	}

	tut_step(&s, "Brackets first, then multiply and divide, then add and subtract, from left to "
		 "right.");
	/* The chain of every stage, kept if it fits on one line. */
	char chain[200];
	struct tut_buf cb;
	tut_buf_init(&cb, chain, sizeof chain);
	expr_text(&cb, &e);
	while (e.n > 1) {
		long a, b, c;
		char op;
		int br;
		reduce_once(&e, &a, &op, &b, &c, &br, limit);
		const char *what = br ? "Brackets first" : op == '*' ? "Multiply" : op == '/' ? "Divide"
			: op == '+' ? "Add" : "Subtract";
		tut_step(&s, "%s: %ld %s %ld = %ld", what, a, op_text(op), b, c);
		tut_buf_printf(&cb, " = ");
		expr_text(&cb, &e);
	}
	if (!cb.overflow && strchr(chain, '=') != strrchr(chain, '='))
		tut_step(&s, "%s", chain);
	finish_long(p, &s, value, "");
	return 0;
}

/* ---- Missing numbers ---------------------------------------------------------- */

static void missing_question(struct tut_rng *r, struct tut_buf *q, const char *eq)
{
	switch (rnd(r, 0, 3)) {
	case 0: tut_buf_printf(q, "Find the missing number: %s", eq); break;
	case 1: tut_buf_printf(q, "Which number goes in place of the ?: %s", eq); break;
	case 2: tut_buf_printf(q, "Solve: %s", eq); break;
	default: tut_buf_printf(q, "%s. What is the missing number?", eq); break;
	}
}

int tut_gen_missing_number(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int grade[] = { 3, 4, 6 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "missing_number", grade[difficulty - 1], TUT_SYMBOLIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	char eq[80];
	long x;

	if (difficulty == 3) {
		/* two steps: a × ? ± b = c, undone in reverse order */
		long a = rnd(r, 2, 9), b = rnd(r, 1, 30), plus = rnd(r, 0, 1);
		x = rnd(r, 2, 15);
		if (!plus && a * x <= b)
			b = a * x - 1;
		long m = a * x, c = plus ? m + b : m - b;
		snprintf(eq, sizeof eq, "%ld × ? %c %ld = %ld", a, plus ? '+' : '-', b, c);
		missing_question(r, &q, eq);
		tut_step(&s, "Undo the %s first: %ld %c %ld = %ld", plus ? "adding" : "subtracting", c,
			 plus ? '-' : '+', b, m);
		tut_step(&s, "Then undo multiplying by %ld: %ld ÷ %ld = %ld", a, m, a, x);
		tut_step(&s, "Check: %ld × %ld %c %ld = %ld", a, x, plus ? '+' : '-', b, c);
		finish_long(p, &s, x, "");
		return 0;
	}
	int form = rnd(r, 0, difficulty == 1 ? 3 : 7);
	long a, b, c;
	int big = difficulty == 2 && form < 4;
	a = rnd(r, big ? 100 : 5, big ? 600 : 60);
	b = rnd(r, big ? 100 : 5, big ? 399 : 40);
	switch (form) {
	case 0:  /* ? + b = c */
		x = a;
		c = x + b;
		snprintf(eq, sizeof eq, "? + %ld = %ld", b, c);
		missing_question(r, &q, eq);
		tut_step(&s, "To undo adding %ld, subtract %ld: %ld - %ld = %ld", b, b, c, b, x);
		tut_step(&s, "Check: %ld + %ld = %ld", x, b, c);
		break;
	case 1:  /* a + ? = c */
		x = b;
		c = a + x;
		snprintf(eq, sizeof eq, "%ld + ? = %ld", a, c);
		missing_question(r, &q, eq);
		tut_step(&s, "The missing number is what you add to %ld to make %ld: %ld - %ld = %ld", a, c,
			 c, a, x);
		tut_step(&s, "Check: %ld + %ld = %ld", a, x, c);
		break;
	case 2:  /* ? - b = c */
		c = a;
		x = c + b;
		snprintf(eq, sizeof eq, "? - %ld = %ld", b, c);
		missing_question(r, &q, eq);
		tut_step(&s, "To undo subtracting %ld, add %ld: %ld + %ld = %ld", b, b, c, b, x);
		tut_step(&s, "Check: %ld - %ld = %ld", x, b, c);
		break;
	case 3:  /* a - ? = c */
		x = b;
		a += b;
		c = a - x;
		snprintf(eq, sizeof eq, "%ld - ? = %ld", a, c);
		missing_question(r, &q, eq);
		tut_step(&s, "The missing number is what you take from %ld to leave %ld: %ld - %ld = %ld", a,
			 c, a, c, x);
		tut_step(&s, "Check: %ld - %ld = %ld", a, x, c);
		break;
	default: {
		long f = rnd(r, 2, 12), g = rnd(r, 2, 12);
		if (form == 4) {  /* ? × f = c */
			x = g;
			c = x * f;
			snprintf(eq, sizeof eq, "? × %ld = %ld", f, c);
			missing_question(r, &q, eq);
			tut_step(&s, "To undo multiplying by %ld, divide by %ld: %ld ÷ %ld = %ld", f, f, c, f, x);
			tut_step(&s, "Check: %ld × %ld = %ld", x, f, c);
		} else if (form == 5) {  /* f × ? = c */
			x = g;
			c = f * x;
			snprintf(eq, sizeof eq, "%ld × ? = %ld", f, c);
			missing_question(r, &q, eq);
			tut_step(&s, "To undo multiplying by %ld, divide by %ld: %ld ÷ %ld = %ld", f, f, c, f, x);
			tut_step(&s, "Check: %ld × %ld = %ld", f, x, c);
		} else if (form == 6) {  /* ? ÷ f = g */
			x = f * g;
			snprintf(eq, sizeof eq, "? ÷ %ld = %ld", f, g);
			missing_question(r, &q, eq);
			tut_step(&s, "To undo dividing by %ld, multiply by %ld: %ld × %ld = %ld", f, f, g, f, x);
			tut_step(&s, "Check: %ld ÷ %ld = %ld", x, f, g);
		} else {  /* a ÷ ? = g */
			a = f * g;
			x = f;
			snprintf(eq, sizeof eq, "%ld ÷ ? = %ld", a, g);
			missing_question(r, &q, eq);
			tut_step(&s, "The missing number is what you divide %ld by to get %ld: %ld ÷ %ld = %ld",
				 a, g, a, g, x);
			tut_step(&s, "Check: %ld ÷ %ld = %ld", a, x, g);
		}
		break;
	}
	}
	finish_long(p, &s, x, "");
	return 0;
}

/* ---- Perimeter and area ------------------------------------------------------------ */

int tut_gen_perimeter_area(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int grade[] = { 3, 4, 5 };
	static const char *const shape_things[] = { "garden", "field", "playground", "pond" };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "perimeter_area", grade[difficulty - 1], TUT_MULTI, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	const char *u = rnd(r, 0, 1) ? "cm" : "m";
	char sq[16];
	snprintf(sq, sizeof sq, "square %s", u);
	int top = difficulty == 1 ? 12 : difficulty == 2 ? 20 : 30;
	int l = rnd(r, 3, top), w = rnd(r, 2, l - 1), square = rnd(r, 0, 4) == 0;
	if (square)
		w = l;

	if (difficulty == 3 && rnd(r, 0, 3)) {
		int form = square ? 2 : rnd(r, 0, 1);
		if (form == 0) {  /* width from the area */
			tut_buf_printf(&q, "A rectangle has an area of %d %s. It is %d %s long. How wide is it?",
				       l * w, sq, l, u);
			tut_step(&s, "The area is the length times the width, so divide the area by the length.");
			tut_step(&s, "%d ÷ %d = %d", l * w, l, w);
			tut_step(&s, "Check: %d × %d = %d", l, w, l * w);
			finish_long(p, &s, w, u);
		} else if (form == 1) {  /* width from the perimeter */
			tut_buf_printf(&q, "A rectangle has a perimeter of %d %s. It is %d %s long. How wide is "
				       "it?", 2 * (l + w), u, l, u);
			tut_step(&s, "Half the perimeter is one length and one width.");
			tut_step(&s, "%d ÷ 2 = %d", 2 * (l + w), l + w);
			tut_step(&s, "%d - %d = %d", l + w, l, w);
			tut_step(&s, "Check: 2 × (%d + %d) = %d", l, w, 2 * (l + w));
			finish_long(p, &s, w, u);
		} else {  /* a square's area from its perimeter */
			tut_buf_printf(&q, "A square has a perimeter of %d %s. What is its area?", 4 * l, u);
			tut_step(&s, "A square has 4 equal sides, so one side is the perimeter divided by 4.");
			tut_step(&s, "%d ÷ 4 = %d", 4 * l, l);
			tut_step(&s, "%d × %d = %d", l, l, l * l);
			finish_long(p, &s, l * l, sq);
		}
		return 0;
	}
	int area = difficulty == 1 ? 0 : difficulty == 2 ? rnd(r, 0, 2) != 0 : rnd(r, 0, 1);
	if (square) {
		tut_buf_printf(&q, "A square has sides of %d %s. What is its %s?", l, u, area ? "area" : "perimeter");
	} else {
		switch (rnd(r, 0, 2)) {
		case 0:
			tut_buf_printf(&q, "A rectangle is %d %s long and %d %s wide. What is its %s?", l, u, w,
				       u, area ? "area" : "perimeter");
			break;
		case 1:
			tut_buf_printf(&q, "What is the %s of a rectangle %d %s long and %d %s wide?",
				       area ? "area" : "perimeter", l, u, w, u);
			break;
		default:
			if (area)
				tut_buf_printf(&q, "A %s is a rectangle %d %s long and %d %s wide. What area does "
					       "it cover?", shape_things[rnd(r, 0, 3)], l, u, w, u);
			else
				tut_buf_printf(&q, "A %s is a rectangle %d %s long and %d %s wide. How long is a "
					       "fence all the way around it?", shape_things[rnd(r, 0, 3)], l, u,
					       w, u);
			break;
		}
	}
	if (area) {
		tut_step(&s, "The area is the length times the width.");
		tut_step(&s, "%d × %d = %d", l, w, l * w);
		finish_long(p, &s, l * w, sq);
	} else if (square) {
		tut_step(&s, "A square has 4 equal sides.");
		tut_step(&s, "4 × %d = %d", l, 4 * l);
		finish_long(p, &s, 4 * l, u);
	} else {
		tut_step(&s, "The perimeter is the distance all the way around: two lengths and two "
			 "widths.");
		tut_step(&s, "%d + %d + %d + %d = %d", l, w, l, w, 2 * (l + w));
		tut_step(&s, "2 × (%d + %d) = %d", l, w, 2 * (l + w));
		finish_long(p, &s, 2 * (l + w), u);
	}
	return 0;
}

/* ---- Patterns ---------------------------------------------------------------------- */

int tut_gen_patterns(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const int grade[] = { 2, 3, 5 };
	if (difficulty < 1 || difficulty > 3)
		return -1;
	tut_begin(p, "patterns", grade[difficulty - 1], TUT_BASIC, TUT_ANS_NUMBER);
	struct tut_buf q, s;
	tut_buf_init(&q, p->question, sizeof p->question);
	tut_buf_init(&s, p->steps, sizeof p->steps);
	long v[6];
	int n = 5, gap = 4, kind = 0;   /* kind 0: + step, 1: - step, 2: × ratio, 3: ÷ ratio */
	long step;
	if (difficulty == 1) {
		step = rnd(r, 2, 10);
		v[0] = rnd(r, 1, 30);
	} else if (difficulty == 2) {
		kind = rnd(r, 0, 1);
		step = rnd(r, 3, 25);
		v[0] = kind ? step * 5 + rnd(r, 0, 60) : rnd(r, 1, 100);
		gap = rnd(r, 1, 4);
	} else {
		kind = rnd(r, 0, 3);
		gap = rnd(r, 1, 4);
		if (kind < 2) {
			step = rnd(r, 11, 75);
			v[0] = kind ? step * 5 + rnd(r, 0, 200) : rnd(r, 1, 300);
		} else {
			step = rnd(r, 0, 2) ? 2 : 3;
			v[0] = rnd(r, 1, step == 2 ? 12 : 5);
			if (kind == 3) {
				long k = v[0];
				for (int i = 0; i < 4; i++)
					k *= step;
				v[0] = k;  /* halving or thirding all the way down to a whole number */
			}
		}
	}
	for (int i = 1; i < n; i++) {
		switch (kind) {
		case 0: v[i] = v[i - 1] + step; break;
		case 1: v[i] = v[i - 1] - step; break;
		case 2: v[i] = v[i - 1] * step; break;
		default: v[i] = v[i - 1] / step; break;
		}
	}
	static const char *const lead[] = { "What number is missing from the pattern ",
					    "Fill in the missing number in the pattern ",
					    "Find the missing number: " };
	static const char *const tail[] = { "?", ".", "" };
	int form = rnd(r, 0, 2);
	tut_buf_printf(&q, "%s", lead[form]);
	for (int i = 0; i < n; i++) {
		if (i)
			tut_buf_printf(&q, ", ");
		if (i == gap)
			tut_buf_printf(&q, "__");
		else
			tut_buf_printf(&q, "%ld", v[i]);
	}
	tut_buf_printf(&q, "%s", tail[form]);
	if (gap == n - 1 && rnd(r, 0, 1)) {
		/* ask for "the next number" instead of showing the blank */
		tut_buf_init(&q, p->question, sizeof p->question);
		tut_buf_printf(&q, "What comes next in the pattern ");
		for (int i = 0; i < n - 1; i++)
			tut_buf_printf(&q, i ? ", %ld" : "%ld", v[i]);
		tut_buf_printf(&q, "?");
	}

	/* find the rule from two neighbours that are both shown */
	int i0 = gap >= 2 ? 0 : 2;
	static const char opch[] = { '+', '-', '*', '/' };
	if (kind == 0)
		tut_step(&s, "%ld - %ld = %ld", v[i0 + 1], v[i0], step);
	else if (kind == 1)
		tut_step(&s, "%ld - %ld = %ld", v[i0], v[i0 + 1], step);
	else if (kind == 2)
		tut_step(&s, "%ld ÷ %ld = %ld", v[i0 + 1], v[i0], step);
	else
		tut_step(&s, "%ld ÷ %ld = %ld", v[i0], v[i0 + 1], step);
	if (kind == 0)
		tut_step(&s, "Each number is %ld more than the one before.", step);
	else if (kind == 1)
		tut_step(&s, "Each number is %ld less than the one before.", step);
	else if (kind == 2)
		tut_step(&s, step == 2 ? "Each number is double the one before."
			 : "Each number is 3 times the one before.");
	else
		tut_step(&s, step == 2 ? "Each number is half the one before."
			 : "Each number is the one before divided by 3.");
	const char *op = opch[kind] == '*' ? "×" : opch[kind] == '/' ? "÷" : opch[kind] == '+' ? "+" : "-";
	tut_step(&s, "%ld %s %ld = %ld", v[gap - 1], op, step, v[gap]);
	if (gap + 1 < n)
		tut_step(&s, "Check: %ld %s %ld = %ld", v[gap], op, step, v[gap + 1]);
	finish_long(p, &s, v[gap], "");
	return 0;
}
