/* check_practice.c: practising a lesson: grading against the key, tries,
 * missed exercises coming back, score and streak.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "tutor/tutor.h"

static struct tut_bank bank;

static void load_bank(void)
{
	memset(&bank, 0, sizeof bank);
	ck_assert_int_eq(tut_bank_load(LESSONDIR, &bank, NULL, NULL), 0);
}

static void free_bank(void)
{
	tut_bank_free(&bank);
}

static const struct tut_lesson *lesson(const char *id)
{
	const struct tut_lesson *l = tut_bank_find(&bank, id);
	ck_assert_msg(l != NULL, "lesson %s missing", id);
	return l;
}

START_TEST(right_answers_move_on)
{
	const struct tut_lesson *l = lesson("g1-add-within-10");
	struct tut_practice *s;
	ck_assert_int_eq(tut_practice_start(l, 7, &s), 0);
	int n = tut_lesson_count(l);
	for (int k = 0; k < n; k++) {
		struct tut_problem p;
		int i = tut_practice_current(s, &p);
		ck_assert_int_eq(i, k);   /* in lesson order when nothing is missed */
		ck_assert_int_eq(tut_practice_answer(s, p.answer), 1);
	}
	ck_assert_int_eq(tut_practice_current(s, NULL), -1);
	struct tut_practice_score sc;
	tut_practice_score(s, &sc);
	ck_assert_int_eq(sc.answered, n);
	ck_assert_int_eq(sc.right, n);
	ck_assert_int_eq(sc.streak, n);
	ck_assert_int_eq(sc.best_streak, n);
	ck_assert_int_eq(sc.done, n);
	ck_assert_int_eq(sc.total, n);
	tut_practice_free(s);
}
END_TEST

START_TEST(wrong_answer_gets_another_try_then_comes_back)
{
	const struct tut_lesson *l = lesson("g1-add-within-10");
	struct tut_practice *s;
	ck_assert_int_eq(tut_practice_start(l, 7, &s), 0);
	struct tut_problem p;
	ck_assert_int_eq(tut_practice_current(s, &p), 0);
	ck_assert_int_eq(tut_practice_answer(s, p.answer), 1);
	/* Exercise 1: wrong, still there; wrong again, moved on. */
	ck_assert_int_eq(tut_practice_current(s, &p), 1);
	ck_assert_int_eq(tut_practice_answer(s, "-999"), 0);
	ck_assert_int_eq(tut_practice_tries(s), 1);
	ck_assert_int_eq(tut_practice_current(s, NULL), 1);
	ck_assert_int_eq(tut_practice_answer(s, "-999"), 0);
	ck_assert_int_eq(tut_practice_tries(s), 0);
	ck_assert_int_eq(tut_practice_current(s, NULL), 2);
	struct tut_practice_score sc;
	tut_practice_score(s, &sc);
	ck_assert_int_eq(sc.answered, 3);
	ck_assert_int_eq(sc.right, 1);
	ck_assert_int_eq(sc.streak, 0);
	ck_assert_int_eq(sc.best_streak, 1);
	ck_assert_int_eq(sc.done, 1);
	ck_assert_int_eq(sc.position, 3);   /* the third shown ... */
	ck_assert_int_eq(sc.length, tut_lesson_count(l) + 1);   /* ... of one more than before */
	/* Three exercises later, exercise 1 is back. */
	for (int k = 2; k <= 4; k++) {
		ck_assert_int_eq(tut_practice_current(s, &p), k);
		ck_assert_int_eq(tut_practice_answer(s, p.answer), 1);
	}
	ck_assert_int_eq(tut_practice_current(s, &p), 1);
	ck_assert_int_eq(tut_practice_answer(s, p.answer), 1);
	ck_assert_int_eq(tut_practice_current(s, NULL), 5);
	tut_practice_free(s);
}
END_TEST

