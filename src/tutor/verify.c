/* verify.c: checking a worked solution line by line.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * doc/reasoning-format.md lists the claims checked.  A line is cut at
 * ": ", ", ", "; " (and ". ") into segments; each segment is a claim of
 * one of the listed shapes or prose.  Everything is exact: a claim is
 * RIGHT only when it provably holds, and anything that looks like a claim
 * but cannot be read is UNKNOWN, never RIGHT.  The verifier must never
 * crash: it reads model output and learners' typing.
 */
#include <config.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tutor/internal.h"
#include "i18n.h"


#define LINE_MAX_BYTES 1024  /* the format allows 200 */
#define SIDES_MAX 16
#define QUOTE 40             /* bytes of a claim quoted in a reason */

/* One line's verdict, and what the next line's carry check needs. */
struct result {
	enum tut_mark mark;
	int column;
	char why[sizeof ((struct tut_step *)0)->why];
	int is_answer, answer_right;
	int has_write;            /* a "write D" note */
	int64_t carry;            /* a "carry C" note that held, else 0 */
	int sum_off, sum_len;     /* the first claim's left side, len 0 if none */
	/* the last claim's value, which notes refer to */
	int have_value;
	struct tut_q value;
};

/* The line being checked: its text and a lower-case copy, same offsets. */
struct line {
	const char *s;
	const char *lw;
	int len;
};

static void mark_right(struct result *r)
{
	if (r->mark == TUT_STEP_TEXT)
		r->mark = TUT_STEP_RIGHT;
}

/* Worst wins: WRONG (the first one) over UNKNOWN over RIGHT over TEXT.
 * Returns 1 when the mark is taken and its reason is wanted. */
static int take_mark(struct result *r, enum tut_mark m, int off)
{
	if (r->mark == TUT_STEP_WRONG || m == TUT_STEP_TEXT)
		return 0;
	if (m == TUT_STEP_RIGHT) {
		mark_right(r);
		return 0;
	}
	if (m == TUT_STEP_UNKNOWN && r->mark == TUT_STEP_UNKNOWN)
		return 0;
	r->mark = m;
	r->column = off + 1;
	return 1;
}

/* The reason is shown to the learner: translated here, at the one place. */
static void set_mark(struct result *r, enum tut_mark m, int off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void set_mark(struct result *r, enum tut_mark m, int off, const char *fmt, ...)
{
	if (!take_mark(r, m, off))
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof r->why, _(fmt), ap);
	va_end(ap);
}

/* A reason already put into words (and translated). */
static void set_mark_text(struct result *r, enum tut_mark m, int off, const char *why)
{
	if (take_mark(r, m, off))
		snprintf(r->why, sizeof r->why, "%s", why);
}

/* ---- Small text tools ---- */

static int has_digit(const char *s, int len)
{
	for (int i = 0; i < len; i++)
		if (isdigit((unsigned char)s[i]))
			return 1;
	return 0;
}

static void trim(const char *s, int *off, int *len)
{
	while (*len > 0 && (s[*off] == ' ' || s[*off] == '\t')) {
		(*off)++;
		(*len)--;
	}
	while (*len > 0 && (s[*off + *len - 1] == ' ' || s[*off + *len - 1] == '\t'))
		(*len)--;
}

/* Where needle occurs in lw[off, off+len), or -1. */
static int find(const struct line *L, int off, int len, const char *needle)
{
	int n = (int)strlen(needle);
	for (int i = off; i + n <= off + len; i++)
		if (memcmp(L->lw + i, needle, (size_t)n) == 0)
			return i;
	return -1;
}

static int starts_with(const struct line *L, int off, int len, const char *prefix)
{
	int n = (int)strlen(prefix);
	return n <= len && memcmp(L->lw + off, prefix, (size_t)n) == 0;
}

/* Prose words at the start of a claim: "so", "we add", "the total is".
 * Not words that act on the number after them ("half of 10 = 5" is no
 * claim that 10 = 5), nor quantifiers ("every number except 7 is even"),
 * nor letters standing for numbers ("n + 3"). */
static int prose_prefix(const char *s, int len)
{
	static const char *const acting[] = {
		"of", "half", "double", "twice", "triple", "third", "thirds", "quarter", "quarters",
		"minus", "plus", "negative", "times", "by", "than", "from", "to", "into", "over",
		"squared", "root", "percent", "less", "more", "sum", "difference", "product",
		"quotient", "not", "no",
		/* quantifiers and conditions: "every number except 7 is even"
		 * says nothing about 7 alone */
		"except", "but", "every", "all", "each", "both", "neither", "nor", "some",
		"any", "none", "only", "if", "unless", "whether", "never", "may", "might",
		"could",
	};
	int w = 0;
	for (int i = 0; i <= len; i++) {
		if (i < len && (isalpha((unsigned char)s[i]) || s[i] == '\''))
			continue;
		if (i < len && s[i] != ' ')
			return 0;
		int n = i - w;
		if (n == 1 && tolower((unsigned char)s[w]) != 'a' && tolower((unsigned char)s[w]) != 'i')
			return 0;
		for (size_t k = 0; k < sizeof acting / sizeof acting[0]; k++)
			if ((int)strlen(acting[k]) == n && strncasecmp(s + w, acting[k], (size_t)n) == 0)
				return 0;
		w = i + 1;
	}
	return 1;
}

/* What follows a prose lead-in must start like a number, not "+ 3". */
static int operand_start(const char *s)
{
	return isdigit((unsigned char)*s) || *s == '$' || *s == '(' || *s == '.';
}

static int64_t floor_div(int64_t n, int64_t d)
{
	int64_t f = n / d;
	return (n % d != 0 && (n < 0) != (d < 0)) ? f - 1 : f;
}

