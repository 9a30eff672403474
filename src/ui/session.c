/* session.c: what the full-screen and the plain interface share: the
 * profile, the lesson being practised, grading and saving each attempt.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Grading is the tutor's (against the lesson key, never the model); saving
 * may fail (a full disk, a read-only class folder) and practice goes on:
 * the student is told once, and the tutor keeps the attempts to write them
 * with the next one that succeeds.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui/internal.h"

void ui_session_init(struct ui_session *s, const struct ui_config *c)
{
	memset(s, 0, sizeof *s);
	s->cfg = c;
	s->index = -1;
}

int ui_session_profile(struct ui_session *s, const char *name, tut_report_fn report, void *user,
		       char *err, size_t errlen)
{
	if (tut_profile_name_check(name, err, errlen))
		return -1;
	tut_progress_close(s->progress);
	s->progress = NULL;
	s->save_problem[0] = 0;
	snprintf(s->profile, sizeof s->profile, "%s", name);
	char why[TLM_ERRLEN];
	if (!s->cfg->data_dir) {
		snprintf(s->save_problem, sizeof s->save_problem, "%s",
			 _("there is no place to keep progress (no home directory)"));
	} else if (tut_progress_open(s->cfg->data_dir, name, &s->progress, report, user,
				     why, sizeof why)) {   /* it creates a new profile */
		snprintf(s->save_problem, sizeof s->save_problem, "%s", why);
		s->progress = NULL;
	}
	return 0;
}

static void show_current(struct ui_session *s)
{
	s->index = tut_practice_current(s->practice, &s->problem);
	s->shown_at = time(NULL);
	s->hints = 0;
	s->model_help = 0;
}

int ui_session_lesson(struct ui_session *s, const struct tut_lesson *l)
{
	ui_session_end_lesson(s);
	if (tut_practice_start(l, s->cfg->seed, &s->practice))
		return -1;
	s->lesson = l;
	show_current(s);
	return 0;
}

static void record(struct ui_session *s, const char *given, int correct, struct ui_feedback *fb)
{
	struct tut_attempt a;
	memset(&a, 0, sizeof a);
	a.when = (int64_t)time(NULL);
	snprintf(a.lesson, sizeof a.lesson, "%s", s->lesson->id);
	a.exercise = s->index;
	snprintf(a.skill, sizeof a.skill, "%s", s->problem.skill ? s->problem.skill : "");
	snprintf(a.given, sizeof a.given, "%s", given);
	a.correct = correct;
	long secs = (long)(a.when - (int64_t)s->shown_at);
	a.seconds = secs < 0 ? 0 : secs > 86400 ? 86400 : (int)secs;
	a.hints = s->hints;
	a.model_help = s->model_help;
	fb->saved = 0;
	if (!s->progress)
		return;
	char why[TLM_ERRLEN];
	if (tut_progress_record(s->progress, &a, why, sizeof why) == 0) {
		fb->saved = 1;
		s->save_problem[0] = 0;
	} else {
		snprintf(s->save_problem, sizeof s->save_problem, "%s", why);
	}
}

void ui_session_answer(struct ui_session *s, const char *given, struct ui_feedback *fb)
{
	memset(fb, 0, sizeof *fb);
	if (!s->practice || s->index < 0)
		return;
	struct tut_problem p = s->problem;
	int before = s->index;
	int ok = tut_practice_answer(s->practice, given);
	record(s, given, ok, fb);
	char full[TUT_ANSWER_MAX + TUT_UNIT_MAX + 2];
	const char *ans = tut_problem_answer_text(&p, full, sizeof full);
	if (ok) {
		fb->result = UI_RIGHT;
		snprintf(fb->text, sizeof fb->text, _("Right! The answer is %s."), ans);
		show_current(s);
	} else if (tut_practice_tries(s->practice) > 0 && tut_practice_current(s->practice, NULL) == before) {
		fb->result = UI_TRY_AGAIN;
		snprintf(fb->text, sizeof fb->text, "%s",
			 _("Not quite. Have another try, or ask for a hint."));
	} else {
		fb->result = UI_MOVED_ON;
		snprintf(fb->text, sizeof fb->text,
			 _("Not this time: the answer is %s. That one will come back later."), ans);
		show_current(s);
	}
}

void ui_session_skip(struct ui_session *s)
{
	if (!s->practice || s->index < 0)
		return;
	tut_practice_skip(s->practice);
	show_current(s);
}

const char *ui_session_hint(const struct ui_session *s)
{
	if (!s->lesson || s->index < 0 || s->index >= s->lesson->n_ex)
		return "";
	return s->lesson->ex[s->index].hint;
}

