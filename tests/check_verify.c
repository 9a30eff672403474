/* check_verify.c: the step verifier accepts every correct solution in the
 * reasoning format, catches each kind of mistake on the right line, and
 * never crashes on anything.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <check.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tutor/internal.h"

#ifndef TESTDATADIR
#define TESTDATADIR "tests/data"
#endif
#define DOC TESTDATADIR "/../../doc/reasoning-format.md"

static const char *const mark_names[] = { "TEXT", "RIGHT", "WRONG", "UNKNOWN" };

static struct tut_problem *problem(enum tut_kind kind, const char *answer, const char *unit,
				   const char *facts)
{
	static struct tut_problem p;
	memset(&p, 0, sizeof p);
	p.kind = kind;
	snprintf(p.answer, sizeof p.answer, "%s", answer);
	snprintf(p.unit, sizeof p.unit, "%s", unit ? unit : "");
	snprintf(p.facts, sizeof p.facts, "%s", facts ? facts : "");
	p.skill = "test";
	p.grade = 3;
	return &p;
}

/* The text of line n (1-based) into buf. */
static const char *line_of(const char *text, int n, char *buf, size_t cap)
{
	for (int i = 1; i < n && text; i++) {
		text = strchr(text, '\n');
		if (text)
			text++;
	}
	if (!text)
		return "";
	size_t len = strcspn(text, "\n");
	snprintf(buf, cap, "%.*s", (int)(len < cap ? len : cap - 1), text);
	return buf;
}

static void dump(const char *text, const struct tut_verdict *v)
{
	char buf[300];
	for (int i = 0; i < v->n_steps && i < TUT_MAX_STEPS; i++)
		fprintf(stderr, "  %-7s %s   %s\n", mark_names[v->steps[i].mark],
			line_of(text, v->steps[i].line, buf, sizeof buf), v->steps[i].why);
}

/* Every claim right, nothing unknown, and the answer right. */
static void all_right(const struct tut_problem *p, const char *text, int min_right)
{
	struct tut_verdict v;
	tut_verify(p, text, &v);
	if (v.n_wrong || v.n_unknown || !v.has_answer || !v.answer_right || v.n_right < min_right)
		dump(text, &v);
	ck_assert_msg(v.n_wrong == 0, "%d wrong in:\n%s", v.n_wrong, text);
	ck_assert_msg(v.n_unknown == 0, "%d unknown in:\n%s", v.n_unknown, text);
	ck_assert_msg(v.has_answer && v.answer_right, "answer not right in:\n%s", text);
	ck_assert_msg(v.n_right >= min_right, "only %d right in:\n%s", v.n_right, text);
}

/* The first wrong step is `line`, its column where `needle` starts in
 * that line (needle NULL: column 1). */
static const struct tut_verdict *wrong_at(const struct tut_problem *p, const char *text, int line,
					  const char *needle)
{
	static struct tut_verdict v;
	char buf[300];
	tut_verify(p, text, &v);
	int first = -1;
	for (int i = 0; i < v.n_steps && i < TUT_MAX_STEPS; i++)
		if (v.steps[i].mark == TUT_STEP_WRONG) {
			first = i;
			break;
		}
	if (first < 0 || v.steps[first].line != line)
		dump(text, &v);
	ck_assert_msg(first >= 0, "nothing wrong found in:\n%s", text);
	ck_assert_msg(v.steps[first].line == line, "wrong at line %d, want %d in:\n%s", v.steps[first].line,
		      line, text);
	const char *l = line_of(text, line, buf, sizeof buf);
	int col = 1;
	if (needle) {
		const char *at = strstr(l, needle);
		ck_assert_ptr_nonnull(at);
		col = (int)(at - l) + 1;
	}
	ck_assert_msg(v.steps[first].column == col, "column %d, want %d: %s", v.steps[first].column, col, l);
	ck_assert(v.steps[first].why[0] != 0);
	ck_assert_int_ge(v.n_wrong, 1);
	return &v;
}

static enum tut_mark mark_of(const struct tut_problem *p, const char *line)
{
	struct tut_step st;
	enum tut_mark m = tut_verify_line(p, line, &st);
	ck_assert_int_eq(m, st.mark);
	return m;
}

/* ---- The solutions in doc/reasoning-format.md ---- */

static const char sam[] =
	"Sam had 47 marbles and won 38 more, so we add.\n"
	"Ones: 7 + 8 = 15, write 5, carry 1\n"
	"Tens: 4 + 3 + 1 = 8, write 8\n"
	"47 + 38 = 85\n"
	"Answer: 85 marbles";
static const char column_add[] =
	"Ones: 6 + 7 = 13, write 3, carry 1\n"
	"Tens: 5 + 8 + 1 = 14, write 4, carry 1\n"
	"Hundreds: 2 + 1 + 1 = 4, write 4\n"
	"256 + 187 = 443\n"
	"Answer: 443";
static const char column_sub[] =
	"Ones: 2 is less than 7, so borrow a ten: 12 - 7 = 5, write 5\n"
	"Tens: 4 - 1 = 3 after the borrow, 3 - 1 = 2, write 2\n"
	"52 - 17 = 35\n"
	"Answer: 35";
