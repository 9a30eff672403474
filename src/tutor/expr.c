/* expr.c: exact evaluation of the arithmetic written in worked solutions.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * The language is the one doc/reasoning-format.md describes: numbers (see
 * exact.c), + - × ÷ (and * / between spaced operands, "x", "times" and
 * "of" for ×), brackets, unary minus, times of day ("4:05"), and
 * quantities with units ("3 m", "1 h 25 min", "$3.50").
 *
 * A quantity is kept in its dimension's smallest unit (mm, g, ml, min;
 * money in dollars, as exact.c reads it), together with the unit it was
 * written in: a bare number added to or compared with a quantity is read
 * in that quantity's unit, which is how "60 + 25 min" and "4 × 25 = 100 cm"
 * are meant.  Words after a number that are not units ("85 marbles") are
 * labels and change nothing.
 */
#include <config.h>

#include <ctype.h>
#include <string.h>

#include "tutor/internal.h"


#define EXPR_MAX 1024   /* longer than any step line or lesson check */
#define DEPTH_MAX 64    /* brackets and unary minus: no stack to exhaust */

struct unit {
	const char *word;
	enum tut_dim dim;
	int64_t num, den;     /* base units per unit */
	const char *sym;
};

static const struct unit units[] = {
	{ "mm", TUT_DIM_LENGTH, 1, 1, "mm" },
	{ "millimetre", TUT_DIM_LENGTH, 1, 1, "mm" },
	{ "millimetres", TUT_DIM_LENGTH, 1, 1, "mm" },
	{ "millimeter", TUT_DIM_LENGTH, 1, 1, "mm" },
	{ "millimeters", TUT_DIM_LENGTH, 1, 1, "mm" },
	{ "cm", TUT_DIM_LENGTH, 10, 1, "cm" },
	{ "centimetre", TUT_DIM_LENGTH, 10, 1, "cm" },
	{ "centimetres", TUT_DIM_LENGTH, 10, 1, "cm" },
	{ "centimeter", TUT_DIM_LENGTH, 10, 1, "cm" },
	{ "centimeters", TUT_DIM_LENGTH, 10, 1, "cm" },
	{ "m", TUT_DIM_LENGTH, 1000, 1, "m" },
	{ "metre", TUT_DIM_LENGTH, 1000, 1, "m" },
	{ "metres", TUT_DIM_LENGTH, 1000, 1, "m" },
	{ "meter", TUT_DIM_LENGTH, 1000, 1, "m" },
	{ "meters", TUT_DIM_LENGTH, 1000, 1, "m" },
	{ "km", TUT_DIM_LENGTH, 1000000, 1, "km" },
	{ "kilometre", TUT_DIM_LENGTH, 1000000, 1, "km" },
	{ "kilometres", TUT_DIM_LENGTH, 1000000, 1, "km" },
	{ "kilometer", TUT_DIM_LENGTH, 1000000, 1, "km" },
	{ "kilometers", TUT_DIM_LENGTH, 1000000, 1, "km" },
	{ "g", TUT_DIM_MASS, 1, 1, "g" },
	{ "gram", TUT_DIM_MASS, 1, 1, "g" },
	{ "grams", TUT_DIM_MASS, 1, 1, "g" },
	{ "gramme", TUT_DIM_MASS, 1, 1, "g" },
	{ "grammes", TUT_DIM_MASS, 1, 1, "g" },
	{ "kg", TUT_DIM_MASS, 1000, 1, "kg" },
	{ "kilogram", TUT_DIM_MASS, 1000, 1, "kg" },
	{ "kilograms", TUT_DIM_MASS, 1000, 1, "kg" },
	{ "kilogramme", TUT_DIM_MASS, 1000, 1, "kg" },
	{ "kilogrammes", TUT_DIM_MASS, 1000, 1, "kg" },
	{ "ml", TUT_DIM_CAPACITY, 1, 1, "ml" },
	{ "millilitre", TUT_DIM_CAPACITY, 1, 1, "ml" },
	{ "millilitres", TUT_DIM_CAPACITY, 1, 1, "ml" },
	{ "milliliter", TUT_DIM_CAPACITY, 1, 1, "ml" },
	{ "milliliters", TUT_DIM_CAPACITY, 1, 1, "ml" },
	{ "l", TUT_DIM_CAPACITY, 1000, 1, "l" },
	{ "litre", TUT_DIM_CAPACITY, 1000, 1, "l" },
	{ "litres", TUT_DIM_CAPACITY, 1000, 1, "l" },
	{ "liter", TUT_DIM_CAPACITY, 1000, 1, "l" },
	{ "liters", TUT_DIM_CAPACITY, 1000, 1, "l" },
	{ "sec", TUT_DIM_TIME, 1, 60, "s" },
	{ "secs", TUT_DIM_TIME, 1, 60, "s" },
	{ "second", TUT_DIM_TIME, 1, 60, "s" },
	{ "seconds", TUT_DIM_TIME, 1, 60, "s" },
	{ "min", TUT_DIM_TIME, 1, 1, "min" },
	{ "mins", TUT_DIM_TIME, 1, 1, "min" },
	{ "minute", TUT_DIM_TIME, 1, 1, "min" },
	{ "minutes", TUT_DIM_TIME, 1, 1, "min" },
	{ "h", TUT_DIM_TIME, 60, 1, "h" },
	{ "hr", TUT_DIM_TIME, 60, 1, "h" },
	{ "hrs", TUT_DIM_TIME, 60, 1, "h" },
	{ "hour", TUT_DIM_TIME, 60, 1, "h" },
	{ "hours", TUT_DIM_TIME, 60, 1, "h" },
	{ "day", TUT_DIM_TIME, 1440, 1, "days" },
	{ "days", TUT_DIM_TIME, 1440, 1, "days" },
	{ "week", TUT_DIM_TIME, 10080, 1, "weeks" },
	{ "weeks", TUT_DIM_TIME, 10080, 1, "weeks" },
	{ "dollar", TUT_DIM_MONEY, 1, 1, "$" },
	{ "dollars", TUT_DIM_MONEY, 1, 1, "$" },
	{ "cent", TUT_DIM_MONEY, 1, 100, "c" },
	{ "cents", TUT_DIM_MONEY, 1, 100, "c" },
};