void ui_session_end_lesson(struct ui_session *s)
{
	tut_practice_free(s->practice);
	s->practice = NULL;
	s->lesson = NULL;
	s->index = -1;
}

void ui_session_free(struct ui_session *s)
{
	ui_session_end_lesson(s);
	tut_progress_close(s->progress);
	s->progress = NULL;
}

const struct tut_lesson *ui_session_next(const struct ui_session *s)
{
	const struct tut_bank *b = s->cfg->bank;
	if (s->progress)
		return tut_progress_next(s->progress, b);
	return b->n ? &b->lessons[0] : NULL;
}

enum tut_mastery ui_session_mastery(const struct ui_session *s, const struct tut_lesson *l)
{
	struct tut_skill_progress sp;
	if (!s->progress || !l->skill)
		return TUT_M_NEW;
	tut_progress_skill(s->progress, l->skill->id, &sp);
	return sp.mastery;
}

const char *ui_mastery_label(enum tut_mastery m)
{
	switch (m) {
	case TUT_M_NEW: return _("new");
	case TUT_M_ATTEMPTED: return _("started");
	case TUT_M_FAMILIAR: return _("familiar");
	case TUT_M_PROFICIENT: return _("proficient");
	case TUT_M_MASTERED: return _("mastered");
	}
	return "";
}

const char *ui_outcome_text(const struct tut_event *ev, enum tut_help mode, char *buf, size_t cap)
{
	char said[600];
	said[0] = 0;
	switch (ev->outcome) {
	case TUT_TRUSTED:
		snprintf(said, sizeof said, "%s",
			 mode == TUT_HELP_HINT ? _("This hint checks out.")
			 : mode == TUT_HELP_SHOW ? _("Every step checks out, and the answer matches the key.")
			 : ev->answer && ev->answer[0] ? _("Every step checks out, and so does the answer.")
			 : _("Every step I could check is right."));
		break;
	case TUT_WRONG_STEP:
		snprintf(said, sizeof said, _("The model made a mistake on line %d (%s)."),
			 ev->step.line, ev->step.why[0] ? ev->step.why : _("a wrong step"));
		break;
	case TUT_WRONG_ANSWER:
		if (ev->answer && ev->answer[0])
			snprintf(said, sizeof said, _("The model's answer is wrong: the right answer is %s."),
				 ev->answer);
		else
			snprintf(said, sizeof said, "%s", _("The model's answer is wrong."));
		break;
	case TUT_NO_ANSWER:
		snprintf(said, sizeof said, "%s", _("The model did not finish its reasoning."));
		break;
	case TUT_UNCHECKED:
		snprintf(said, sizeof said, "%s",
			 _("Sorry, I cannot check my reasoning for that question, so I will not guess. "
			   "Try a sum like 47 + 38, a fraction like 3/4 + 1/8, or a word problem "
			   "like the ones in the lessons."));
		break;
	case TUT_CANCELLED:
		snprintf(said, sizeof said, "%s", _("Stopped."));
		break;
	case TUT_FAILED:
		snprintf(said, sizeof said, _("The model cannot help right now (%.*s)."),
			 (int)(ev->len > 200 ? 200 : ev->len), ev->text ? ev->text : "");
		break;
	}
	if (ev->solution && ev->outcome != TUT_TRUSTED && ev->outcome != TUT_CANCELLED &&
	    ev->outcome != TUT_UNCHECKED)
		/* TRANSLATORS: two sentences, one after the other; in Chinese
		   "%s%s" (no space after "。"). */
		snprintf(buf, cap, _("%s %s"), said,
			 mode == TUT_HELP_HINT ? _("Here is the tutor's own hint instead:")
					       : _("Here is the tutor's own worked solution instead:"));
	else
		snprintf(buf, cap, "%s", said);
	return buf;
}

void ui_solution_lines(const struct tut_problem *p, const char *sol, ui_solution_fn fn, void *user)
{
	struct tut_verdict v;
	tut_verify(p, sol, &v);
	int line = 0;
	for (const char *s = sol; *s;) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		fn(user, s, n, line < v.n_steps && line < TUT_MAX_STEPS ? &v.steps[line] : NULL);
		line++;
		s = e ? e + 1 : s + n;
	}
}

void ui_coach_opts(const struct ui_config *c, struct tut_coach_opts *o)
{
	memset(o, 0, sizeof *o);
	o->ctx = c->ctx;
	o->model = c->model;
	o->script = c->script;
	o->script_delay_ms = c->script_delay_ms;
}
