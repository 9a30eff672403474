/* fuzz_verify.c: the step verifier and the answer grader on any text.
 *
 * The first bytes pick a skill, a seed and a difficulty; the generator
 * makes that problem and the rest of the input is checked as the model's
 * reasoning for it, as free text (the student's own question), and as the
 * student's answer.  Properties: the solver's own worked solution is all
 * right with the right answer, the key is graded right, and any text gets
 * a verdict whose counts add up, with a reason for every wrong step.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "tutor/tutor.h"

static void check_verdict(const struct tut_verdict *v, const char *text)
{
	FUZZ_ASSERT(v->n_right >= 0 && v->n_wrong >= 0 && v->n_unknown >= 0 &&
		    v->n_right + v->n_wrong + v->n_unknown <= v->n_steps,
		    "counts %d right, %d wrong, %d unknown of %d lines", v->n_right, v->n_wrong,
		    v->n_unknown, v->n_steps);
	int kept = v->n_steps < TUT_MAX_STEPS ? v->n_steps : TUT_MAX_STEPS;
	for (int i = 0; i < kept; i++) {
		const struct tut_step *s = &v->steps[i];
		if (s->mark == TUT_STEP_WRONG)
			FUZZ_ASSERT(s->why[0] && memchr(s->why, 0, sizeof s->why) && s->column >= 1 &&
				    (size_t)s->column <= strlen(text) + 1,
				    "wrong step %d without a reason or column (%d)", i, s->column);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	int nskills;
	const struct tut_skill *sk = tut_skills(&nskills);
	const struct tut_skill *skill = &sk[data[0] % nskills];
	uint64_t seed = data[1] | (uint64_t)data[2] << 8;
	int difficulty = 1 + data[3] % 3;
	struct tut_problem p;
	FUZZ_ASSERT(tut_generate(skill, seed, difficulty, &p) == 0, "%s seed %llu difficulty %d",
		    skill->id, (unsigned long long)seed, difficulty);

	struct tut_verdict v;
	tut_verify(&p, p.steps, &v);
	FUZZ_ASSERT(v.n_wrong == 0 && v.has_answer && v.answer_right,
		    "%s seed %llu: the solver's own solution is marked wrong (%d wrong steps)",
		    skill->id, (unsigned long long)seed, v.n_wrong);
	FUZZ_ASSERT(tut_answer_check(&p, p.answer) == 1, "%s: the key '%s' is graded wrong",
		    skill->id, p.answer);

	char *text = fuzz_string(data + 4, size - 4);
	tut_verify(&p, text, &v);
	check_verdict(&v, text);
	tut_verify(NULL, text, &v);
	check_verdict(&v, text);
	FUZZ_ASSERT(!v.answer_right, "free text has no key to be right against");
	struct tut_step st;
	tut_verify_line(&p, text, &st);
	int graded = tut_answer_check(&p, text);
	FUZZ_ASSERT(graded == 0 || graded == 1, "grade %d", graded);
	free(text);
	return 0;
}
