/* check_datagen.c: training examples: deterministic, valid JSON, filtered
 * as asked, in curriculum order when asked, and never the same question
 * in two splits.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tutor/internal.h"

/* ---- Collecting the output ---- */

struct out {
	char *s;
	size_t len, cap;
	long lines;
	long fail_after;        /* >= 0: the writer fails on that line */
};

static int collect(void *user, const char *line, size_t len)
{
	struct out *o = user;
	if (o->fail_after >= 0 && o->lines >= o->fail_after)
		return 1;
	if (o->len + len + 1 > o->cap) {
		o->cap = (o->len + len + 1) * 2;
		o->s = realloc(o->s, o->cap);
		ck_assert_ptr_nonnull(o->s);
	}
	memcpy(o->s + o->len, line, len);
	o->len += len;
	o->s[o->len] = 0;
	o->lines++;
	return 0;
}

static struct out run(const struct tut_datagen_opts *opts)
{
	struct out o = { NULL, 0, 0, 0, -1 };
	char err[256];
	int rc = tut_datagen(opts, collect, &o, err, sizeof err);
	ck_assert_msg(rc == 0, "tut_datagen: %s", err);
	ck_assert_int_eq(o.lines, opts->count);
	return o;
}

/* Calls fn on each line (NUL-terminated in place, restored after). */
static void each_line(struct out *o, void (*fn)(char *line, void *user), void *user)
{
	char *p = o->s;
	while (p && *p) {
		char *nl = strchr(p, '\n');
		ck_assert_msg(nl != NULL, "a line without its newline");
		*nl = 0;
		fn(p, user);
		*nl = '\n';
		p = nl + 1;
	}
}

/* ---- A small JSON reader, enough for one flat object per line ---- */

#define MAX_KEYS 16

struct rec {
	int n;
	char key[MAX_KEYS][24];
	char val[MAX_KEYS][4096];  /* strings unescaped (\uXXXX kept as '?'), numbers as written */
	int is_str[MAX_KEYS];
};

static int utf8_ok(const unsigned char **p)
{
	const unsigned char *s = *p;
	int k = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
	if (!k || s[0] > 0xF4)
		return 0;
	for (int i = 1; i < k; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	*p = s + k;
	return 1;
}

/* Parses a JSON string at *p into out; 0 or -1. */
static int jstring(const unsigned char **p, char *out, size_t cap)
{
	const unsigned char *s = *p;
	size_t n = 0;
	if (*s++ != '"')
		return -1;
	for (;;) {
		unsigned c = *s;
		if (c == '"')
			break;
		if (c < 0x20)
			return -1;      /* raw control characters are not JSON */
		if (c == '\\') {
			c = *++s;
			if (c == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
						return -1;
				s += 5;
				c = '?';
			} else if (strchr("\"\\/bfnrt", (int)c) && c) {
				static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
				c = (unsigned char)to[strchr(from, (int)c) - from];
				s++;
			} else {
				return -1;
			}
			if (n + 1 < cap)
				out[n++] = (char)c;
			continue;
		}
		if (c >= 0x80) {
			const unsigned char *t = s;
			if (!utf8_ok(&t))
				return -1;
			while (s < t) {
				if (n + 1 < cap)
					out[n++] = (char)*s;
				s++;
			}
			continue;
		}
		if (n + 1 < cap)
			out[n++] = (char)c;
		s++;
	}
	out[n] = 0;
	*p = s + 1;
	return 0;
}

static int parse_line(const char *line, struct rec *r)
{
	const unsigned char *p = (const unsigned char *)line;
	r->n = 0;
	if (*p++ != '{')
		return -1;
	for (;;) {
		if (r->n == MAX_KEYS)
			return -1;
		if (jstring(&p, r->key[r->n], sizeof r->key[0]) || *p++ != ':')
			return -1;
		if (*p == '"') {
			if (jstring(&p, r->val[r->n], sizeof r->val[0]))
				return -1;
			r->is_str[r->n] = 1;
		} else {
			size_t k = 0;
			if (*p == '-')
				r->val[r->n][k++] = (char)*p++;
			if (*p < '0' || *p > '9')
				return -1;
			while (*p >= '0' && *p <= '9' && k < 20)
				r->val[r->n][k++] = (char)*p++;
			r->val[r->n][k] = 0;
			r->is_str[r->n] = 0;
		}
		r->n++;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p++ != '}')
			return -1;
		return *p ? -1 : 0;
	}
}

