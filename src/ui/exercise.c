/* exercise.c: the practice screen: the problem, the answer line, and the
 * model's reasoning streamed into its pane with every step marked.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * The model's text is shown as it comes, but it is never the last word: when
 * the coach says the reasoning does not check out, the screen says so plainly
 * and shows the solver's worked solution, so a child is never left with a
 * wrong explanation.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui/app.h"

static void show_problem(struct app *a)
{
	ui_pane_clear(&a->problem);
	ui_pane_clear(&a->reason);
	a->cur_para = -1;
	struct tut_practice_score sc;
	tut_practice_score(a->s.practice, &sc);
	if (a->s.index < 0) {
		snprintf(a->problem.title, sizeof a->problem.title, "%s", _("Lesson finished"));
		char t[300];
		snprintf(t, sizeof t, _("Well done! You answered %d of %d right, and your best streak was %d."),
			 sc.right, sc.answered, sc.best_streak);
		ui_pane_add(&a->problem, UI_S_STRONG, UI_MARK_NONE, t, strlen(t));
		const char *m = _("Press Enter to choose the next lesson.");
		ui_pane_add(&a->problem, UI_S_NORMAL, UI_MARK_NONE, m, strlen(m));
		snprintf(a->reason.title, sizeof a->reason.title, "%s", _("Tutor"));
		ui_input_prompt(_("Press Enter: "));
		return;
	}
	snprintf(a->problem.title, sizeof a->problem.title, _("Exercise %d of %d"),
		 sc.position, sc.length);
	const char *q = tut_problem_question(&a->s.problem);
	ui_pane_add(&a->problem, UI_S_STRONG, UI_MARK_NONE, q, strlen(q));
	if (tut_problem_unit(&a->s.problem)[0]) {
		char t[120];
		snprintf(t, sizeof t, _("(Answer in %s.)"), tut_problem_unit(&a->s.problem));
		ui_pane_add(&a->problem, UI_S_DIM, UI_MARK_NONE, t, strlen(t));
	}
	snprintf(a->reason.title, sizeof a->reason.title, "%s",
		 a->cfg->model || a->cfg->script ? _("Tutor (F2 hint, F3 show me, F4 ask)")
						 : _("Tutor (the model is not loaded)"));
	ui_input_prompt(_("Answer: "));
}

void practice_enter(struct app *a, const struct tut_lesson *l)
{
	practice_leave(a);
	if (ui_session_lesson(&a->s, l)) {
		app_set_feedback(a, UI_S_BAD, _("The lesson %s has no exercises."), l->id);
		return;
	}
	a->scr = SCR_PRACTICE;
	a->layout_dirty = 1;
	a->ask_mode = 0;
	a->feedback[0] = 0;
	if (a->s.save_problem[0])
		app_set_feedback(a, UI_S_NOTE, _("Progress will not be saved: %s"), a->s.save_problem);
	ui_input_clear();
	show_problem(a);
}

static void stop_coach(struct app *a)
{
	tut_coach_free(a->coach);
	a->coach = NULL;
	a->cur_para = -1;
	a->first_pending = 0;
}

void practice_leave(struct app *a)
{
	stop_coach(a);
	ui_session_end_lesson(&a->s);
	a->ask_mode = 0;
}

const char *practice_status(struct app *a, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s",
		 a->coach ? _("Esc Stop  PgUp/PgDn Scroll  F1 Help  F10 Quit")
		 : a->ask_mode ? _("Enter Ask  Esc Back  F1 Help  F10 Quit")
		 : _("F1 Help  F2 Hint  F3 Show me  F4 Ask  F5 Progress  Esc Lessons  F10 Quit"));
	return buf;
}

const char *practice_score(struct app *a, char *buf, size_t cap)
{
	struct tut_practice_score sc;
	tut_practice_score(a->s.practice, &sc);
	snprintf(buf, cap, _("Score %d/%d  Streak %d"), sc.right, sc.answered, sc.streak);
	return buf;
}

void practice_draw(struct app *a)
{
	ui_pane_draw(&a->problem, a->wa);
	if (a->wsep) {
		werase(a->wsep);
		wattrset(a->wsep, ui_attr(UI_C_DIM));
		mvwvline(a->wsep, 0, 0, ACS_VLINE, getmaxy(a->wsep));
		wattrset(a->wsep, A_NORMAL);
		wnoutrefresh(a->wsep);
	}
	ui_pane_draw(&a->reason, a->wb);
}

static void start_help(struct app *a, enum tut_help mode, const char *question)
{
	char err[TLM_ERRLEN];
	struct tut_coach_opts o;
	stop_coach(a);
	ui_pane_clear(&a->reason);
	a->reason.scroll = 0;
	ui_coach_opts(a->cfg, &o);
	const struct tut_problem *p = mode == TUT_HELP_ASK ? NULL : &a->s.problem;
	if (mode == TUT_HELP_HINT) {
		a->s.hints++;
		const char *h = ui_session_hint(&a->s);
		if (h[0]) {
			char t[TUT_QUESTION_MAX + 40];
			snprintf(t, sizeof t, _("Your teacher's hint: %s"), h);
			ui_pane_add(&a->reason, UI_S_NOTE, UI_MARK_NONE, t, strlen(t));
		}
	}
	if (mode != TUT_HELP_ASK)
		a->s.model_help = 1;
	if (mode == TUT_HELP_ASK) {
		char t[TUT_QUESTION_MAX + 40];
		snprintf(t, sizeof t, _("You asked: %s"), question);
		ui_pane_add(&a->reason, UI_S_STRONG, UI_MARK_NONE, t, strlen(t));
	}
	if (p && p->shown_question[0]) {
		/* the learner reads the lesson in another language */
		const char *t = _("The model explains in English.");
		ui_pane_add(&a->reason, UI_S_DIM, UI_MARK_NONE, t, strlen(t));
	}
	snprintf(a->reason.title, sizeof a->reason.title, "%s",
		 mode == TUT_HELP_HINT ? _("Hint (the model's steps, checked)")
		 : mode == TUT_HELP_SHOW ? _("Worked solution (the model's steps, checked)")
		 : _("Your question (the model's steps, checked)"));
	a->t_request = app_now();
	if (tut_coach_start(&o, mode, p, question, &a->coach, err, sizeof err)) {
		app_set_feedback(a, UI_S_BAD, "%s", err);
		a->coach = NULL;
		return;
	}
	a->coach_mode = mode;
	a->first_pending = a->trace != NULL;
	a->first_text = 0;
	a->pieces = 0;
	a->frames = 0;
	if (a->trace) {
		fprintf(a->trace, "request %s\n", mode == TUT_HELP_HINT ? "hint" : mode == TUT_HELP_SHOW ? "show" : "ask");
		fflush(a->trace);
	}
}