static const char long_mul[] =
	"Multiply by the ones digit: 358 × 4 = 1432\n"
	"Multiply by the tens digit: 358 × 20 = 7160\n"
	"Add the rows: 1432 + 7160 = 8592\n"
	"Answer: 8592";
static const char long_div[] =
	"7 ÷ 3 = 2 r 1, write 2\n"
	"Bring down the 4 to make 14.\n"
	"14 ÷ 3 = 4 r 2, write 4\n"
	"74 ÷ 3 = 24 r 2\n"
	"Answer: 24 r 2";
static const char fractions[] =
	"The denominators are 4 and 6; 12 is a common multiple.\n"
	"3/4 = 9/12\n"
	"1/6 = 2/12\n"
	"9/12 + 2/12 = 11/12\n"
	"Answer: 11/12";
static const char logic_text[] =
	"Ana is taller than Ben.\n"
	"Ben is taller than Cal.\n"
	"So Ana is taller than Cal.\n"
	"Answer: Ana";
static const char logic_facts[] =
	"ana is taller than ben\nben is taller than cal\nana is taller than cal\n"
	"!cal is taller than ana\n!ben is taller than ana\n!cal is taller than ben";

struct example {
	const char *text;
	enum tut_kind kind;
	const char *answer, *unit, *facts;
	int min_right;
};

static const struct example examples[] = {
	{ sam, TUT_ANS_NUMBER, "85", "marbles", NULL, 4 },
	{ column_add, TUT_ANS_NUMBER, "443", NULL, NULL, 5 },
	{ column_sub, TUT_ANS_NUMBER, "35", NULL, NULL, 4 },
	{ long_mul, TUT_ANS_NUMBER, "8592", NULL, NULL, 4 },
	{ long_div, TUT_ANS_NUMBER, "24 r 2", NULL, NULL, 4 },
	{ fractions, TUT_ANS_FRACTION, "11/12", NULL, NULL, 4 },
	{ logic_text, TUT_ANS_WORD, "Ana", NULL, logic_facts, 2 },
};
#define N_EXAMPLES (int)(sizeof examples / sizeof examples[0])

static const struct tut_problem *example_problem(int i)
{
	return problem(examples[i].kind, examples[i].answer, examples[i].unit, examples[i].facts);
}

START_TEST(doc_examples_embedded)
{
	all_right(example_problem(_i), examples[_i].text, examples[_i].min_right);
}
END_TEST

/* The doc itself: every ``` block ending in an "Answer:" line must verify,
 * so the doc and the verifier cannot drift apart. */
START_TEST(doc_examples_from_the_doc)
{
	FILE *f = fopen(DOC, "r");
	ck_assert_msg(f != NULL, "cannot open %s", DOC);
	static char doc[65536];
	size_t n = fread(doc, 1, sizeof doc - 1, f);
	fclose(f);
	doc[n] = 0;
	int blocks = 0;
	char *s = doc;
	while ((s = strstr(s, "```\n")) != NULL) {
		char *start = s + 4, *end = strstr(start, "```");
		if (!end)
			break;
		s = end + 3;
		static char text[4096];
		size_t len = (size_t)(end - start);
		while (len && start[len - 1] == '\n')
			len--;
		if (len >= sizeof text)
			continue;
		memcpy(text, start, len);
		text[len] = 0;
		char *last = strrchr(text, '\n');
		last = last ? last + 1 : text;
		if (strncmp(last, "Answer: ", 8) != 0)
			continue;
		s = end + 3;

		/* the key from the answer line; logic facts from the "So" lines */
		const char *ans = last + 8;
		char key[80] = "", unit[24] = "", facts[1200] = "";
		enum tut_kind kind = TUT_ANS_WORD;
		if (strstr(ans, " r ")) {
			kind = TUT_ANS_NUMBER;
			snprintf(key, sizeof key, "%s", ans);
		} else if (strchr(ans, '/')) {
			kind = TUT_ANS_FRACTION;
			snprintf(key, sizeof key, "%s", ans);
		} else if (isdigit((unsigned char)ans[0])) {
			kind = TUT_ANS_NUMBER;
			size_t k = strcspn(ans, " ");
			snprintf(key, sizeof key, "%.*s", (int)k, ans);
			if (ans[k])
				snprintf(unit, sizeof unit, "%s", ans + k + 1);
		} else {
			snprintf(key, sizeof key, "%s", ans);
		}
		for (char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
			if (strncmp(l, "So ", 3) != 0)
				continue;
			size_t k = strcspn(l + 3, "\n");
			size_t at = strlen(facts);
			for (size_t j = 0; j < k && at + 2 < sizeof facts; j++)
				facts[at++] = (char)tolower((unsigned char)l[3 + j]);
			if (at && facts[at - 1] == '.')
				at--;
			facts[at++] = '\n';
			facts[at] = 0;
		}
		all_right(problem(kind, key, unit, facts), text, 2);
		blocks++;
	}
	ck_assert_int_ge(blocks, 7);
}
END_TEST

