/* answer.c: grading a learner's (or the model's) final answer.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Exact, by the problem's kind.  Forgiving of how an answer is written
 * (spaces, case, a final period, the unit word or a label, "0.5" for
 * "1/2", "350c" for "$3.50"), never of what it says.  Two deliberate
 * strictnesses: a FRACTION answer must be written as a fraction in lowest
 * terms (or a whole number), so "6/8" and "0.75" are wrong for "3/4"; and
 * a NUMBER answer in a measuring unit must use the key's unit ("300 cm",
 * not "3 m", when the key is 300 cm: the question asked for centimetres).
 */
#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tutor/internal.h"


#define TEXT_MAX 256

static int q_eq(struct tut_q a, struct tut_q b)
{
	return tut_q_cmp(a, b) == 0;
}

/* Chinese and Japanese input methods type full-width forms: "４５", "３／４",
 * an ideographic space and full stop.  Returns the ASCII character a
 * three-byte sequence at `s` stands for, or 0. */
static char fullwidth_ascii(const unsigned char *s)
{
	if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return ' ';     /* U+3000 ideographic space */
	if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x81)
		return ',';     /* U+3001 ideographic comma, between list items */
	if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x82)
		return '.';     /* U+3002 ideographic full stop */
	if (s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x81 && s[2] <= 0xBF)
		return (char)(s[2] - 0x80 + 0x20);   /* U+FF01..U+FF3F */
	if (s[0] == 0xEF && s[1] == 0xBD && s[2] >= 0x80 && s[2] <= 0x9E)
		return (char)(s[2] - 0x80 + 0x60);   /* U+FF40..U+FF5E */
	return 0;
}

/* Trimmed, inner spaces collapsed to one, full-width forms made ASCII, a
 * final period dropped. */
static int tidy(const char *in, char *out, size_t cap)
{
	size_t n = 0;
	int space = 0;
	while (*in == ' ' || *in == '\t' || *in == '\n' || *in == '\r')
		in++;
	for (; *in; in++) {
		char c = *in == '\t' || *in == '\n' || *in == '\r' ? ' ' : *in;
		char fw = (unsigned char)*in >= 0xE3 && in[1] && in[2] ? fullwidth_ascii((const unsigned char *)in) : 0;
		if (fw) {
			c = fw;
			in += 2;
		}
		if (c == ' ') {
			space = 1;
			continue;
		}
		if (n + 3 >= cap)
			return -1;
		if (space && n)
			out[n++] = ' ';
		space = 0;
		out[n++] = c;
	}
	if (n && out[n - 1] == '.')
		n--;
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = 0;
	return 0;
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* Drops the unit word from the end of s ("85 marbles" -> "85"). */
static void strip_unit(char *s, const char *unit)
{
	size_t n = strlen(s), u = unit ? strlen(unit) : 0;
	if (u == 0 || u > n || strncasecmp(s + n - u, unit, u) != 0)
		return;
	if (n > u && s[n - u - 1] != ' ' && unit[0] != '$' && isalpha((unsigned char)unit[0]) &&
	    isalpha((unsigned char)s[n - u - 1]))
		return;   /* "inches" does not end in unit "es" */
	n -= u;
	while (n && s[n - 1] == ' ')
		n--;
	s[n] = 0;
}

/* Only a single amount: digits, words and what numbers are written with,
 * no operators ("47 + 38" is a sum, not an answer). */
static int single_amount(const char *s, int allow_colon)
{
	if (*s == '-')
		s++;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == ' ' || c == '.' || c == '$' || c == '/' || c == '\'' || c >= 0x80)
			continue;
		if (c == ':' && allow_colon)
			continue;
		return 0;
	}
	return 1;
}

/* One amount with an optional unit or label: "85", "85 marbles", "42 cm",
 * "3/4", "seventy-two". */
static int amount(const char *s, int allow_colon, struct tut_qty *v)
{
	int64_t n;
	if (tut_parse_num_words(s, &n) == 0) {
		*v = (struct tut_qty){ tut_q_int(n), TUT_DIM_NONE, tut_q_int(1), "" };
		return 0;
	}
	int err;
	if (!*s || !single_amount(s, allow_colon))
		return -1;
	return tut_eval_qty(s, strlen(s), v, &err) == 0 ? 0 : -1;
}

