/* check_lessons.c: the lesson reader, the shipped lesson bank, and a
 * catalogue of broken lesson files, each with the one message it must get.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Every file in tests/bad/lessons/ starts with a comment
 * "# expect: LINE: message": loaded alone (as a bank of one file), it must
 * give exactly that one report.  A directory there is a bank of several
 * files, one of which holds the expect line.
 */
#include <config.h>

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tutor/internal.h"
#include "testlib.h"

/* ---- Files ---- */

/* Removes every "prefix/" from s, so messages name files as the catalogue does. */
static void strip_prefix(char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	char *p;
	while ((p = strstr(s, prefix)) && p[n] == '/')
		memmove(p, p + n + 1, strlen(p + n + 1) + 1);
}

/* ---- The shipped bank ---- */

static struct tut_bank bank;
static struct msgs bank_msgs;
static int bank_problems;

static void load_shipped(void)
{
	bank_problems = tut_bank_load(LESSONDIR, &bank, msgs_add, &bank_msgs);
}

static void free_shipped(void)
{
	tut_bank_free(&bank);
	msgs_free(&bank_msgs);
}

START_TEST(bank_loads_without_problems)
{
	ck_assert_msg(bank_problems == 0 && bank_msgs.n == 0, "%d problems in %s:%s", bank_problems,
		      LESSONDIR, msgs_text(&bank_msgs));
}
END_TEST

START_TEST(bank_is_big_enough)
{
	int ex = 0, gen = 0;
	int by_grade[7] = { 0 };
	for (int i = 0; i < bank.n; i++) {
		ex += bank.lessons[i].n_ex;
		gen += bank.lessons[i].n_gen;
		by_grade[bank.lessons[i].grade] += bank.lessons[i].n_ex;
	}
	printf("lesson bank: %d lessons, %d fixed exercises, %d generator references\n", bank.n, ex, gen);
	printf("fixed exercises by grade: 1: %d, 2: %d, 3: %d, 4: %d, 5: %d, 6: %d\n", by_grade[1],
	       by_grade[2], by_grade[3], by_grade[4], by_grade[5], by_grade[6]);
	ck_assert_int_ge(bank.n, 80);
	ck_assert_int_ge(ex, 1500);
	for (int g = 1; g <= 6; g++)
		ck_assert_msg(by_grade[g] >= 50, "grade %d has only %d fixed exercises", g, by_grade[g]);
}
END_TEST

START_TEST(bank_covers_every_skill)
{
	int n;
	const struct tut_skill *all = tut_skills(&n);
	for (int s = 0; s < n; s++) {
		int lessons = 0;
		for (int i = 0; i < bank.n; i++)
			lessons += bank.lessons[i].skill == &all[s];
		ck_assert_msg(lessons >= 1, "no lesson teaches skill '%s'", all[s].id);
	}
}
END_TEST

START_TEST(bank_answers_match_checks)
{
	struct msgs m = { 0 };
	int mismatches = tut_bank_verify(&bank, msgs_add, &m);
	ck_assert_msg(mismatches == 0 && m.n == 0, "%d answers do not match their checks:%s", mismatches,
		      msgs_text(&m));
	msgs_free(&m);
}
END_TEST

START_TEST(bank_numeric_answers_have_checks)
{
	struct msgs m = { 0 };
	char msg[800];
	for (int i = 0; i < bank.n; i++)
		for (int k = 0; k < bank.lessons[i].n_ex; k++) {
			const struct tut_exercise *e = &bank.lessons[i].ex[k];
			if (e->kind > TUT_ANS_TIME || e->check[0])
				continue;
			snprintf(msg, sizeof msg, "%s:%d: '%s' has no check", bank.lessons[i].file, e->line,
				 e->answer);
			msgs_add(&m, msg);
		}
	ck_assert_msg(m.n == 0, "%d numeric answers without a check:%s", m.n, msgs_text(&m));
	msgs_free(&m);
}
END_TEST

/* A lesson builds on lessons of its own grade or earlier ones. */
START_TEST(bank_prerequisites_come_first)
{
	for (int i = 0; i < bank.n; i++) {
		const struct tut_lesson *l = &bank.lessons[i];
		for (int k = 0; k < l->n_prereq; k++) {
			const struct tut_lesson *p = tut_bank_find(&bank, l->prereq[k]);
			ck_assert_ptr_nonnull(p);
			ck_assert_msg(p->grade <= l->grade, "%s (grade %d) requires %s (grade %d)", l->id,
				      l->grade, p->id, p->grade);
		}
	}
}
END_TEST

/* Every exercise of every lesson becomes a problem whose key is right by
 * its own grading and whose worked solution the verifier accepts. */