/* Squares of the length units, for areas. */
static const char *area_sym(const char *sym)
{
	static const char *const pairs[][2] = {
		{ "mm", "mm²" }, { "cm", "cm²" }, { "m", "m²" }, { "km", "km²" },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (strcmp(sym, pairs[i][0]) == 0)
			return pairs[i][1];
	return "";
}

struct parser {
	const char *s;   /* NUL-terminated copy of the expression */
	size_t pos;
	int depth;
	int err;         /* offset of the first problem, -1 while none */
};

static int fail(struct parser *P, size_t at)
{
	if (P->err < 0)
		P->err = (int)at;
	return -1;
}

static void skip_ws(struct parser *P)
{
	while (P->s[P->pos] == ' ' || P->s[P->pos] == '\t')
		P->pos++;
}

static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A word (letters) at s; its length, 0 if none. */
static size_t word_len(const char *s)
{
	size_t n = 0;
	while (is_letter(s[n]))
		n++;
	return n;
}

static int word_is(const char *s, size_t n, const char *w)
{
	if (strlen(w) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)s[i]) != w[i])
			return 0;
	return 1;
}

static const struct unit *find_unit(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (word_is(s, n, units[i].word))
			return &units[i];
	return NULL;
}

static struct tut_qty plain(struct tut_q q)
{
	return (struct tut_qty){ q, TUT_DIM_NONE, tut_q_int(1), "" };
}

/* ---- Operators ---- */

enum op { OP_NONE, OP_ADD, OP_SUB, OP_MUL, OP_DIV };

/* A word operator ("x", "times", "of") counts only when an operand
 * follows, so "3 times" stays a label. */
static int operand_follows(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return is_digit(*s) || *s == '(' || *s == '$' || (*s == '.' && is_digit(s[1]));
}