/* Compares with a key amount: a bare number is read in the key's unit. */
static int same_amount(struct tut_qty key, struct tut_qty given, int same_unit)
{
	int ok = 1;
	if (key.dim == TUT_DIM_NONE)
		return given.dim == TUT_DIM_NONE && q_eq(key.q, given.q);
	if (given.dim == TUT_DIM_NONE) {
		struct tut_q g = tut_q_mul(given.q, key.unit, &ok);
		return ok && q_eq(g, key.q);
	}
	if (given.dim != key.dim)
		return 0;
	if (same_unit && !q_eq(given.unit, key.unit))
		return 0;
	return q_eq(given.q, key.q);
}

/* "24 r 2", "24r2", "24 remainder 2"; a bare "24" is 24 r 0. */
static int remainder_form(const char *s, int64_t *q, int64_t *r, int *has_r)
{
	const char *p = s;
	struct tut_q a, b;
	*has_r = 0;
	if (tut_parse_number(&p, &a) < 0 || !tut_q_is_int(a))
		return -1;
	*q = a.n;
	*r = 0;
	while (*p == ' ')
		p++;
	if (!*p)
		return 0;
	static const char *const marks[] = { "remainder", "rem", "r" };
	size_t m = 0;
	for (size_t i = 0; i < sizeof marks / sizeof marks[0] && !m; i++)
		if (strncasecmp(p, marks[i], strlen(marks[i])) == 0 &&
		    !isalpha((unsigned char)p[strlen(marks[i])]))
			m = strlen(marks[i]);
	if (!m)
		return -1;
	p += m;
	if (tut_parse_number(&p, &b) < 0 || !tut_q_is_int(b))
		return -1;
	while (*p == ' ')
		p++;
	if (*p)
		return -1;
	*r = b.n;
	*has_r = 1;
	return 0;
}

static int check_number(const char *key, const char *unit, const char *given)
{
	int64_t kq, kr, gq, gr;
	int khas, ghas;
	if (remainder_form(key, &kq, &kr, &khas) == 0 && khas)
		return remainder_form(given, &gq, &gr, &ghas) == 0 && gq == kq && gr == kr;

	char full[TEXT_MAX * 2];
	snprintf(full, sizeof full, "%s %s", key, unit);
	struct tut_qty k, g;
	if (amount(full, 0, &k) < 0 && amount(key, 0, &k) < 0)
		return 0;
	if (remainder_form(given, &gq, &gr, &ghas) == 0 && ghas) {
		if (gr != 0)
			return 0;
		/* "24 r 0" is 24 */
		g = (struct tut_qty){ tut_q_int(gq), TUT_DIM_NONE, tut_q_int(1), "" };
	} else if (amount(given, 0, &g) < 0) {
		/* "seventy-two marbles" */
		char bare[TEXT_MAX];
		snprintf(bare, sizeof bare, "%s", given);
		strip_unit(bare, unit);
		if (strcmp(bare, given) == 0 || amount(bare, 0, &g) < 0)
			return 0;
	}
	return same_amount(k, g, 1);
}

/* A fraction as written: "3/4", "-3/4", "1 3/4", "2" (then label words).
 * Lowest terms is a property of the writing, so this reads digits, not
 * values. */
static int written_lowest(const char *s)
{
	const char *p = s;
	struct tut_q dummy;
	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return 0;
	const char *start = p;
	if (tut_parse_number(&p, &dummy) < 0)
		return 0;
	/* what follows must be words only */
	for (const char *t = p; *t; t++)
		if (!isalpha((unsigned char)*t) && *t != ' ')
			return 0;
	const char *slash = memchr(start, '/', (size_t)(p - start));
	if (!slash) {
		for (const char *t = start; t < p; t++)
			if (!isdigit((unsigned char)*t))
				return 0;   /* "0.75" is not a fraction */
		return 1;
	}
	/* tut_parse_number read these digits, so they fit in 64 bits */
	const char *space = memchr(start, ' ', (size_t)(slash - start));
	long long a = strtoll(space ? space + 1 : start, NULL, 10);
	long long b = strtoll(slash + 1, NULL, 10);
	if (b < 2 || a <= 0 || tut_gcd(a, b) != 1)
		return 0;
	return !space || a < b;   /* a mixed number's fraction is proper */
}