/* ---- Values in reasons ---- */

static void fmt_number(struct tut_q q, int decimal, char *buf, size_t cap)
{
	if (decimal)
		tut_q_decimal(q, buf, cap);
	else
		tut_q_frac(q, buf, cap);
}

/* v written in ref's unit when ref is a quantity of the same kind. */
static void fmt_qty(struct tut_qty v, const struct tut_qty *ref, int decimal, char *buf, size_t cap)
{
	int ok = 1;
	if (v.dim == TUT_DIM_CLOCK && tut_q_is_int(v.q)) {
		int64_t m = v.q.n % 1440;
		if (m < 0)
			m += 1440;
		snprintf(buf, cap, "%lld:%02lld", (long long)(m / 60), (long long)(m % 60));
		return;
	}
	if (v.dim == TUT_DIM_NONE) {
		fmt_number(v.q, decimal, buf, cap);
		return;
	}
	struct tut_qty u = ref && ref->dim == v.dim ? *ref : v;
	struct tut_q x = tut_q_div(v.q, u.unit, &ok);
	char num[48];   /* "-9223372036854775807/9223372036854775807" fits */
	if (!ok) {
		snprintf(buf, cap, "?");
		return;
	}
	if (v.dim == TUT_DIM_MONEY && strcmp(u.uname, "$") == 0) {
		struct tut_q cents = tut_q_mul(x, tut_q_int(100), &ok);
		if (ok && tut_q_is_int(cents)) {
			int64_t c = cents.n < 0 ? -cents.n : cents.n;
			snprintf(buf, cap, "%s$%lld.%02lld", cents.n < 0 ? "-" : "", (long long)(c / 100),
				 (long long)(c % 100));
			return;
		}
		tut_q_decimal(x, num, sizeof num);
		snprintf(buf, cap, "$%s", num);
		return;
	}
	fmt_number(x, decimal || !tut_q_is_int(x), num, sizeof num);
	if (strcmp(u.uname, "c") == 0)
		snprintf(buf, cap, "%sc", num);
	else
		snprintf(buf, cap, "%s%s%s", num, u.uname[0] ? " " : "", u.uname);
}

/* ---- Sides of claims ---- */

struct side {
	int off, len;          /* trimmed, in the line */
	struct tut_qty v;
	int is_rem;            /* "24 r 2" */
	int64_t quo, rem;
};

static int eval_at(const struct line *L, int off, int len, struct tut_qty *v, int *err)
{
	return tut_eval_qty(L->s + off, (size_t)len, v, err);
}

static int eval_int(const struct line *L, int off, int len, int64_t *n)
{
	struct tut_qty v;
	int err;
	if (eval_at(L, off, len, &v, &err) < 0 || v.dim != TUT_DIM_NONE || !tut_q_is_int(v.q))
		return -1;
	*n = v.q.n;
	return 0;
}

/* The remainder mark in "24 r 2", "24r2", "24 remainder 2"; -1 if none. */
static int find_rem(const struct line *L, int off, int len, int *mlen)
{
	const char *s = L->lw;
	for (int i = off + 1; i < off + len - 1; i++) {
		if (s[i] == 'r' && (s[i - 1] == ' ' || isdigit((unsigned char)s[i - 1])) &&
		    (s[i + 1] == ' ' || isdigit((unsigned char)s[i + 1]))) {
			*mlen = 1;
			return i;
		}
		static const char *const words[] = { " remainder ", " rem " };
		for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
			int n = (int)strlen(words[w]);
			if (i - 1 + n <= off + len && memcmp(s + i - 1, words[w], (size_t)n) == 0) {
				*mlen = n - 2;
				return i;
			}
		}
	}
	return -1;
}

/* Reads one side.  The first side may start with prose ("we add 4 + 5"),
 * the last may end with a note in brackets ("85 (the total)"). */
static int read_side(const struct line *L, int off, int len, int first, int last, struct side *sd,
		     int *err_off)
{
	trim(L->s, &off, &len);
	while (last && len > 0 && (L->s[off + len - 1] == '.' || L->s[off + len - 1] == '!'))
		len--;
	trim(L->s, &off, &len);
	sd->off = off;
	sd->len = len;
	sd->is_rem = 0;
	*err_off = off;
	if (len <= 0)
		return -1;

	int mlen, r = find_rem(L, off, len, &mlen);
	if (r >= 0) {
		int qlen = r - off, roff = r + mlen, rlen = off + len - roff;
		if (eval_int(L, off, qlen, &sd->quo) < 0 || eval_int(L, roff, rlen, &sd->rem) < 0)
			return -1;
		sd->is_rem = 1;
		sd->v = (struct tut_qty){ tut_q_int(sd->quo), TUT_DIM_NONE, tut_q_int(1), "" };
		return 0;
	}

	int err;
	if (eval_at(L, off, len, &sd->v, &err) == 0)
		return 0;
	*err_off = off + err;
	if (last && err > 0 && L->s[off + err] == '(' && isalpha((unsigned char)L->s[off + err + 1]) &&
	    eval_at(L, off, err, &sd->v, &err) == 0) {
		sd->len = err;
		return 0;
	}
	if (first) {
		for (int i = 1; i < len; i++) {
			if (L->s[off + i - 1] != ' ' || L->s[off + i] == ' ')
				continue;
			if (!prose_prefix(L->s + off, i))
				break;
			if (operand_start(L->s + off + i) && eval_at(L, off + i, len - i, &sd->v, &err) == 0) {
				sd->off = off + i;
				sd->len = len - i;
				return 0;
			}
		}
	}
	return -1;
}

