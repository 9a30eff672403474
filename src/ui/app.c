/* app.c: the full-screen tutor: the event loop, the layout, the help and
 * confirmation overlays.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * One poll() loop watches the keyboard, the signal pipe and the coach's
 * pipe, so typing never waits for the model and nothing spins: when nothing
 * happens the tutor sleeps in poll().  Each pass draws into curses' virtual
 * screen and sends one doupdate(), so streaming never flickers.
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "i18n.h"
#include "ui/app.h"

static struct app *the_app;   /* for Readline's line callback */

double app_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void app_set_feedback(struct app *a, enum ui_style st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->feedback, sizeof a->feedback, fmt, ap);
	va_end(ap);
	a->feedback_style = st;
}

static void del(WINDOW **w)
{
	if (*w)
		delwin(*w);
	*w = NULL;
}

void app_layout(struct app *a)
{
	del(&a->wtitle);
	del(&a->wa);
	del(&a->wb);
	del(&a->wsep);
	del(&a->wfeed);
	del(&a->winput);
	del(&a->wstatus);
	del(&a->wov);
	getmaxyx(stdscr, a->rows, a->cols);
	a->too_small = a->cols < MIN_COLS || a->rows < MIN_ROWS;
	a->layout_dirty = 0;
	clearok(curscr, TRUE);
	/* The input window exists even when too small: keys are read from it. */
	a->winput = newwin(1, a->cols, a->rows > 1 ? a->rows - 2 : 0, 0);
	if (a->winput) {
		keypad(a->winput, TRUE);
		nodelay(a->winput, TRUE);
	}
	ui_input_window(a->winput);
	if (a->too_small)
		return;
	int top = 1, h = a->rows - 4;
	a->wtitle = newwin(1, a->cols, 0, 0);
	a->wfeed = newwin(1, a->cols, a->rows - 3, 0);
	a->wstatus = newwin(1, a->cols, a->rows - 1, 0);
	a->side_by_side = a->cols >= 100;
	if (a->scr != SCR_PRACTICE) {
		a->wa = newwin(h, a->cols, top, 0);
	} else if (a->side_by_side) {
		int wl = a->cols * 2 / 5;
		a->wa = newwin(h, wl, top, 0);
		a->wsep = newwin(h, 1, top, wl);
		a->wb = newwin(h, a->cols - wl - 1, top, wl + 1);
	} else {
		int ha = h / 3 < 4 ? 4 : h / 3;
		a->wa = newwin(ha, a->cols, top, 0);
		a->wb = newwin(h - ha, a->cols, top + ha, 0);
	}
}

static void fill_line(WINDOW *w, attr_t attr, const char *text)
{
	int wd = getmaxx(w);
	werase(w);
	wbkgdset(w, ' ' | attr);
	wattrset(w, attr);
	wmove(w, 0, 0);
	for (int x = 0; x < wd; x++)
		waddch(w, ' ');
	wmove(w, 0, 1);
	ui_put(w, text, strlen(text), wd - 2);
	wattrset(w, A_NORMAL);
	wbkgdset(w, ' ');
	wnoutrefresh(w);
}

static void draw_title(struct app *a)
{
	char t[400];
	const char *sep = ui_utf8() ? " \u00b7 " : " - ";
	if (a->scr == SCR_PRACTICE && a->s.lesson)
	{
		char grade[64];
		snprintf(grade, sizeof grade, _("Grade %d"), a->s.lesson->grade);
		snprintf(t, sizeof t, "TinyLLM%s%s%s%s%s%s", sep, a->s.profile, sep, grade, sep,
			 a->s.lesson->title);
	}
	else if (a->s.profile[0])
		snprintf(t, sizeof t, "TinyLLM%s%s", sep, a->s.profile);
	else
		snprintf(t, sizeof t, "TinyLLM%s%s", sep, _("math and logic practice"));
	fill_line(a->wtitle, ui_attr(UI_C_TITLE), t);
	if (a->scr == SCR_PRACTICE) {   /* the score, right-aligned */
		char sc[120];
		practice_score(a, sc, sizeof sc);
		int w = ui_width(sc, strlen(sc)), x = a->cols - w - 1;
		if (x > ui_width(t, strlen(t)) + 3) {
			wattrset(a->wtitle, ui_attr(UI_C_TITLE));
			wmove(a->wtitle, 0, x);
			ui_put(a->wtitle, sc, strlen(sc), w);
			wattrset(a->wtitle, A_NORMAL);
			wnoutrefresh(a->wtitle);
		}
	}
}