static int check_fraction(const char *key, const char *unit, const char *given)
{
	char g[TEXT_MAX];
	snprintf(g, sizeof g, "%s", given);
	strip_unit(g, unit);
	if (!written_lowest(g))
		return 0;
	struct tut_q kv, gv;
	const char *kp = key, *gp = g;
	if (tut_parse_number(&kp, &kv) < 0 || tut_parse_number(&gp, &gv) < 0)
		return 0;
	return q_eq(kv, gv);
}

static int check_money(const char *key, const char *given)
{
	struct tut_qty k, g;
	if (amount(key, 0, &k) < 0 || amount(given, 0, &g) < 0)
		return 0;
	if (k.dim == TUT_DIM_NONE)
		k = (struct tut_qty){ k.q, TUT_DIM_MONEY, tut_q_int(1), "$" };
	if (k.dim != TUT_DIM_MONEY)
		return 0;
	return same_amount(k, g, 0);
}

static int check_time(const char *key, const char *unit, const char *given)
{
	char full[TEXT_MAX * 2];
	snprintf(full, sizeof full, "%s %s", key, unit);
	struct tut_qty k, g;
	if (amount(full, 1, &k) < 0 && amount(key, 1, &k) < 0)
		return 0;
	if (amount(given, 1, &g) < 0)
		return 0;
	if (k.dim == TUT_DIM_CLOCK) {
		if (g.dim != TUT_DIM_CLOCK)
			return 0;
		int ok = 1;
		struct tut_q d = tut_q_sub(k.q, g.q, &ok);
		return ok && tut_q_is_int(d) && d.n % 1440 == 0;
	}
	/* a duration: "1:25" may be written for 1 h 25 min */
	if (g.dim == TUT_DIM_CLOCK)
		g = (struct tut_qty){ g.q, TUT_DIM_TIME, tut_q_int(1), "min" };
	if (k.dim == TUT_DIM_NONE)
		k = (struct tut_qty){ k.q, TUT_DIM_TIME, tut_q_int(1), "min" };
	return k.dim == TUT_DIM_TIME && same_amount(k, g, 0);
}

/* Words compare without case, spaces or hyphens. */
/* U+00C0..U+00FF without their accents: a child who types "boton" or
 * "si" for "botón" or "sí" knows the word; keyboards in a school lab may
 * not have the accents at all.  0: leave as it is (× and ÷). */
static const char latin1_base[65] =
	"aaaaaaaceeeeiiiidnooooo\0ouuuuyts"
	"aaaaaaaceeeeiiiidnooooo\0ouuuuyty";

/* Lower case, accents dropped, no spaces or hyphens: how a word is compared. */
static void squeeze(const char *in, char *out, size_t cap)
{
	size_t n = 0;
	for (; *in && n + 1 < cap; in++) {
		unsigned char c = (unsigned char)*in, c2 = (unsigned char)in[1];
		if (c == 0xC3 && c2 >= 0x80 && c2 <= 0xBF && latin1_base[c2 - 0x80]) {
			out[n++] = latin1_base[c2 - 0x80];
			in++;
		} else if (c != ' ' && c != '-') {
			out[n++] = (char)tolower(c);
		}
	}
	out[n] = 0;
}

static int check_word(const char *key, const char *unit, const char *given)
{
	char k[TEXT_MAX], g[TEXT_MAX], ks[TEXT_MAX], gs[TEXT_MAX];
	snprintf(k, sizeof k, "%s", key);
	snprintf(g, sizeof g, "%s", given);
	strip_unit(k, unit);
	strip_unit(g, unit);
	squeeze(k, ks, sizeof ks);
	squeeze(g, gs, sizeof gs);
	return ks[0] && strcmp(ks, gs) == 0;
}

static int is_numeric(const char *s)
{
	struct tut_q v;
	const char *p = s;
	return tut_parse_number(&p, &v) == 0;
}