static int has_operator(const struct line *L, const struct side *sd)
{
	static const char *const ops[] = { "+", "*", "(", "×", "÷", " - ", " / ", " x ", " of ", " : " };
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (find(L, sd->off, sd->len, ops[i]) >= 0)
			return 1;
	return 0;
}

static int uses_decimals(const struct line *L, int off, int len)
{
	for (int i = off; i + 1 < off + len; i++)
		if (L->s[i] == '.' && isdigit((unsigned char)L->s[i + 1]))
			return 1;
	return 0;
}

/* ---- Comparing ---- */

enum rel { REL_EQ, REL_LT, REL_GT, REL_LE, REL_GE, REL_NE };

/* -1, 0, 1, or 2 when the two cannot be compared (cm and kg). */
static int compare(struct tut_qty a, struct tut_qty b)
{
	int ok = 1;
	if (a.dim == TUT_DIM_CLOCK && b.dim == TUT_DIM_CLOCK) {
		/* 12:50 + 20 min = 1:10 on a 12-hour clock */
		struct tut_q d = tut_q_sub(a.q, b.q, &ok);
		if (ok && tut_q_is_int(d) && d.n % 720 == 0)
			return 0;
		return tut_q_cmp(a.q, b.q);
	}
	if (a.dim == TUT_DIM_CLOCK)
		a.dim = TUT_DIM_TIME;
	if (b.dim == TUT_DIM_CLOCK)
		b.dim = TUT_DIM_TIME;
	if (a.dim == TUT_DIM_NONE && b.dim != TUT_DIM_NONE)
		a.q = tut_q_mul(a.q, b.unit, &ok);
	else if (b.dim == TUT_DIM_NONE && a.dim != TUT_DIM_NONE)
		b.q = tut_q_mul(b.q, a.unit, &ok);
	else if (a.dim != b.dim)
		return 2;
	if (!ok)
		return 2;
	return tut_q_cmp(a.q, b.q);
}

static int holds(enum rel r, int c)
{
	switch (r) {
	case REL_EQ: return c == 0;
	case REL_LT: return c < 0;
	case REL_GT: return c > 0;
	case REL_LE: return c <= 0;
	case REL_GE: return c >= 0;
	case REL_NE: return c != 0;
	}
	return 0;
}


/* Why "L rel R" is false. */
static void explain(const struct line *L, const struct side *l, const struct side *r, enum rel rl,
		    int c, char *why, size_t cap)
{
	if (rl != REL_EQ) {
		/* Whole sentences, so that translators can order them. */
		const char *fmt = c < 0 ? _("%.*s is less than %.*s")
			      : c > 0 ? _("%.*s is greater than %.*s") : _("%.*s is equal to %.*s");
		snprintf(why, cap, fmt, l->len < QUOTE ? l->len : QUOTE, L->s + l->off,
			 r->len < QUOTE ? r->len : QUOTE, L->s + r->off);
		return;
	}
	/* "7 + 8 is 15, not 16": the side that is worked out is the subject */
	const struct side *subj = l, *other = r;
	if (has_operator(L, r) && !has_operator(L, l)) {
		subj = r;
		other = l;
	}
	char val[80];
	int dec = uses_decimals(L, l->off, l->len) || uses_decimals(L, r->off, r->len);
	fmt_qty(subj->v, &other->v, dec, val, sizeof val);
	snprintf(why, cap, _("%.*s is %s, not %.*s"), subj->len < QUOTE ? subj->len : QUOTE,
		 L->s + subj->off, val, other->len < QUOTE ? other->len : QUOTE, L->s + other->off);
}

/* ---- Claim shapes ---- */

/* "a ÷ b" at the top level of a side: splits it; -1 if it is no division. */
static int split_division(const struct line *L, const struct side *sd, int *aoff, int *alen,
			  int *boff, int *blen)
{
	int depth = 0, at = -1, oplen = 0;
	const char *s = L->s;
	for (int i = sd->off; i < sd->off + sd->len; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')')
			depth--;
		else if (depth == 0 && (unsigned char)s[i] == 0xC3 && (unsigned char)s[i + 1] == 0xB7) {
			at = i;
			oplen = 2;
		} else if (depth == 0 && (s[i] == '/' || s[i] == ':') && i > sd->off && s[i - 1] == ' ' &&
			   s[i + 1] == ' ') {
			at = i;
			oplen = 1;
		}
	}
	if (at < 0)
		return -1;
	*aoff = sd->off;
	*alen = at - sd->off;
	*boff = at + oplen;
	*blen = sd->off + sd->len - *boff;
	return 0;
}

/* "74 ÷ 3 = 24 r 2" */
static int check_remainder(const struct line *L, const struct side *l, const struct side *r,
			   int claim_off, struct result *res)
{
	int aoff, alen, boff, blen, ok = 1;
	int64_t a, b;
	if (l->is_rem || split_division(L, l, &aoff, &alen, &boff, &blen) < 0 ||
	    eval_int(L, aoff, alen, &a) < 0 || eval_int(L, boff, blen, &b) < 0 || b <= 0 || a < 0) {
		set_mark(res, TUT_STEP_UNKNOWN, claim_off, "a remainder needs a whole-number division");
		return 0;
	}
	/* the whole left side must be that division ("10 + 74 ÷ 3" is not) */
	struct tut_q whole = tut_q_make(a, b, &ok);
	if (!ok || tut_q_cmp(whole, l->v.q) != 0 || l->v.dim != TUT_DIM_NONE) {
		set_mark(res, TUT_STEP_UNKNOWN, claim_off, "a remainder needs a whole-number division");
		return 0;
	}
	int64_t q = a / b, rm = a % b;
	if (q == r->quo && rm == r->rem)
		return 1;
	set_mark(res, TUT_STEP_WRONG, claim_off, "%.*s is %lld r %lld, not %.*s",
		 l->len < QUOTE ? l->len : QUOTE, L->s + l->off, (long long)q, (long long)rm,
		 r->len < QUOTE ? r->len : QUOTE, L->s + r->off);
	return 0;
}

