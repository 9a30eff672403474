/* internal.h: what the interface's files share.  Not part of the API.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#ifndef UI_INTERNAL_H
#define UI_INTERNAL_H

#include <stddef.h>
#include <time.h>

#include "ui/ui.h"

/* ---- Text: display width and line breaking (text.c, libunistring) ---- */

struct ui_row {
	int off, len;   /* bytes of the source text */
	int width;      /* columns */
};

/* 1 when the locale's character set is UTF-8 (else only ASCII is drawn). */
int ui_utf8(void);
/* Columns that n bytes of UTF-8 take on screen. */
int ui_width(const char *s, size_t n);
/* Bytes of s (n bytes) that fit in `width` columns, never splitting a character. */
size_t ui_fit(const char *s, size_t n, int width);
/* Breaks text into rows of at most `width` columns at the line-break
 * opportunities of UAX #14 ('\n' always breaks; a word wider than the row is
 * cut between characters).  Fills up to `cap` rows; returns how many rows
 * the whole text needs (at least 1). */
int ui_wrap(const char *s, size_t n, int width, struct ui_row *rows, int cap);
/* Copies s into out (cap bytes) in a form safe to draw: control characters
 * become '?', invalid UTF-8 U+FFFD, and outside UTF-8 locales non-ASCII
 * characters become ASCII stand-ins ("×" -> "x") or '?'.  Returns the length. */
size_t ui_clean(const char *s, size_t n, char *out, size_t cap);

/* ---- A session: profile, lesson, grading, saving (session.c) ---- */

struct ui_session {
	const struct ui_config *cfg;
	char profile[TUT_NAME_MAX];
	struct tut_progress *progress;   /* NULL: progress is not being saved */
	char save_problem[TLM_ERRLEN];   /* why not, or why the last save failed */
	const struct tut_lesson *lesson;
	struct tut_practice *practice;
	struct tut_problem problem;      /* the exercise shown now */
	int index;                       /* its index in the lesson, -1 when done */
	time_t shown_at;
	int hints, model_help;           /* help used on this exercise */
};

enum ui_result { UI_RIGHT, UI_TRY_AGAIN, UI_MOVED_ON };

struct ui_feedback {
	enum ui_result result;
	char text[400];          /* what to tell the student */
	int saved;               /* 1 when the attempt reached the disk */
};

/* Reports from reading progress files go here (to the screen or stderr). */
void ui_session_init(struct ui_session *s, const struct ui_config *c);
/* Opens (creating when new) a profile; 0, or -1 with a message in err
 * (bad name).  A profile that cannot be saved still opens: save_problem says why. */
int ui_session_profile(struct ui_session *s, const char *name, tut_report_fn report, void *user,
		       char *err, size_t errlen);
int ui_session_lesson(struct ui_session *s, const struct tut_lesson *l);
/* Grades an answer against the key and records the attempt. */
void ui_session_answer(struct ui_session *s, const char *given, struct ui_feedback *fb);
/* Leaves the current exercise for later. */
void ui_session_skip(struct ui_session *s);
/* The lesson's teacher-written hint for the current exercise, or "". */
const char *ui_session_hint(const struct ui_session *s);
void ui_session_end_lesson(struct ui_session *s);
void ui_session_free(struct ui_session *s);
/* The suggested lesson ("practice next"), or NULL. */
const struct tut_lesson *ui_session_next(const struct ui_session *s);
/* The mastery of a lesson's skill, for menus. */
enum tut_mastery ui_session_mastery(const struct ui_session *s, const struct tut_lesson *l);
const char *ui_mastery_label(enum tut_mastery m);

/* What to say when the coach is done (translated), and whether to show the
 * solver's solution after it. */
const char *ui_outcome_text(const struct tut_event *ev, enum tut_help mode, char *buf, size_t cap);

/* Calls fn for each line of a worked solution with the verifier's verdict
 * on it (NULL past the lines the verifier keeps). */
typedef void (*ui_solution_fn)(void *user, const char *line, size_t n, const struct tut_step *st);
void ui_solution_lines(const struct tut_problem *p, const char *sol, ui_solution_fn fn, void *user);

/* Coach options from the configuration. */
void ui_coach_opts(const struct ui_config *c, struct tut_coach_opts *o);

/* ---- The terminal: curses, colours, signals (term.c) ---- */

#include <curses.h>

enum ui_color { UI_C_TITLE = 1, UI_C_GOOD, UI_C_BAD, UI_C_NOTE, UI_C_DIM, UI_C_SELECT,
		UI_C_STATUS, UI_N_COLORS };

/* Starts curses on the terminal with the program's own signal handling
 * (SIGWINCH, SIGTERM, SIGHUP, SIGINT arrive through ui_signal_fd()).
 * 0, or -1 with a message when there is no usable terminal. */
int ui_term_start(char *err, size_t errlen);
/* Restores the terminal; safe to call twice and from atexit. */
void ui_term_stop(void);
/* The attribute for a colour role (monochrome and NO_COLOR: bold, reverse
 * or nothing). */
attr_t ui_attr(enum ui_color c);
int ui_signal_fd(void);
/* Signals that arrived since the last call, as a bit mask of 1 << SIGxxx. */
unsigned ui_signals_take(void);
/* Draws n bytes of text at the cursor, cleaned (ui_clean) and cut to `width` columns. */
void ui_put(WINDOW *w, const char *s, size_t n, int width);

/* ---- Panes of text with marks, wrapped and scrolled (pane.c) ---- */

enum ui_mark { UI_MARK_NONE, UI_MARK_RIGHT, UI_MARK_WRONG, UI_MARK_UNKNOWN };
enum ui_style { UI_S_NORMAL, UI_S_GOOD, UI_S_BAD, UI_S_NOTE, UI_S_DIM, UI_S_STRONG };

struct ui_para {
	char *text;
	size_t len, cap;
	enum ui_mark mark;
	enum ui_style style;
};

struct ui_pane {
	char title[160];
	struct ui_para *p;
	int n, cap;
	int scroll;        /* rows scrolled back from the end (0: follow the text) */
	int gutter;        /* 1: a column of marks on the left */
	int dirty;
};

void ui_pane_clear(struct ui_pane *p);
void ui_pane_free(struct ui_pane *p);
/* Adds a paragraph; returns its index (or -1 when out of memory). */
int ui_pane_add(struct ui_pane *p, enum ui_style st, enum ui_mark m, const char *text, size_t len);
void ui_pane_append(struct ui_pane *p, int i, const char *text, size_t len);
void ui_pane_set(struct ui_pane *p, int i, const char *text, size_t len, enum ui_mark m);
void ui_pane_scroll(struct ui_pane *p, int rows);
/* Draws the pane into w: a title row, then the end of the text (or the
 * part scrolled to). */
void ui_pane_draw(struct ui_pane *p, WINDOW *w);

/* ---- The input line: GNU Readline's callback interface (input.c) ---- */

/* Called with each line the student enters (NULL at end of input). */
typedef void (*ui_line_fn)(char *line);

void ui_input_start(const char *history_file, ui_line_fn on_line);
void ui_input_stop(void);
void ui_input_window(WINDOW *w);
void ui_input_prompt(const char *prompt);
/* Feeds bytes to Readline (typed keys). */
void ui_input_feed(const char *bytes, size_t n);
/* Ctrl-C: forget the line being typed. */
void ui_input_clear(void);
int ui_input_empty(void);
/* Redraws the line into its window (wnoutrefresh). */
void ui_input_draw(void);

#endif
