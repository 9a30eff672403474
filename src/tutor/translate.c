/* translate.c: lessons in the learner's language.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * A translation (lessons/zh_CN/grade1/adding.lesson) shadows the English
 * lesson with the same id, exercise by exercise.  Only what the learner
 * reads is taken from it; the curriculum, the checks and the generated
 * exercises stay English, so progress counts the same exercises in every
 * language and the model (which reasons in English) and the verifier see
 * the English question and key.  A translation that has drifted from its
 * English lesson is worse than none: it is reported and left out.
 */
#include <config.h>

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tutor/internal.h"
#include "i18n.h"

struct tr_ctx {
	tut_report_fn report;
	void *user;
	int problems;
};

static void tr_problem(struct tr_ctx *c, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void tr_problem(struct tr_ctx *c, const char *file, int line, const char *fmt, ...)
{
	char msg[1200];
	va_list ap;
	int n = snprintf(msg, sizeof msg, "%s:%d: ", file, line);
	if (n < 0 || (size_t)n >= sizeof msg)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof msg - (size_t)n, _(fmt), ap);
	va_end(ap);
	c->problems++;
	if (c->report)
		c->report(c->user, msg);
}

static int numeric_kind(enum tut_kind k)
{
	return k == TUT_ANS_NUMBER || k == TUT_ANS_FRACTION || k == TUT_ANS_MONEY || k == TUT_ANS_TIME;
}

/* Whether translation `t` lines up with English lesson `en`; reports the
 * first difference of each exercise. */
static int lines_up(struct tr_ctx *c, const struct tut_lesson *t, const struct tut_lesson *en)
{
	int ok = 1;
	if (t->n_ex != en->n_ex) {
		tr_problem(c, t->file, t->line,
			   "translated lesson '%s' has %d exercises, the English one (%s:%d) has %d; not used",
			   t->id, t->n_ex, en->file, en->line, en->n_ex);
		return 0;
	}
	for (int i = 0; i < t->n_ex; i++) {
		const struct tut_exercise *te = &t->ex[i], *ee = &en->ex[i];
		if (strcmp(te->check, ee->check) != 0) {
			tr_problem(c, t->file, te->line,
				   "check '%s' differs from the English exercise's '%s' (%s:%d)",
				   te->check, ee->check, en->file, ee->line);
			ok = 0;
		} else if (numeric_kind(ee->kind) && strcmp(te->answer, ee->answer) != 0) {
			tr_problem(c, t->file, te->line,
				   "answer '%s' differs from the English exercise's '%s' (%s:%d)",
				   te->answer, ee->answer, en->file, ee->line);
			ok = 0;
		}
	}
	if (!ok)
		tr_problem(c, t->file, t->line, "translated lesson '%s' is not used", t->id);
	return ok;
}

static void apply(struct tut_lesson *en, const struct tut_lesson *t, struct tut_shown *shown)
{
	snprintf(en->title, sizeof en->title, "%s", t->title);
	for (int i = 0; i < t->n_ex; i++) {
		snprintf(shown[i].question, sizeof shown[i].question, "%s", t->ex[i].question);
		snprintf(shown[i].answer, sizeof shown[i].answer, "%s", t->ex[i].answer);
		snprintf(shown[i].unit, sizeof shown[i].unit, "%s", t->ex[i].unit);
		/* hints are only ever shown, so the English one can go */
		snprintf(en->ex[i].hint, sizeof en->ex[i].hint, "%s", t->ex[i].hint);
	}
	free(en->shown);
	en->shown = shown;
}

/* Matches the translations in `dir` against `b`; applies them when `b` is
 * writable (`wb`).  Returns the problems found. */
static int match_dir(const struct tut_bank *b, struct tut_bank *wb, const char *dir,
		     tut_report_fn report, void *user)
{
	struct tr_ctx c = { report, user, 0 };
	struct tut_bank t = { NULL, 0 };
	c.problems = tut_lesson_dir_read(dir, &t, report, user);
	for (int i = 0; i < t.n; i++) {
		const struct tut_lesson *tl = &t.lessons[i];
		const struct tut_lesson *en = tut_bank_find(b, tl->id);
		if (!en) {
			tr_problem(&c, tl->file, tl->line,
				   "translated lesson '%s' has no English lesson with that id; not used", tl->id);
			continue;
		}
		if (!lines_up(&c, tl, en) || !wb)
			continue;
		struct tut_shown *shown = calloc((size_t)(tl->n_ex ? tl->n_ex : 1), sizeof *shown);
		if (!shown) {
			tr_problem(&c, tl->file, tl->line, "out of memory");
			continue;
		}
		apply(&wb->lessons[en - b->lessons], tl, shown);
	}
	tut_bank_free(&t);
	return c.problems;
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int tut_bank_translate(struct tut_bank *b, const char *dir, const char *langs, char *used,
		       size_t usedlen, tut_report_fn report, void *user)
{
	if (used && usedlen)
		used[0] = 0;
	if (!b || !dir || !langs)
		return 0;
	const char *p = langs;
	while (*p) {
		size_t n = strcspn(p, ":");
		char code[32];
		if (n > 0 && n < sizeof code) {
			memcpy(code, p, n);
			code[n] = 0;
			/* English first means the English lessons */
			if (!strcmp(code, "en") || !strncmp(code, "en_", 3) || !strcmp(code, "C") ||
			    !strcmp(code, "POSIX"))
				return 0;
			/* ll_CC, then ll */
			for (int pass = 0; pass < 2; pass++) {
				if (pass == 1) {
					size_t ll = strcspn(code, "_@.");
					if (!code[ll])
						break;
					code[ll] = 0;
				} else {
					code[strcspn(code, ".")] = 0;   /* "zh_CN.UTF-8" */
				}
				if (!tut_is_locale_dir(code))
					continue;
				char path[4096];
				if (snprintf(path, sizeof path, "%s/%s", dir, code) >= (int)sizeof path ||
				    !is_dir(path))
					continue;
				if (used && usedlen)
					snprintf(used, usedlen, "%s", code);
				return match_dir(b, b, path, report, user);
			}
		}
		p += n;
		if (*p == ':')
			p++;
	}
	return 0;
}

int tut_bank_check_translations(const struct tut_bank *b, const char *dir, tut_report_fn report,
				void *user)
{
	int problems = 0;
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		char path[4096];
		if (!tut_is_locale_dir(de->d_name) ||
		    snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= (int)sizeof path || !is_dir(path))
			continue;
		problems += match_dir(b, NULL, path, report, user);
	}
	closedir(d);
	return problems;
}