static enum ui_mark mark_of(enum tut_mark m)
{
	switch (m) {
	case TUT_STEP_RIGHT: return UI_MARK_RIGHT;
	case TUT_STEP_WRONG: return UI_MARK_WRONG;
	case TUT_STEP_UNKNOWN: return UI_MARK_UNKNOWN;
	default: return UI_MARK_NONE;
	}
}

static void add_solution_line(void *user, const char *line, size_t n, const struct tut_step *st)
{
	struct app *a = user;
	if (n)
		ui_pane_add(&a->reason, UI_S_NORMAL, st ? mark_of(st->mark) : UI_MARK_NONE, line, n);
}

/* The solver's lines, each marked by the verifier (they are right by
 * construction; the marks show the child which steps were checked). */
static void show_solution(struct app *a, const char *sol)
{
	ui_solution_lines(a->coach_mode == TUT_HELP_ASK ? NULL : &a->s.problem, sol, add_solution_line, a);
}

static void on_done(struct app *a, const struct tut_event *ev)
{
	char msg[600];
	ui_outcome_text(ev, a->coach_mode, msg, sizeof msg);
	enum ui_style st = ev->outcome == TUT_TRUSTED ? UI_S_GOOD
		: ev->outcome == TUT_CANCELLED || ev->outcome == TUT_UNCHECKED ? UI_S_NOTE : UI_S_BAD;
	ui_pane_add(&a->reason, st, UI_MARK_NONE, msg, strlen(msg));
	if (ev->outcome != TUT_TRUSTED && ev->outcome != TUT_CANCELLED) {
		if (ev->solution)
			show_solution(a, ev->solution);
		else if (a->coach_mode == TUT_HELP_SHOW && ev->answer && ev->answer[0]) {
			char t[200];
			snprintf(t, sizeof t, _("The answer is %s."), ev->answer);
			ui_pane_add(&a->reason, UI_S_STRONG, UI_MARK_NONE, t, strlen(t));
		}
	}
	if (a->trace) {
		fprintf(a->trace, "done outcome %d first-token-ms %.2f tokens %d pieces %d frames %d\n",
			(int)ev->outcome, ev->first_token_s * 1e3, ev->n_tokens, a->pieces, a->frames);
		fflush(a->trace);
	}
}