START_TEST(bank_exercises_become_problems)
{
	struct tut_problem p;
	struct tut_verdict v;
	char given[TUT_ANSWER_MAX + TUT_UNIT_MAX + 2];
	long n = 0;
	for (int i = 0; i < bank.n; i++) {
		const struct tut_lesson *l = &bank.lessons[i];
		int count = tut_lesson_count(l);
		ck_assert_int_ge(count, l->n_ex);
		for (int k = 0; k < count; k++, n++) {
			ck_assert_msg(tut_lesson_exercise(l, k, 42, &p) == 0, "%s exercise %d", l->id, k);
			ck_assert_msg(p.answer[0] && p.question[0], "%s exercise %d is empty", l->id, k);
			ck_assert_int_ge(p.grade, 1);
			ck_assert_int_le(p.grade, 6);
			ck_assert_ptr_nonnull(p.skill);
			const char *last = strrchr(p.steps, '\n');
			last = last ? last + 1 : p.steps;
			ck_assert_msg(!strncmp(last, "Answer: ", 8), "%s exercise %d: last line '%s'", l->id, k, last);
			ck_assert_msg(tut_answer_check(&p, p.answer), "%s exercise %d: the key '%s' is not right by its own grading",
				      l->id, k, p.answer);
			if (p.unit[0]) {
				snprintf(given, sizeof given, "%s %s", p.answer, p.unit);
				ck_assert_msg(tut_answer_check(&p, given), "%s exercise %d: '%s' is marked wrong",
					      l->id, k, given);
			}
			if (k < l->n_ex) {
				tut_verify(&p, p.steps, &v);
				ck_assert_msg(v.n_wrong == 0, "%s:%d: the worked solution has a wrong step:\n%s",
					      l->file, l->ex[k].line, p.steps);
			}
		}
	}
	printf("lesson bank: %ld exercises made into problems\n", n);
}
END_TEST

