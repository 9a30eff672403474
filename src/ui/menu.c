/* menu.c: the first two screens: who is practising, and which lesson.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui/app.h"

/* ---- Profiles ---- */

static void report_to_feedback(void *user, const char *msg)
{
	struct app *a = user;
	app_set_feedback(a, UI_S_NOTE, "%s", msg);
}

void profile_enter(struct app *a)
{
	char err[TLM_ERRLEN];
	a->scr = SCR_PROFILE;
	a->layout_dirty = 1;
	tut_profiles_free(a->profiles, a->n_profiles);
	a->profiles = NULL;
	a->n_profiles = 0;
	if (a->cfg->data_dir) {
		int n = tut_profiles_list(a->cfg->data_dir, &a->profiles, err, sizeof err);
		if (n < 0)
			app_set_feedback(a, UI_S_NOTE, "%s", err);
		else
			a->n_profiles = n;
	}
	a->psel = 0;
	ui_input_prompt(_("Your name: "));
}

void profile_draw(struct app *a)
{
	WINDOW *w = a->wa;
	int h = getmaxy(w), wd = getmaxx(w);
	werase(w);
	wmove(w, 1, 2);
	wattrset(w, A_BOLD);
	const char *q = _("Who is practising today?");
	ui_put(w, q, strlen(q), wd - 4);
	wattrset(w, A_NORMAL);
	const char *how = a->n_profiles
		? _("Choose your name with Up and Down and press Enter, or type a new name below.")
		: _("Type your name below and press Enter.");
	struct ui_row rows[8];
	int n = ui_wrap(how, strlen(how), wd - 4, rows, 8);
	for (int i = 0; i < n && i < 8 && 2 + i < h; i++) {
		wmove(w, 2 + i, 2);
		ui_put(w, how + rows[i].off, (size_t)rows[i].len, wd - 4);
	}
	int y0 = 3 + (n < 8 ? n : 8);
	int room = h - y0;
	int top = a->psel >= room ? a->psel - room + 1 : 0;
	for (int i = top; i < a->n_profiles && y0 + i - top < h; i++) {
		wmove(w, y0 + i - top, 4);
		wattrset(w, i == a->psel ? ui_attr(UI_C_SELECT) : A_NORMAL);
		waddstr(w, " ");
		ui_put(w, a->profiles[i], strlen(a->profiles[i]), wd - 10);
		waddstr(w, " ");
		wattrset(w, A_NORMAL);
	}
	wnoutrefresh(w);
}

int profile_key(struct app *a, int is_key, wint_t ch)
{
	if (!is_key)
		return 0;
	if (ch == KEY_UP && a->psel > 0) {
		a->psel--;
		return 1;
	}
	if (ch == KEY_DOWN && a->psel + 1 < a->n_profiles) {
		a->psel++;
		return 1;
	}
	return ch == KEY_UP || ch == KEY_DOWN;   /* not history here */
}

void profile_line(struct app *a, char *line)
{
	char err[TLM_ERRLEN];
	const char *name = line;
	while (*name == ' ')
		name++;
	if (!name[0]) {
		if (!a->n_profiles)
			return;
		name = a->profiles[a->psel];
	}
	if (ui_session_profile(&a->s, name, report_to_feedback, a, err, sizeof err)) {
		app_set_feedback(a, UI_S_BAD, "%s", err);
		return;
	}
	a->feedback[0] = 0;
	if (a->s.save_problem[0])
		app_set_feedback(a, UI_S_NOTE, _("Progress will not be saved: %s"), a->s.save_problem);
	menu_enter(a);
}

/* ---- The lesson menu ---- */

static void build_items(struct app *a)
{
	const struct tut_bank *b = a->cfg->bank;
	free(a->items);
	a->items = calloc((size_t)b->n * 2 + 2, sizeof *a->items);   /* a heading per lesson at most */
	a->n_items = 0;
	if (!a->items)
		return;
	const struct tut_lesson *next = ui_session_next(&a->s);
	if (next)
		a->items[a->n_items++] = (struct menu_item){ next, next->grade, NULL, 1 };
	int grade = 0;
	const char *topic = NULL;
	for (int i = 0; i < b->n; i++) {
		const struct tut_lesson *l = &b->lessons[i];
		const char *t = l->skill ? l->skill->topic : "";
		if (l->grade != grade || !topic || strcmp(t, topic)) {
			grade = l->grade;
			topic = t;
			a->items[a->n_items++] = (struct menu_item){ NULL, grade, topic, 0 };
		}
		a->items[a->n_items++] = (struct menu_item){ l, grade, NULL, 0 };
	}
}