/* Splits at commas (and a final " and "); returns the item count. */
static int split_list(char *s, char **items, int max)
{
	int n = 0;
	char *p = s;
	while (n < max) {
		char *c = strchr(p, ',');
		if (c)
			*c = 0;
		char *t = p;
		while (*t == ' ')
			t++;
		size_t len = strlen(t);
		while (len && t[len - 1] == ' ')
			t[--len] = 0;
		items[n++] = t;
		if (!c)
			break;
		p = c + 1;
	}
	if (n >= 1 && n < max) {
		char *last = items[n - 1], *a = strstr(last, " and ");
		if (a) {
			*a = 0;
			items[n++] = a + 5;
		}
	}
	return n;
}

#define LIST_MAX 32

static int check_list(const char *key, const char *unit, const char *given)
{
	char k[TEXT_MAX], g[TEXT_MAX];
	char *ki[LIST_MAX], *gi[LIST_MAX];
	snprintf(k, sizeof k, "%s", key);
	snprintf(g, sizeof g, "%s", given);
	int nk = split_list(k, ki, LIST_MAX);
	int ng;
	if (!strchr(g, ',') && !strstr(g, " and ") && nk > 1) {
		/* "2 4 6 8" for "2, 4, 6, 8" */
		ng = 0;
		for (char *t = strtok(g, " "); t && ng < LIST_MAX; t = strtok(NULL, " "))
			gi[ng++] = t;
	} else {
		ng = split_list(g, gi, LIST_MAX);
	}
	if (nk != ng)
		return 0;
	for (int i = 0; i < nk; i++) {
		int right = is_numeric(ki[i]) ? check_number(ki[i], unit, gi[i])
					      : check_word(ki[i], unit, gi[i]);
		if (!right)
			return 0;
	}
	return 1;
}

static int check_choice(const char *key, const char *given)
{
	char k[TEXT_MAX], g[TEXT_MAX];
	snprintf(k, sizeof k, "%s", key);
	snprintf(g, sizeof g, "%s", given);
	lower(k);
	lower(g);
	if (strcmp(k, g) == 0)
		return 1;
	char ks[TEXT_MAX], gs[TEXT_MAX];
	squeeze(k, ks, sizeof ks);
	squeeze(g, gs, sizeof gs);
	if (ks[0] && strcmp(ks, gs) == 0)
		return 1;   /* "si" for "sí" */
	/* the relations may be said in words */
	static const char *const words[][4] = {
		{ "<", "less than", "is less than", "smaller than" },
		{ ">", "greater than", "is greater than", "more than" },
		{ "=", "equal", "equal to", "is equal to" },
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strcmp(k, words[i][0]) != 0)
			continue;
		for (int j = 1; j < 4; j++)
			if (strcmp(g, words[i][j]) == 0)
				return 1;
	}
	return 0;
}

static int check_key(enum tut_kind kind, const char *answer, const char *unit_text, const char *given)
{
	char key[TEXT_MAX], unit[TEXT_MAX], g[TEXT_MAX];
	if (tidy(answer, key, sizeof key) < 0 || tidy(unit_text, unit, sizeof unit) < 0 ||
	    tidy(given, g, sizeof g) < 0 || !key[0] || !g[0])
		return 0;
	switch (kind) {
	case TUT_ANS_NUMBER:
		return check_number(key, unit, g);
	case TUT_ANS_FRACTION:
		return check_fraction(key, unit, g);
	case TUT_ANS_MONEY:
		return check_money(key, g);
	case TUT_ANS_TIME:
		return check_time(key, unit, g);
	case TUT_ANS_WORD:
		return check_word(key, unit, g);
	case TUT_ANS_LIST:
		return check_list(key, unit, g);
	case TUT_ANS_CHOICE:
		return check_choice(key, g);
	}
	return 0;
}

int tut_answer_check(const struct tut_problem *p, const char *given)
{
	if (!p || !given)
		return 0;
	if (check_key(p->kind, p->answer, p->unit, given))
		return 1;
	/* A translated exercise: its own words ("偶数", "Noor"), and its own
	 * unit after the same number ("4 个苹果"). */
	return p->shown_question[0] &&
	       check_key(p->kind, p->shown_answer[0] ? p->shown_answer : p->answer, p->shown_unit, given);
}