/* ---- The catalogue of broken files ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in dir (no hidden ones); *n gets the count. */
static char **list_dir(const char *dir, int *n)
{
	DIR *d = opendir(dir);
	ck_assert_msg(d != NULL, "%s: %s", dir, strerror(errno));
	char **v = NULL;
	int cap = 0;
	struct dirent *de;
	*n = 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (*n == cap)
			v = realloc(v, sizeof *v * (size_t)(cap = cap ? cap * 2 : 64));
		v[(*n)++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(v, (size_t)*n, sizeof *v, cmp_str);
	return v;
}

/* The "# expect: LINE: message" of a file, as "NAME:LINE: message"; 0 if none. */
static int expectation(const char *path, const char *name, char *out, size_t cap)
{
	size_t len;
	char *text = read_file(path, &len);
	int found = 0;
	if (!strncmp(text, "# expect: ", 10)) {
		char *nl = strchr(text, '\n');
		if (nl)
			*nl = 0;
		size_t n = strlen(text);
		if (n && text[n - 1] == '\r')
			text[n - 1] = 0;
		snprintf(out, cap, "%s:%s", name, text + 10);
		found = 1;
	}
	free(text);
	return found;
}

static int run_case(const char *dir, const char *want, char *why, size_t cap)
{
	struct tut_bank b = { NULL, 0 };
	struct msgs m = { 0 };
	int n = tut_bank_load(dir, &b, msgs_add, &m);
	n += tut_bank_verify(&b, msgs_add, &m);
	for (int i = 0; i < m.n; i++)
		strip_prefix(m.v[i], dir);
	int ok = n == 1 && m.n == 1 && !strcmp(m.v[0], want);
	if (!ok)
		snprintf(why, cap, "\nwanted:  %s\ngot %d:%s", want, n, msgs_text(&m));
	tut_bank_free(&b);
	msgs_free(&m);
	return ok;
}

START_TEST(broken_files_get_their_message)
{
	int n, cases = 0, failed = 0;
	char **names = list_dir(BADDIR, &n);
	static char report[16384];
	size_t w = 0;
	report[0] = 0;
	for (int i = 0; i < n; i++) {
		char path[1024], want[1200], why[4600];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", BADDIR, names[i]);
		ck_assert_int_eq(stat(path, &st), 0);
		int ok;
		if (S_ISDIR(st.st_mode)) {
			int k, have = 0;
			char **files = list_dir(path, &k);
			for (int j = 0; j < k; j++) {
				char fp[1200];
				snprintf(fp, sizeof fp, "%s/%s", path, files[j]);
				have += expectation(fp, files[j], want, sizeof want);
				free(files[j]);
			}
			free(files);
			ck_assert_msg(have == 1, "%s: %d files with '# expect:'", path, have);
			ok = run_case(path, want, why, sizeof why);
		} else {
			if (!strstr(names[i], ".lesson"))
				continue;
			ck_assert_msg(expectation(path, names[i], want, sizeof want), "%s has no '# expect:' line", path);
			/* alone in a directory, so bank checks run too */
			char *d = tmpdir(), copy[1200];
			size_t len;
			char *data = read_file(path, &len);
			snprintf(copy, sizeof copy, "%s/%s", d, names[i]);
			write_file(copy, data, len);
			free(data);
			ok = run_case(d, want, why, sizeof why);
			rm_rf(d);
			free(d);
		}
		cases++;
		if (!ok) {
			failed++;
			int k = snprintf(report + w, sizeof report - w, "\n%s:%s", names[i], why);
			if (k > 0 && (size_t)k < sizeof report - w)
				w += (size_t)k;
		}
		free(names[i]);
	}
	free(names);
	printf("broken lesson files: %d cases, %d failed\n", cases, failed);
	ck_assert_int_ge(cases, 25);
	ck_assert_msg(failed == 0, "%d of %d broken files got the wrong messages:%s", failed, cases, report);
}
END_TEST

/* ---- Single files ---- */

/* Loads text as one file; returns the problems, messages in *m. */
static int load_text(const char *text, size_t len, struct tut_bank *b, struct msgs *m, char **dir_out)
{
	char *d = tmpdir(), path[1024];
	snprintf(path, sizeof path, "%s/t.lesson", d);
	write_file(path, text, len);
	int n = tut_lesson_file_load(path, b, msgs_add, m);
	for (int i = 0; i < m->n; i++)
		strip_prefix(m->v[i], d);
	if (dir_out)
		*dir_out = d;
	else {
		rm_rf(d);
		free(d);
	}
	return n;
}

static const char sample[] =
	"# A sample lesson.\n"
	"lesson: g2-sample\n"
	"title: Adding tens\n"
	"grade: 2\n"
	"skill: add_column\n"
	"\n"
	"q: Sam had 47 marbles and won 38 more.\n"
	"   How many marbles does he have now?\n"
	"a: 85\n"
	"unit: marbles\n"
	"check: 47 + 38\n"
	"hint: Add the tens, then the ones.\n"
	"\n"
	"q: How many centimetres are in 3 m?\n"
	"a: 300\n"
	"unit: cm\n"
	"check: 3 m\n"
	"\n"
	"q: What is 74 ÷ 3?\n"
	"a: 24 r 2\n"
	"check: 74 ÷ 3\n"
	"\n"
	"q: Who is taller, Ana or Ben?\n"
	"a: Ana\n"
	"\n"
	"generate: add_column difficulty=2 count=4\n"
	"generate: sub_column count=3\n";

START_TEST(sample_lesson_reads_right)
{
	struct tut_bank b = { NULL, 0 };
	struct msgs m = { 0 };
	int n = load_text(sample, sizeof sample - 1, &b, &m, NULL);
	ck_assert_msg(n == 0, "%d problems:%s", n, msgs_text(&m));
	ck_assert_int_eq(b.n, 1);
	const struct tut_lesson *l = tut_bank_find(&b, "g2-sample");
	ck_assert_ptr_nonnull(l);
	ck_assert_ptr_null(tut_bank_find(&b, "g2-nothing"));
	ck_assert_str_eq(l->title, "Adding tens");
	ck_assert_int_eq(l->grade, 2);
	ck_assert_str_eq(l->skill->id, "add_column");
	ck_assert_int_eq(l->level, TUT_BASIC);
	ck_assert_int_eq(l->line, 2);
	ck_assert_int_eq(l->n_ex, 4);
	ck_assert_int_eq(l->n_gen, 2);
	ck_assert_int_eq(l->gen[0].difficulty, 2);
	ck_assert_int_eq(l->gen[0].count, 4);
	ck_assert_int_eq(l->gen[1].difficulty, 1);
	ck_assert_int_eq(l->gen[1].count, 3);
	ck_assert_int_eq(tut_lesson_count(l), 11);
	ck_assert_str_eq(l->ex[0].question, "Sam had 47 marbles and won 38 more. How many marbles does he have now?");
	ck_assert_int_eq(l->ex[0].line, 7);
	ck_assert_str_eq(l->ex[0].hint, "Add the tens, then the ones.");
	ck_assert_int_eq(l->ex[0].kind, TUT_ANS_NUMBER);
	ck_assert_int_eq(l->ex[2].kind, TUT_ANS_NUMBER);
	ck_assert_int_eq(l->ex[3].kind, TUT_ANS_WORD);
	ck_assert_int_eq(tut_bank_verify(&b, msgs_add, &m), 0);

	struct tut_problem p;
	ck_assert_int_eq(tut_lesson_exercise(l, 0, 1, &p), 0);
	ck_assert_str_eq(p.steps, "47 + 38 = 85\nAnswer: 85 marbles");
	ck_assert_str_eq(p.answer, "85");
	ck_assert_str_eq(p.unit, "marbles");
	ck_assert_str_eq(p.skill, "add_column");
	ck_assert_int_eq(p.grade, 2);
	ck_assert_int_eq(tut_lesson_exercise(l, 1, 1, &p), 0);
	ck_assert_str_eq(p.steps, "3 m = 300 cm\nAnswer: 300 cm");
	ck_assert_int_eq(tut_lesson_exercise(l, 2, 1, &p), 0);
	ck_assert_str_eq(p.steps, "74 ÷ 3 = 24 r 2\nAnswer: 24 r 2");
	ck_assert_int_eq(tut_lesson_exercise(l, 3, 1, &p), 0);
	ck_assert_str_eq(p.steps, "Answer: Ana");

	/* generated ones: the lesson's generators, the same for the same seed */
	struct tut_problem q;
	ck_assert_int_eq(tut_lesson_exercise(l, 4, 7, &p), 0);
	ck_assert_str_eq(p.skill, "add_column");
	ck_assert_int_eq(tut_lesson_exercise(l, 4, 7, &q), 0);
	ck_assert_str_eq(p.question, q.question);
	ck_assert_int_eq(tut_lesson_exercise(l, 10, 7, &p), 0);
	ck_assert_str_eq(p.skill, "sub_column");
	int differ = 0;
	for (int i = 4; i < 8; i++) {
		ck_assert_int_eq(tut_lesson_exercise(l, i, 7, &p), 0);
		ck_assert_int_eq(tut_lesson_exercise(l, i, 8, &q), 0);
		differ += strcmp(p.question, q.question) != 0;
	}
	ck_assert_int_gt(differ, 0);
	ck_assert_int_eq(tut_lesson_exercise(l, 11, 7, &p), -1);
	ck_assert_int_eq(tut_lesson_exercise(l, -1, 7, &p), -1);
	ck_assert_int_eq(tut_lesson_exercise(NULL, 0, 7, &p), -1);
	ck_assert_int_eq(tut_lesson_count(NULL), 0);
	tut_bank_free(&b);
	tut_bank_free(&b);      /* twice is harmless */
	msgs_free(&m);
}
END_TEST

/* The same lesson with "\r\n" line ends and a byte-order mark. */
START_TEST(crlf_and_bom_are_accepted)
{
	size_t n = sizeof sample - 1;
	char *crlf = malloc(2 * n + 4);
	size_t w = 0;
	memcpy(crlf, "\xEF\xBB\xBF", 3);
	w = 3;
	for (size_t i = 0; i < n; i++) {
		if (sample[i] == '\n')
			crlf[w++] = '\r';
		crlf[w++] = sample[i];
	}
	struct tut_bank b = { NULL, 0 };
	struct msgs m = { 0 };
	int k = load_text(crlf, w, &b, &m, NULL);
	ck_assert_msg(k == 0, "%d problems:%s", k, msgs_text(&m));
	ck_assert_int_eq(b.n, 1);
	ck_assert_int_eq(b.lessons[0].n_ex, 4);
	ck_assert_ptr_null(strchr(b.lessons[0].ex[0].question, '\r'));
	ck_assert_str_eq(b.lessons[0].ex[3].answer, "Ana");
	tut_bank_free(&b);
	msgs_free(&m);
	free(crlf);
}
END_TEST

START_TEST(empty_and_missing_files)
{
	struct tut_bank b = { NULL, 0 };
	struct msgs m = { 0 };
	ck_assert_int_eq(load_text("", 0, &b, &m, NULL), 1);
	ck_assert_str_eq(m.v[0], "t.lesson:1: empty file");
	msgs_free(&m);

	ck_assert_int_eq(tut_lesson_file_load("/nonexistent/x.lesson", &b, msgs_add, &m), 1);
	ck_assert_str_eq(m.v[0], "/nonexistent/x.lesson: cannot open: No such file or directory");
	msgs_free(&m);

	ck_assert_int_eq(tut_bank_load("/nonexistent", &b, msgs_add, &m), 1);
	ck_assert_str_eq(m.v[0], "/nonexistent: cannot open directory: No such file or directory");
	msgs_free(&m);

	char *d = tmpdir();
	ck_assert_int_eq(tut_lesson_file_load(d, &b, msgs_add, &m), 1);
	ck_assert_ptr_nonnull(strstr(m.v[0], ": is a directory, not a lesson file"));
	msgs_free(&m);

	/* an empty bank is not a problem: there is nothing wrong in it */
	ck_assert_int_eq(tut_bank_load(d, &b, msgs_add, &m), 0);
	ck_assert_int_eq(b.n, 0);

	/* a FIFO in the bank would block the reader forever: it is skipped */
	char fifo[1024];
	snprintf(fifo, sizeof fifo, "%s/pipe.lesson", d);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(tut_bank_load(d, &b, msgs_add, &m), 1);
	ck_assert_ptr_nonnull(strstr(m.v[0], "pipe.lesson: not a regular file; not read"));
	msgs_free(&m);
	unlink(fifo);

	if (geteuid() != 0) {   /* root reads anything */
		char path[1024];
		snprintf(path, sizeof path, "%s/locked.lesson", d);
		write_file(path, sample, sizeof sample - 1);
		chmod(path, 0);
		ck_assert_int_eq(tut_lesson_file_load(path, &b, msgs_add, &m), 1);
		ck_assert_ptr_nonnull(strstr(m.v[0], "locked.lesson: cannot open: Permission denied"));
		msgs_free(&m);
		snprintf(path, sizeof path, "%s/locked", d);
		mkdir(path, 0);
		ck_assert_int_ge(tut_bank_load(d, &b, msgs_add, &m), 2);
		msgs_free(&m);
		chmod(path, 0700);
	}
	rm_rf(d);
	free(d);
	tut_bank_free(&b);
}
END_TEST

/* lessons/es/ and lessons/zh_CN/ hold translations, not more lessons. */
START_TEST(translations_are_not_read_as_the_bank)
{
	char *d = tmpdir(), path[1024];
	const char *dirs[] = { "grade2", "es", "es/grade2", "zh_CN", "zh_CN/grade2" };
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", d, dirs[i]);
		ck_assert_int_eq(mkdir(path, 0700), 0);
	}
	const char *files[] = { "grade2/a.lesson", "es/grade2/a.lesson", "zh_CN/grade2/a.lesson" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", d, files[i]);
		write_file(path, sample, sizeof sample - 1);
	}
	struct tut_bank b = { NULL, 0 };
	struct msgs m = { 0 };
	int n = tut_bank_load(d, &b, msgs_add, &m);
	ck_assert_msg(n == 0, "%d problems:%s", n, msgs_text(&m));
	ck_assert_int_eq(b.n, 1);
	tut_bank_free(&b);
	rm_rf(d);
	free(d);
}
END_TEST