/* A trailing " is true" / " is false" states the truth of the claim. */
static int truth_suffix(const struct line *L, int off, int *len)
{
	static const struct { const char *w; int truth; } t[] = {
		{ " is true", 1 }, { " is correct", 1 }, { " is right", 1 },
		{ " is false", 0 }, { " is not true", 0 }, { " is wrong", 0 },
		{ " is incorrect", 0 }, { " is not correct", 0 }, { " is untrue", 0 },
	};
	int n = *len;
	while (n > 0 && (L->s[off + n - 1] == '.' || L->s[off + n - 1] == ' '))
		n--;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		int w = (int)strlen(t[i].w);
		if (n >= w && memcmp(L->lw + off + n - w, t[i].w, (size_t)w) == 0) {
			*len = n - w;
			return t[i].truth;
		}
	}
	return -1;
}

/* Checks sides s[0] rel[0] s[1] ... ; truth is what the text says of
 * the claim ("... is false"), -1 when it says nothing. */
static void check_chain(const struct line *L, struct side *sd, const enum rel *rels, int n,
			int truth, struct result *res)
{
	int claim_off = sd[0].off;
	if (res->sum_len == 0) {
		res->sum_off = sd[0].off;
		res->sum_len = sd[0].len;
	}
	int all = 1;
	for (int k = 1; k < n; k++) {
		const struct side *l = &sd[k - 1], *r = &sd[k];
		if (r->is_rem && rels[k - 1] == REL_EQ && truth < 0) {
			if (!check_remainder(L, l, r, claim_off, res))
				return;
			continue;
		}
		if (l->is_rem || r->is_rem) {
			set_mark(res, TUT_STEP_UNKNOWN, claim_off, "a remainder can only follow a division");
			return;
		}
		int c = compare(l->v, r->v);
		if (c == 2 && truth < 0) {
			set_mark(res, TUT_STEP_WRONG, claim_off, "%.*s and %.*s measure different things",
				 l->len < QUOTE ? l->len : QUOTE, L->s + l->off,
				 r->len < QUOTE ? r->len : QUOTE, L->s + r->off);
			return;
		}
		if (c == 2 || !holds(rels[k - 1], c)) {
			all = 0;
			if (truth < 0) {
				char why[sizeof res->why];
				explain(L, l, r, rels[k - 1], c, why, sizeof why);
				set_mark_text(res, TUT_STEP_WRONG, claim_off, why);
				return;
			}
		}
	}
	if (truth >= 0 && truth != all) {
		if (all)
			set_mark(res, TUT_STEP_WRONG, claim_off, "that statement is true");
		else
			set_mark(res, TUT_STEP_WRONG, claim_off, "that statement is false");
		return;
	}
	mark_right(res);
	res->have_value = 1;
	res->value = sd[n - 1].v.q;
}

/* The relation at s[i], its length in *n; -1 if none. */
static int relation_at(const char *s, int i, int end, int *n)
{
	const unsigned char *u = (const unsigned char *)s + i;
	*n = 1;
	if (u[0] == 0xE2 && i + 2 < end && u[1] == 0x89) {
		*n = 3;
		if (u[2] == 0xA4)
			return REL_LE;
		if (u[2] == 0xA5)
			return REL_GE;
		if (u[2] == 0xA0)
			return REL_NE;
		return -1;
	}
	if (s[i] == '<' || s[i] == '>') {
		int ge = i + 1 < end && s[i + 1] == '=';
		*n = ge ? 2 : 1;
		if (s[i] == '<')
			return ge ? REL_LE : REL_LT;
		return ge ? REL_GE : REL_GT;
	}
	if (s[i] == '!' && i + 1 < end && s[i + 1] == '=') {
		*n = 2;
		return REL_NE;
	}
	if (s[i] == '=') {
		*n = i + 1 < end && s[i + 1] == '=' ? 2 : 1;
		return REL_EQ;
	}
	return -1;
}

/* "3 × (4 + 5) = 27", "3/4 > 2/3", "74 ÷ 3 = 24 r 2".  Returns 0 if the
 * segment holds no relation symbol. */
static int symbolic(const struct line *L, int off, int len, struct result *res)
{
	int cut[SIDES_MAX + 1], cutlen[SIDES_MAX];
	enum rel rels[SIDES_MAX];
	int n = 0, depth = 0;
	for (int i = off; i < off + len; i++) {
		if (L->s[i] == '(')
			depth++;
		else if (L->s[i] == ')')
			depth--;
		int rl, rn;
		if (depth != 0 || (rl = relation_at(L->s, i, off + len, &rn)) < 0)
			continue;
		if (n >= SIDES_MAX - 1) {
			set_mark(res, TUT_STEP_UNKNOWN, off, "too many relations");
			return 1;
		}
		cut[n] = i;
		cutlen[n] = rn;
		rels[n++] = (enum rel)rl;
		i += rn - 1;
	}
	if (n == 0)
		return 0;

	int truth_len = len, truth = truth_suffix(L, off, &truth_len);
	if (truth >= 0 && truth_len > cut[n - 1] - off)
		len = truth_len;
	else
		truth = -1;

	/* sides; leading ones without digits are names ("Total = 4 + 5") */
	struct side sd[SIDES_MAX];
	int soff[SIDES_MAX], slen[SIDES_MAX], ns = 0;
	int start = off;
	for (int k = 0; k <= n; k++) {
		int end = k < n ? cut[k] : off + len;
		soff[ns] = start;
		slen[ns++] = end - start;
		if (k < n)
			start = cut[k] + cutlen[k];
	}
	int first = 0;
	while (first < ns && !has_digit(L->s + soff[first], slen[first]))
		first++;
	if (ns - first < 2)
		return 1;   /* "n = the number of apples": prose */
	for (int k = first; k < ns; k++)
		if (!has_digit(L->s + soff[k], slen[k]))
			return 1;
	int m = 0;
	for (int k = first; k < ns; k++, m++) {
		int err;
		if (read_side(L, soff[k], slen[k], k == first, k == ns - 1, &sd[m], &err) < 0) {
			set_mark(res, TUT_STEP_UNKNOWN, err, "cannot read \"%.*s\"", QUOTE,
				 L->s + soff[k]);
			return 1;
		}
	}
	check_chain(L, sd, rels + first, m, truth, res);
	return 1;
}