static const char *get(const struct rec *r, const char *key)
{
	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->key[i], key))
			return r->val[i];
	return NULL;
}

static const char *const required[] = {
	"id", "split", "skill", "grade", "level", "difficulty", "question", "reasoning", "answer", "unit"
};

static struct rec rec;  /* big: not on the stack */

static void check_record(char *line, void *user)
{
	const char *split = user;
	ck_assert_msg(parse_line(line, &rec) == 0, "not a JSON object: %s", line);
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		ck_assert_msg(get(&rec, required[i]) != NULL, "no \"%s\" in %s", required[i], line);
	ck_assert_str_eq(get(&rec, "split"), split);
	ck_assert_ptr_nonnull(tut_skill_find(get(&rec, "skill")));
	int g = atoi(get(&rec, "grade")), d = atoi(get(&rec, "difficulty"));
	ck_assert(g >= 1 && g <= 6);
	ck_assert(d >= 1 && d <= TUT_DIFFICULTY_MAX);
	const char *lv = get(&rec, "level");
	ck_assert(!strcmp(lv, "basic") || !strcmp(lv, "symbolic") || !strcmp(lv, "multi"));
	ck_assert(get(&rec, "question")[0]);
	ck_assert(get(&rec, "answer")[0]);
	const char *reasoning = get(&rec, "reasoning"), *last = strrchr(reasoning, '\n');
	last = last ? last + 1 : reasoning;
	ck_assert_msg(!strncmp(last, "Answer: ", 8), "last line '%s'", last);
	ck_assert(!strncmp(get(&rec, "id"), get(&rec, "skill"), strlen(get(&rec, "skill"))));
}

/* ---- Tests ---- */

START_TEST(lines_are_valid_json)
{
	static const char *const names[] = { "train", "valid", "test" };
	for (int s = TUT_TRAIN; s <= TUT_TEST; s++) {
		struct tut_datagen_opts o = { .split = (enum tut_split)s, .seed = 7, .count = 3000 };
		struct out out = run(&o);
		each_line(&out, check_record, (void *)names[s]);
		free(out.s);
	}
}
END_TEST

START_TEST(same_seed_same_bytes)
{
	struct tut_datagen_opts o = { .split = TUT_TRAIN, .seed = 42, .count = 5000 };
	struct out a = run(&o), b = run(&o);
	ck_assert_uint_eq(a.len, b.len);
	ck_assert(memcmp(a.s, b.s, a.len) == 0);
	o.seed = 43;
	struct out c = run(&o);
	ck_assert(c.len != a.len || memcmp(a.s, c.s, a.len) != 0);
	o.curriculum = 1;
	struct out d = run(&o), e = run(&o);
	ck_assert_uint_eq(d.len, e.len);
	ck_assert(memcmp(d.s, e.s, d.len) == 0);
	free(a.s);
	free(b.s);
	free(c.s);
	free(d.s);
	free(e.s);
}
END_TEST

/* The normalised question, as tut_split_of reads it. */
static void normalise(const char *q, char *out, size_t cap)
{
	size_t n = 0;
	int space = 0;
	for (; *q && n + 2 < cap; q++) {
		unsigned char c = (unsigned char)*q;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
			space = n > 0;
			continue;
		}
		if (space)
			out[n++] = ' ';
		space = 0;
		out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	out[n] = 0;
}

