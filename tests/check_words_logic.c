/* check_words_logic.c: the word-problem and logic generators.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Every answer is found again here without the generators' help: word
 * problems are re-solved from their claim lines with plain integer
 * arithmetic, every number they use is looked for in the question, and
 * the truth-teller, ordering and grid puzzles are read back out of the
 * question text and solved by brute force.  The wording is measured too:
 * the model must meet many names, objects and sentence shapes.
 */
#include <config.h>

#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tutor/internal.h"

#define SEEDS 2000
#define VARIETY_SEEDS 1000

struct gen {
	const char *id;
	int (*fn)(struct tut_rng *r, int difficulty, struct tut_problem *p);
	int grade_min, grade_max;   /* as skills.c lists them */
	enum tut_level level;
	int logic;
};

enum { G_W1, G_W2, G_W3, G_ODD, G_TF, G_SYL, G_ORDER, G_KNIGHTS, G_GRID, N_GENS };

static const struct gen gens[N_GENS] = {
	{ "word_1step", tut_gen_word_1step, 1, 4, TUT_BASIC, 0 },
	{ "word_2step", tut_gen_word_2step, 3, 5, TUT_MULTI, 0 },
	{ "word_3step", tut_gen_word_3step, 4, 6, TUT_MULTI, 0 },
	{ "logic_odd_one_out", tut_gen_logic_odd_one_out, 1, 3, TUT_BASIC, 1 },
	{ "logic_true_false", tut_gen_logic_true_false, 2, 4, TUT_SYMBOLIC, 1 },
	{ "logic_syllogism", tut_gen_logic_syllogism, 3, 6, TUT_SYMBOLIC, 1 },
	{ "logic_order", tut_gen_logic_order, 2, 5, TUT_MULTI, 1 },
	{ "logic_knights", tut_gen_logic_knights, 4, 6, TUT_MULTI, 1 },
	{ "logic_grid", tut_gen_logic_grid, 5, 6, TUT_MULTI, 1 },
};

static int make(int g, uint64_t seed, int difficulty, struct tut_problem *p)
{
	struct tut_rng r;
	memset(p, 0, sizeof *p);
	tut_rng_seed(&r, seed);
	return gens[g].fn(&r, difficulty, p);
}

/* Copies line k (0-based) of s into buf; returns 0, or -1 past the end. */
static int line_of(const char *s, int k, char *buf, size_t cap)
{
	for (; k > 0; k--) {
		s = strchr(s, '\n');
		if (!s)
			return -1;
		s++;
	}
	size_t n = strcspn(s, "\n");
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, s, n);
	buf[n] = 0;
	return 0;
}

static int count_lines(const char *s)
{
	int n = 1;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Lower case, single spaces, no final period (doc/reasoning-format.md). */
static void normalise(const char *s, char *out, size_t cap)
{
	size_t k = 0;
	int space = 0;
	for (; *s && k + 2 < cap; s++) {
		if (*s == ' ') {
			space = 1;
			continue;
		}
		if (space && k)
			out[k++] = ' ';
		space = 0;
		out[k++] = (char)tolower((unsigned char)*s);
	}
	while (k && (out[k - 1] == '.' || out[k - 1] == ' '))
		k--;
	out[k] = 0;
}

/* 1 listed true, 0 listed false, -1 absent */
static int fact_listed(const char *facts, const char *stmt)
{
	char line[512];
	for (int k = 0; line_of(facts, k, line, sizeof line) == 0; k++) {
		if (!line[0])
			continue;
		int neg = line[0] == '!';
		if (strcmp(line + neg, stmt) == 0)
			return !neg;
	}
	return -1;
}

/* Whole-word search: `w` in `s` not inside a longer word. */
static const char *find_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = strstr(s, w); p; p = strstr(p + 1, w)) {
		int before = p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '-');
		int after = isalnum((unsigned char)p[n]) || p[n] == '-';
		if (!before && !after)
			return p;
	}
	return NULL;
}

/* ---- Every generator: the problem's shape ---------------------------------- */