/* Any one digit changed on a checked line makes that line not right.
 * Digits in a worded comparison are left alone: "3 is less than 7" for
 * "2 is less than 7" is still a true claim, only an irrelevant one. */
START_TEST(doc_examples_every_digit_mutation_caught)
{
	const struct example *e = &examples[_i];
	char text[1024];
	struct tut_verdict base;
	tut_verify(example_problem(_i), e->text, &base);
	int tried = 0;
	for (size_t k = 0; e->text[k]; k++) {
		if (!isdigit((unsigned char)e->text[k]))
			continue;
		int line = 1;
		for (size_t j = 0; j < k; j++)
			line += e->text[j] == '\n';
		if (base.steps[line - 1].mark != TUT_STEP_RIGHT)
			continue;
		size_t seg = k, segend = k;
		while (seg > 0 && e->text[seg - 1] != ',' && e->text[seg - 1] != ':' && e->text[seg - 1] != '\n')
			seg--;
		while (e->text[segend] && e->text[segend] != ',' && e->text[segend] != '\n')
			segend++;
		char segtext[200];
		snprintf(segtext, sizeof segtext, "%.*s", (int)(segend - seg), e->text + seg);
		if (strstr(segtext, " is less than "))
			continue;
		for (int delta = 1; delta <= 9; delta += 4) {
			snprintf(text, sizeof text, "%s", e->text);
			text[k] = (char)('0' + (text[k] - '0' + delta) % 10);
			struct tut_verdict v;
			tut_verify(example_problem(_i), text, &v);
			if (v.steps[line - 1].mark == TUT_STEP_RIGHT)
				dump(text, &v);
			ck_assert_msg(v.steps[line - 1].mark != TUT_STEP_RIGHT, "mutation not caught on line %d:\n%s",
				      line, text);
			tried++;
		}
	}
	if (strpbrk(e->text, "0123456789"))
		ck_assert_int_gt(tried, 0);
}
END_TEST

/* ---- Mutations, one kind at a time ---- */

START_TEST(mutation_wrong_result_digit)
{
	const char *t =
		"Sam had 47 marbles and won 38 more, so we add.\n"
		"Ones: 7 + 8 = 15, write 5, carry 1\n"
		"Tens: 4 + 3 + 1 = 8, write 8\n"
		"47 + 38 = 86\n"
		"Answer: 85 marbles";
	const struct tut_verdict *v = wrong_at(problem(TUT_ANS_NUMBER, "85", "marbles", NULL), t, 4, NULL);
	ck_assert_str_eq(v->steps[3].why, "47 + 38 is 85, not 86");
	ck_assert_int_eq(v->n_wrong, 1);
	ck_assert(v->answer_right);

	t = "Ones: 7 + 8 = 16, write 6, carry 1\n"
	    "Tens: 4 + 3 + 1 = 8, write 8\n"
	    "Answer: 86";
	v = wrong_at(problem(TUT_ANS_NUMBER, "85", NULL, NULL), t, 1, "7 + 8");
	ck_assert_str_eq(v->steps[0].why, "7 + 8 is 15, not 16");
}
END_TEST

START_TEST(mutation_dropped_carry)
{
	struct tut_problem *p = problem(TUT_ANS_NUMBER, "85", "marbles", NULL);
	/* the carry written as 0 */
	const char *t =
		"Sam had 47 marbles and won 38 more, so we add.\n"
		"Ones: 7 + 8 = 15, write 5, carry 0\n"
		"Tens: 4 + 3 = 7, write 7\n"
		"47 + 38 = 75\n"
		"Answer: 75 marbles";
	wrong_at(p, t, 2, "carry 0");
	/* the carry written, then left out of the next column's sum */
	t = "Sam had 47 marbles and won 38 more, so we add.\n"
	    "Ones: 7 + 8 = 15, write 5, carry 1\n"
	    "Tens: 4 + 3 = 7, write 7\n"
	    "47 + 38 = 75\n"
	    "Answer: 75 marbles";
	const struct tut_verdict *v = wrong_at(p, t, 3, "4 + 3");
	ck_assert_int_eq(v->steps[1].mark, TUT_STEP_RIGHT);
	ck_assert(strstr(v->steps[2].why, "carried 1") != NULL);
	ck_assert_int_eq(v->steps[3].mark, TUT_STEP_WRONG);
	ck_assert(!v->answer_right);
	/* no carry at all: every line consistent, so the total catches it */
	t = "Ones: 7 + 8 = 15, write 5\n"
	    "Tens: 4 + 3 = 7, write 7\n"
	    "47 + 38 = 75\n"
	    "Answer: 75";
	wrong_at(problem(TUT_ANS_NUMBER, "85", NULL, NULL), t, 3, NULL);
	/* three columns: the second carry dropped */
	t = "Ones: 6 + 7 = 13, write 3, carry 1\n"
	    "Tens: 5 + 8 + 1 = 14, write 4, carry 1\n"
	    "Hundreds: 2 + 2 = 4, write 4\n"
	    "256 + 287 = 443\n"
	    "Answer: 443";
	wrong_at(problem(TUT_ANS_NUMBER, "543", NULL, NULL), t, 3, "2 + 2");
	/* the carry goes into multiplication columns too */
	t = "Ones: 5 × 5 = 25, write 5, carry 2\n"
	    "Tens: 3 × 5 = 15, write 5, carry 1\n"
	    "35 × 5 = 155\n"
	    "Answer: 155";
	wrong_at(problem(TUT_ANS_NUMBER, "175", NULL, NULL), t, 2, "3 × 5");
}
END_TEST