/* "2 is less than 7", "4 + 4 equals 8".  Prose when either side is not a
 * number. */
static int worded(const struct line *L, int off, int len, struct result *res)
{
	static const struct { const char *w; enum rel r; } words[] = {
		{ " is not less than ", REL_GE }, { " is not greater than ", REL_LE },
		{ " is not more than ", REL_LE }, { " is not equal to ", REL_NE },
		{ " is less than ", REL_LT }, { " is smaller than ", REL_LT },
		{ " is fewer than ", REL_LT }, { " is greater than ", REL_GT },
		{ " is more than ", REL_GT }, { " is bigger than ", REL_GT },
		{ " is larger than ", REL_GT }, { " is equal to ", REL_EQ },
		{ " is the same as ", REL_EQ }, { " equals ", REL_EQ },
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		int at = find(L, off, len, words[i].w);
		if (at < 0)
			continue;
		int w = (int)strlen(words[i].w);
		int rlen = off + len - (at + w);
		int truth = truth_suffix(L, at + w, &rlen);
		if (!has_digit(L->s + off, at - off) || !has_digit(L->s + at + w, rlen))
			return 1;
		struct side sd[2];
		int err;
		if (read_side(L, off, at - off, 1, 0, &sd[0], &err) < 0 ||
		    read_side(L, at + w, rlen, 0, 1, &sd[1], &err) < 0 || sd[0].is_rem || sd[1].is_rem)
			return 1;
		enum rel r = words[i].r;
		check_chain(L, sd, &r, 2, truth, res);
		return 1;
	}
	return 0;
}

/* "write 5", "carry 1", "carry the 1", "and carry 1". */
static int note(const struct line *L, int off, int len, struct result *res)
{
	int o = off, n = len;
	if (starts_with(L, o, n, "and ")) {
		o += 4;
		n -= 4;
	}
	int is_write = starts_with(L, o, n, "write ");
	int is_carry = starts_with(L, o, n, "carry ");
	if (!is_write && !is_carry)
		return 0;
	int k = 6;   /* "write ", "carry " */
	if (starts_with(L, o + k, n - k, "the "))
		k += 4;
	if (starts_with(L, o + k, n - k, "down "))
		k += 5;
	const char *p = L->s + o + k;
	if (!isdigit((unsigned char)*p))
		return 0;
	int64_t d = 0;
	int i = 0;
	while (i < n - k && isdigit((unsigned char)p[i]) && d < 100000000000LL)
		d = d * 10 + (p[i++] - '0');
	/* what follows is words only ("in the ones column") */
	for (; i < n - k; i++)
		if (!isalpha((unsigned char)p[i]) && p[i] != ' ' && p[i] != '.')
			return 0;
	if (is_write)
		res->has_write = 1;
	/* with no claim before it, "write 5" is an instruction */
	if (!res->have_value)
		return 1;
	if (!tut_q_is_int(res->value)) {
		if (is_write)
			set_mark(res, TUT_STEP_UNKNOWN, off, "only whole numbers have digits to write");
		else
			set_mark(res, TUT_STEP_UNKNOWN, off, "only whole numbers have digits to carry");
		return 1;
	}
	int64_t v = res->value.n < 0 ? -res->value.n : res->value.n;
	int64_t want = is_write ? v % 10 : v / 10;
	if (d == want) {
		mark_right(res);
		if (is_carry)
			res->carry = d;
	} else if (is_write) {
		set_mark(res, TUT_STEP_WRONG, off, "the last digit of %lld is %lld, not %lld", (long long)v,
			 (long long)want, (long long)d);
	} else {
		set_mark(res, TUT_STEP_WRONG, off, "%lld carries %lld, not %lld", (long long)v,
			 (long long)want, (long long)d);
	}
	return 1;
}

/* The place a rounding is to: "ten" -> 10, "tenth" -> 1/10. */
static int place_value(const struct line *L, int off, int len, struct tut_q *pl)
{
	static const struct { const char *w; int64_t n, d; } places[] = {
		{ "whole number", 1, 1 }, { "whole", 1, 1 }, { "one", 1, 1 }, { "ones", 1, 1 },
		{ "unit", 1, 1 }, { "integer", 1, 1 }, { "dollar", 1, 1 },
		{ "ten thousand", 10000, 1 }, { "hundred thousand", 100000, 1 },
		{ "ten", 10, 1 }, { "tens", 10, 1 }, { "hundred", 100, 1 }, { "hundreds", 100, 1 },
		{ "thousand", 1000, 1 }, { "thousands", 1000, 1 }, { "million", 1000000, 1 },
		{ "tenth", 1, 10 }, { "tenths", 1, 10 }, { "hundredth", 1, 100 },
		{ "hundredths", 1, 100 }, { "thousandth", 1, 1000 }, { "cent", 1, 100 },
	};
	trim(L->s, &off, &len);
	for (size_t i = 0; i < sizeof places / sizeof places[0]; i++)
		if ((int)strlen(places[i].w) == len && memcmp(L->lw + off, places[i].w, (size_t)len) == 0) {
			*pl = (struct tut_q){ places[i].n, places[i].d };
			return 0;
		}
	int64_t n;
	if (eval_int(L, off, len, &n) == 0 && n > 0) {
		*pl = tut_q_int(n);
		return 0;
	}
	return -1;
}

