/* progressview.c: the progress screen: per grade and topic, each skill's
 * mastery bar, accuracy, answers and time, and this session's score.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Every figure comes from the progress log through the tutor's documented
 * rules (doc/progress-format.md), so what a child sees here is what the
 * teacher's report says.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui/app.h"

/* Pads s to `width` display columns into out. */
static void pad(char *out, size_t cap, const char *s, int width)
{
	size_t n = strlen(s), fit = ui_fit(s, n, width);
	int w = ui_width(s, fit);
	int k = snprintf(out, cap, "%.*s", (int)fit, s);
	while (w < width && k > 0 && (size_t)k + 1 < cap) {
		out[k++] = ' ';
		out[k] = 0;
		w++;
	}
}

static void bar(char *out, size_t cap, enum tut_mastery m)
{
	int u = ui_utf8();
	out[0] = 0;
	for (int i = 0; i < 4; i++)
		strncat(out, i < (int)m ? (u ? "\u2588" : "#") : (u ? "\u2591" : "."), cap - strlen(out) - 1);
}

/* Whether skill `sk` is taught by some lesson of grade g (so each skill is
 * listed under the grades that practise it). */
static int taught_in(const struct tut_bank *b, const struct tut_skill *sk, int g)
{
	for (int i = 0; i < b->n; i++)
		if (b->lessons[i].grade == g && b->lessons[i].skill == sk)
			return 1;
	return 0;
}

static void add(struct app *a, enum ui_style st, const char *t)
{
	ui_pane_add(&a->report, st, UI_MARK_NONE, t, strlen(t));
}

static void build(struct app *a)
{
	const struct tut_bank *b = a->cfg->bank;
	int nsk;
	const struct tut_skill *sk = tut_skills(&nsk);
	char line[600], name[200], label[64], b4[32];
	long total_secs = 0;
	int total_n = 0, total_right = 0;

	ui_pane_clear(&a->report);
	snprintf(a->report.title, sizeof a->report.title, _("Progress of %s"), a->s.profile);
	if (!a->s.progress) {
		snprintf(line, sizeof line, _("Progress is not being saved: %s"), a->s.save_problem);
		add(a, UI_S_BAD, line);
	}
	for (int g = 1; g <= 6; g++) {
		/* Each topic once per grade, at its first skill, with all its skills. */
		for (int i = 0; i < nsk; i++) {
			if (!taught_in(b, &sk[i], g))
				continue;
			int seen = 0;
			for (int k = 0; k < i && !seen; k++)
				seen = taught_in(b, &sk[k], g) && !strcmp(sk[k].topic, sk[i].topic);
			if (seen)
				continue;
			snprintf(line, sizeof line, _("Grade %d: %s"), g, _(sk[i].topic));
			add(a, UI_S_STRONG, line);
			for (int j = i; j < nsk; j++) {
				if (!taught_in(b, &sk[j], g) || strcmp(sk[j].topic, sk[i].topic))
					continue;
				struct tut_skill_progress sp;
				memset(&sp, 0, sizeof sp);
				if (a->s.progress)
					tut_progress_skill(a->s.progress, sk[j].id, &sp);
				pad(name, sizeof name, _(sk[j].title), 28);
				bar(b4, sizeof b4, sp.mastery);
				/* padded by columns: "proficient" may be "熟练" or "dominada" */
				pad(label, sizeof label, ui_mastery_label(sp.mastery), 10);
				if (sp.attempts)
					snprintf(line, sizeof line, _("%s %s %s %3d%% of %d, %ld:%02ld"), b4,
						 name, label,
						 100 * sp.correct / sp.attempts, sp.attempts,
						 sp.seconds / 60, sp.seconds % 60);
				else
					snprintf(line, sizeof line, "%s %s %s", b4, name,
						 ui_mastery_label(sp.mastery));
				add(a, sp.mastery >= TUT_M_PROFICIENT ? UI_S_GOOD : UI_S_NORMAL, line);
			}
		}
	}
	for (int i = 0; i < nsk && a->s.progress; i++) {   /* each skill once */
		struct tut_skill_progress sp;
		tut_progress_skill(a->s.progress, sk[i].id, &sp);
		total_secs += sp.seconds;
		total_n += sp.attempts;
		total_right += sp.correct;
	}
	struct tut_practice_score sc;
	tut_practice_score(a->s.practice, &sc);
	snprintf(line, sizeof line,
		 _("In all: %d answers, %d right; %ld min practised. This lesson: %d of %d right, best streak %d."),
		 total_n, total_right, total_secs / 60, sc.right, sc.answered, sc.best_streak);
	ui_pane_add(&a->report, UI_S_NOTE, UI_MARK_NONE, line, strlen(line));
	a->report.scroll = 1 << 20;   /* start at the top; the pane clamps it */
}

void progress_enter(struct app *a)
{
	if (a->scr != SCR_PROGRESS)
		a->back_to = a->scr;
	a->scr = SCR_PROGRESS;
	a->layout_dirty = 1;
	build(a);
}

void progress_draw(struct app *a)
{
	ui_pane_draw(&a->report, a->wa);
}

int progress_key(struct app *a, int is_key, wint_t ch)
{
	int page = a->wa ? getmaxy(a->wa) - 2 : 5;
	if (is_key) {
		switch (ch) {
		case KEY_UP: ui_pane_scroll(&a->report, 1); return 1;
		case KEY_DOWN: ui_pane_scroll(&a->report, -1); return 1;
		case KEY_PPAGE: ui_pane_scroll(&a->report, page); return 1;
		case KEY_NPAGE: ui_pane_scroll(&a->report, -page); return 1;
		case KEY_F(5): break;
		default: return 1;
		}
	} else if (ch != 27 && ch != 'q') {
		return 1;
	}
	a->scr = a->back_to;   /* F5, Esc or q: back where the student was */
	a->layout_dirty = 1;
	return 1;
}