static enum op peek_op(struct parser *P, size_t *oplen, int mul_level)
{
	const char *s = P->s + P->pos;
	const unsigned char *u = (const unsigned char *)s;
	*oplen = 1;
	if (!mul_level) {
		if (*s == '+')
			return OP_ADD;
		if (*s == '-')
			return OP_SUB;
		if (u[0] == 0xE2 && ((u[1] == 0x88 && u[2] == 0x92) || (u[1] == 0x80 && u[2] == 0x93))) {
			*oplen = 3;   /* U+2212 minus, U+2013 en dash */
			return OP_SUB;
		}
		return OP_NONE;
	}
	if (*s == '*')
		return OP_MUL;
	if (*s == '/')
		return OP_DIV;
	if (u[0] == 0xC3 && u[1] == 0x97) {
		*oplen = 2;   /* × */
		return OP_MUL;
	}
	if (u[0] == 0xC3 && u[1] == 0xB7) {
		*oplen = 2;   /* ÷ */
		return OP_DIV;
	}
	if (u[0] == 0xC2 && u[1] == 0xB7) {
		*oplen = 2;   /* · */
		return OP_MUL;
	}
	if (u[0] == 0xE2 && u[1] == 0x8B && u[2] == 0x85) {
		*oplen = 3;   /* ⋅ */
		return OP_MUL;
	}
	/* "12 : 3" divides; "4:05" is a time and never gets here */
	if (*s == ':' && P->pos > 0 && (s[-1] == ' ' || s[-1] == '\t') && (s[1] == ' ' || s[1] == '\t'))
		return OP_DIV;
	if (P->pos > 0 && is_letter(s[-1]))
		return OP_NONE;
	size_t w = word_len(s);
	if ((word_is(s, w, "x") || word_is(s, w, "times") || word_is(s, w, "of")) &&
	    operand_follows(s + w)) {
		*oplen = w;
		return OP_MUL;
	}
	return OP_NONE;
}

/* ---- Arithmetic on quantities ---- */

static int is_clock(const struct tut_qty *v)
{
	return v->dim == TUT_DIM_CLOCK;
}

/* The finer of two units, so "3 m + 50 cm" is in cm. */
static struct tut_qty finer(struct tut_qty a, struct tut_qty b)
{
	return tut_q_cmp(a.unit, b.unit) <= 0 ? a : b;
}

static int add_sub(struct tut_qty a, struct tut_qty b, int sub, struct tut_qty *r)
{
	int ok = 1;
	struct tut_qty shape;
	if (is_clock(&a) || is_clock(&b)) {
		/* clock ± duration, duration + clock, clock - clock */
		if (is_clock(&a) && is_clock(&b)) {
			if (!sub)
				return -1;
			struct tut_q d = tut_q_sub(a.q, b.q, &ok);
			/* past noon or midnight: 1:10 - 12:50 is 20 min */
			for (int i = 0; i < 2 && ok && d.n < 0; i++)
				d = tut_q_add(d, tut_q_int(720), &ok);
			*r = (struct tut_qty){ d, TUT_DIM_TIME, tut_q_int(1), "min" };
			return ok ? 0 : -1;
		}
		struct tut_qty other = is_clock(&a) ? b : a;
		if (other.dim != TUT_DIM_NONE && other.dim != TUT_DIM_TIME)
			return -1;
		if (is_clock(&b) && sub)
			return -1;
		shape = is_clock(&a) ? a : b;
	} else if (a.dim == b.dim) {
		shape = finer(a, b);
	} else if (a.dim == TUT_DIM_NONE) {
		a.q = tut_q_mul(a.q, b.unit, &ok);
		shape = b;
	} else if (b.dim == TUT_DIM_NONE) {
		b.q = tut_q_mul(b.q, a.unit, &ok);
		shape = a;
	} else {
		return -1;
	}
	shape.q = sub ? tut_q_sub(a.q, b.q, &ok) : tut_q_add(a.q, b.q, &ok);
	*r = shape;
	return ok ? 0 : -1;
}