/* "347 rounded to the nearest ten is 350" */
static int rounding(const struct line *L, int off, int len, struct result *res)
{
	int at = find(L, off, len, " to the nearest ");
	if (at < 0)
		return 0;
	int pstart = at + (int)strlen(" to the nearest ");
	int is = find(L, pstart, off + len - pstart, " is ");
	if (is < 0)
		return 0;
	/* the number before "rounded" / "rounds" */
	int alen = at - off;
	static const char *const verbs[] = { " rounded", " rounds", " round" };
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
		int v = (int)strlen(verbs[i]);
		if (alen >= v && memcmp(L->lw + off + alen - v, verbs[i], (size_t)v) == 0) {
			alen -= v;
			break;
		}
	}
	if (!has_digit(L->s + off, alen))
		return 0;
	struct side a, b;
	struct tut_q pl;
	int err, ok = 1;
	if (place_value(L, pstart, is - pstart, &pl) < 0 ||
	    read_side(L, off, alen, 1, 0, &a, &err) < 0 ||
	    read_side(L, is + 4, off + len - is - 4, 0, 1, &b, &err) < 0 || a.is_rem || b.is_rem) {
		set_mark(res, TUT_STEP_UNKNOWN, off, "cannot read this rounding");
		return 1;
	}
	if (a.v.dim == TUT_DIM_CLOCK || (b.v.dim != TUT_DIM_NONE && b.v.dim != a.v.dim)) {
		set_mark(res, TUT_STEP_UNKNOWN, off, "cannot read this rounding");
		return 1;
	}
	/* in the unit the number was written in: 347 cm to the nearest ten */
	struct tut_q x = tut_q_div(a.v.q, a.v.unit, &ok);
	struct tut_q y = b.v.dim == TUT_DIM_NONE ? b.v.q : tut_q_div(b.v.q, a.v.unit, &ok);
	struct tut_q t = tut_q_add(tut_q_div(x, pl, &ok), (struct tut_q){ 1, 2 }, &ok);
	struct tut_q want = ok ? tut_q_mul(tut_q_int(floor_div(t.n, t.d)), pl, &ok) : t;
	if (!ok) {
		set_mark(res, TUT_STEP_UNKNOWN, off, "numbers too large to check");
		return 1;
	}
	if (tut_q_cmp(want, y) == 0) {
		mark_right(res);
		return 1;
	}
	char val[80];
	struct tut_qty wv = a.v;
	wv.q = tut_q_mul(want, a.v.unit, &ok);
	fmt_qty(wv, NULL, uses_decimals(L, off, len), val, sizeof val);
	set_mark(res, TUT_STEP_WRONG, a.off, "%.*s rounded to the nearest %.*s is %s, not %.*s",
		 a.len < QUOTE ? a.len : QUOTE, L->s + a.off, is - pstart, L->s + pstart, val,
		 b.len < QUOTE ? b.len : QUOTE, L->s + b.off);
	return 1;
}

/* "46 is even", "37 is an odd number" */
static int parity(const struct line *L, int off, int len, struct result *res)
{
	static const struct { const char *w; int odd; } forms[] = {
		{ " is even", 0 }, { " is odd", 1 }, { " is an even", 0 }, { " is an odd", 1 },
	};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		int at = find(L, off, len, forms[i].w), w = (int)strlen(forms[i].w);
		if (at < 0 || isalpha((unsigned char)L->s[at + w]))
			continue;
		if (!has_digit(L->s + off, at - off))
			return 1;
		struct side a;
		int err, ok = 1;
		if (read_side(L, off, at - off, 1, 0, &a, &err) < 0 || a.is_rem ||
		    a.v.dim == TUT_DIM_CLOCK) {
			set_mark(res, TUT_STEP_UNKNOWN, off, "cannot read \"%.*s\"", QUOTE, L->s + off);
			return 1;
		}
		struct tut_q x = tut_q_div(a.v.q, a.v.unit, &ok);
		if (!ok || !tut_q_is_int(x)) {
			set_mark(res, TUT_STEP_WRONG, a.off, "%.*s is not a whole number, so neither even nor odd",
				 a.len < QUOTE ? a.len : QUOTE, L->s + a.off);
			return 1;
		}
		int odd = (int)(x.n % 2 != 0);
		if (odd == forms[i].odd)
			mark_right(res);
		else if (odd)
			set_mark(res, TUT_STEP_WRONG, a.off, "%.*s is odd, not even", a.len < QUOTE ? a.len : QUOTE,
				 L->s + a.off);
		else
			set_mark(res, TUT_STEP_WRONG, a.off, "%.*s is even, not odd", a.len < QUOTE ? a.len : QUOTE,
				 L->s + a.off);
		return 1;
	}
	return 0;
}

