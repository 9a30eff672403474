/* practice.c: one lesson being practised: the order of exercises, grading
 * against the key, score and streak.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * A missed exercise is not simply dropped: it comes back a few exercises
 * later, when the student has had time to think about the worked solution;
 * its weight fades: the second time it waits twice as long, and after that
 * it is left for a later session (progress reviews), so that one hard
 * exercise cannot trap a child.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "tutor/internal.h"

#define COME_BACK_AFTER 3   /* exercises in between before a missed one returns */
#define MAX_RETURNS 2       /* times one exercise may come back */
#define TRIES 2             /* answers allowed before moving on */

struct tut_practice {
	const struct tut_lesson *l;
	uint64_t seed;
	int *queue;      /* exercise indices, in the order they are shown */
	int qlen, qcap, qpos;
	unsigned char *returns;   /* per exercise: times it came back */
	unsigned char *finished;  /* per exercise: 1 once answered right or given up */
	int total;
	int tries;       /* wrong answers to the current exercise */
	struct tut_practice_score score;
};

int tut_practice_start(const struct tut_lesson *l, uint64_t seed, struct tut_practice **out)
{
	*out = NULL;
	int n = tut_lesson_count(l);
	if (n <= 0)
		return -1;
	struct tut_practice *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	s->l = l;
	s->seed = seed;
	s->total = n;
	s->qcap = n * (MAX_RETURNS + 1);
	s->queue = malloc(sizeof *s->queue * (size_t)s->qcap);
	s->returns = calloc((size_t)n, 1);
	s->finished = calloc((size_t)n, 1);
	if (!s->queue || !s->returns || !s->finished) {
		tut_practice_free(s);
		return -1;
	}
	for (int i = 0; i < n; i++)
		s->queue[i] = i;
	s->qlen = n;
	s->score.total = n;
	*out = s;
	return 0;
}

void tut_practice_free(struct tut_practice *s)
{
	if (!s)
		return;
	free(s->queue);
	free(s->returns);
	free(s->finished);
	free(s);
}

int tut_practice_current(const struct tut_practice *s, struct tut_problem *p)
{
	if (!s || s->qpos >= s->qlen)
		return -1;
	int i = s->queue[s->qpos];
	if (p && tut_lesson_exercise(s->l, i, s->seed, p))
		return -1;
	return i;
}

/* Puts the current exercise back into the queue a little later, or gives
 * up on it when it has come back often enough. */
static void come_back_later(struct tut_practice *s)
{
	int i = s->queue[s->qpos];
	if (s->returns[i] >= MAX_RETURNS || s->qlen >= s->qcap) {
		s->finished[i] = 1;
		s->score.done++;
		return;
	}
	s->returns[i]++;
	int at = s->qpos + 1 + COME_BACK_AFTER * s->returns[i];
	if (at > s->qlen)
		at = s->qlen;
	memmove(s->queue + at + 1, s->queue + at, sizeof *s->queue * (size_t)(s->qlen - at));
	s->queue[at] = i;
	s->qlen++;
}

static void next(struct tut_practice *s)
{
	s->qpos++;
	s->tries = 0;
}

int tut_practice_answer(struct tut_practice *s, const char *given)
{
	struct tut_problem p;
	int i = tut_practice_current(s, &p);
	if (i < 0)
		return 0;
	int ok = tut_answer_check(&p, given);
	s->score.answered++;
	if (ok) {
		s->score.right++;
		if (++s->score.streak > s->score.best_streak)
			s->score.best_streak = s->score.streak;
		s->finished[i] = 1;
		s->score.done++;
		next(s);
		return 1;
	}
	s->score.streak = 0;
	if (++s->tries >= TRIES) {
		come_back_later(s);
		next(s);
	}
	return 0;
}

int tut_practice_tries(const struct tut_practice *s)
{
	return s ? s->tries : 0;
}

void tut_practice_skip(struct tut_practice *s)
{
	if (!s || s->qpos >= s->qlen)
		return;
	come_back_later(s);
	next(s);
}

void tut_practice_score(const struct tut_practice *s, struct tut_practice_score *out)
{
	memset(out, 0, sizeof *out);
	if (!s)
		return;
	*out = s->score;
	out->position = s->qpos < s->qlen ? s->qpos + 1 : s->qlen;
	out->length = s->qlen;
}