/* ---- Translations shadowing the English lessons ---- */

static const char en_text[] =
	"lesson: t-add\n"
	"title: Adding\n"
	"grade: 1\n"
	"skill: add_within20\n"
	"\n"
	"q: Raj has 2 apples. He gets 2 more. How many apples does he have now?\n"
	"a: 4\n"
	"unit: apples\n"
	"check: 2 + 2\n"
	"hint: Count on from 2.\n"
	"\n"
	"q: Is 7 even or odd?\n"
	"a: odd\n"
	"\n"
	"q: Who has more, Ana with 3 or Raj with 5?\n"
	"a: Raj\n"
	"kind: word\n"
	"generate: add_within20 count=2\n";

static const char zh_text[] =
	"lesson: t-add\n"
	"title: 加法\n"
	"grade: 1\n"
	"skill: add_within20\n"
	"q: 小明有 2 个苹果，又得到 2 个。他现在有几个苹果？\n"
	"a: 4\n"
	"unit: 个苹果\n"
	"check: 2 + 2\n"
	"hint: 从 2 往后数。\n"
	"q: 7 是偶数还是奇数？\n"
	"a: 奇数\n"
	"q: 小红有 3 个，小明有 5 个，谁多？\n"
	"a: 小明\n"
	"kind: word\n"
	"generate: add_within20 count=2\n";