START_TEST(mutation_wrong_write_digit)
{
	const char *t =
		"Ones: 7 + 8 = 15, write 6, carry 1\n"
		"Tens: 4 + 3 + 1 = 8, write 8\n"
		"47 + 38 = 85\n"
		"Answer: 85";
	const struct tut_verdict *v = wrong_at(problem(TUT_ANS_NUMBER, "85", NULL, NULL), t, 1, "write 6");
	ck_assert_str_eq(v->steps[0].why, "the last digit of 15 is 5, not 6");
	/* a subtraction column writes its result's last digit */
	t = "Ones: 2 is less than 7, so borrow a ten: 12 - 7 = 5, write 4\n"
	    "Answer: 35";
	wrong_at(problem(TUT_ANS_NUMBER, "35", NULL, NULL), t, 1, "write 4");
	/* long division writes the quotient digit */
	t = "7 ÷ 3 = 2 r 1, write 1\nAnswer: 24 r 2";
	wrong_at(problem(TUT_ANS_NUMBER, "24 r 2", NULL, NULL), t, 1, "write 1");
}
END_TEST

START_TEST(mutation_wrong_remainder)
{
	struct tut_problem *p = problem(TUT_ANS_NUMBER, "24 r 2", NULL, NULL);
	const char *t =
		"7 ÷ 3 = 2 r 1, write 2\n"
		"Bring down the 4 to make 14.\n"
		"14 ÷ 3 = 4 r 2, write 4\n"
		"74 ÷ 3 = 24 r 1\n"
		"Answer: 24 r 2";
	const struct tut_verdict *v = wrong_at(p, t, 4, NULL);
	ck_assert_str_eq(v->steps[3].why, "74 ÷ 3 is 24 r 2, not 24 r 1");
	/* a remainder as big as the divisor is wrong even when the sum holds */
	wrong_at(p, "74 ÷ 3 = 23 r 5\nAnswer: 24 r 2", 1, NULL);
	wrong_at(p, "7 ÷ 3 = 2 r 2, write 2\nAnswer: 24 r 2", 1, NULL);
}
END_TEST

START_TEST(mutation_wrong_answer)
{
	const char *t =
		"Sam had 47 marbles and won 38 more, so we add.\n"
		"Ones: 7 + 8 = 15, write 5, carry 1\n"
		"Tens: 4 + 3 + 1 = 8, write 8\n"
		"47 + 38 = 85\n"
		"Answer: 86 marbles";
	const struct tut_verdict *v = wrong_at(problem(TUT_ANS_NUMBER, "85", "marbles", NULL), t, 5, "86");
	ck_assert(v->has_answer);
	ck_assert(!v->answer_right);
	ck_assert_int_eq(v->n_right, 3);
	wrong_at(problem(TUT_ANS_FRACTION, "11/12", NULL, NULL), "9/12 + 2/12 = 11/12\nAnswer: 22/24", 2, "22/24");
	wrong_at(problem(TUT_ANS_WORD, "Ana", NULL, NULL), "Answer: Cal", 1, "Cal");
}
END_TEST

START_TEST(mutation_wrong_comparison)
{
	struct tut_problem *p = problem(TUT_ANS_CHOICE, ">", NULL, NULL);
	const char *t =
		"The denominators are 3 and 2; 6 is a common multiple.\n"
		"2/3 = 4/6\n"
		"1/2 = 3/6\n"
		"4/6 < 3/6\n"
		"Answer: >";
	const struct tut_verdict *v = wrong_at(p, t, 4, NULL);
	ck_assert_str_eq(v->steps[3].why, "4/6 is greater than 3/6");
	wrong_at(p, "0.5 > 0.52\nAnswer: >", 1, NULL);
	wrong_at(p, "Ones: 7 is less than 2, so borrow\nAnswer: >", 1, "7 is");
	wrong_at(p, "Tens: 4 = 5\nAnswer: >", 1, "4 = 5");
}
END_TEST

START_TEST(mutation_wrong_rounding)
{
	struct tut_problem *p = problem(TUT_ANS_NUMBER, "350", NULL, NULL);
	const char *t =
		"347 is between 340 and 350.\n"
		"The ones digit is 7, which is 5 or more, so round up.\n"
		"347 rounded to the nearest ten is 340\n"
		"Answer: 350";
	const struct tut_verdict *v = wrong_at(p, t, 3, NULL);
	ck_assert_str_eq(v->steps[2].why, "347 rounded to the nearest ten is 350, not 340");
	/* halves round up */
	wrong_at(p, "345 rounded to the nearest ten is 340\nAnswer: 350", 1, NULL);
	wrong_at(p, "So 1450 rounded to the nearest hundred is 1400\nAnswer: 350", 1, "1450");
}
END_TEST