START_TEST(test_shape)
{
	const struct gen *g = &gens[_i];
	struct tut_problem p, again;
	ck_assert_int_eq(make(_i, 1, 0, &p), -1);
	ck_assert_int_eq(make(_i, 1, 4, &p), -1);
	for (int d = 1; d <= 3; d++)
		for (uint64_t seed = 0; seed < SEEDS; seed++) {
			char line[TUT_STEPS_MAX], want[TUT_ANSWER_MAX + TUT_UNIT_MAX + 16];
			ck_assert_msg(make(_i, seed, d, &p) == 0, "%s d%d seed %llu failed", g->id, d,
				      (unsigned long long)seed);
			ck_assert_str_eq(p.skill, g->id);
			ck_assert_msg(p.question[0] && p.steps[0] && p.answer[0], "%s: empty field", g->id);
			ck_assert_msg(strlen(p.question) < 400, "%s d%d seed %llu: question of %zu bytes", g->id, d,
				      (unsigned long long)seed, strlen(p.question));
			ck_assert_msg(strlen(p.steps) < 1500, "%s: steps of %zu bytes", g->id, strlen(p.steps));
			ck_assert_msg(strlen(p.facts) < 1100, "%s: facts of %zu bytes", g->id, strlen(p.facts));
			ck_assert_msg(p.grade >= g->grade_min && p.grade <= g->grade_max, "%s d%d: grade %d", g->id, d,
				      p.grade);
			ck_assert_int_eq(p.level, g->level);
			ck_assert_msg(!strstr(p.question, "  ") && !strchr(p.question, '\n'), "%s: %s", g->id, p.question);

			/* lines: none blank, none over 200 bytes, the last the answer */
			int n = count_lines(p.steps);
			ck_assert_msg(n >= 2, "%s: one line only", g->id);
			for (int k = 0; k < n; k++) {
				line_of(p.steps, k, line, sizeof line);
				ck_assert_msg(line[0] && strlen(line) <= 200, "%s d%d seed %llu: line %d \"%s\"", g->id, d,
					      (unsigned long long)seed, k + 1, line);
				ck_assert_msg(k == n - 1 || strncmp(line, "Answer:", 7) != 0, "%s: early answer", g->id);
			}
			line_of(p.steps, n - 1, line, sizeof line);
			if (p.unit[0])
				snprintf(want, sizeof want, "Answer: %s %s", p.answer, p.unit);
			else
				snprintf(want, sizeof want, "Answer: %s", p.answer);
			ck_assert_str_eq(line, want);

			if (g->logic) {
				ck_assert_msg(p.facts[0], "%s: no facts", g->id);
				ck_assert_msg(!p.unit[0], "%s: logic with a unit", g->id);
			} else {
				ck_assert_msg(!p.facts[0], "%s: facts in a word problem", g->id);
				ck_assert_msg(p.unit[0] || p.kind == TUT_ANS_MONEY, "%s: no unit: %s", g->id, p.question);
				ck_assert_msg(p.kind == TUT_ANS_NUMBER || p.kind == TUT_ANS_MONEY, "%s: kind %d", g->id,
					      p.kind);
				ck_assert_msg(!strstr(p.steps, "\nSo ") && strncmp(p.steps, "So ", 3) != 0,
					      "%s: a conclusion line with no facts to check it", g->id);
			}

			/* the same seed, the same problem */
			ck_assert_int_eq(make(_i, seed, d, &again), 0);
			ck_assert_str_eq(again.question, p.question);
			ck_assert_str_eq(again.steps, p.steps);
			ck_assert_str_eq(again.answer, p.answer);
			ck_assert_str_eq(again.unit, p.unit);
			ck_assert_str_eq(again.facts, p.facts);
			ck_assert_int_eq(again.kind, p.kind);
			ck_assert_int_eq(again.grade, p.grade);
		}
}
END_TEST

/* ---- Word problems: re-solved from their claims ----------------------------- */

/* "47", "$4.75", "$5.00" in hundredths; sets *money. */
static int parse_amount(const char *s, long long *v, int *money)
{
	long long whole = 0, frac = 0;
	int digits = 0, k = 0;
	*money = 0;
	if (s[k] == '$') {
		*money = 1;
		k++;
	}
	for (; isdigit((unsigned char)s[k]); k++, digits++)
		whole = whole * 10 + (s[k] - '0');
	if (!digits || digits > 9)
		return -1;
	if (s[k] == '.') {
		if (!*money || !isdigit((unsigned char)s[k + 1]) || !isdigit((unsigned char)s[k + 2]) || s[k + 3])
			return -1;
		frac = (s[k + 1] - '0') * 10 + (s[k + 2] - '0');
		k += 3;
	}
	if (s[k])
		return -1;
	*v = whole * 100 + frac;
	return 0;
}

/* Is amount v (hundredths) written in the question: digits, "$5" or
 * "$5.00", or words; `by_words` set when only words show it. */
static int in_question(const char *q, long long v, int money, int *by_words)
{
	char d[32], w[128];
	*by_words = 0;
	if (money) {
		snprintf(d, sizeof d, "$%lld.%02lld", v / 100, v % 100);
		if (strstr(q, d))
			return 1;
		if (v % 100)
			return 0;
		snprintf(d, sizeof d, "$%lld", v / 100);
		for (const char *p = strstr(q, d); p; p = strstr(p + 1, d)) {
			const char *e = p + strlen(d);
			if (!isdigit((unsigned char)*e) && !(*e == '.' && isdigit((unsigned char)e[1])))
				return 1;
		}
		return 0;
	}
	if (v % 100)
		return 0;
	long long n = v / 100;
	snprintf(d, sizeof d, "%lld", n);
	for (const char *p = strstr(q, d); p; p = strstr(p + 1, d)) {
		const char *e = p + strlen(d);
		int before = p > q && (isdigit((unsigned char)p[-1]) || p[-1] == '$' || p[-1] == '.');
		int after = isdigit((unsigned char)*e) || (*e == '.' && isdigit((unsigned char)e[1]));
		if (!before && !after)
			return 1;
	}
	/* words: "seventy-two", not the "five" in "one hundred five" */
	tut_num_words(n, w, sizeof w);
	char lq[TUT_QUESTION_MAX];
	normalise(q, lq, sizeof lq);
	for (const char *p = strstr(lq, w); p; p = strstr(p + 1, w)) {
		const char *e = p + strlen(w);
		int before = p > lq && (isalpha((unsigned char)p[-1]) || p[-1] == '-');
		int after = isalpha((unsigned char)*e) || *e == '-';
		int part_of_bigger = strncmp(e, " hundred", 8) == 0 || strncmp(e, " thousand", 9) == 0 ||
				     (p - lq >= 8 && strncmp(p - 8, "hundred ", 8) == 0) ||
				     (p - lq >= 9 && strncmp(p - 9, "thousand ", 9) == 0);
		if (!before && !after && !part_of_bigger) {
			*by_words = 1;
			return 1;
		}
	}
	/* the words the stories use for 2, 3 and 12 */
	static const struct {
		int n;
		const char *w;
	} syn[] = { { 2, "twice" }, { 2, "double" }, { 2, "half" }, { 3, "three times" }, { 12, "dozen" } };
	for (size_t i = 0; i < sizeof syn / sizeof syn[0]; i++)
		if (syn[i].n == n && find_word(lq, syn[i].w))
			return 1;
	return 0;
}