static int mul_div(struct tut_qty a, struct tut_qty b, int div, struct tut_qty *r)
{
	int ok = 1;
	if (is_clock(&a) || is_clock(&b))
		return -1;
	struct tut_qty shape;
	if (b.dim == TUT_DIM_NONE) {
		shape = a;
	} else if (a.dim == TUT_DIM_NONE && !div) {
		shape = b;
	} else if (!div && a.dim == TUT_DIM_LENGTH && b.dim == TUT_DIM_LENGTH) {
		shape = (struct tut_qty){ a.q, TUT_DIM_AREA, tut_q_mul(a.unit, b.unit, &ok), "" };
		shape.uname = strcmp(a.uname, b.uname) == 0 ? area_sym(a.uname) : "";
	} else if (div && a.dim == b.dim) {
		shape = plain(a.q);
	} else if (div && a.dim == TUT_DIM_AREA && b.dim == TUT_DIM_LENGTH) {
		shape = b;
		shape.unit = tut_q_div(a.unit, b.unit, &ok);
	} else {
		return -1;
	}
	shape.q = div ? tut_q_div(a.q, b.q, &ok) : tut_q_mul(a.q, b.q, &ok);
	*r = shape;
	return ok ? 0 : -1;
}

/* ---- The grammar ---- */

static int expr(struct parser *P, struct tut_qty *v);

/* Words that change a number ("3 squared", "half", "10 more"), and
 * single letters ("2x", "n"): never labels, so "3 squared = 9" cannot be
 * read as 3 = 9. */
static int changes_number(const char *s, size_t n)
{
	static const char *const words[] = {
		"squared", "cubed", "halved", "doubled", "tripled", "twice", "half", "percent",
		"minus", "plus", "over", "divided", "multiplied", "less", "more", "fewer", "than",
		"add", "added", "subtract", "subtracted", "take", "sum", "difference", "product",
		"quotient", "power", "root", "and", "or", "not", "no", "never",
	};
	if (n == 1)
		return 1;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (word_is(s, n, words[i]))
			return 1;
	return 0;
}

/* Label words after an operand: "marbles", "red apples", "o'clock". */
static void skip_labels(struct parser *P)
{
	for (;;) {
		size_t save = P->pos;
		skip_ws(P);
		const char *s = P->s + P->pos;
		size_t n = 0;
		while (is_letter(s[n]) || ((s[n] == '\'' || s[n] == '-') && n > 0 && is_letter(s[n + 1])))
			n++;
		size_t ol;
		if (n == 0 || changes_number(s, n) || peek_op(P, &ol, 1) == OP_MUL) {
			P->pos = save;   /* "x", "times", "of" are operators */
			return;
		}
		P->pos += n;
	}
}

/* A unit word at the parser's position ("cm", "square metres", "cm²"). */
static int read_unit(struct parser *P, const struct unit **u, int *area)
{
	size_t save = P->pos;
	skip_ws(P);
	const char *s = P->s + P->pos;
	size_t n = word_len(s);
	*area = 0;
	if (n && (word_is(s, n, "square") || word_is(s, n, "sq")) && s[n] == ' ') {
		size_t m = word_len(s + n + 1);
		const struct unit *lu = find_unit(s + n + 1, m);
		if (lu && lu->dim == TUT_DIM_LENGTH && !is_digit(s[n + 1 + m])) {
			*u = lu;
			*area = 1;
			P->pos += n + 1 + m;
			return 1;
		}
	}
	const struct unit *f = n ? find_unit(s, n) : NULL;
	if (!f || is_digit(s[n]) || s[n] == '\'' || s[n] == '_') {
		P->pos = save;
		return 0;
	}
	if (f->dim == TUT_DIM_LENGTH && (starts(s + n, "²") || starts(s + n, "^2"))) {
		*area = 1;
		n += starts(s + n, "²") ? strlen("²") : 2;
	}
	*u = f;
	P->pos += n;
	return 1;
}