static void draw_status(struct app *a)
{
	char buf[400];
	const char *keys = "";
	switch (a->scr) {
	case SCR_PROFILE:
		keys = _("Up/Down choose  Enter start  F1 Help  F10 Quit");
		break;
	case SCR_MENU:
		keys = _("Up/Down choose  Enter start  F5 Progress  Esc Profiles  F1 Help  F10 Quit");
		break;
	case SCR_PROGRESS:
		keys = _("Up/Down/PgUp/PgDn Scroll  Esc Back  F1 Help  F10 Quit");
		break;
	case SCR_PRACTICE:
		keys = practice_status(a, buf, sizeof buf);
		break;
	}
	if (a->ov == OV_CONFIRM)
		keys = _("y Yes  n No");
	else if (a->ov == OV_HELP)
		keys = _("Any key: back");
	fill_line(a->wstatus, ui_attr(UI_C_STATUS), keys);
}

static void draw_feedback(struct app *a)
{
	attr_t at = A_NORMAL;
	switch (a->feedback_style) {
	case UI_S_GOOD: at = ui_attr(UI_C_GOOD); break;
	case UI_S_BAD: at = ui_attr(UI_C_BAD); break;
	case UI_S_NOTE: at = ui_attr(UI_C_NOTE); break;
	default: break;
	}
	werase(a->wfeed);
	wmove(a->wfeed, 0, 1);
	wattrset(a->wfeed, at);
	ui_put(a->wfeed, a->feedback, strlen(a->feedback), getmaxx(a->wfeed) - 2);
	wattrset(a->wfeed, A_NORMAL);
	wnoutrefresh(a->wfeed);
}

/* A box in the middle of the screen with wrapped text. */
static void draw_box(struct app *a, const char *title, const char *text)
{
	int w = a->cols - 4 < 72 ? a->cols - 4 : 72;
	struct ui_row rows[64];
	int n = ui_wrap(text, strlen(text), w - 4, rows, 64);
	if (n > 64)
		n = 64;
	int h = n + 4 > a->rows - 2 ? a->rows - 2 : n + 4;
	del(&a->wov);
	a->wov = newwin(h, w, (a->rows - h) / 2, (a->cols - w) / 2);
	if (!a->wov)
		return;
	werase(a->wov);
	box(a->wov, 0, 0);
	wmove(a->wov, 0, 2);
	wattrset(a->wov, A_BOLD);
	ui_put(a->wov, title, strlen(title), w - 4);
	wattrset(a->wov, A_NORMAL);
	for (int i = 0; i < n && i < h - 4 + 1; i++) {
		wmove(a->wov, 2 + i, 2);
		ui_put(a->wov, text + rows[i].off, (size_t)rows[i].len, w - 4);
	}
	wnoutrefresh(a->wov);
}

static const char *help_text(void)
{
	return _("Practising:\n"
		 "  Type your answer and press Enter. The tutor checks it against the lesson's key.\n"
		 "  F2  Hint: the first step or two\n"
		 "  F3  Show me: the whole worked solution, step by step\n"
		 "  F4  Ask your own question (a sum, a fraction, a word problem)\n"
		 "  F5  Your progress: mastery of each skill, by grade and topic\n"
		 "  Esc  Stop the model; leave ask mode; back to the lessons\n"
		 "  PgUp/PgDn  Scroll the reasoning\n"
		 "  Ctrl-C  Clear the line you are typing\n"
		 "  Up/Down  Earlier answers (history); Left/Right, Home/End edit\n"
		 "Lessons:\n"
		 "  Up/Down, PgUp/PgDn, Home/End choose; Enter starts; Esc goes back to profiles\n"
		 "Everywhere:\n"
		 "  F1 or ? (on an empty line)  This help\n"
		 "  F10  Quit (progress is saved after every answer)\n"
		 "Marks: a tick means the tutor checked a step and it is right; a cross means it is wrong; "
		 "? means it could not be checked.");
}

static void draw_too_small(struct app *a)
{
	char msg[300];
	snprintf(msg, sizeof msg, _("The window is too small (%d x %d). Please make it at least %d x %d, "
				    "or press F10 to quit."), a->cols, a->rows, MIN_COLS, MIN_ROWS);
	werase(stdscr);
	struct ui_row rows[32];
	int n = ui_wrap(msg, strlen(msg), a->cols > 2 ? a->cols - 2 : 1, rows, 32);
	for (int i = 0; i < n && i < 32 && i < a->rows; i++) {
		wmove(stdscr, i, 1);
		ui_put(stdscr, msg + rows[i].off, (size_t)rows[i].len, a->cols - 2);
	}
	wnoutrefresh(stdscr);
}