START_TEST(mutation_wrong_logic_conclusion)
{
	struct tut_problem *p = problem(TUT_ANS_WORD, "Ana", NULL, logic_facts);
	const char *t =
		"Ana is taller than Ben.\n"
		"Ben is taller than Cal.\n"
		"So Cal is taller than Ana.\n"
		"Answer: Cal";
	const struct tut_verdict *v = wrong_at(p, t, 3, NULL);
	ck_assert_int_eq(v->steps[3].mark, TUT_STEP_WRONG);
	/* normalised: case, spaces, final period */
	ck_assert_int_eq(mark_of(p, "So  ANA is taller   than cal"), TUT_STEP_RIGHT);
	ck_assert_int_eq(mark_of(p, "So, Ana is taller than Cal."), TUT_STEP_RIGHT);
	ck_assert_int_eq(mark_of(p, "So Cal is taller than Ben."), TUT_STEP_WRONG);
	/* not listed: cannot be checked, so never right */
	ck_assert_int_eq(mark_of(p, "So Dan is taller than Cal."), TUT_STEP_UNKNOWN);
	/* the same line without facts is just prose */
	ck_assert_int_eq(mark_of(NULL, "So Cal is taller than Ana."), TUT_STEP_TEXT);
	ck_assert_int_eq(mark_of(problem(TUT_ANS_WORD, "Ana", NULL, NULL), "So Cal is taller than Ana."),
			 TUT_STEP_TEXT);
}
END_TEST

START_TEST(mutation_other_claims)
{
	struct tut_problem *p = problem(TUT_ANS_NUMBER, "1", NULL, NULL);
	wrong_at(p, "37 is even\nAnswer: 1", 1, NULL);
	wrong_at(p, "So 46 is odd.\nAnswer: 1", 1, "46");
	wrong_at(p, "the 4 in 347 is worth 400\nAnswer: 1", 1, NULL);
	wrong_at(p, "the 8 in 347 is worth 8\nAnswer: 1", 1, NULL);
	wrong_at(p, "3 × (4 + 5) = 3 × 9 = 28\nAnswer: 1", 1, NULL);
	wrong_at(p, "We add: 2 + 2 = 5\nAnswer: 1", 1, "2 + 2");
	wrong_at(p, "3 m = 30 cm\nAnswer: 1", 1, NULL);
	wrong_at(p, "3 m = 3 kg\nAnswer: 1", 1, NULL);
	wrong_at(p, "4:05 + 25 min = 4:20\nAnswer: 1", 1, NULL);
	wrong_at(p, "$5.00 - $3.50 = $1.40\nAnswer: 1", 1, NULL);
	wrong_at(p, "7 > 9 is true\nAnswer: 1", 1, NULL);
	wrong_at(p, "9 > 7 is false\nAnswer: 1", 1, NULL);
	wrong_at(p, "1/2 + 1/3 = 2/5\nAnswer: 1", 1, NULL);
	const struct tut_verdict *v = wrong_at(p, "2 + 2 = 4\n10 = 7 + 4\nAnswer: 1", 2, NULL);
	ck_assert_str_eq(v->steps[1].why, "7 + 4 is 11, not 10");
	v = wrong_at(p, "3 m = 30 cm\nAnswer: 1", 1, NULL);
	ck_assert_str_eq(v->steps[0].why, "3 m is 300 cm, not 30 cm");
}
END_TEST

/* ---- Correct solutions of every claim type ---- */