/* "the 4 in 347 is worth 40", "the digit 5 in 3.45 stands for 5 hundredths" */
static int digit_value(const struct line *L, int off, int len, struct result *res)
{
	int o = off, end = off + len;
	if (starts_with(L, o, end - o, "so "))
		o += 3;
	if (starts_with(L, o, end - o, "the "))
		o += 4;
	if (starts_with(L, o, end - o, "digit "))
		o += 6;
	if (o + 5 > end || !isdigit((unsigned char)L->s[o]) || memcmp(L->lw + o + 1, " in ", 4) != 0)
		return 0;
	int digit = L->s[o] - '0';
	int noff = o + 5, nend = noff;
	while (nend < end && (isdigit((unsigned char)L->s[nend]) ||
			      (L->s[nend] == '.' && nend + 1 < end && isdigit((unsigned char)L->s[nend + 1]))))
		nend++;
	static const char *const verbs[] = { " is worth ", " stands for ", " has a value of ",
					     " has the value ", " has value ", " means " };
	int voff = -1;
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		if (starts_with(L, nend, end - nend, verbs[i]))
			voff = nend + (int)strlen(verbs[i]);
	if (nend == noff || voff < 0)
		return 0;

	/* the value, maybe in place words: "4 tens" */
	const char *p = L->s + voff;
	struct tut_q v;
	if (tut_parse_number(&p, &v) < 0 || p > L->s + end) {
		set_mark(res, TUT_STEP_UNKNOWN, off, "cannot read the value");
		return 1;
	}
	int rest = (int)(L->s + end - p), ok = 1;
	int ro = (int)(p - L->s);
	trim(L->s, &ro, &rest);
	while (rest > 0 && L->s[ro + rest - 1] == '.')
		rest--;
	if (rest > 0) {
		struct tut_q pl;
		if (place_value(L, ro, rest, &pl) < 0) {
			set_mark(res, TUT_STEP_UNKNOWN, off, "cannot read the value");
			return 1;
		}
		v = tut_q_mul(v, pl, &ok);
	}

	/* every place the digit stands in */
	int point = nend;
	for (int i = noff; i < nend; i++)
		if (L->s[i] == '.')
			point = i;
	int found = 0;
	struct tut_q first_val = { 0, 1 };
	for (int i = noff; i < nend && ok; i++) {
		if (L->s[i] != '0' + digit)
			continue;
		int places = i < point ? point - i - 1 : -(i - point);
		struct tut_q pv = tut_q_int(digit);
		for (int k = 0; k < (places < 0 ? -places : places) && ok; k++)
			pv = places < 0 ? tut_q_div(pv, tut_q_int(10), &ok) : tut_q_mul(pv, tut_q_int(10), &ok);
		if (!found)
			first_val = pv;
		found = 1;
		if (ok && tut_q_cmp(pv, v) == 0) {
			mark_right(res);
			return 1;
		}
	}
	if (!ok) {
		set_mark(res, TUT_STEP_UNKNOWN, off, "numbers too large to check");
	} else if (!found) {
		set_mark(res, TUT_STEP_WRONG, off, "there is no %d in %.*s", digit, nend - noff, L->s + noff);
	} else {
		char val[64];
		tut_q_decimal(first_val, val, sizeof val);
		set_mark(res, TUT_STEP_WRONG, off, "the %d in %.*s is worth %s, not %.*s", digit,
			 nend - noff, L->s + noff, val, QUOTE, L->s + voff);
	}
	return 1;
}

/* Blanks to fill ("7 + ? = 12") make a question, not a claim. */
static int has_blank(const struct line *L, int off, int len)
{
	static const char *const blanks[] = { "?", "_", "□", "…", "☐" };
	for (size_t i = 0; i < sizeof blanks / sizeof blanks[0]; i++)
		if (find(L, off, len, blanks[i]) >= 0)
			return 1;
	return 0;
}

static void segment(const struct line *L, int off, int len, struct result *res)
{
	trim(L->s, &off, &len);
	if (len <= 0 || has_blank(L, off, len))
		return;
	if (note(L, off, len, res) || rounding(L, off, len, res) || digit_value(L, off, len, res) ||
	    parity(L, off, len, res) || symbolic(L, off, len, res))
		return;
	worded(L, off, len, res);
}

/* Cuts [off, end) at ": ", ", ", "; " and ". " and checks each piece. */
static void segments(const struct line *L, int off, int end, struct result *res)
{
	int start = off;
	for (int i = off; i < end; i++) {
		char c = L->s[i];
		/* not after "a.m." or "e.g." */
		int abbrev = c == '.' && i >= 2 && isalpha((unsigned char)L->s[i - 1]) && L->s[i - 2] == '.';
		if ((c == ':' || c == ',' || c == ';' || c == '.') && !abbrev && i + 1 < end && L->s[i + 1] == ' ') {
			segment(L, start, i - start, res);
			start = i + 2;
			i++;
		}
	}
	segment(L, start, end - start, res);
}

/* ---- Logic and answers ---- */

/* Lower case, single spaces, no final period. */
static void normalise(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = 0;
	int space = 0;
	for (size_t i = 0; i < n && s[i]; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\r') {
			space = 1;
			continue;
		}
		if (k + 2 >= cap)
			break;
		if (space && k)
			out[k++] = ' ';
		space = 0;
		out[k++] = (char)tolower((unsigned char)c);
	}
	while (k && (out[k - 1] == '.' || out[k - 1] == ' '))
		k--;
	out[k] = 0;
}

/* 1: listed as following, 0: listed as false, -1: not listed. */
static int look_up_fact(const char *facts, const char *claim)
{
	char line[LINE_MAX_BYTES];
	size_t len = strnlen(facts, TUT_FACTS_MAX);
	size_t i = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && facts[e] != '\n')
			e++;
		int neg = facts[i] == '!';
		normalise(facts + i + neg, e - i - (size_t)neg, line, sizeof line);
		if (line[0] && strcmp(line, claim) == 0)
			return !neg;
		i = e + 1;
	}
	return -1;
}