static void render(struct app *a)
{
	if (a->layout_dirty)
		app_layout(a);
	if (a->too_small) {
		curs_set(0);
		draw_too_small(a);
		doupdate();
		return;
	}
	draw_title(a);
	switch (a->scr) {
	case SCR_PROFILE: profile_draw(a); break;
	case SCR_MENU: menu_draw(a); break;
	case SCR_PRACTICE: practice_draw(a); break;
	case SCR_PROGRESS: progress_draw(a); break;
	}
	draw_feedback(a);
	draw_status(a);
	int cursor = (a->scr == SCR_PROFILE || a->scr == SCR_PRACTICE) && a->ov == OV_NONE;
	if (cursor) {
		ui_input_draw();   /* last, so the cursor ends up on the input line */
	} else {
		werase(a->winput);
		wnoutrefresh(a->winput);
	}
	if (a->ov == OV_HELP)
		draw_box(a, _("Help"), help_text());
	else if (a->ov == OV_CONFIRM)
		draw_box(a, _("Are you sure?"),
			 a->confirm == CONFIRM_QUIT
			 ? (a->s.progress ? _("Quit now? The lesson is not finished; your answers so far are saved. (y/n)")
					  : _("Quit now? The lesson is not finished, and your answers could not be saved. (y/n)"))
			 : _("Leave this lesson? Your answers so far are saved. (y/n)"));
	curs_set(cursor ? 1 : 0);
	doupdate();
	a->frames++;
	if (a->first_pending && a->first_text && a->trace) {
		/* The first piece of reasoning is on the screen now. */
		fprintf(a->trace, "first-token-on-screen-ms %.2f\n", (app_now() - a->t_request) * 1e3);
		fflush(a->trace);
		a->first_pending = 0;
	}
}


void app_quit(struct app *a)
{
	if (a->scr == SCR_PRACTICE && a->s.index >= 0) {
		a->ov = OV_CONFIRM;
		a->confirm = CONFIRM_QUIT;
		return;
	}
	a->quit = 1;
}

static void on_line(char *line)
{
	struct app *a = the_app;
	if (!line) {   /* end of input (Ctrl-D on an empty line) */
		app_quit(a);
		return;
	}
	if (a->scr == SCR_PROFILE)
		profile_line(a, line);
	else if (a->scr == SCR_PRACTICE)
		practice_line(a, line);
}

/* Keys as Readline expects them from a terminal. */
static const char *key_seq(int k)
{
	switch (k) {
	case KEY_LEFT: return "\033[D";
	case KEY_RIGHT: return "\033[C";
	case KEY_UP: return "\033[A";
	case KEY_DOWN: return "\033[B";
	case KEY_HOME: return "\033[H";
	case KEY_END: return "\033[F";
	case KEY_DC: return "\033[3~";
	case KEY_BACKSPACE: return "\177";
	case KEY_ENTER: return "\r";
	default: return NULL;
	}
}