START_TEST(right_claims)
{
	static const char *const lines[] = {
		"3 × (4 + 5) = 3 × 9 = 27",
		"3 * (4 + 5) = 3 x 9 = 27",
		"  3  ×  9   =  27  ",
		"3/4 > 2/3", "0.5 < 0.52", "7 ≥ 7", "5 ≠ 6", "5 != 6", "2 <= 3", "1 < 2 < 3",
		"74 ÷ 3 = 24 r 2", "74 / 3 = 24 R 2", "74 ÷ 3 = 24 remainder 2", "12 ÷ 4 = 3 r 0",
		"2 × 37 ÷ 3 = 24 r 2",
		"Ones: 7 + 8 = 15, write 5, carry 1",
		"Ones: 7 + 8 = 15, write 5 and carry the 1",
		"Tens: 4 - 1 = 3 after the borrow, 3 - 1 = 2, write 2",
		"347 rounded to the nearest ten is 350",
		"345 rounded to the nearest ten is 350",
		"1499 rounded to the nearest thousand is 1000",
		"3.47 rounded to the nearest tenth is 3.5",
		"$3.50 rounded to the nearest dollar is $4",
		"347 cm rounded to the nearest hundred is 300 cm",
		"46 is even", "37 is odd", "0 is even", "37 is an odd number.", "So 12 is even.",
		"the 4 in 347 is worth 40", "The digit 3 in 3.45 is worth 3",
		"the 5 in 3.45 is worth 0.05", "the 5 in 3.45 is worth 5 hundredths",
		"the 7 in 7007 is worth 7000", "the 7 in 7007 is worth 7",
		"the 2 in 123 stands for 2 tens",
		"3 m = 300 cm", "1 h 25 min = 85 min", "3 × 100 = 300 cm", "4 × 25 = 100 cm",
		"3 m = 3 × 100 cm = 300 cm", "60 + 25 = 85 min", "2 h = 120 min",
		"4:05 + 25 min = 4:30", "4:30 - 4:05 = 25 min", "12:50 + 20 min = 1:10",
		"4:05 a.m. + 25 min = 4:30 a.m.", "11:50 am + 20 min = 12:10 pm",
		"$5.00 - $3.50 = $1.50", "45c + 10c = 55c", "55c = $0.55", "3.50 + 1.25 = $4.75",
		"5 cm × 3 cm = 15 cm²", "Area: 5 × 3 = 15 square cm",
		"1 kg 100 g = 1100 g", "1100 ml = 1.1 l",
		"7 > 9 is false", "9 > 7 is true", "The statement 7 > 9 is false.",
		"2 is less than 7", "9 is greater than 4", "4 + 4 equals 8", "4 × 5 is the same as 5 × 4.",
		"7 is not less than 2",
		"Check: 7 × 3 = 21", "We add 47 + 38 = 85", "Total = 4 + 5 = 9", "47 + 38 = 85 marbles",
		"Change: $10.00 - $6.00 = $4.00", "3/4 of 12 = 9", "2 1/4 = 9/4", "9/4 = 2 1/4",
		"1/2 + 1/3 = 5/6", "0.1 + 0.2 = 0.3", "-3 + 5 = 2", "12.36 + 29.74 = 42.10",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		struct tut_step st;
		enum tut_mark m = tut_verify_line(NULL, lines[i], &st);
		ck_assert_msg(m == TUT_STEP_RIGHT, "\"%s\" is %s (%s)", lines[i], mark_names[m], st.why);
	}
}
END_TEST

START_TEST(right_solutions)
{
	all_right(problem(TUT_ANS_TIME, "1 h 25 min", NULL, NULL),
		  "Count on from 2:35 to 4:00.\n"
		  "2:35 + 25 min = 3:00\n"
		  "3:00 + 1 h = 4:00\n"
		  "25 min + 1 h = 1 h 25 min\n"
		  "Answer: 1 h 25 min", 4);
	all_right(problem(TUT_ANS_TIME, "4:30", NULL, NULL), "4:05 + 25 min = 4:30\nAnswer: 4:30", 2);
	all_right(problem(TUT_ANS_MONEY, "$4.00", NULL, NULL),
		  "The lime costs $1.50 and the puzzle costs $4.50.\n"
		  "Total: $1.50 + $4.50 = $6.00\n"
		  "Change: $10.00 - $6.00 = $4.00\n"
		  "Answer: $4.00", 3);
	all_right(problem(TUT_ANS_NUMBER, "300", "cm", NULL),
		  "1 m = 100 cm\n3 × 100 = 300\n3 m = 300 cm\nAnswer: 300 cm", 4);
	all_right(problem(TUT_ANS_CHOICE, "even", NULL, NULL),
		  "The ones digit of 46 is 6.\n46 is even\nAnswer: even", 2);
	all_right(problem(TUT_ANS_NUMBER, "40", NULL, NULL),
		  "the 4 in 347 is worth 40\nAnswer: 40", 2);
	all_right(problem(TUT_ANS_NUMBER, "350", NULL, NULL),
		  "347 is between 340 and 350.\n347 rounded to the nearest ten is 350\nAnswer: 350", 2);
	all_right(problem(TUT_ANS_LIST, "11, 51, 125", NULL, NULL),
		  "11 < 51\n51 < 125\nAnswer: 11, 51, 125", 3);
	all_right(problem(TUT_ANS_NUMBER, "175", NULL, NULL),
		  "Ones: 5 × 5 = 25, write 5, carry 2\n"
		  "Tens: 3 × 5 + 2 = 17, write 7, carry 1\n"
		  "The carried 1 goes in the hundreds place.\n"
		  "35 × 5 = 175\nAnswer: 175", 4);
	all_right(problem(TUT_ANS_NUMBER, "468", NULL, NULL),
		  "Ones: 1 is less than 3, so borrow a ten: 11 - 3 = 8, write 8\n"
		  "Tens: there are 0 tens to lend, so borrow a hundred: 10 - 1 = 9 after the borrow, 9 - 3 = 6, write 6\n"
		  "Hundreds: 6 - 1 = 5 after the borrow, 5 - 1 = 4, write 4\n"
		  "601 - 133 = 468\nAnswer: 468", 5);
}
END_TEST