static int logic(const struct tut_problem *p, const struct line *L, int off, struct result *res)
{
	if (!p || !p->facts[0] || !starts_with(L, off, L->len - off, "so"))
		return 0;
	int o = off + 2;
	if (o < L->len && L->s[o] == ',')
		o++;
	if (o >= L->len || L->s[o] != ' ')
		return 0;
	char claim[LINE_MAX_BYTES];
	normalise(L->s + o, (size_t)(L->len - o), claim, sizeof claim);
	int f = look_up_fact(p->facts, claim);
	if (f == 1) {
		mark_right(res);
	} else if (f == 0) {
		set_mark(res, TUT_STEP_WRONG, off, "that does not follow: it is false");
	} else {
		/* maybe arithmetic ("So 7 > 9 is false."); else not checkable */
		segments(L, o, L->len, res);
		if (res->mark == TUT_STEP_TEXT)
			set_mark(res, TUT_STEP_UNKNOWN, off, "not among the facts that follow");
	}
	return 1;
}

static int answer(const struct tut_problem *p, const struct line *L, int off, struct result *res)
{
	if (!starts_with(L, off, L->len - off, "answer:"))
		return 0;
	int o = off + 7;
	while (o < L->len && L->s[o] == ' ')
		o++;
	res->is_answer = 1;
	if (!p)
		return 1;   /* no key: nothing to check */
	res->answer_right = tut_answer_check(p, L->s + o);
	if (res->answer_right)
		mark_right(res);
	else
		set_mark(res, TUT_STEP_WRONG, o, "the answer is %.*s%s%.*s", TUT_ANSWER_MAX, p->answer,
			 p->unit[0] ? " " : "", TUT_UNIT_MAX, p->unit);
	return 1;
}

static void check_line(const struct tut_problem *p, const char *text, size_t n, struct result *res)
{
	memset(res, 0, sizeof *res);
	res->mark = TUT_STEP_TEXT;
	while (n && (text[n - 1] == '\r' || text[n - 1] == '\n'))
		n--;
	if (n >= LINE_MAX_BYTES) {
		/* far beyond the format; look no further than its shape */
		for (size_t i = 0; i < n; i++)
			if (text[i] == '=' || text[i] == '<' || text[i] == '>') {
				set_mark(res, TUT_STEP_UNKNOWN, (int)i, "line too long to check");
				break;
			}
		return;
	}
	char s[LINE_MAX_BYTES], lw[LINE_MAX_BYTES];
	memcpy(s, text, n);
	s[n] = 0;
	/* a NUL inside the line ends it */
	n = strlen(s);
	for (size_t i = 0; i <= n; i++)
		lw[i] = (char)tolower((unsigned char)s[i]);
	struct line L = { s, lw, (int)n };
	int off = 0;
	while (off < L.len && (s[off] == ' ' || s[off] == '\t'))
		off++;
	if (answer(p, &L, off, res) || logic(p, &L, off, res))
		return;
	segments(&L, off, L.len, res);
}

/* The carry written on one column line goes into the next column's sum:
 * "Tens: 4 + 3 + 1 = 8" after "carry 1".  A sum without it is wrong even
 * though its arithmetic holds. */
static void check_carry_in(const char *text, int64_t carry, struct result *res)
{
	if (carry <= 0 || !res->has_write || res->sum_len == 0 || res->mark == TUT_STEP_WRONG)
		return;
	const char *s = text + res->sum_off;
	int depth = 0, plus = -1;
	for (int i = 0; i < res->sum_len; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')')
			depth--;
		else if (s[i] == '+' && depth == 0)
			plus = i;
	}
	struct tut_q last;
	int err;
	if (plus >= 0 && tut_eval(s + plus + 1, (size_t)(res->sum_len - plus - 1), &last, &err) == 0 &&
	    tut_q_cmp(last, tut_q_int(carry)) == 0)
		return;
	set_mark(res, TUT_STEP_WRONG, res->sum_off, "the carried %lld is missing from this sum",
		 (long long)carry);
}

static void to_step(const struct result *r, int line, struct tut_step *out)
{
	out->mark = r->mark;
	out->line = line;
	out->column = r->mark == TUT_STEP_WRONG || r->mark == TUT_STEP_UNKNOWN ? r->column : 0;
	snprintf(out->why, sizeof out->why, "%s", r->mark == TUT_STEP_WRONG || r->mark == TUT_STEP_UNKNOWN ? r->why : "");
}

enum tut_mark tut_verify_line(const struct tut_problem *p, const char *line, struct tut_step *out)
{
	struct result r;
	size_t n = 0;
	if (line)
		while (line[n] && line[n] != '\n')
			n++;
	check_line(p, line ? line : "", n, &r);
	if (out)
		to_step(&r, 1, out);
	return r.mark;
}

void tut_verify(const struct tut_problem *p, const char *text, struct tut_verdict *v)
{
	if (!v)
		return;
	memset(v, 0, sizeof *v);
	if (!text)
		return;
	int64_t carry = 0;
	const char *s = text;
	for (int ln = 1; *s; ln++) {
		size_t n = 0;
		while (s[n] && s[n] != '\n')
			n++;
		struct result r;
		check_line(p, s, n, &r);
		if (n < LINE_MAX_BYTES)
			check_carry_in(s, carry, &r);
		carry = r.has_write ? r.carry : 0;

		if (r.is_answer) {
			v->has_answer = 1;
			v->answer_right = r.answer_right;
		}
		v->n_right += r.mark == TUT_STEP_RIGHT;
		v->n_wrong += r.mark == TUT_STEP_WRONG;
		v->n_unknown += r.mark == TUT_STEP_UNKNOWN;
		if (v->n_steps < TUT_MAX_STEPS)
			to_step(&r, ln, &v->steps[v->n_steps]);
		v->n_steps++;
		s += n;
		if (*s == '\n')
			s++;
	}
}
