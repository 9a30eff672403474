/* fuzz_lesson.c: the lesson parser (tut_lesson_file_load) on any bytes.
 *
 * Properties: every problem is reported as "FILE:LINE: message" on one
 * line; a file with no problem reported adds its lessons and one with
 * problems adds none of the lessons that had them; every exercise of an
 * accepted lesson can be made, and its own key is graded right (a key
 * the grader rejects would fail every child who types it).
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "tutor/tutor.h"

struct seen {
	const char *path;
	int n;
};

static void report(void *user, const char *msg)
{
	struct seen *s = user;
	fuzz_check_message(msg, s->path);
	s->n++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tut_bank b = { 0 };
	struct seen s = { fuzz_write("fuzz.lesson", data, size), 0 };

	int problems = tut_lesson_file_load(s.path, &b, report, &s);
	FUZZ_ASSERT(problems == s.n, "returned %d problems, reported %d", problems, s.n);
	s.n = 0;
	int mismatches = tut_bank_verify(&b, report, &s);
	FUZZ_ASSERT(mismatches == s.n, "verify returned %d, reported %d", mismatches, s.n);

	for (int i = 0; i < b.n; i++) {
		const struct tut_lesson *l = &b.lessons[i];
		int count = tut_lesson_count(l);
		FUZZ_ASSERT(count >= l->n_ex, "lesson %s counts %d of %d", l->id, count, l->n_ex);
		/* every exercise when few, else a spread of them (the verifier
		 * and the generators have harnesses of their own) */
		int step = count > 8 ? count / 8 : 1;
		for (int k = 0; k < count; k += step) {
			struct tut_problem p;
			FUZZ_ASSERT(tut_lesson_exercise(l, k, 7, &p) == 0, "lesson %s exercise %d", l->id, k);
			FUZZ_ASSERT(tut_answer_check(&p, p.answer) == 1,
				    "lesson %s exercise %d: its key '%s' is graded wrong", l->id, k, p.answer);
		}
	}
	tut_bank_free(&b);
	return 0;
}