START_TEST(hopeless_exercise_is_given_up_after_two_returns)
{
	const struct tut_lesson *l = lesson("g1-add-within-10");
	struct tut_practice *s;
	ck_assert_int_eq(tut_practice_start(l, 1, &s), 0);
	int n = tut_lesson_count(l), shown0 = 0, guard = 0;
	while (tut_practice_current(s, NULL) >= 0 && guard++ < 10 * n) {
		struct tut_problem p;
		int i = tut_practice_current(s, &p);
		if (i == 0) {
			shown0++;
			tut_practice_skip(s);
		} else {
			tut_practice_answer(s, p.answer);
		}
	}
	ck_assert_int_eq(shown0, 3);        /* first time plus two returns */
	struct tut_practice_score sc;
	tut_practice_score(s, &sc);
	ck_assert_int_eq(sc.done, n);       /* the lesson still ends */
	ck_assert_int_eq(sc.right, n - 1);
	tut_practice_free(s);
}
END_TEST

START_TEST(returns_wait_longer_each_time)
{
	const struct tut_lesson *l = lesson("g1-add-within-10");
	struct tut_practice *s;
	ck_assert_int_eq(tut_practice_start(l, 3, &s), 0);
	int order[64], n = 0;
	while (n < 12) {
		struct tut_problem p;
		int i = tut_practice_current(s, &p);
		ck_assert_int_ge(i, 0);
		order[n++] = i;
		if (i == 0)
			tut_practice_skip(s);
		else
			ck_assert_int_eq(tut_practice_answer(s, p.answer), 1);
	}
	/* Shown at 0, back after 3 others (position 4), then after 6 more (11). */
	ck_assert_int_eq(order[0], 0);
	ck_assert_int_eq(order[4], 0);
	ck_assert_int_eq(order[11], 0);
	for (int k = 1; k < 12; k++)
		if (k != 4 && k != 11)
			ck_assert_int_ne(order[k], 0);
	tut_practice_free(s);
}
END_TEST

START_TEST(generated_exercises_follow_the_seed)
{
	/* A lesson with generated exercises: the same seed gives the same
	 * problems, another seed others. */
	const struct tut_lesson *g = NULL;
	for (int i = 0; i < bank.n && !g; i++)
		if (bank.lessons[i].n_gen > 0)
			g = &bank.lessons[i];
	ck_assert_ptr_nonnull(g);
	struct tut_practice *a, *b, *c;
	ck_assert_int_eq(tut_practice_start(g, 11, &a), 0);
	ck_assert_int_eq(tut_practice_start(g, 11, &b), 0);
	ck_assert_int_eq(tut_practice_start(g, 12, &c), 0);
	int differ = 0;
	for (int k = 0; k < tut_lesson_count(g); k++) {
		struct tut_problem pa, pb, pc;
		ck_assert_int_ge(tut_practice_current(a, &pa), 0);
		ck_assert_int_ge(tut_practice_current(b, &pb), 0);
		ck_assert_int_ge(tut_practice_current(c, &pc), 0);
		ck_assert_str_eq(pa.question, pb.question);
		differ += strcmp(pa.question, pc.question) != 0;
		ck_assert_int_eq(tut_practice_answer(a, pa.answer), 1);
		ck_assert_int_eq(tut_practice_answer(b, pb.answer), 1);
		ck_assert_int_eq(tut_practice_answer(c, pc.answer), 1);
	}
	ck_assert_int_gt(differ, 0);
	tut_practice_free(a);
	tut_practice_free(b);
	tut_practice_free(c);
}
END_TEST

START_TEST(empty_or_missing_lesson_is_refused)
{
	struct tut_practice *s = (void *)1;
	ck_assert_int_eq(tut_practice_start(NULL, 1, &s), -1);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(tut_practice_current(NULL, NULL), -1);
	ck_assert_int_eq(tut_practice_answer(NULL, "1"), 0);
	tut_practice_skip(NULL);
	tut_practice_free(NULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("practice");
	TCase *tc = tcase_create("practice");
	tcase_add_unchecked_fixture(tc, load_bank, free_bank);
	tcase_add_test(tc, right_answers_move_on);
	tcase_add_test(tc, wrong_answer_gets_another_try_then_comes_back);
	tcase_add_test(tc, hopeless_exercise_is_given_up_after_two_returns);
	tcase_add_test(tc, returns_wait_longer_each_time);
	tcase_add_test(tc, generated_exercises_follow_the_seed);
	tcase_add_test(tc, empty_or_missing_lesson_is_refused);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