START_TEST(prose_and_unknown)
{
	static const char *const prose[] = {
		"", "Sam had 47 marbles and won 38 more, so we add.", "Bring down the 4 to make 14.",
		"The denominators are 4 and 6; 12 is a common multiple.", "Ana is taller than Ben.",
		"Count on 2 from 12: 13, 14", "What is 47 + 38?", "7 + ? = 12", "7 + __ = 12",
		"x = 5", "n = the number of apples", "The number of houses (28) is not needed.",
		"Write 5 in the ones column", "write 5", "Ana is 8 years old", "Let's add.",
		"The total is 85 (47 + 38 = 85).", "3 + 4 = seven",
	};
	for (size_t i = 0; i < sizeof prose / sizeof prose[0]; i++)
		ck_assert_msg(mark_of(NULL, prose[i]) == TUT_STEP_TEXT, "\"%s\" is %s", prose[i],
			      mark_names[mark_of(NULL, prose[i])]);
	/* looks like a claim, cannot be read: never right */
	static const char *const unknown[] = {
		"2 furlongs = 3 + ", "9223372036854775807 + 1 = 0", "50% = 1/2",
		"10 + 74 ÷ 3 = 34 r 2", "24 r 2 = 74 ÷ 3", "3/4 = 0.75, write 5",
		"99999999999999999999 = 1", "3 = (4", "2 3 = 5",
		/* words acting on numbers: never read as "10 = 5" */
		"Half of 10 = 5", "Double 4 = 8", "3 squared = 9", "10 halved = 5", "2x = 10",
		"A third of 12 = 4", "50 percent of 10 = 5", "3 more than 5 = 8", "n + 3 = 5",
		"Half of 10 is even", "12 divided by 3 = 4",
	};
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		struct tut_step st;
		enum tut_mark m = tut_verify_line(NULL, unknown[i], &st);
		ck_assert_msg(m == TUT_STEP_UNKNOWN, "\"%s\" is %s", unknown[i], mark_names[m]);
		ck_assert_int_ge(st.column, 1);
	}
}
END_TEST

START_TEST(free_text_without_a_problem)
{
	struct tut_verdict v;
	tut_verify(NULL, "I think 47 + 38 = 85.\nAnd 85 > 80\nAnswer: 85\n", &v);
	ck_assert_int_eq(v.n_steps, 3);
	ck_assert_int_eq(v.n_right, 2);
	ck_assert_int_eq(v.n_wrong, 0);
	ck_assert(v.has_answer);
	ck_assert(!v.answer_right);
	ck_assert_int_eq(v.steps[2].mark, TUT_STEP_TEXT);
	tut_verify(NULL, "47 + 38 = 75", &v);
	ck_assert_int_eq(v.n_wrong, 1);
	ck_assert(!v.has_answer);
	tut_verify(NULL, "", &v);
	ck_assert_int_eq(v.n_steps, 0);
	tut_verify(NULL, NULL, &v);
	ck_assert_int_eq(v.n_steps, 0);
	tut_verify(NULL, "1 + 1 = 2", NULL);
	ck_assert_int_eq(tut_verify_line(NULL, NULL, NULL), TUT_STEP_TEXT);
	/* one line at a time stops at its newline */
	struct tut_step st;
	ck_assert_int_eq(tut_verify_line(NULL, "1 + 1 = 2\n1 + 1 = 3", &st), TUT_STEP_RIGHT);
	ck_assert_int_eq(tut_verify_line(NULL, "1 + 1 = 3\r\n", &st), TUT_STEP_WRONG);
	ck_assert_int_eq(st.column, 1);
	/* Windows line ends and blank lines keep line numbers true */
	tut_verify(NULL, "1 + 1 = 2\r\n\r\n1 + 1 = 3\r\n", &v);
	ck_assert_int_eq(v.n_steps, 3);
	ck_assert_int_eq(v.steps[2].mark, TUT_STEP_WRONG);
	ck_assert_int_eq(v.steps[2].line, 3);
}
END_TEST