/* A bank in a fresh directory: English in grade1/, `tr` (if any) in
 * LANG/grade1/. */
static char *translated_bank(const char *lang, const char *tr, struct tut_bank *b)
{
	char *d = tmpdir(), path[1024];
	snprintf(path, sizeof path, "%s/grade1", d);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/grade1/add.lesson", d);
	write_file(path, en_text, sizeof en_text - 1);
	if (tr) {
		snprintf(path, sizeof path, "%s/%s", d, lang);
		ck_assert_int_eq(mkdir(path, 0700), 0);
		snprintf(path, sizeof path, "%s/%s/grade1", d, lang);
		ck_assert_int_eq(mkdir(path, 0700), 0);
		snprintf(path, sizeof path, "%s/%s/grade1/add.lesson", d, lang);
		write_file(path, tr, strlen(tr));
	}
	struct msgs m = { 0 };
	int n = tut_bank_load(d, b, msgs_add, &m);
	ck_assert_msg(n == 0 && b->n == 1, "%d problems:%s", n, msgs_text(&m));
	msgs_free(&m);
	return d;
}

START_TEST(translation_shadows_what_the_learner_reads)
{
	struct tut_bank b = { NULL, 0 };
	char *d = translated_bank("zh_CN", zh_text, &b);
	char used[32];
	struct msgs m = { 0 };
	int n = tut_bank_translate(&b, d, "zh_CN.UTF-8", used, sizeof used, msgs_add, &m);
	ck_assert_msg(n == 0, "%d problems:%s", n, msgs_text(&m));
	ck_assert_str_eq(used, "zh_CN");
	const struct tut_lesson *l = &b.lessons[0];
	ck_assert_str_eq(l->title, "加法");
	ck_assert_int_eq(l->grade, 1);
	ck_assert_str_eq(l->skill->id, "add_within20");
	ck_assert_str_eq(l->ex[0].hint, "从 2 往后数。");
	ck_assert_int_eq(tut_lesson_count(l), 5);

	struct tut_problem p;
	ck_assert_int_eq(tut_lesson_exercise(l, 0, 1, &p), 0);
	/* the model and the verifier keep the English question and key */
	ck_assert_str_eq(p.question, "Raj has 2 apples. He gets 2 more. How many apples does he have now?");
	ck_assert_str_eq(p.answer, "4");
	ck_assert_str_eq(p.unit, "apples");
	ck_assert_ptr_nonnull(strstr(p.steps, "2 + 2 = 4"));
	/* the learner reads and may answer in Chinese */
	ck_assert_str_eq(tut_problem_question(&p), "小明有 2 个苹果，又得到 2 个。他现在有几个苹果？");
	ck_assert_str_eq(tut_problem_unit(&p), "个苹果");
	char t[128];
	ck_assert_str_eq(tut_problem_answer_text(&p, t, sizeof t), "4个苹果");
	ck_assert_int_eq(tut_answer_check(&p, "4"), 1);
	ck_assert_int_eq(tut_answer_check(&p, "4个苹果"), 1);
	ck_assert_int_eq(tut_answer_check(&p, "4 apples"), 1);
	ck_assert_int_eq(tut_answer_check(&p, "４"), 1);          /* full-width digit */
	ck_assert_int_eq(tut_answer_check(&p, "５"), 0);
	ck_assert_int_eq(tut_answer_check(&p, "5个苹果"), 0);

	ck_assert_int_eq(tut_lesson_exercise(l, 1, 1, &p), 0);
	ck_assert_int_eq(tut_answer_check(&p, "奇数"), 1);
	ck_assert_int_eq(tut_answer_check(&p, "odd"), 1);
	ck_assert_int_eq(tut_answer_check(&p, "偶数"), 0);
	ck_assert_int_eq(tut_answer_check(&p, "even"), 0);
	ck_assert_str_eq(tut_problem_answer_text(&p, t, sizeof t), "奇数");

	ck_assert_int_eq(tut_lesson_exercise(l, 2, 1, &p), 0);
	ck_assert_int_eq(tut_answer_check(&p, "小明。"), 1);      /* ideographic full stop */
	ck_assert_int_eq(tut_answer_check(&p, "小红"), 0);

	/* generated exercises stay English */
	ck_assert_int_eq(tut_lesson_exercise(l, 3, 1, &p), 0);
	ck_assert_str_eq(tut_problem_question(&p), p.question);
	ck_assert_str_eq(p.shown_question, "");
	msgs_free(&m);
	tut_bank_free(&b);
	rm_rf(d);
	free(d);
}
END_TEST