void menu_enter(struct app *a)
{
	a->scr = SCR_MENU;
	a->layout_dirty = 1;
	build_items(a);
	a->msel = 0;
	a->mtop = 0;
	while (a->msel < a->n_items && !a->items[a->msel].l)
		a->msel++;
}

static void draw_bar(WINDOW *w, enum tut_mastery m)
{
	const int cells = 4;
	int on = (int)m;   /* new 0 .. mastered 4 */
	int u = ui_utf8();
	wattrset(w, ui_attr(on >= 3 ? UI_C_GOOD : UI_C_NOTE));
	for (int i = 0; i < cells; i++)
		waddstr(w, i < on ? (u ? "\u2588" : "#") : (u ? "\u2591" : "."));
	wattrset(w, A_NORMAL);
}

void menu_draw(struct app *a)
{
	WINDOW *w = a->wa;
	int h = getmaxy(w), wd = getmaxx(w);
	werase(w);
	if (a->msel < a->mtop)
		a->mtop = a->msel;
	if (a->msel >= a->mtop + h)
		a->mtop = a->msel - h + 1;
	if (a->mtop > 0 && a->msel == a->mtop && !a->items[a->mtop - 1].l)
		a->mtop--;   /* keep a grade's heading in view with its first lesson */
	int label_w = 12;
	for (int y = 0; y < h && a->mtop + y < a->n_items; y++) {
		const struct menu_item *it = &a->items[a->mtop + y];
		wmove(w, y, 0);
		if (!it->l) {
			char t[160];
			snprintf(t, sizeof t, _("Grade %d: %s"), it->grade, it->topic ? _(it->topic) : "");
			wattrset(w, A_BOLD | A_UNDERLINE);
			wmove(w, y, 1);
			ui_put(w, t, strlen(t), wd - 2);
			wattrset(w, A_NORMAL);
			continue;
		}
		int sel = a->mtop + y == a->msel;
		char t[300];
		if (it->next)
			snprintf(t, sizeof t, _("Practice next: %s (grade %d)"), it->l->title, it->l->grade);
		else
			snprintf(t, sizeof t, "%s", it->l->title);
		wattrset(w, sel ? ui_attr(UI_C_SELECT) : it->next ? A_BOLD : A_NORMAL);
		wmove(w, y, 2);
		const char *arrow = sel ? (ui_utf8() ? "\u25b6 " : "> ") : "  ";
		waddstr(w, arrow);
		int tw = wd - 4 - (label_w + 6);
		ui_put(w, t, strlen(t), tw);
		int x = getcurx(w);
		while (x < wd - label_w - 6) {
			waddch(w, ' ');
			x++;
		}
		wattrset(w, A_NORMAL);
		enum tut_mastery m = ui_session_mastery(&a->s, it->l);
		wmove(w, y, wd - label_w - 6);
		draw_bar(w, m);
		waddstr(w, " ");
		const char *lab = ui_mastery_label(m);
		ui_put(w, lab, strlen(lab), label_w);
	}
	wnoutrefresh(w);
}

static void move_sel(struct app *a, int delta)
{
	int i = a->msel;
	int step = delta > 0 ? 1 : -1;
	for (int k = 0; k < abs(delta); k++) {
		int j = i + step;
		while (j >= 0 && j < a->n_items && !a->items[j].l)
			j += step;
		if (j < 0 || j >= a->n_items)
			break;
		i = j;
	}
	a->msel = i;
}

int menu_key(struct app *a, int is_key, wint_t ch)
{
	int page = a->wa ? getmaxy(a->wa) - 1 : 10;
	if (is_key) {
		switch (ch) {
		case KEY_UP: move_sel(a, -1); return 1;
		case KEY_DOWN: move_sel(a, 1); return 1;
		case KEY_PPAGE: move_sel(a, -page); return 1;
		case KEY_NPAGE: move_sel(a, page); return 1;
		case KEY_HOME: move_sel(a, -a->n_items); return 1;
		case KEY_END: move_sel(a, a->n_items); return 1;
		case KEY_ENTER: case KEY_RIGHT: break;
		case KEY_LEFT: profile_enter(a); return 1;
		default: return 1;
		}
	} else if (ch == 'k') {
		move_sel(a, -1);
		return 1;
	} else if (ch == 'j') {
		move_sel(a, 1);
		return 1;
	} else if (ch == 27) {
		profile_enter(a);
		return 1;
	} else if (ch == 'q' || ch == 3) {
		a->quit = 1;
		return 1;
	} else if (ch != '\r' && ch != '\n' && ch != ' ') {
		return 1;
	}
	if (a->msel < a->n_items && a->items[a->msel].l)
		practice_enter(a, a->items[a->msel].l);
	return 1;
}