struct solve_stats {
	int claims;
	int by_words;   /* problems with a number found only as words */
};

/* Checks one word problem's claim lines; returns 0 or fails the test. */
static void resolve(const struct tut_problem *p, const char *what, struct solve_stats *st)
{
	long long results[32];
	int nres = 0, n = count_lines(p->steps), seen_claim = 0, words = 0;
	long long last = -1, last_q = -1, last_r = -1;
	char line[TUT_STEPS_MAX];
	for (int k = 0; k < n - 1; k++) {
		line_of(p->steps, k, line, sizeof line);
		const char *c = line;
		for (const char *x = strstr(line, ": "); x; x = strstr(x + 1, ": "))
			c = x + 2;
		char a[64], op[8], b[64], eq[8], r[64], rm[8], m[64];
		int used = 0, fields = sscanf(c, "%63s %7s %63s %7s %63s%n %7s %63s%n", a, op, b, eq, r, &used, rm, m, &used);
		int is_rem = fields == 7 && strcmp(rm, "r") == 0;
		if ((fields != 5 && !is_rem) || strcmp(eq, "=") != 0 || c[used]) {
			ck_assert_msg(!strchr(line, '='), "%s: a claim that cannot be read: \"%s\"", what, line);
			continue;
		}
		long long va, vb, vr, vm = 0;
		int ma, mb, mr, mm = 0;
		ck_assert_msg(parse_amount(a, &va, &ma) == 0 && parse_amount(b, &vb, &mb) == 0 &&
				      parse_amount(r, &vr, &mr) == 0 && (!is_rem || parse_amount(m, &vm, &mm) == 0),
			      "%s: unreadable numbers in \"%s\"", what, line);
		if (strcmp(op, "+") == 0)
			ck_assert_msg(va + vb == vr, "%s: %s", what, line);
		else if (strcmp(op, "-") == 0)
			ck_assert_msg(va - vb == vr && vr >= 0, "%s: %s", what, line);
		else if (strcmp(op, "×") == 0)
			ck_assert_msg(va * vb == vr * 100, "%s: %s", what, line);
		else if (strcmp(op, "÷") == 0 && !is_rem)
			ck_assert_msg(vb > 0 && va * 100 == vr * vb, "%s: %s", what, line);
		else if (strcmp(op, "÷") == 0)
			ck_assert_msg(!ma && !mb && vb > 0 && va / 100 == (vr / 100) * (vb / 100) + vm / 100 &&
					      vm / 100 < vb / 100 && vm % 100 == 0,
				      "%s: %s", what, line);
		else
			ck_assert_msg(0, "%s: unknown operator in \"%s\"", what, line);

		/* every number used is a result already found or is in the question */
		const long long operand[2] = { va, vb };
		const int money[2] = { ma, mb };
		for (int i = 0; i < 2; i++) {
			int found = 0, by_words = 0;
			for (int j = 0; j < nres && !found; j++)
				found = results[j] == operand[i];
			if (!found)
				found = in_question(p->question, operand[i], money[i], &by_words);
			if (!found && operand[i] == 100 && strstr(p->steps, "one more"))
				found = 1;   /* "so one more bus is needed" */
			ck_assert_msg(found, "%s: %s uses a number not in the question: %s", what, line, p->question);
			words |= by_words;
		}
		if (nres < 30) {
			results[nres++] = vr;
			if (is_rem)
				results[nres++] = vm;
		}
		last = vr;
		last_q = is_rem ? vr : -1;
		last_r = is_rem ? vm : -1;
		seen_claim = 1;
		st->claims++;
	}
	ck_assert_msg(seen_claim, "%s: no claims", what);
	long long ans;
	int am;
	ck_assert_msg(parse_amount(p->answer, &ans, &am) == 0, "%s: answer %s", what, p->answer);
	ck_assert_msg(am == (p->kind == TUT_ANS_MONEY), "%s: money answer without money kind", what);
	if (last_q >= 0)
		ck_assert_msg(ans == last_q || ans == last_r, "%s: answer %s is not from %lld r %lld", what,
			      p->answer, last_q, last_r);
	else
		ck_assert_msg(ans == last, "%s: answer %s, last claim %lld", what, p->answer, last);
	st->by_words += words;
}

START_TEST(test_word_claims)
{
	struct solve_stats st = { 0, 0 };
	struct tut_problem p;
	char what[64];
	for (int d = 1; d <= 3; d++)
		for (uint64_t seed = 0; seed < SEEDS; seed++) {
			ck_assert_int_eq(make(_i, seed, d, &p), 0);
			snprintf(what, sizeof what, "%s d%d seed %llu", gens[_i].id, d, (unsigned long long)seed);
			resolve(&p, what, &st);
			/* one claim per operation: one, two, three */
			int claims = 0;
			char line[TUT_STEPS_MAX];
			for (int k = 0; line_of(p.steps, k, line, sizeof line) == 0; k++)
				claims += strstr(line, " = ") != NULL;
			ck_assert_msg(claims >= _i + 1, "%s: %d claims", what, claims);
		}
	ck_assert_int_gt(st.by_words, SEEDS / 20);
}
END_TEST

/* ---- Word problems: how much the wording varies ------------------------------ */

static int seen(char (*set)[48], int *n, int cap, const char *s)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(set[i], s) == 0)
			return 1;
	if (*n < cap)
		snprintf(set[(*n)++], 48, "%s", s);
	return 0;
}