void practice_events(struct app *a)
{
	struct tut_event ev;
	int r;
	while (a->coach && (r = tut_coach_next(a->coach, &ev)) > 0) {
		switch (ev.kind) {
		case TUT_EV_TEXT:
			a->pieces++;
			a->first_text = 1;
			if (a->cur_para < 0)
				a->cur_para = ui_pane_add(&a->reason, UI_S_NORMAL, UI_MARK_NONE, "", 0);
			ui_pane_append(&a->reason, a->cur_para, ev.text, ev.len);
			break;
		case TUT_EV_LINE:
			if (a->cur_para < 0)
				a->cur_para = ui_pane_add(&a->reason, UI_S_NORMAL, UI_MARK_NONE, "", 0);
			ui_pane_set(&a->reason, a->cur_para, ev.text, ev.len, mark_of(ev.step.mark));
			if (ev.step.mark == TUT_STEP_WRONG && ev.step.why[0]) {
				char t[sizeof ev.step.why + 2];
				snprintf(t, sizeof t, "  %s", ev.step.why);
				ui_pane_add(&a->reason, UI_S_BAD, UI_MARK_NONE, t, strlen(t));
			}
			a->cur_para = -1;
			break;
		case TUT_EV_DONE:
			a->cur_para = -1;
			on_done(a, &ev);
			break;
		}
		if (ev.kind == TUT_EV_DONE)
			break;
	}
	if (a->coach && (r < 0 || (r > 0 && ev.kind == TUT_EV_DONE))) {
		/* Not stop_coach(): the first-token figure is taken at the next draw. */
		tut_coach_free(a->coach);
		a->coach = NULL;
	}
}

int practice_key(struct app *a, int is_key, wint_t ch)
{
	if (is_key) {
		int page = a->wb ? getmaxy(a->wb) - 2 : 5;
		switch (ch) {
		case KEY_PPAGE: ui_pane_scroll(&a->reason, page); return 1;
		case KEY_NPAGE: ui_pane_scroll(&a->reason, -page); return 1;
		default: break;
		}
		if (a->s.index < 0)
			return 0;
		if (ch == KEY_F(2) || ch == KEY_F(3)) {
			start_help(a, ch == KEY_F(2) ? TUT_HELP_HINT : TUT_HELP_SHOW, NULL);
			return 1;
		}
		if (ch == KEY_F(4)) {
			stop_coach(a);
			a->ask_mode = 1;
			ui_input_prompt(_("Ask the tutor: "));
			ui_input_clear();
			app_set_feedback(a, UI_S_NOTE, "%s",
					 _("Type your own question (for example 47 + 38) and press Enter. "
					   "The model explains in English."));
			return 1;
		}
		return 0;
	}
	if (ch == 27) {   /* Esc: stop, then leave ask mode, then the lesson */
		if (a->coach) {
			tut_coach_cancel(a->coach);
		} else if (a->ask_mode) {
			a->ask_mode = 0;
			ui_input_prompt(_("Answer: "));
			ui_input_clear();
			a->feedback[0] = 0;
		} else if (a->s.index >= 0) {
			a->ov = OV_CONFIRM;
			a->confirm = CONFIRM_MENU;
		} else {
			practice_leave(a);
			menu_enter(a);
		}
		return 1;
	}
	return 0;
}

void practice_line(struct app *a, char *line)
{
	if (a->s.index < 0) {   /* lesson finished: Enter goes back to the menu */
		practice_leave(a);
		menu_enter(a);
		return;
	}
	const char *t = line;
	while (*t == ' ' || *t == '\t')
		t++;
	if (a->ask_mode) {
		if (!*t)
			return;
		a->ask_mode = 0;
		ui_input_prompt(_("Answer: "));
		a->feedback[0] = 0;
		start_help(a, TUT_HELP_ASK, t);
		return;
	}
	if (!*t) {
		app_set_feedback(a, UI_S_NOTE, "%s", _("Type your answer, then press Enter."));
		return;
	}
	struct ui_feedback fb;
	stop_coach(a);
	ui_session_answer(&a->s, t, &fb);
	enum ui_style st = fb.result == UI_RIGHT ? UI_S_GOOD : UI_S_BAD;
	const char *mark = fb.result == UI_RIGHT ? (ui_utf8() ? "\u2713 " : "+ ") : (ui_utf8() ? "\u2717 " : "x ");
	app_set_feedback(a, st, "%s%s", mark, fb.text);
	if (!fb.saved && a->s.progress && a->s.save_problem[0]) {
		char keep[sizeof a->feedback];
		snprintf(keep, sizeof keep, "%s", a->feedback);
		app_set_feedback(a, UI_S_BAD, _("%s (Not saved: %s)"), keep, a->s.save_problem);
	}
	if (fb.result != UI_TRY_AGAIN)
		show_problem(a);
}