START_TEST(translation_language_is_picked_like_gettext)
{
	struct {
		const char *dir, *langs, *want;
	} cases[] = {
		{ "zh_CN", "zh_CN", "zh_CN" },
		{ "zh_CN", "zh_CN.UTF-8", "zh_CN" },
		{ "es", "es_MX.UTF-8", "es" },        /* ll_CC, then ll */
		{ "es", "es_MX:fr", "es" },
		{ "es", "fr:es", "es" },              /* the first that exists */
		{ "es", "en:es", "" },                /* English first: English */
		{ "es", "en_GB.UTF-8", "" },
		{ "es", "C.UTF-8", "" },
		{ "es", "", "" },
		{ "zh_CN", "zh_TW", "" },             /* no zh/ to fall back to */
		{ "es", "de", "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct tut_bank b = { NULL, 0 };
		char *d = translated_bank(cases[i].dir, zh_text, &b);
		char used[32] = "x";
		struct msgs m = { 0 };
		int n = tut_bank_translate(&b, d, cases[i].langs, used, sizeof used, msgs_add, &m);
		ck_assert_msg(n == 0, "%s: %d problems:%s", cases[i].langs, n, msgs_text(&m));
		ck_assert_msg(!strcmp(used, cases[i].want), "'%s' picked '%s', not '%s'", cases[i].langs,
			      used, cases[i].want);
		ck_assert_str_eq(b.lessons[0].title, cases[i].want[0] ? "加法" : "Adding");
		msgs_free(&m);
		tut_bank_free(&b);
		rm_rf(d);
		free(d);
	}
}
END_TEST

/* A translation that drifted is reported where it drifted, and the
 * English lesson is kept whole. */
START_TEST(drifted_translations_are_reported_and_not_used)
{
	struct {
		const char *from, *to, *want;
	} cases[] = {
		{ "check: 2 + 2\n", "check: 2 + 3\n",
		  "zh_CN/grade1/add.lesson:5: check '2 + 3' differs from the English exercise's '2 + 2' (grade1/add.lesson:6)" },
		{ "a: 4\n", "a: 5\n", "zh_CN/grade1/add.lesson:5: answer '5' differs from the English exercise's '4' (grade1/add.lesson:6)" },
		{ "q: 7 是偶数还是奇数？\na: 奇数\n", "",
		  "zh_CN/grade1/add.lesson:1: translated lesson 't-add' has 2 exercises, the English one (grade1/add.lesson:1) has 3; not used" },
		{ "lesson: t-add\n", "lesson: t-sub\n",
		  "zh_CN/grade1/add.lesson:1: translated lesson 't-sub' has no English lesson with that id; not used" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char tr[sizeof zh_text + 64];
		const char *at = strstr(zh_text, cases[i].from);
		ck_assert_ptr_nonnull(at);
		snprintf(tr, sizeof tr, "%.*s%s%s", (int)(at - zh_text), zh_text, cases[i].to,
			 at + strlen(cases[i].from));
		struct tut_bank b = { NULL, 0 };
		char *d = translated_bank("zh_CN", tr, &b);
		char used[32];
		struct msgs m = { 0 };
		int n = tut_bank_translate(&b, d, "zh_CN", used, sizeof used, msgs_add, &m);
		ck_assert_msg(n >= 1 && m.n >= 1, "case %zu: no problem reported", i);
		strip_prefix(m.v[0], d);
		ck_assert_str_eq(m.v[0], cases[i].want);
		ck_assert_str_eq(b.lessons[0].title, "Adding");
		ck_assert_ptr_null(b.lessons[0].shown);
		ck_assert_str_eq(b.lessons[0].ex[0].hint, "Count on from 2.");
		/* `lessons check` finds the same without changing the bank */
		struct msgs m2 = { 0 };
		ck_assert_int_eq(tut_bank_check_translations(&b, d, msgs_add, &m2), n);
		msgs_free(&m2);
		msgs_free(&m);
		tut_bank_free(&b);
		rm_rf(d);
		free(d);
	}
}
END_TEST

/* The shipped translations line up with the English bank. */
START_TEST(shipped_translations_line_up)
{
	struct msgs m = { 0 };
	int n = tut_bank_check_translations(&bank, LESSONDIR, msgs_add, &m);
	ck_assert_msg(n == 0, "%d problems:%s", n, msgs_text(&m));
	const char *langs[] = { "zh_CN", "es" };
	for (size_t k = 0; k < 2; k++) {
		struct tut_bank b = { NULL, 0 };
		ck_assert_int_eq(tut_bank_load(LESSONDIR, &b, NULL, NULL), 0);
		char used[32];
		ck_assert_int_eq(tut_bank_translate(&b, LESSONDIR, langs[k], used, sizeof used, msgs_add, &m), 0);
		ck_assert_str_eq(used, langs[k]);
		/* every grade 1 and 2 lesson is translated, and its answers grade */
		for (int i = 0; i < b.n; i++) {
			const struct tut_lesson *l = &b.lessons[i];
			if (l->grade > 2)
				continue;
			ck_assert_msg(l->shown != NULL, "%s: lesson %s is not translated", langs[k], l->id);
			for (int e = 0; e < l->n_ex; e++) {
				struct tut_problem p;
				ck_assert_int_eq(tut_lesson_exercise(l, e, 1, &p), 0);
				ck_assert_msg(tut_answer_check(&p, tut_problem_answer(&p)),
					      "%s %s #%d: its own answer '%s' is wrong", langs[k], l->id, e + 1,
					      tut_problem_answer(&p));
				ck_assert_msg(tut_answer_check(&p, p.answer), "%s %s #%d", langs[k], l->id, e + 1);
			}
		}
		tut_bank_free(&b);
	}
	msgs_free(&m);
}
END_TEST

START_TEST(too_many_problems_stops_reading)
{
	size_t cap = 1 << 20, w = 0;
	char *text = malloc(cap);
	w += (size_t)snprintf(text, cap, "lesson: g1-x\ntitle: X\ngrade: 1\nskill: count\n");
	for (int i = 0; i < 5000; i++)
		w += (size_t)snprintf(text + w, cap - w, "colour%d: blue\n", i);
	struct tut_bank b = { NULL, 0 };
	struct msgs m = { 0 };
	int n = load_text(text, w, &b, &m, NULL);
	ck_assert_int_eq(n, m.n);
	ck_assert_int_le(m.n, 101);
	ck_assert_ptr_nonnull(strstr(m.v[m.n - 1], "too many problems; the rest of the file is not read"));
	ck_assert_int_eq(b.n, 0);
	tut_bank_free(&b);
	msgs_free(&m);
	free(text);
}
END_TEST

START_TEST(exercises_per_lesson_are_capped)
{
	size_t cap = 1 << 20, w = 0;
	char *text = malloc(cap);
	w += (size_t)snprintf(text, cap, "lesson: g1-many\ntitle: Many\ngrade: 1\nskill: count\n");
	for (int i = 0; i < 1005; i++)
		w += (size_t)snprintf(text + w, cap - w, "q: What comes after %d?\na: %d\ncheck: %d + 1\n", i, i + 1, i);
	struct tut_bank b = { NULL, 0 };
	struct msgs m = { 0 };
	int n = load_text(text, w, &b, &m, NULL);
	ck_assert_msg(n == 1 && m.n == 1, "%d problems:%s", n, msgs_text(&m));
	ck_assert_str_eq(m.v[0], "t.lesson:3005: more than 1000 exercises in lesson 'g1-many'");
	ck_assert_int_eq(b.n, 0);
	msgs_free(&m);
	free(text);
}
END_TEST

/* A writer child feeds a FIFO, so 100 MB pass through the reader without
 * touching the disk. */
enum feed { FEED_EXERCISES, FEED_ONE_LINE, FEED_LESSONS };

static void feed(const char *path, enum feed what, size_t total)
{
	/* Check's handlers, inherited from the test, would take the test down too */
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);       /* a reader that stops early ends the writer */
	FILE *f = fopen(path, "w");
	static char block[65536];
	size_t n = 0, sent = 0;
	if (!f)
		_exit(1);
	if (what == FEED_EXERCISES) {
		fputs("lesson: g1-huge\ntitle: Huge\ngrade: 1\nskill: count\n", f);
		static const char ex[] = "q: What is 3 + 4?\na: 7\ncheck: 3 + 4\n";
		for (; n + sizeof ex < sizeof block; n += sizeof ex - 1)
			memcpy(block + n, ex, sizeof ex - 1);
	} else if (what == FEED_ONE_LINE) {
		fputs("q: ", f);
		memset(block, 'a', sizeof block);
		n = sizeof block;
	}
	for (long i = 0; sent < total; i++) {
		if (what == FEED_LESSONS) {
			int k = fprintf(f, "lesson: g1-x%ld\ntitle: X\ngrade: 1\nskill: count\ngenerate: count\n", i);
			if (k < 0)
				_exit(1);
			sent += (size_t)k;
		} else {
			if (fwrite(block, 1, n, f) != n)
				_exit(1);
			sent += n;
		}
	}
	fclose(f);
	_exit(0);
}

static void huge(enum feed what, size_t total, const char *want, int want_lessons)
{
	char *d = tmpdir(), path[1024];
	snprintf(path, sizeof path, "%s/huge.lesson", d);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		feed(path, what, total);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct tut_bank b = { NULL, 0 };
	struct msgs m = { 0 };
	int n = tut_lesson_file_load(path, &b, msgs_add, &m);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	int status;
	waitpid(pid, &status, 0);
	for (int i = 0; i < m.n; i++)
		strip_prefix(m.v[i], d);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("%zu MB lesson file: %.2f s, %d problems, %d lessons kept, peak RSS %ld MB\n", total >> 20, s,
	       n, b.n, ru.ru_maxrss / 1024);
	ck_assert_int_ge(n, 1);
	ck_assert_int_eq(n, m.n);
	ck_assert_msg(strstr(m.v[0], want) != NULL, "wanted '%s':%s", want, msgs_text(&m));
	ck_assert_int_eq(b.n, want_lessons);
	ck_assert_int_lt(ru.ru_maxrss / 1024, 400);
	tut_bank_free(&b);
	msgs_free(&m);
	rm_rf(d);
	free(d);
}

START_TEST(hundred_megabytes_of_exercises)
{
	huge(FEED_EXERCISES, (size_t)100 << 20, "huge.lesson:3005: more than 1000 exercises in lesson 'g1-huge'", 0);
}
END_TEST

START_TEST(hundred_megabytes_in_one_line)
{
	huge(FEED_ONE_LINE, (size_t)100 << 20, "huge.lesson:1: line too long (1048", 0);
}
END_TEST

START_TEST(many_lessons_in_one_file)
{
	huge(FEED_LESSONS, (size_t)16 << 20, "huge.lesson:2501: more than 500 lessons in one file", 500);
}
END_TEST

/* ---- Garbage ---- */

static uint64_t rng = 0x1234567;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const pieces[] = {
	"lesson: ", "title: ", "grade: ", "skill: ", "level: ", "requires: ", "generate: ", "q: ", "a: ",
	"unit: ", "hint: ", "check: ", "kind: ", "\n", "\r\n", " ", "\t", "#", ":", ",", "=", "count=",
	"difficulty=", "add_column", "frac_add_like", "logic_grid", "g1-a", "g1-b", "basic", "multi", "7",
	"3/4", "$3.50", "4:05", "24 r 2", "÷", "×", "(", ")", "1/0", "99999999999999999999", "\xff",
	"\xc3", "\x00", "é", "中", "fraction", "money", "time", "word", "choice", "list", "6/8",
};

/* Mutates the sample (bytes flipped, pieces of the format inserted, lines
 * cut, duplicated and dropped), loads it, and wants no crash and as many
 * problems counted as reported. */
START_TEST(mutations_never_crash)
{
	char *d = tmpdir(), path[1024];
	snprintf(path, sizeof path, "%s/m.lesson", d);
	size_t cap = 16384;
	char *buf = malloc(cap);
	struct tut_problem p;
	for (int iter = 0; iter < 1500; iter++) {
		size_t n = sizeof sample - 1;
		memcpy(buf, sample, n);
		int edits = 1 + (int)rnd(iter % 10 == 0 ? 60 : 6);
		for (int e = 0; e < edits && n > 0; e++) {
			size_t at = rnd((unsigned)n);
			switch (rnd(5)) {
			case 0:
				buf[at] = (char)rnd(256);
				break;
			case 1: {
				const char *s = pieces[rnd(sizeof pieces / sizeof pieces[0])];
				size_t k = *s ? strlen(s) : 1;
				if (n + k < cap) {
					memmove(buf + at + k, buf + at, n - at);
					memcpy(buf + at, s, k);
					n += k;
				}
				break;
			}
			case 2: {
				size_t k = rnd(40);
				if (at + k > n)
					k = n - at;
				memmove(buf + at, buf + at + k, n - at - k);
				n -= k;
				break;
			}
			case 3: {
				size_t k = rnd(200);
				if (at + k > n)
					k = n - at;
				if (n + k < cap) {
					memmove(buf + at + k, buf + at, n - at);
					n += k;
				}
				break;
			}
			default:
				n = at;
			}
		}
		write_file(path, buf, n);
		struct tut_bank b = { NULL, 0 };
		struct msgs m = { 0 };
		int k = tut_lesson_file_load(path, &b, msgs_add, &m);
		ck_assert_int_eq(k, m.n);
		k = tut_bank_load(d, &b, msgs_add, &m);
		ck_assert_int_ge(k, 0);
		tut_bank_verify(&b, msgs_add, &m);
		for (int i = 0; i < b.n; i++) {
			const struct tut_lesson *l = &b.lessons[i];
			ck_assert_int_le(l->n_ex, 1000);
			ck_assert_int_le(l->n_prereq, TUT_PREREQ_MAX);
			ck_assert_int_le(l->n_gen, TUT_GENREF_MAX);
			ck_assert_uint_lt(strlen(l->id), TUT_ID_MAX);
			for (int j = 0; j < tut_lesson_count(l) && j < 50; j++)
				tut_lesson_exercise(l, j, (uint64_t)iter, &p);
		}
		tut_bank_free(&b);
		msgs_free(&m);
	}
	/* pure noise */
	for (int iter = 0; iter < 200; iter++) {
		size_t n = rnd(4000);
		for (size_t i = 0; i < n; i++)
			buf[i] = (char)(iter & 1 ? rnd(256) : 32 + rnd(96));
		write_file(path, buf, n);
		struct tut_bank b = { NULL, 0 };
		struct msgs m = { 0 };
		int k = tut_lesson_file_load(path, &b, msgs_add, &m);
		ck_assert_int_eq(k, m.n);
		ck_assert_int_ge(k, 1);
		tut_bank_free(&b);
		msgs_free(&m);
	}
	free(buf);
	rm_rf(d);
	free(d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lessons");
	TCase *tc = tcase_create("bank");
	tcase_add_unchecked_fixture(tc, load_shipped, free_shipped);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, bank_loads_without_problems);
	tcase_add_test(tc, bank_is_big_enough);
	tcase_add_test(tc, bank_covers_every_skill);
	tcase_add_test(tc, bank_answers_match_checks);
	tcase_add_test(tc, bank_numeric_answers_have_checks);
	tcase_add_test(tc, bank_prerequisites_come_first);
	tcase_add_test(tc, bank_exercises_become_problems);
	tcase_add_test(tc, shipped_translations_line_up);
	suite_add_tcase(s, tc);

	tc = tcase_create("reader");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, broken_files_get_their_message);
	tcase_add_test(tc, sample_lesson_reads_right);
	tcase_add_test(tc, crlf_and_bom_are_accepted);
	tcase_add_test(tc, empty_and_missing_files);
	tcase_add_test(tc, translations_are_not_read_as_the_bank);
	tcase_add_test(tc, translation_shadows_what_the_learner_reads);
	tcase_add_test(tc, translation_language_is_picked_like_gettext);
	tcase_add_test(tc, drifted_translations_are_reported_and_not_used);
	tcase_add_test(tc, too_many_problems_stops_reading);
	tcase_add_test(tc, exercises_per_lesson_are_capped);
	tcase_add_test(tc, hundred_megabytes_of_exercises);
	tcase_add_test(tc, hundred_megabytes_in_one_line);
	tcase_add_test(tc, many_lessons_in_one_file);
	tcase_add_test(tc, mutations_never_crash);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