/* Capitalised words that do not start a sentence: the children's names
 * (days and months aside). */
static void names_in(const char *q, char (*set)[48], int *n, int cap)
{
	static const char *const not_names[] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
		"Saturday", "Sunday", "I" };
	for (const char *p = q; *p; p++) {
		if (!isupper((unsigned char)*p) || (p > q && isalpha((unsigned char)p[-1])))
			continue;
		const char *b = p;
		while (b > q && b[-1] == ' ')
			b--;
		if (b == q || b[-1] == '.' || b[-1] == '?' || b[-1] == '!' || b[-1] == '"')
			continue;
		char w[48];
		size_t k = 0;
		while (isalpha((unsigned char)p[k]) && k < sizeof w - 1) {
			w[k] = p[k];
			k++;
		}
		w[k] = 0;
		int skip = 0;
		for (size_t i = 0; i < sizeof not_names / sizeof not_names[0]; i++)
			skip |= strcmp(w, not_names[i]) == 0;
		if (!skip)
			seen(set, n, cap, w);
	}
}

START_TEST(test_word_variety)
{
	static char prefixes[VARIETY_SEEDS][48], names[400][48], objects[400][48];
	int nprefix = 0, nnames = 0, nobjects = 0, words = 0, qfirst = 0, distract = 0;
	struct tut_problem p;
	struct solve_stats st = { 0, 0 };
	for (uint64_t seed = 0; seed < VARIETY_SEEDS; seed++) {
		ck_assert_int_eq(make(G_W2, seed, 1 + (int)(seed % 3), &p), 0);
		/* the first five words */
		char pre[48];
		size_t k = 0;
		for (int sp = 0; p.question[k] && k < sizeof pre - 1; k++) {
			if (p.question[k] == ' ' && ++sp == 5)
				break;
			pre[k] = p.question[k];
		}
		pre[k] = 0;
		seen(prefixes, &nprefix, VARIETY_SEEDS, pre);
		names_in(p.question, names, &nnames, 400);
		static const char *const measures[] = { "cm", "m", "g", "kg", "ml", "l", "minutes" };
		int measure = !p.unit[0];
		for (size_t i = 0; i < sizeof measures / sizeof measures[0]; i++)
			measure |= strcmp(p.unit, measures[i]) == 0;
		if (!measure)
			seen(objects, &nobjects, 400, p.unit);
		int before = st.by_words;
		resolve(&p, "variety", &st);
		words += st.by_words > before;
		const char *qm = strchr(p.question, '?');
		qfirst += (qm && qm[1]) || strncmp(p.question, "Work out", 8) == 0 || strncmp(p.question, "Find", 4) == 0;
		distract += strstr(p.steps, "is not needed") != NULL;
	}
	printf("word_2step over %d seeds: %d first-five-word openings, %d names, %d object words, "
	       "%d with numbers in words, %d question first, %d with a number not needed\n",
	       VARIETY_SEEDS, nprefix, nnames, nobjects, words, qfirst, distract);
	ck_assert_int_ge(nprefix, 300);
	ck_assert_int_ge(nnames, 30);
	ck_assert_int_ge(nobjects, 40);
	ck_assert_int_gt(words, VARIETY_SEEDS / 20);
	ck_assert_int_gt(qfirst, VARIETY_SEEDS / 10);
	ck_assert_int_gt(distract, VARIETY_SEEDS / 10);
}
END_TEST

/* ---- Logic: the facts list --------------------------------------------------- */

START_TEST(test_logic_facts)
{
	const struct gen *g = &gens[_i];
	struct tut_problem p;
	char line[TUT_STEPS_MAX], norm[TUT_STEPS_MAX];
	for (int d = 1; d <= 3; d++)
		for (uint64_t seed = 0; seed < SEEDS; seed++) {
			ck_assert_int_eq(make(_i, seed, d, &p), 0);
			int conclusions = 0;
			for (int k = 0; line_of(p.steps, k, line, sizeof line) == 0; k++) {
				if (strncmp(line, "So ", 3) != 0)
					continue;
				normalise(line + 3, norm, sizeof norm);
				ck_assert_msg(fact_listed(p.facts, norm) == 1, "%s d%d seed %llu: \"%s\" is not in the facts",
					      g->id, d, (unsigned long long)seed, line);
				conclusions++;
			}
			ck_assert_msg(conclusions > 0, "%s: no conclusion", g->id);
			int falses = 0;
			ck_assert_msg(!strstr(p.facts, "\n\n") && p.facts[0] != '\n', "%s: a blank fact line", g->id);
			for (int k = 0; line_of(p.facts, k, line, sizeof line) == 0; k++) {
				if (!line[0])
					continue;   /* after the final newline */
				int neg = line[0] == '!';
				falses += neg;
				normalise(line + neg, norm, sizeof norm);
				ck_assert_msg(strcmp(norm, line + neg) == 0, "%s: fact not normalised: \"%s\"", g->id, line);
				ck_assert_msg(fact_listed(p.facts, norm) == !neg, "%s d%d seed %llu: \"%s\" listed both ways",
					      g->id, d, (unsigned long long)seed, norm);
			}
			ck_assert_msg(falses > 0 || _i == G_TF, "%s: no false statements listed", g->id);
		}
}
END_TEST

/* ---- Truth-tellers and liars, solved from the question's text ------------------ */

struct kpuzzle {
	int n;
	char name[3][16];
	int speaks[3];
	char said[3][96];   /* lower case, no final period */
};

static int name_index(const struct kpuzzle *k, const char *s, size_t len)
{
	for (int i = 0; i < k->n; i++)
		if (strlen(k->name[i]) == len && strncasecmp(k->name[i], s, len) == 0)
			return i;
	return -1;
}