static int apply_unit(struct tut_qty *v, struct tut_q num, const struct unit *u, int area)
{
	int ok = 1;
	struct tut_q f = tut_q_make(u->num, u->den, &ok);
	v->dim = u->dim;
	v->uname = u->sym;
	if (area) {
		f = tut_q_mul(f, f, &ok);
		v->dim = TUT_DIM_AREA;
		v->uname = area_sym(u->sym);
	}
	v->unit = f;
	v->q = tut_q_mul(num, f, &ok);
	return ok ? 0 : -1;
}

/* "1 h 25 min", "2 m 5 cm": each later part in a finer unit. */
static int compound(struct parser *P, struct tut_qty *v)
{
	for (;;) {
		size_t save = P->pos;
		skip_ws(P);
		if (!is_digit(P->s[P->pos]))
			break;
		const char *s = P->s + P->pos;
		struct tut_q num;
		if (tut_parse_number(&s, &num) < 0 || s[-1] == 'c' || is_digit(*s) || *s == ':') {
			P->pos = save;
			break;
		}
		P->pos = (size_t)(s - P->s);
		const struct unit *u;
		int area;
		struct tut_qty part;
		if (!read_unit(P, &u, &area) || area || u->dim != v->dim) {
			P->pos = save;
			break;
		}
		if (apply_unit(&part, num, u, 0) < 0)
			return fail(P, save);
		if (tut_q_cmp(part.unit, v->unit) >= 0) {
			P->pos = save;
			break;
		}
		int ok = 1;
		v->q = tut_q_add(v->q, part.q, &ok);
		v->unit = part.unit;
		v->uname = part.uname;
		if (!ok)
			return fail(P, save);
	}
	return 0;
}

/* "4:05", "16:30", "4:05 pm": minutes after midnight. */
static int clock_time(struct parser *P, struct tut_qty *v)
{
	const char *s = P->s + P->pos;
	int hd = is_digit(s[1]) ? 2 : 1;
	if (s[hd] != ':' || !is_digit(s[hd + 1]) || !is_digit(s[hd + 2]) || is_digit(s[hd + 3]))
		return 0;
	int h = hd == 2 ? (s[0] - '0') * 10 + (s[1] - '0') : s[0] - '0';
	int m = (s[hd + 1] - '0') * 10 + (s[hd + 2] - '0');
	if (h > 24 || m > 59)
		return fail(P, P->pos);
	P->pos += (size_t)hd + 3;
	size_t save = P->pos;
	skip_ws(P);
	const char *a = P->s + P->pos;
	size_t n = word_len(a);
	/* "a.m." may have lost its last period to the end of a sentence */
	int dotted = (starts(a, "a.m") || starts(a, "p.m")) && !is_letter(a[3]);
	int pm = word_is(a, n, "pm") || (dotted && a[0] == 'p');
	int am = word_is(a, n, "am") || (dotted && a[0] == 'a');
	if ((am || pm) && h >= 1 && h <= 12) {
		P->pos += dotted ? (a[3] == '.' ? 4 : 3) : 2;
		if (h == 12)
			h = 0;
		if (pm)
			h += 12;
	} else {
		P->pos = save;
	}
	*v = (struct tut_qty){ tut_q_int(h * 60 + m), TUT_DIM_CLOCK, tut_q_int(1), "" };
	return 1;
}

static int number(struct parser *P, struct tut_qty *v)
{
	const char *start = P->s + P->pos, *s = start;
	struct tut_q num;
	if (tut_parse_number(&s, &num) < 0)
		return fail(P, P->pos);
	P->pos = (size_t)(s - P->s);
	if (*start == '$' || s[-1] == 'c') {
		*v = (struct tut_qty){ num, TUT_DIM_MONEY, tut_q_int(1), "$" };
		if (s[-1] == 'c') {
			v->unit = (struct tut_q){ 1, 100 };
			v->uname = "c";
		}
		return 0;
	}
	const struct unit *u;
	int area;
	if (read_unit(P, &u, &area)) {
		if (apply_unit(v, num, u, area) < 0 || compound(P, v) < 0)
			return fail(P, (size_t)(start - P->s));
	} else {
		*v = plain(num);
	}
	return 0;
}

