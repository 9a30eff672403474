/* term.c: the terminal: curses set-up and restoration, colours, signals.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Signals only write a byte to a pipe that the main poll() loop watches:
 * resizing, quitting and saving all happen in the loop, never in a handler.
 * The terminal is given back on every way out (atexit covers error exits).
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#include "i18n.h"
#include "ui/internal.h"

static int sig_pipe[2] = { -1, -1 };
static volatile sig_atomic_t got_winch, got_term, got_hup, got_int;
static int curses_on;
static int colors_on;

static void on_signal(int sig)
{
	int saved = errno;
	switch (sig) {
	case SIGWINCH: got_winch = 1; break;
	case SIGTERM: got_term = 1; break;
	case SIGHUP: got_hup = 1; break;
	case SIGINT: got_int = 1; break;
	}
	if (sig_pipe[1] >= 0) {
		ssize_t r = write(sig_pipe[1], "s", 1);
		(void)r;   /* a full pipe already wakes the loop */
	}
	errno = saved;
}

int ui_signal_fd(void)
{
	return sig_pipe[0];
}

unsigned ui_signals_take(void)
{
	char buf[256];
	while (read(sig_pipe[0], buf, sizeof buf) > 0)
		;
	unsigned m = 0;
	if (got_winch) { got_winch = 0; m |= 1u << SIGWINCH; }
	if (got_term) { got_term = 0; m |= 1u << SIGTERM; }
	if (got_hup) { got_hup = 0; m |= 1u << SIGHUP; }
	if (got_int) { got_int = 0; m |= 1u << SIGINT; }
	return m;
}

static int make_pipe(void)
{
	if (pipe(sig_pipe))
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	return 0;
}

static void init_colors(void)
{
	const char *nc = getenv("NO_COLOR");   /* no-color.org: set and not empty */
	if ((nc && nc[0]) || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	init_pair(UI_C_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(UI_C_GOOD, COLOR_GREEN, -1);
	init_pair(UI_C_BAD, COLOR_RED, -1);
	init_pair(UI_C_NOTE, COLOR_CYAN, -1);
	init_pair(UI_C_DIM, -1, -1);
	init_pair(UI_C_SELECT, COLOR_BLACK, COLOR_CYAN);
	init_pair(UI_C_STATUS, COLOR_BLACK, COLOR_WHITE);
	colors_on = 1;
}

attr_t ui_attr(enum ui_color c)
{
	if (colors_on) {
		attr_t a = COLOR_PAIR(c);
		if (c == UI_C_GOOD || c == UI_C_BAD || c == UI_C_TITLE)
			a |= A_BOLD;
		if (c == UI_C_DIM)
			a |= A_DIM;
		return a;
	}
	switch (c) {   /* monochrome: shape the text instead */
	case UI_C_TITLE: case UI_C_SELECT: case UI_C_STATUS: return A_REVERSE;
	case UI_C_GOOD: case UI_C_BAD: return A_BOLD;
	case UI_C_DIM: return A_DIM;
	default: return A_NORMAL;
	}
}

int ui_term_usable(char *err, size_t errlen)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "%s", _("standard input and output must be a terminal"));
		return 0;
	}
	const char *term = getenv("TERM");
	int e = 0;
	if (!term || !term[0]) {
		snprintf(err, errlen, "%s", _("TERM is not set, so the terminal type is unknown"));
		return 0;
	}
	if (setupterm(NULL, STDOUT_FILENO, &e) != OK) {
		snprintf(err, errlen, _("the terminal type '%s' is unknown"), term);
		return 0;
	}
	/* A terminal that cannot move its cursor cannot show panes. */
	const char *cup = tigetstr("cup");
	int ok = cup && cup != (char *)-1;
	del_curterm(cur_term);
	if (!ok)
		snprintf(err, errlen, _("the terminal '%s' cannot position its cursor"), term);
	return ok;
}

int ui_term_start(char *err, size_t errlen)
{
	if (!ui_term_usable(err, errlen))
		return -1;
	if (sig_pipe[0] < 0 && make_pipe()) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	/* Installed before curses starts, so that curses leaves SIGWINCH to us. */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (!newterm(NULL, stdout, stdin)) {
		snprintf(err, errlen, "%s", _("the terminal could not be set up"));
		return -1;
	}
	curses_on = 1;
	atexit(ui_term_stop);
	raw();          /* Ctrl-C and Ctrl-Z are keys here (Ctrl-C clears the line) */
	noecho();
	nonl();
	set_escdelay(25);
	curs_set(1);
	init_colors();
	return 0;
}

void ui_term_stop(void)
{
	if (!curses_on)
		return;
	curses_on = 0;
	endwin();
	fflush(stdout);
}

void ui_put(WINDOW *w, const char *s, size_t n, int width)
{
	char buf[1024];
	if (width <= 0)
		return;
	size_t len = ui_clean(s, n, buf, sizeof buf);
	size_t fit = ui_fit(buf, len, width);
	if (fit)
		waddnstr(w, buf, (int)fit);
}