/* Whether `said` (spoken by s) is true when t (bit i: i honest) holds;
 * -1 when the words cannot be read. */
static int k_eval(const struct kpuzzle *k, int s, const char *said, unsigned t)
{
	int honest = 0;
	for (int i = 0; i < k->n; i++)
		honest += (int)(t >> i) & 1;
	if (strcmp(said, "at least one of us is a liar") == 0)
		return honest < k->n;
	if (strcmp(said, "exactly one of us tells the truth") == 0)
		return honest == 1;
	if (strcmp(said, "we are all liars") == 0)
		return honest == 0;
	if (strcmp(said, "exactly two of us are liars") == 0)
		return k->n - honest == 2;
	/* a subject (one person, two, or "we") and what is said of it */
	int who[2], nwho = 0;
	const char *rest;
	if (strncmp(said, "we are ", 7) == 0) {
		if (k->n != 2)
			return -1;
		who[0] = 0;
		who[1] = 1;
		nwho = 2;
		rest = said + 3;
	} else {
		const char *sp = strchr(said, ' ');
		if (!sp)
			return -1;
		who[nwho++] = name_index(k, said, (size_t)(sp - said));
		rest = sp + 1;
		if (strncmp(rest, "and ", 4) == 0) {
			const char *w = rest + 4, *e = strchr(w, ' ');
			if (!e)
				return -1;
			who[nwho++] = (e - w == 1 && *w == 'i') ? s : name_index(k, w, (size_t)(e - w));
			rest = e + 1;
		}
		for (int i = 0; i < nwho; i++)
			if (who[i] < 0)
				return -1;
	}
	int a = (int)(t >> who[0]) & 1, b = nwho > 1 ? (int)(t >> who[1]) & 1 : a;
	if (nwho == 1 && strcmp(rest, "is a liar") == 0)
		return !a;
	if (nwho == 1 && strcmp(rest, "tells the truth") == 0)
		return a;
	if (nwho == 2 && strcmp(rest, "are both truth-tellers") == 0)
		return a && b;
	if (nwho == 2 && strcmp(rest, "are both liars") == 0)
		return !a && !b;
	if (nwho == 2 && strcmp(rest, "are the same kind") == 0)
		return a == b;
	if (nwho == 2 && strcmp(rest, "are different kinds") == 0)
		return a != b;
	return -1;
}

static void read_knights(const char *q, struct kpuzzle *k)
{
	memset(k, 0, sizeof *k);
	const char *m = strstr(q, "You meet ");
	ck_assert_msg(m != NULL, "no one to meet: %s", q);
	m += 9;
	while (*m && *m != '.') {
		size_t len = strcspn(m, " ,.");
		ck_assert(k->n < 3 && len < 16);
		memcpy(k->name[k->n], m, len);
		k->name[k->n++][len] = 0;
		m += len;
		while (*m == ',' || *m == ' ')
			m++;
		if (strncmp(m, "and ", 4) == 0)
			m += 4;
	}
	for (int i = 0; i < k->n; i++) {
		char key[32];
		snprintf(key, sizeof key, "%s says", k->name[i]);
		const char *s = strstr(q, key);
		if (!s)
			continue;
		const char *open = strchr(s, '"'), *close = open ? strchr(open + 1, '"') : NULL;
		ck_assert(open && close && close - open < 96);
		char raw[96];
		memcpy(raw, open + 1, (size_t)(close - open - 1));
		raw[close - open - 1] = 0;
		normalise(raw, k->said[i], sizeof k->said[i]);
		k->speaks[i] = 1;
	}
}

START_TEST(test_knights_unique)
{
	struct tut_problem p;
	int lists = 0, single = 0;
	for (int d = 1; d <= 3; d++)
		for (uint64_t seed = 0; seed < SEEDS; seed++) {
			struct kpuzzle k;
			ck_assert_int_eq(make(G_KNIGHTS, seed, d, &p), 0);
			read_knights(p.question, &k);
			int solutions = 0;
			unsigned sol = 0;
			for (unsigned t = 0; t < (1u << k.n); t++) {
				int ok = 1;
				for (int s = 0; s < k.n && ok; s++) {
					if (!k.speaks[s])
						continue;
					int v = k_eval(&k, s, k.said[s], t);
					ck_assert_msg(v >= 0, "cannot read \"%s\" in %s", k.said[s], p.question);
					ok = v == (int)((t >> s) & 1);
				}
				if (ok) {
					solutions++;
					sol = t;
				}
			}
			ck_assert_msg(solutions == 1, "%d solutions: %s", solutions, p.question);

			char want[80] = "";
			const char *ask = strrchr(p.question, '.');
			ask = ask ? ask + 1 : p.question;
			if (strstr(p.question, "Say for each of them")) {
				size_t len = 0;
				for (int i = 0; i < k.n; i++)
					len += (size_t)snprintf(want + len, sizeof want - len, "%s%s", i ? ", " : "",
								(sol >> i) & 1 ? "truth-teller" : "liar");
				ck_assert_int_eq(p.kind, TUT_ANS_LIST);
				lists++;
			} else if (strstr(ask, "a truth-teller or a liar?")) {
				for (int i = 0; i < k.n; i++) {
					char who[40];
					snprintf(who, sizeof who, "Is %s a truth-teller", k.name[i]);
					if (strstr(ask, who))
						snprintf(want, sizeof want, "%s", (sol >> i) & 1 ? "truth-teller" : "liar");
				}
			} else {
				int liar = strstr(ask, "liar?") != NULL, who = -1, count = 0;
				for (int i = 0; i < k.n; i++)
					if ((int)((sol >> i) & 1) != liar) {
						who = i;
						count++;
					}
				ck_assert_msg(count == 1, "asks for the only one, but %d: %s", count, p.question);
				snprintf(want, sizeof want, "%s", k.name[who]);
				single++;
			}
			ck_assert_msg(strcmp(p.answer, want) == 0, "answer %s, expected %s: %s", p.answer, want, p.question);
		}
	ck_assert_int_gt(lists, 0);
	ck_assert_int_gt(single, 0);
}
END_TEST