static int primary(struct parser *P, struct tut_qty *v)
{
	skip_ws(P);
	const char *s = P->s + P->pos;
	if (*s == '(') {
		size_t open = P->pos;
		if (++P->depth > DEPTH_MAX)
			return fail(P, open);
		P->pos++;
		if (expr(P, v) < 0)
			return -1;
		skip_ws(P);
		if (P->s[P->pos] != ')')
			return fail(P, P->pos);
		P->pos++;
		P->depth--;
	} else if (is_digit(*s) && clock_time(P, v)) {
		if (P->err >= 0)
			return -1;
	} else if (is_digit(*s) || *s == '$' || (*s == '.' && is_digit(s[1]))) {
		if (number(P, v) < 0)
			return -1;
	} else {
		return fail(P, P->pos);
	}
	skip_labels(P);
	return 0;
}

static int unary(struct parser *P, struct tut_qty *v)
{
	skip_ws(P);
	size_t at = P->pos, oplen;
	enum op o = peek_op(P, &oplen, 0);
	if (o == OP_NONE)
		return primary(P, v);
	if (++P->depth > DEPTH_MAX)
		return fail(P, at);
	P->pos += oplen;
	if (unary(P, v) < 0)
		return -1;
	P->depth--;
	if (o == OP_SUB) {
		if (is_clock(v) || v->q.n == INT64_MIN)
			return fail(P, at);
		v->q.n = -v->q.n;
	}
	return 0;
}

static int term(struct parser *P, struct tut_qty *v)
{
	if (unary(P, v) < 0)
		return -1;
	for (;;) {
		skip_ws(P);
		size_t at = P->pos, oplen;
		enum op o = peek_op(P, &oplen, 1);
		if (o == OP_NONE)
			return 0;
		P->pos += oplen;
		struct tut_qty rhs;
		if (unary(P, &rhs) < 0)
			return -1;
		if (mul_div(*v, rhs, o == OP_DIV, v) < 0)
			return fail(P, at);
	}
}

static int expr(struct parser *P, struct tut_qty *v)
{
	if (term(P, v) < 0)
		return -1;
	for (;;) {
		skip_ws(P);
		size_t at = P->pos, oplen;
		enum op o = peek_op(P, &oplen, 0);
		if (o == OP_NONE)
			return 0;
		P->pos += oplen;
		struct tut_qty rhs;
		if (term(P, &rhs) < 0)
			return -1;
		if (add_sub(*v, rhs, o == OP_SUB, v) < 0)
			return fail(P, at);
	}
}

int tut_eval_qty(const char *e, size_t len, struct tut_qty *out, int *err_at)
{
	char buf[EXPR_MAX];
	int dummy;
	if (!err_at)
		err_at = &dummy;
	*err_at = 0;
	if (!e)
		return -1;
	len = strnlen(e, len);
	if (len >= sizeof buf) {
		*err_at = (int)sizeof buf - 1;
		return -1;
	}
	memcpy(buf, e, len);
	buf[len] = 0;

	struct parser P = { buf, 0, 0, -1 };
	struct tut_qty v;
	if (expr(&P, &v) < 0) {
		*err_at = P.err;
		return -1;
	}
	/* a sentence may end after the expression */
	skip_ws(&P);
	if (buf[P.pos] == '.' || buf[P.pos] == '!' || buf[P.pos] == '?')
		P.pos++;
	skip_ws(&P);
	if (P.pos != len) {
		*err_at = (int)P.pos;
		return -1;
	}
	*err_at = -1;
	if (out)
		*out = v;
	return 0;
}

int tut_eval(const char *e, size_t len, struct tut_q *out, int *err_at)
{
	struct tut_qty v;
	if (tut_eval_qty(e, len, &v, err_at) < 0)
		return -1;
	if (out)
		*out = v.q;
	return 0;
}