START_TEST(many_lines_counted)
{
	static char text[200 * 16];
	size_t n = 0;
	for (int i = 0; i < 200; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%d + 1 = %d\n", i, i == 150 ? 0 : i + 1);
	struct tut_verdict v;
	tut_verify(NULL, text, &v);
	ck_assert_int_eq(v.n_steps, 200);
	ck_assert_int_eq(v.n_right, 199);
	ck_assert_int_eq(v.n_wrong, 1);   /* counted though not kept */
	ck_assert_int_eq(v.steps[TUT_MAX_STEPS - 1].line, TUT_MAX_STEPS);
	/* a line far longer than the format allows */
	static char long_line[5000];
	memset(long_line, '1', sizeof long_line - 1);
	long_line[100] = '=';
	ck_assert_int_eq(tut_verify_line(NULL, long_line, NULL), TUT_STEP_UNKNOWN);
	long_line[100] = ' ';
	ck_assert_int_eq(tut_verify_line(NULL, long_line, NULL), TUT_STEP_TEXT);
}
END_TEST

/* ---- Garbage ---- */

static uint64_t rng = 0x1234567;
static uint32_t next(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(rng >> 33);
}

static void check_verdict(const struct tut_verdict *v)
{
	ck_assert_int_le(v->n_right + v->n_wrong + v->n_unknown, v->n_steps);
	for (int i = 0; i < v->n_steps && i < TUT_MAX_STEPS; i++) {
		const struct tut_step *s = &v->steps[i];
		ck_assert(s->mark >= TUT_STEP_TEXT && s->mark <= TUT_STEP_UNKNOWN);
		ck_assert_int_eq(s->line, i + 1);
		if (s->mark == TUT_STEP_WRONG)
			ck_assert_int_ge(s->column, 1);
		ck_assert_int_lt(strnlen(s->why, sizeof s->why), sizeof s->why);
	}
}

START_TEST(garbage_never_crashes)
{
	static const char *const tokens[] = {
		"0", "1", "7", "9", "12", "85", "3/4", "2 1/4", "0.5", ".", "$", "c", "$3.50", "75c",
		"4:05", "23:59", ":", "+", "-", " - ", "×", "÷", "*", "/", " / ", "x", "=", "<", ">",
		"≠", "≤", "(", ")", " r ", " remainder ", ", ", ": ", "; ", ". ", " ", " ", " ",
		", write ", ", carry ", "carry the ", "So ", "Answer: ", "\n", "\n", "Ones: ",
		" rounded to the nearest ", "ten", "tenth", " is ", " is even", " is odd", "the ",
		" in ", " is worth ", " is less than ", " equals ", " is false", " is true", "cm",
		"m", "kg", "h", "min", " square ", "²", "of", "9223372036854775807",
		"-9223372036854775808", "99999999999999999999", "0.0000000000000000001", "1/0",
		"?", "_", "\xe2", "\xc3", "\xff", "seventy-two", "ana is taller than ben",
	};
	struct tut_problem *p = problem(TUT_ANS_NUMBER, "85", "marbles", logic_facts);
	static char text[2048];
	for (int it = 0; it < 10000; it++) {
		size_t n = 0;
		int len = (int)(next() % 120);
		for (int k = 0; k < len && n + 40 < sizeof text; k++) {
			if (it % 2) {
				text[n++] = (char)(1 + next() % 255);
			} else {
				const char *t = tokens[next() % (sizeof tokens / sizeof tokens[0])];
				memcpy(text + n, t, strlen(t));
				n += strlen(t);
			}
		}
		text[n] = 0;
		p->kind = (enum tut_kind)(it % (TUT_ANS_CHOICE + 1));
		struct tut_verdict v;
		tut_verify(it % 3 ? p : NULL, text, &v);
		check_verdict(&v);
		struct tut_step st;
		enum tut_mark m = tut_verify_line(p, text, &st);
		ck_assert(m >= TUT_STEP_TEXT && m <= TUT_STEP_UNKNOWN);
		struct tut_q q;
		int err;
		if (tut_eval(text, n, &q, &err) < 0)
			ck_assert(err >= 0 && (size_t)err <= n);
		const char *s = text;
		if (tut_parse_number(&s, &q) == 0)
			ck_assert(s > text && s <= text + n);
		ck_assert_int_le(tut_answer_check(p, text), 1);
		int64_t w;
		tut_parse_num_words(text, &w);
	}
}
END_TEST

/* A quantified sentence is no claim about the number in it. */
START_TEST(quantified_prose_is_not_a_claim)
{
	static const char *const lines[] = {
		"Every number except 7 is even.",
		"All numbers but 9 is odd here.",
		"Only 6 is even.",
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		struct tut_step st;
		enum tut_mark m = tut_verify_line(NULL, lines[i], &st);
		ck_assert_msg(m != TUT_STEP_WRONG, "\"%s\" marked wrong: %s", lines[i], st.why);
	}
	struct tut_step st;
	ck_assert_int_eq(tut_verify_line(NULL, "So 46 is even", &st), TUT_STEP_RIGHT);
	ck_assert_int_eq(tut_verify_line(NULL, "37 is even", &st), TUT_STEP_WRONG);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("verify");
	TCase *tc = tcase_create("verify");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, doc_examples_embedded, 0, N_EXAMPLES);
	tcase_add_test(tc, doc_examples_from_the_doc);
	tcase_add_loop_test(tc, doc_examples_every_digit_mutation_caught, 0, N_EXAMPLES);
	tcase_add_test(tc, mutation_wrong_result_digit);
	tcase_add_test(tc, mutation_dropped_carry);
	tcase_add_test(tc, mutation_wrong_write_digit);
	tcase_add_test(tc, mutation_wrong_remainder);
	tcase_add_test(tc, mutation_wrong_answer);
	tcase_add_test(tc, mutation_wrong_comparison);
	tcase_add_test(tc, mutation_wrong_rounding);
	tcase_add_test(tc, mutation_wrong_logic_conclusion);
	tcase_add_test(tc, mutation_other_claims);
	tcase_add_test(tc, right_claims);
	tcase_add_test(tc, right_solutions);
	tcase_add_test(tc, prose_and_unknown);
	tcase_add_test(tc, free_text_without_a_problem);
	tcase_add_test(tc, many_lines_counted);
	tcase_add_test(tc, garbage_never_crashes);
	tcase_add_test(tc, quantified_prose_is_not_a_claim);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