/* ---- Ordering puzzles, solved from the question's text ------------------------- */

static const struct {
	const char *more, *less, *most, *least;
} comparatives[] = {
	{ "taller", "shorter", "tallest", "shortest" },
	{ "older", "younger", "oldest", "youngest" },
	{ "faster", "slower", "fastest", "slowest" },
	{ "heavier", "lighter", "heaviest", "lightest" },
};

START_TEST(test_order_puzzles)
{
	struct tut_problem p;
	for (int d = 1; d <= 3; d++)
		for (uint64_t seed = 0; seed < SEEDS; seed++) {
			char name[8][16];
			int n = 0, above[8][8] = { { 0 } }, c = -1;
			ck_assert_int_eq(make(G_ORDER, seed, d, &p), 0);
			/* every "X is taller than Y." */
			for (const char *q = p.question; *q;) {
				char sentence[200], x[16], comp[16], y[16];
				size_t len = strcspn(q, ".?");
				ck_assert(len < sizeof sentence);
				memcpy(sentence, q, len);
				sentence[len] = 0;
				q += len;
				while (*q == '.' || *q == '?' || *q == ' ')
					q++;
				if (!strstr(sentence, " than "))
					continue;
				int used = 0;
				ck_assert_msg(sscanf(sentence, "%15s is %15s than %15[A-Za-z]%n", x, comp, y, &used) == 3 &&
						      !sentence[used],
					      "cannot read \"%s\"", sentence);
				int more = -1;
				for (int i = 0; i < 4; i++) {
					if (strcmp(comp, comparatives[i].more) == 0)
						more = 1;
					else if (strcmp(comp, comparatives[i].less) == 0)
						more = 0;
					else
						continue;
					ck_assert(c < 0 || c == i);
					c = i;
				}
				ck_assert_msg(more >= 0, "cannot read \"%s\"", sentence);
				int ix = -1, iy = -1;
				for (int i = 0; i < n; i++) {
					if (strcmp(name[i], x) == 0)
						ix = i;
					if (strcmp(name[i], y) == 0)
						iy = i;
				}
				if (ix < 0) {
					ck_assert(n < 8);
					snprintf(name[n], 16, "%s", x);
					ix = n++;
				}
				if (iy < 0) {
					ck_assert(n < 8);
					snprintf(name[n], 16, "%s", y);
					iy = n++;
				}
				if (more)
					above[ix][iy] = 1;
				else
					above[iy][ix] = 1;
			}
			ck_assert(c >= 0 && n >= 3);
			/* the order: closure, then each one's rank must differ */
			for (int k = 0; k < n; k++)
				for (int i = 0; i < n; i++)
					for (int j = 0; j < n; j++)
						if (above[i][k] && above[k][j])
							above[i][j] = 1;
			int rank_of[8], at_rank[8];
			for (int i = 0; i < n; i++) {
				ck_assert_msg(!above[i][i], "a cycle: %s", p.question);
				rank_of[i] = 0;
				for (int j = 0; j < n; j++)
					rank_of[i] += above[j][i];
				at_rank[rank_of[i]] = i;
			}
			for (int i = 0; i < n; i++)
				for (int j = 0; j < i; j++)
					ck_assert_msg(rank_of[i] != rank_of[j], "not one order: %s", p.question);

			char want[96] = "", key[64];
			const char *ask = strrchr(p.question, '.');
			ask = ask ? ask + 1 : p.question;
			snprintf(key, sizeof key, "second %s", comparatives[c].most);
			if (strstr(p.question, "List the children")) {
				size_t len = 0;
				for (int r = 0; r < n; r++)
					len += (size_t)snprintf(want + len, sizeof want - len, "%s%s", r ? ", " : "",
								name[at_rank[r]]);
			} else if (strstr(ask, key)) {
				snprintf(want, sizeof want, "%s", name[at_rank[1]]);
			} else if (strstr(ask, "neither") || strstr(ask, "middle")) {
				snprintf(want, sizeof want, "%s", name[at_rank[n / 2]]);
			} else if (strstr(ask, comparatives[c].most) && !strstr(ask, ", ")) {
				snprintf(want, sizeof want, "%s", name[at_rank[0]]);
			} else if (strstr(ask, comparatives[c].least)) {
				snprintf(want, sizeof want, "%s", name[at_rank[n - 1]]);
			} else {
				char x[16], y[16];
				snprintf(key, sizeof key, " Who is %s, %%15[A-Za-z] or %%15[A-Za-z]?", comparatives[c].more);
				ck_assert_msg(sscanf(ask, key, x, y) == 2, "cannot read the question: %s", ask);
				int ix = -1, iy = -1;
				for (int i = 0; i < n; i++) {
					if (!strcmp(name[i], x))
						ix = i;
					if (!strcmp(name[i], y))
						iy = i;
				}
				ck_assert(ix >= 0 && iy >= 0);
				snprintf(want, sizeof want, "%s", rank_of[ix] < rank_of[iy] ? x : y);
			}
			ck_assert_msg(strcmp(p.answer, want) == 0, "answer %s, expected %s: %s", p.answer, want, p.question);
		}
}
END_TEST

