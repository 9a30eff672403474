/* app.h: the full-screen tutor's state, shared by its screens.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#ifndef UI_APP_H
#define UI_APP_H

#include <stdio.h>

#include "ui/internal.h"

enum app_screen { SCR_PROFILE, SCR_MENU, SCR_PRACTICE, SCR_PROGRESS };
enum app_overlay { OV_NONE, OV_HELP, OV_CONFIRM };
enum app_confirm { CONFIRM_QUIT, CONFIRM_MENU };

#define MIN_COLS 40
#define MIN_ROWS 12

struct menu_item {
	const struct tut_lesson *l;   /* NULL: a heading */
	int grade;
	const char *topic;            /* headings: the skills' topic */
	int next;                     /* the "practice next" line */
};

struct app {
	const struct ui_config *cfg;
	struct ui_session s;
	enum app_screen scr;
	enum app_overlay ov;
	enum app_confirm confirm;
	int rows, cols, too_small, layout_dirty;
	WINDOW *wtitle, *wa, *wb, *wsep, *wfeed, *winput, *wstatus, *wov;
	int side_by_side;

	/* profile screen */
	char **profiles;
	int n_profiles, psel;

	/* lesson menu */
	struct menu_item *items;
	int n_items, msel, mtop;

	/* progress */
	struct ui_pane report;
	enum app_screen back_to;   /* where Esc returns from the progress screen */

	/* practice */
	struct ui_pane problem, reason;
	char feedback[512];
	enum ui_style feedback_style;
	struct tut_coach *coach;
	enum tut_help coach_mode;
	int cur_para;          /* the reasoning line being streamed, or -1 */
	int ask_mode;

	int quit, exit_code;
	int eof_spins;         /* key reads that found nothing: stdin may be gone */

	/* timing figures (TINYLLM_UI_TRACE) */
	FILE *trace;
	double t_request;
	int first_pending, first_text, frames, pieces;
};

double app_now(void);
void app_set_feedback(struct app *a, enum ui_style st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void app_layout(struct app *a);
/* Quits, asking first when a lesson is unfinished. */
void app_quit(struct app *a);

/* Screens (menu.c, practice.c): each draws itself and handles its keys. */
void profile_enter(struct app *a);
void profile_draw(struct app *a);
int profile_key(struct app *a, int is_key, wint_t ch);
void profile_line(struct app *a, char *line);

void menu_enter(struct app *a);
void menu_draw(struct app *a);
int menu_key(struct app *a, int is_key, wint_t ch);

void progress_enter(struct app *a);
void progress_draw(struct app *a);
int progress_key(struct app *a, int is_key, wint_t ch);

void practice_enter(struct app *a, const struct tut_lesson *l);
void practice_draw(struct app *a);
int practice_key(struct app *a, int is_key, wint_t ch);
void practice_line(struct app *a, char *line);
void practice_events(struct app *a);
void practice_leave(struct app *a);
const char *practice_status(struct app *a, char *buf, size_t cap);
const char *practice_score(struct app *a, char *buf, size_t cap);

#endif