/* A set of strings: open addressing on a 64-bit hash. */
struct set {
	char **slot;
	size_t cap, n;
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int set_has(const struct set *t, const char *s)
{
	for (size_t i = hash(s) & (t->cap - 1); t->slot[i]; i = (i + 1) & (t->cap - 1))
		if (!strcmp(t->slot[i], s))
			return 1;
	return 0;
}

static void set_add(struct set *t, const char *s)
{
	size_t i = hash(s) & (t->cap - 1);
	for (; t->slot[i]; i = (i + 1) & (t->cap - 1))
		if (!strcmp(t->slot[i], s))
			return;
	ck_assert_uint_lt(t->n * 2, t->cap);
	t->slot[i] = strdup(s);
	t->n++;
}

static char norm[TUT_QUESTION_MAX * 2];

static void add_question(char *line, void *user)
{
	ck_assert(parse_line(line, &rec) == 0);
	normalise(get(&rec, "question"), norm, sizeof norm);
	set_add(user, norm);
}

struct cross {
	struct set *train;
	long shared, lines;
};

static void find_question(char *line, void *user)
{
	struct cross *c = user;
	ck_assert(parse_line(line, &rec) == 0);
	normalise(get(&rec, "question"), norm, sizeof norm);
	c->shared += set_has(c->train, norm);
	c->lines++;
}

START_TEST(splits_never_share_a_question)
{
	struct set train = { calloc(1 << 18, sizeof(char *)), 1 << 18, 0 };
	struct tut_datagen_opts o = { .split = TUT_TRAIN, .seed = 1, .count = 50000 };
	struct out tr = run(&o);
	each_line(&tr, add_question, &train);
	o.split = TUT_TEST;
	o.count = 10000;
	o.seed = 2;
	struct out te = run(&o);
	struct cross c = { &train, 0, 0 };
	each_line(&te, find_question, &c);
	o.split = TUT_VALID;
	struct out va = run(&o);
	each_line(&va, find_question, &c);
	printf("splits: %zu distinct train questions; %ld test and valid lines, %ld of them in train\n", train.n,
	       c.lines, c.shared);
	ck_assert_int_eq(c.lines, 20000);
	ck_assert_int_eq(c.shared, 0);
	for (size_t i = 0; i < train.cap; i++)
		free(train.slot[i]);
	free(train.slot);
	free(tr.s);
	free(te.s);
	free(va.s);
}
END_TEST

START_TEST(split_ignores_case_and_spacing)
{
	struct tut_problem p, q;
	memset(&p, 0, sizeof p);
	memset(&q, 0, sizeof q);
	int counts[3] = { 0 };
	for (int i = 0; i < 20000; i++) {
		snprintf(p.question, sizeof p.question, "What is %d + %d?", i, i * 7 % 13);
		snprintf(q.question, sizeof q.question, "  WHAT  is\t%d +   %d? ", i, i * 7 % 13);
		enum tut_split s = tut_split_of(&p);
		ck_assert_int_eq(s, tut_split_of(&q));
		counts[s]++;
	}
	/* 90 / 5 / 5, roughly */
	ck_assert_int_gt(counts[TUT_TRAIN], 17500);
	ck_assert_int_lt(counts[TUT_TRAIN], 18500);
	ck_assert_int_gt(counts[TUT_VALID], 800);
	ck_assert_int_gt(counts[TUT_TEST], 800);
}
END_TEST

struct expect {
	unsigned grades, levels;
	const char *skills;     /* comma-separated, with commas around: ",a,b," */
	int count_skills[64];
};

static void check_filters(char *line, void *user)
{
	struct expect *e = user;
	char key[TUT_ID_MAX + 2];
	ck_assert(parse_line(line, &rec) == 0);
	int g = atoi(get(&rec, "grade"));
	const char *lv = get(&rec, "level");
	int l = !strcmp(lv, "basic") ? 0 : !strcmp(lv, "symbolic") ? 1 : 2;
	if (e->grades)
		ck_assert_msg(e->grades & 1u << g, "grade %d in %s", g, line);
	if (e->levels)
		ck_assert_msg(e->levels & 1u << l, "level %s in %s", lv, line);
	if (e->skills) {
		snprintf(key, sizeof key, ",%s,", get(&rec, "skill"));
		ck_assert_msg(strstr(e->skills, key) != NULL, "skill %s", get(&rec, "skill"));
	}
	int n;
	const struct tut_skill *all = tut_skills(&n);
	const struct tut_skill *s = tut_skill_find(get(&rec, "skill"));
	if (s - all < 64)
		e->count_skills[s - all]++;
}

START_TEST(filters_are_obeyed)
{
	struct tut_datagen_opts o = { .split = TUT_TRAIN, .seed = 3, .count = 4000, .grades = 1u << 1 | 1u << 2 };
	struct expect e = { .grades = o.grades };
	struct out out = run(&o);
	each_line(&out, check_filters, &e);
	free(out.s);

	o = (struct tut_datagen_opts){ .split = TUT_VALID, .seed = 3, .count = 2000, .skills = "add_column,money" };
	e = (struct expect){ .skills = ",add_column,money," };
	out = run(&o);
	each_line(&out, check_filters, &e);
	int n;
	const struct tut_skill *all = tut_skills(&n);
	int add = (int)(tut_skill_find("add_column") - all), money = (int)(tut_skill_find("money") - all);
	ck_assert_int_eq(e.count_skills[add], 1000);   /* an even share each */
	ck_assert_int_eq(e.count_skills[money], 1000);
	free(out.s);

	o = (struct tut_datagen_opts){ .split = TUT_TEST, .seed = 3, .count = 2000, .levels = 1u << TUT_MULTI };
	e = (struct expect){ .levels = o.levels };
	out = run(&o);
	each_line(&out, check_filters, &e);
	free(out.s);

	o = (struct tut_datagen_opts){ .split = TUT_TRAIN, .seed = 3, .count = 3000, .grades = 1u << 5,
				       .levels = 1u << TUT_SYMBOLIC, .curriculum = 1 };
	e = (struct expect){ .grades = o.grades, .levels = o.levels };
	out = run(&o);
	each_line(&out, check_filters, &e);
	free(out.s);
}
END_TEST

/* Every skill gets its share: with no filters, a count that is a multiple
 * of the number of skills gives each the same number. */
START_TEST(skills_share_fairly)
{
	int n;
	tut_skills(&n);
	struct tut_datagen_opts o = { .split = TUT_TRAIN, .seed = 9, .count = 40L * n };
	struct expect e = { 0 };
	struct out out = run(&o);
	each_line(&out, check_filters, &e);
	for (int i = 0; i < n && i < 64; i++)
		ck_assert_msg(e.count_skills[i] == 40, "skill %d: %d problems", i, e.count_skills[i]);
	free(out.s);
}
END_TEST

struct order {
	int grade, level, difficulty;
	long lines;
};

static void check_order(char *line, void *user)
{
	struct order *o = user;
	ck_assert(parse_line(line, &rec) == 0);
	int g = atoi(get(&rec, "grade")), d = atoi(get(&rec, "difficulty"));
	const char *lv = get(&rec, "level");
	int l = !strcmp(lv, "basic") ? 0 : !strcmp(lv, "symbolic") ? 1 : 2;
	ck_assert_msg(g >= o->grade, "line %ld: grade %d after %d", o->lines, g, o->grade);
	if (g == o->grade) {
		ck_assert_msg(l >= o->level, "line %ld: level %d after %d in grade %d", o->lines, l, o->level, g);
		if (l == o->level)
			ck_assert_msg(d >= o->difficulty, "line %ld: difficulty %d after %d", o->lines, d, o->difficulty);
	}
	o->grade = g;
	o->level = l;
	o->difficulty = d;
	o->lines++;
}

START_TEST(curriculum_goes_simple_to_complex)
{
	struct tut_datagen_opts o = { .split = TUT_TRAIN, .seed = 5, .count = 20000, .curriculum = 1 };
	struct order ord = { 0, 0, 0, 0 };
	struct out out = run(&o);
	each_line(&out, check_order, &ord);
	ck_assert_int_eq(ord.grade, 6);
	free(out.s);

	/* and in the test split, where most problems are thrown away */
	o.split = TUT_TEST;
	o.count = 3000;
	ord = (struct order){ 0, 0, 0, 0 };
	out = run(&o);
	each_line(&out, check_order, &ord);
	free(out.s);
}
END_TEST

START_TEST(errors_are_reported)
{
	char err[256];
	struct out out = { NULL, 0, 0, 0, -1 };
	struct tut_datagen_opts o = { .split = TUT_TRAIN, .seed = 1, .count = 10, .skills = "add_column,flying" };
	ck_assert_int_eq(tut_datagen(&o, collect, &out, err, sizeof err), -1);
	ck_assert_str_eq(err, "unknown skill 'flying'");

	o = (struct tut_datagen_opts){ .split = TUT_TRAIN, .count = 10, .skills = "count", .grades = 1u << 6 };
	ck_assert_int_eq(tut_datagen(&o, collect, &out, err, sizeof err), -1);
	ck_assert_str_eq(err, "no skill matches the filters");

	o = (struct tut_datagen_opts){ .split = TUT_TRAIN, .count = -1 };
	ck_assert_int_eq(tut_datagen(&o, collect, &out, err, sizeof err), -1);

	o = (struct tut_datagen_opts){ .split = TUT_TRAIN, .count = 0 };
	ck_assert_int_eq(tut_datagen(&o, collect, &out, err, sizeof err), 0);
	ck_assert_int_eq(out.lines, 0);

	/* a writer that fails stops the run */
	o = (struct tut_datagen_opts){ .split = TUT_TRAIN, .count = 100 };
	out.fail_after = 10;
	ck_assert_int_eq(tut_datagen(&o, collect, &out, err, sizeof err), -1);
	ck_assert_int_eq(out.lines, 10);
	ck_assert_ptr_nonnull(strstr(err, "write failed"));
	free(out.s);
}
END_TEST

START_TEST(problem_json_escapes)
{
	struct tut_problem p;
	char buf[8192];
	memset(&p, 0, sizeof p);
	snprintf(p.question, sizeof p.question, "Say \"hi\" \\ then\ttab\x01 and 7 ÷ 2 = 3½ \xff!");
	snprintf(p.steps, sizeof p.steps, "7 ÷ 2 = 3 r 1\nAnswer: 3 r 1");
	snprintf(p.answer, sizeof p.answer, "3 r 1");
	p.skill = "div_remainder";
	p.grade = 3;
	p.level = TUT_BASIC;
	int n = tut_problem_json(&p, buf, sizeof buf);
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq((int)strlen(buf), n);
	ck_assert_ptr_nonnull(strstr(buf, "\"question\":\"Say \\\"hi\\\" \\\\ then\\ttab\\u0001 and 7 ÷ 2 = 3½ \\ufffd!\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"reasoning\":\"7 ÷ 2 = 3 r 1\\nAnswer: 3 r 1\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"grade\":3"));
	ck_assert_ptr_nonnull(strstr(buf, "\"level\":\"basic\""));
	ck_assert_ptr_nonnull(strstr(buf, "\"unit\":\"\""));
	char split[32];
	snprintf(split, sizeof split, "\"split\":\"%s\"",
		 tut_split_of(&p) == TUT_TRAIN ? "train" : tut_split_of(&p) == TUT_VALID ? "valid" : "test");
	ck_assert_ptr_nonnull(strstr(buf, split));
	ck_assert_int_eq(parse_line(buf, &rec), 0);
	/* too small: -1, never a cut line */
	for (size_t cap = 0; cap < (size_t)n + 1; cap += 7)
		ck_assert_int_eq(tut_problem_json(&p, buf, cap), -1);
	ck_assert_int_eq(tut_problem_json(&p, buf, (size_t)n + 1), n);
}
END_TEST

static int discard(void *user, const char *line, size_t len)
{
	(void)line;
	*(size_t *)user += len;
	return 0;
}

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* A figure, not a test: timings vary with the machine. */
START_TEST(speed)
{
	char err[256];
	static const struct {
		const char *what;
		struct tut_datagen_opts o;
	} runs[] = {
		{ "train", { .split = TUT_TRAIN, .seed = 1, .count = 200000 } },
		{ "train, curriculum", { .split = TUT_TRAIN, .seed = 1, .count = 200000, .curriculum = 1 } },
		{ "test", { .split = TUT_TEST, .seed = 1, .count = 20000 } },
	};
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		size_t bytes = 0;
		double t0 = seconds();
		ck_assert_int_eq(tut_datagen(&runs[i].o, discard, &bytes, err, sizeof err), 0);
		double dt = seconds() - t0;
		printf("datagen speed (%s): %ld problems in %.2f s, %.0f problems/s, %.0f bytes each\n", runs[i].what,
		       runs[i].o.count, dt, (double)runs[i].o.count / dt, (double)bytes / (double)runs[i].o.count);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("datagen");
	TCase *tc = tcase_create("datagen");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, lines_are_valid_json);
	tcase_add_test(tc, same_seed_same_bytes);
	tcase_add_test(tc, splits_never_share_a_question);
	tcase_add_test(tc, split_ignores_case_and_spacing);
	tcase_add_test(tc, filters_are_obeyed);
	tcase_add_test(tc, skills_share_fairly);
	tcase_add_test(tc, curriculum_goes_simple_to_complex);
	tcase_add_test(tc, errors_are_reported);
	tcase_add_test(tc, problem_json_escapes);
	tcase_add_test(tc, speed);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