/* ---- Deduction grids, solved from the question's text ------------------------- */

START_TEST(test_grid_unique)
{
	static const int perms[6][3] = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
	struct tut_problem p;
	for (int d = 1; d <= 3; d++)
		for (uint64_t seed = 0; seed < SEEDS; seed++) {
			char kid[3][16], item[3][24], sent[8][200];
			int ns = 0;
			ck_assert_int_eq(make(G_GRID, seed, d, &p), 0);
			/* sentences */
			for (const char *s = p.question; *s && ns < 8;) {
				size_t len = strcspn(s, ".?");
				ck_assert(len < 200);
				memcpy(sent[ns], s, len);
				sent[ns++][len] = 0;
				s += len;
				while (*s == '.' || *s == '?' || *s == ' ')
					s++;
			}
			/* "Ana, Ben and Cal each ...: a cat, a dog and a fish" */
			ck_assert(sscanf(sent[0], "%15[A-Za-z], %15[A-Za-z] and %15[A-Za-z] each", kid[0], kid[1], kid[2]) == 3);
			const char *list = strstr(sent[0], ": ");
			ck_assert(list != NULL);
			list += 2;
			for (int i = 0; i < 3; i++) {
				if (strncmp(list, "a ", 2) == 0)
					list += 2;
				else if (strncmp(list, "an ", 3) == 0)
					list += 3;
				else if (strncmp(list, "the ", 4) == 0)
					list += 4;
				size_t len = strcspn(list, ", ");
				memcpy(item[i], list, len);
				item[i][len] = 0;
				list += len;
				while (*list == ',' || *list == ' ')
					list++;
				if (strncmp(list, "and ", 4) == 0)
					list += 4;
			}
			int ok[6] = { 1, 1, 1, 1, 1, 1 };
			for (int c = 1; c < ns - 1; c++) {
				int who[3], nwho = 0, what[3], nwhat = 0;
				for (int i = 0; i < 3; i++) {
					if (find_word(sent[c], kid[i]))
						who[nwho++] = i;
					char lower[200], it[24];
					normalise(sent[c], lower, sizeof lower);
					normalise(item[i], it, sizeof it);
					if (find_word(lower, it))
						what[nwhat++] = i;
				}
				for (int q = 0; q < 6; q++) {
					const int *pm = perms[q];
					int holds;
					if (strstr(sent[c], " or ")) {
						ck_assert(nwho == 2 && nwhat == 1);
						holds = pm[who[0]] == what[0] || pm[who[1]] == what[0];
					} else if (strstr(sent[c], "neither")) {
						ck_assert(nwho == 1 && nwhat == 2);
						holds = pm[who[0]] != what[0] && pm[who[0]] != what[1];
					} else if (strstr(sent[c], " not ")) {
						ck_assert(nwho == 1 && nwhat == 1);
						holds = pm[who[0]] != what[0];
					} else {
						ck_assert_msg(nwho == 1 && nwhat == 1, "cannot read \"%s\"", sent[c]);
						holds = pm[who[0]] == what[0];
					}
					ok[q] &= holds;
				}
			}
			int count = 0, sol = -1;
			for (int q = 0; q < 6; q++)
				if (ok[q]) {
					count++;
					sol = q;
				}
			ck_assert_msg(count == 1, "%d solutions: %s", count, p.question);
			const char *ask = sent[ns - 1];
			char want[64] = "";
			for (int i = 0; i < 3; i++)
				if (find_word(ask, kid[i]))
					snprintf(want, sizeof want, "%s", item[perms[sol][i]]);
			if (!want[0])
				for (int i = 0; i < 3; i++)
					if (find_word(ask, item[i]))
						for (int c = 0; c < 3; c++)
							if (perms[sol][c] == i)
								snprintf(want, sizeof want, "%s", kid[c]);
			ck_assert_msg(strcmp(p.answer, want) == 0, "answer %s, expected %s: %s", p.answer, want, p.question);
		}
}
END_TEST

/* ---- Odd one out, true or false, syllogisms ------------------------------------ */

/* Properties a child might sort numbers by: even, multiples of 3, 4, 5
 * and 10, and having two digits.  Returns the one number that stands
 * apart by property `prop`, or -1. */
static int lonely_number(const int *v, int n, int prop)
{
	static const int divisor[] = { 2, 3, 4, 5, 10 };
	int with = 0, who_with = -1, who_without = -1;
	for (int i = 0; i < n; i++) {
		int has = prop < 5 ? v[i] % divisor[prop] == 0 : v[i] >= 10;
		if (has) {
			with++;
			who_with = i;
		} else {
			who_without = i;
		}
	}
	return with == 1 ? who_with : with == n - 1 ? who_without : -1;
}

START_TEST(test_odd_one_out)
{
	struct tut_problem p;
	int numeric = 0;
	for (int d = 1; d <= 3; d++)
		for (uint64_t seed = 0; seed < SEEDS; seed++) {
			ck_assert_int_eq(make(G_ODD, seed, d, &p), 0);
			ck_assert_msg(find_word(p.question, p.answer), "%s not among %s", p.answer, p.question);
			if (!isdigit((unsigned char)p.answer[0]))
				continue;
			/* numbers: the answer, and only the answer, stands apart by some property */
			int v[8], n = 0, odd = -1;
			for (const char *s = p.question; *s && n < 8; s++)
				if (isdigit((unsigned char)*s) && (s == p.question || !isdigit((unsigned char)s[-1]))) {
					v[n] = atoi(s);
					if (v[n] == atoi(p.answer))
						odd = n;
					n++;
				}
			ck_assert(n >= 4 && odd >= 0);
			int singled = 0;
			for (int prop = 0; prop < 6; prop++) {
				int who = lonely_number(v, n, prop);
				ck_assert_msg(who < 0 || who == odd, "%d also stands apart: %s", v[who], p.question);
				singled |= who == odd;
			}
			ck_assert_msg(singled, "nothing sets %s apart: %s", p.answer, p.question);
			numeric++;
		}
	ck_assert_int_gt(numeric, 0);
}
END_TEST

