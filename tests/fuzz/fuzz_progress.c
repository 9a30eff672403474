/* fuzz_progress.c: the progress reader on any attempts.log.
 *
 * Properties: a damaged line is reported as "FILE:LINE: message" and
 * skipped, or the whole log is refused with a message; what was read
 * gives sane figures; opening the profile for a session (which appends to
 * the log) and recording an answer never make the log worse: read again,
 * it reports no more damage than before, and the answer is counted.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later. */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "tutor/tutor.h"

static struct tut_bank bank;
static char log_path[600];

struct seen {
	int n;
};

static void report(void *user, const char *msg)
{
	struct seen *s = user;
	fuzz_check_message(msg, log_path);
	s->n++;
}

static void quiet(void *user, const char *msg)
{
	(void)user;
	(void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* the shipped lessons, for "what next" */
	if (tut_bank_load(LESSONDIR, &bank, quiet, NULL) != 0)
		fuzz_fail(__FILE__, __LINE__, "tut_bank_load", "the shipped lessons have problems");
	return 0;
}

/* Everything the profile folder holds, gone: each input starts afresh. */
static void clear_profile(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[1100];
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
}

static int figures(const struct tut_progress *pr)
{
	int total = 0;
	int nskills;
	const struct tut_skill *sk = tut_skills(&nskills);
	for (int i = 0; i < nskills; i++) {
		struct tut_skill_progress sp;
		tut_progress_skill(pr, sk[i].id, &sp);
		FUZZ_ASSERT(sp.attempts >= 0 && sp.correct >= 0 && sp.correct <= sp.attempts,
			    "skill %s: %d of %d right", sk[i].id, sp.correct, sp.attempts);
		FUZZ_ASSERT(sp.mastery >= TUT_M_NEW && sp.mastery <= TUT_M_MASTERED, "mastery %d",
			    (int)sp.mastery);
		total += sp.attempts;
	}
	FUZZ_ASSERT(tut_progress_session(pr) >= 1, "session %d", tut_progress_session(pr));
	tut_progress_next(pr, &bank);
	return total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_dir();
	char prof[600];
	snprintf(prof, sizeof prof, "%s/Ana", dir);
	mkdir(prof, 0700);
	clear_profile(prof);
	snprintf(log_path, sizeof log_path, "%s/Ana/attempts.log", dir);
	fuzz_write("Ana/attempts.log", data, size);

	char err[1024];
	struct tut_progress *pr;
	struct seen first = { 0 }, again = { 0 };
	int before = -1;
	if (tut_progress_read(dir, "Ana", &pr, report, &first, err, sizeof err) == 0) {
		before = figures(pr);
		tut_progress_close(pr);
	} else {
		FUZZ_ASSERT(err[0] && !strchr(err, '\n'), "empty or multi-line refusal: %s", err);
	}

	/* a session on it: refused (the same log, untouched) or appended to */
	struct seen open_seen = { 0 };
	if (tut_progress_open(dir, "Ana", &pr, report, &open_seen, err, sizeof err) == 0) {
		FUZZ_ASSERT(before >= 0, "a session opened a log the reader refused");
		struct tut_attempt a = { .when = 1700000000, .lesson = "g1-add", .exercise = 1,
					 .skill = "add_within20", .given = "7", .correct = 1,
					 .seconds = 5 };
		FUZZ_ASSERT(tut_progress_record(pr, &a, err, sizeof err) == 0, "record: %s", err);
		tut_progress_close(pr);
		FUZZ_ASSERT(tut_progress_read(dir, "Ana", &pr, report, &again, err, sizeof err) == 0,
			    "after a session the log is refused: %s", err);
		int after = figures(pr);
		tut_progress_close(pr);
		FUZZ_ASSERT(again.n <= first.n, "the session made the log worse: %d reports, then %d",
			    first.n, again.n);
		FUZZ_ASSERT(after == before + 1 || again.n >= 20,
			    "%d answers before the session, %d after recording one", before, after);
	}
	return 0;
}