static void handle_key(struct app *a, int is_key, wint_t ch)
{
	if (is_key && ch == KEY_RESIZE) {
		a->layout_dirty = 1;
		return;
	}
	if (a->ov == OV_HELP) {
		a->ov = OV_NONE;
		return;
	}
	if (a->ov == OV_CONFIRM) {
		if (!is_key && (ch == 'y' || ch == 'Y')) {
			a->ov = OV_NONE;
			if (a->confirm == CONFIRM_QUIT) {
				a->quit = 1;
			} else {
				practice_leave(a);
				menu_enter(a);
			}
		} else if (!is_key && (ch == 'n' || ch == 'N' || ch == 27 || ch == 3)) {
			a->ov = OV_NONE;
		} else if (is_key && ch == KEY_F(10)) {
			a->quit = 1;   /* F10 twice: the child really means it */
		}
		return;
	}
	if (a->too_small) {
		if ((is_key && ch == KEY_F(10)) || (!is_key && ch == 3))
			a->quit = 1;
		return;
	}
	if (is_key && ch == KEY_F(1)) {
		a->ov = OV_HELP;
		return;
	}
	if (is_key && ch == KEY_F(5) && a->s.profile[0] && a->scr != SCR_PROGRESS &&
	    a->scr != SCR_PROFILE) {
		progress_enter(a);
		return;
	}
	if (!is_key && ch == '?' && (a->scr == SCR_MENU || a->scr == SCR_PROGRESS || ui_input_empty())) {
		a->ov = OV_HELP;
		return;
	}
	if (is_key && ch == KEY_F(10)) {
		app_quit(a);
		return;
	}
	int used = 0;
	switch (a->scr) {
	case SCR_PROFILE: used = profile_key(a, is_key, ch); break;
	case SCR_MENU: used = menu_key(a, is_key, ch); return;
	case SCR_PROGRESS: used = progress_key(a, is_key, ch); return;
	case SCR_PRACTICE: used = practice_key(a, is_key, ch); break;
	}
	if (used)
		return;
	if (!is_key && ch == 3) {   /* Ctrl-C */
		if (ui_input_empty())
			app_quit(a);
		else
			ui_input_clear();
		return;
	}
	if (!is_key && ch == 27)
		return;   /* Esc never reaches Readline: it would wait for a sequence */
	if (is_key) {
		const char *seq = key_seq((int)ch);
		if (seq)
			ui_input_feed(seq, strlen(seq));
		return;
	}
	char mb[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = wcrtomb(mb, (wchar_t)ch, &st);
	if (n != (size_t)-1)
		ui_input_feed(mb, n);
}

static void read_keys(struct app *a)
{
	wint_t ch;
	int got = 0, r;
	while (!a->quit && a->winput && (r = wget_wch(a->winput, &ch)) != ERR) {
		got = 1;
		handle_key(a, r == KEY_CODE_YES, ch);
	}
	a->eof_spins = got ? 0 : a->eof_spins + 1;
}

static void handle_signals(struct app *a)
{
	unsigned m = ui_signals_take();
	if (m & (1u << SIGWINCH)) {
		struct winsize ws;
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
			resizeterm(ws.ws_row, ws.ws_col);
		a->layout_dirty = 1;
	}
	if (m & (1u << SIGTERM)) {
		a->quit = 1;
		a->exit_code = 128 + SIGTERM;
	} else if (m & (1u << SIGHUP)) {
		a->quit = 1;
		a->exit_code = 128 + SIGHUP;
	} else if (m & (1u << SIGINT)) {
		a->quit = 1;
		a->exit_code = 128 + SIGINT;
	}
}

static char *history_path(const struct ui_config *c)
{
	if (!c->state_dir)
		return NULL;
	size_t n = strlen(c->state_dir) + 16;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/history", c->state_dir);
	return p;
}

int ui_tutor(const struct ui_config *c)
{
	static struct app a;
	char err[TLM_ERRLEN];
	memset(&a, 0, sizeof a);
	a.cfg = c;
	a.cur_para = -1;
	the_app = &a;
	ui_session_init(&a.s, c);
	a.reason.gutter = 1;
	if (c->trace_path)
		a.trace = fopen(c->trace_path, "a");
	if (ui_term_start(err, sizeof err)) {
		fprintf(stderr, "tinyllm: %s\n", err);
		return 1;
	}
	char *hist = history_path(c);
	ui_input_start(hist, on_line);
	free(hist);
	a.layout_dirty = 1;
	if (c->profile) {
		if (ui_session_profile(&a.s, c->profile, NULL, NULL, err, sizeof err)) {
			profile_enter(&a);
			app_set_feedback(&a, UI_S_BAD, "%s", err);
		} else {
			menu_enter(&a);
		}
	} else {
		profile_enter(&a);
	}
	if (c->lesson && a.s.profile[0]) {
		const struct tut_lesson *l = tut_bank_find(c->bank, c->lesson);
		if (l)
			practice_enter(&a, l);
	}

	int drawn = 0;
	while (!a.quit) {
		render(&a);
		if (!drawn++ && a.trace) {
			/* wall-clock time, so that a script can time the start
			 * from before the program ran (tests/footprint.sh) */
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			fprintf(a.trace, "screen-ready-epoch-ns %lld\n",
				(long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
			fflush(a.trace);
		}
		struct pollfd fds[3];
		int nfd = 0;
		fds[nfd++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
		fds[nfd++] = (struct pollfd){ .fd = ui_signal_fd(), .events = POLLIN };
		if (a.coach)
			fds[nfd++] = (struct pollfd){ .fd = tut_coach_fd(a.coach), .events = POLLIN };
		if (poll(fds, (nfds_t)nfd, -1) < 0 && errno != EINTR)
			break;
		if (fds[1].revents)
			handle_signals(&a);
		if (fds[0].revents & POLLIN)
			read_keys(&a);
		/* The keyboard is gone (terminal closed, stdin at its end): leave
		 * rather than spin on a descriptor that is always "ready". */
		if ((fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) || a.eof_spins > 50)
			a.quit = 1;
		if (nfd > 2 && fds[2].revents)
			practice_events(&a);
	}
	practice_leave(&a);
	ui_input_stop();
	ui_term_stop();
	ui_pane_free(&a.problem);
	ui_pane_free(&a.reason);
	ui_pane_free(&a.report);
	tut_profiles_free(a.profiles, a.n_profiles);
	free(a.items);
	if (a.trace)
		fclose(a.trace);
	if (a.s.save_problem[0] && a.s.profile[0])
		fprintf(stderr, _("tinyllm: progress was not saved: %s\n"), a.s.save_problem);
	ui_session_free(&a.s);
	return a.exit_code;
}