START_TEST(test_true_false)
{
	struct tut_problem p;
	int yes = 0, total = 0, checked = 0;
	for (int d = 1; d <= 3; d++)
		for (uint64_t seed = 0; seed < SEEDS; seed++) {
			ck_assert_int_eq(make(G_TF, seed, d, &p), 0);
			ck_assert_int_eq(p.kind, TUT_ANS_CHOICE);
			ck_assert_msg(!strcmp(p.answer, "true") || !strcmp(p.answer, "false"), "%s", p.answer);
			yes += strcmp(p.answer, "true") == 0;
			total++;
			/* statements of arithmetic and comparison are checked here too */
			const char *s = p.question;
			while (*s && !isdigit((unsigned char)*s))
				s++;
			int a, b, c, used = 0;
			char op[8];
			if (sscanf(s, "%d %7s %d = %d%n", &a, op, &b, &c, &used) == 4 && (s[used] == '.' || s[used] == '"')) {
				long long v = !strcmp(op, "+") ? a + b : !strcmp(op, "-") ? a - b : !strcmp(op, "×") ? a * b
					    : !strcmp(op, "÷") && b && a % b == 0 ? a / b : -1;
				ck_assert(v >= 0);
				ck_assert_str_eq(p.answer, v == c ? "true" : "false");
				checked++;
			} else if (sscanf(s, "%d %7s %d%n", &a, op, &b, &used) == 3 && (s[used] == '.' || s[used] == '"') &&
				   (!strcmp(op, "<") || !strcmp(op, ">"))) {
				ck_assert_str_eq(p.answer, (op[0] == '<' ? a < b : a > b) ? "true" : "false");
				checked++;
			}
		}
	ck_assert_int_gt(checked, SEEDS / 4);
	ck_assert_msg(yes > total * 3 / 10 && yes < total * 7 / 10, "%d of %d true", yes, total);
}
END_TEST

START_TEST(test_syllogism_answers)
{
	struct tut_problem p;
	for (int d = 1; d <= 3; d++) {
		int count[3] = { 0 };
		for (uint64_t seed = 0; seed < SEEDS; seed++) {
			ck_assert_int_eq(make(G_SYL, seed, d, &p), 0);
			ck_assert_int_eq(p.kind, TUT_ANS_CHOICE);
			int k = !strcmp(p.answer, "yes") ? 0 : !strcmp(p.answer, "no") ? 1 : !strcmp(p.answer, "cannot tell") ? 2 : -1;
			ck_assert_msg(k >= 0, "answer %s", p.answer);
			ck_assert_msg(strstr(p.question, "cannot tell"), "the choices are not given: %s", p.question);
			count[k]++;
		}
		for (int k = 0; k < 3; k++)
			ck_assert_msg(count[k] > SEEDS / 8, "difficulty %d: answer %d only %d times", d, k, count[k]);
	}
}
END_TEST

/* ---- The verifier accepts every solution ---------------------------------------- */

START_TEST(test_verifies)
{
	const struct gen *g = &gens[_i];
	struct tut_problem p;
	struct tut_verdict v;
	for (int d = 1; d <= 3; d++)
		for (uint64_t seed = 0; seed < SEEDS; seed++) {
			ck_assert_int_eq(make(_i, seed, d, &p), 0);
			tut_verify(&p, p.steps, &v);
			for (int k = 0; k < v.n_steps && k < TUT_MAX_STEPS; k++)
				ck_assert_msg(v.steps[k].mark != TUT_STEP_WRONG && v.steps[k].mark != TUT_STEP_UNKNOWN,
					      "%s d%d seed %llu: line %d marked %d (%s)\n%s", g->id, d, (unsigned long long)seed,
					      v.steps[k].line, v.steps[k].mark, v.steps[k].why, p.steps);
			ck_assert_int_eq(v.n_wrong, 0);
			ck_assert_int_eq(v.n_unknown, 0);
			ck_assert_msg(v.has_answer && v.answer_right, "%s: answer not accepted\n%s", g->id, p.steps);
			ck_assert_msg(v.n_right > 0, "%s: nothing checkable\n%s", g->id, p.steps);
			ck_assert_int_eq(tut_answer_check(&p, p.answer), 1);
		}
}
END_TEST

static Suite *words_logic_suite(void)
{
	Suite *s = suite_create("words_logic");
	TCase *tc = tcase_create("shape");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_shape, 0, N_GENS);
	suite_add_tcase(s, tc);

	tc = tcase_create("words");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_word_claims, G_W1, G_W3 + 1);
	tcase_add_test(tc, test_word_variety);
	suite_add_tcase(s, tc);

	tc = tcase_create("logic");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_logic_facts, G_ODD, N_GENS);
	tcase_add_test(tc, test_knights_unique);
	tcase_add_test(tc, test_order_puzzles);
	tcase_add_test(tc, test_grid_unique);
	tcase_add_test(tc, test_odd_one_out);
	tcase_add_test(tc, test_true_false);
	tcase_add_test(tc, test_syllogism_answers);
	suite_add_tcase(s, tc);

	tc = tcase_create("verify");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_verifies, 0, N_GENS);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(words_logic_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
