/* input.c: the answer line: GNU Readline's callback interface inside curses.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Curses owns the terminal, so Readline must neither read it nor write it:
 * keys reach Readline through a byte queue (rl_getc_function), it draws
 * through our redisplay function into the input window, and its terminal
 * preparation, signal handling and output stream are turned off.  Editing
 * keys, history and the user's ~/.inputrc all still work.
 */
#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <readline/readline.h>
#include <readline/history.h>

#include "ui/internal.h"

static unsigned char queue[512];
static size_t q_head, q_tail;
static WINDOW *win;
static char *hist_path;
static ui_line_fn line_fn;
static FILE *devnull;
static int started;

static int q_getc(FILE *f)
{
	(void)f;
	if (q_head == q_tail)
		return 0;   /* not reached: Readline is only called with input queued */
	int c = queue[q_head];
	q_head = (q_head + 1) % sizeof queue;
	return c;
}

static int q_available(void)
{
	return q_head != q_tail;
}

static void no_prep(int meta)
{
	(void)meta;
}

static void no_deprep(void)
{
}

static char **no_completion(const char *text, int start, int end)
{
	(void)text;
	(void)start;
	(void)end;
	rl_attempted_completion_over = 1;   /* a child's answer is not a file name */
	return NULL;
}

void ui_input_draw(void)
{
	if (!win)
		return;
	int h, w;
	getmaxyx(win, h, w);
	(void)h;
	const char *prompt = rl_display_prompt ? rl_display_prompt : "";
	const char *line = rl_line_buffer ? rl_line_buffer : "";
	int pw = ui_width(prompt, strlen(prompt));
	int room = w - pw - 1;
	if (room < 1)
		room = 1;
	/* Scroll the line sideways so that the cursor stays in view. */
	int cur = ui_width(line, (size_t)rl_point);
	size_t start = 0;
	while (cur - ui_width(line, start) >= room && start < (size_t)rl_point) {
		start++;
		while (start < (size_t)rl_point && ((unsigned char)line[start] & 0xC0) == 0x80)
			start++;
	}
	werase(win);
	wmove(win, 0, 0);
	wattrset(win, A_BOLD);
	ui_put(win, prompt, strlen(prompt), w - 1);
	wattrset(win, A_NORMAL);
	ui_put(win, line + start, strlen(line + start), room);
	int x = pw + cur - ui_width(line, start);
	if (x > w - 1)
		x = w - 1;
	wmove(win, 0, x);
	wnoutrefresh(win);
}

static void redisplay(void)
{
	ui_input_draw();
}

static void on_line(char *line)
{
	if (line && line[0]) {
		add_history(line);
		if (hist_path && append_history(1, hist_path) == 0)
			chmod(hist_path, 0600);
	}
	if (line_fn)
		line_fn(line);
	free(line);
}

void ui_input_start(const char *history_file, ui_line_fn on)
{
	line_fn = on;
	if (started)
		return;
	started = 1;
	devnull = fopen("/dev/null", "w");
	rl_readline_name = "tinyllm";    /* "$if tinyllm" in ~/.inputrc */
	rl_getc_function = q_getc;
	rl_input_available_hook = q_available;
	rl_redisplay_function = redisplay;
	rl_prep_term_function = no_prep;
	rl_deprep_term_function = no_deprep;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_attempted_completion_function = no_completion;
	if (devnull)
		rl_outstream = devnull;
	using_history();
	stifle_history(500);
	free(hist_path);
	hist_path = NULL;
	if (history_file) {
		hist_path = strdup(history_file);
		read_history(hist_path);
		if (hist_path) {
			/* append_history needs the file; made private from the
			 * start, whatever the umask (answers are the learner's) */
			int fd = open(hist_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
			if (fd >= 0) {
				(void)fchmod(fd, 0600);
				close(fd);
			}
		}
	}
	rl_callback_handler_install("", on_line);
	/* Keys curses hands us as sequences that some keymaps leave unbound. */
	rl_bind_keyseq_if_unbound("\033[3~", rl_delete);
	rl_bind_keyseq_if_unbound("\033[H", rl_beg_of_line);
	rl_bind_keyseq_if_unbound("\033[F", rl_end_of_line);
}

void ui_input_stop(void)
{
	if (!started)
		return;
	rl_callback_handler_remove();
	started = 0;
	free(hist_path);
	hist_path = NULL;
	if (devnull)
		fclose(devnull);
	devnull = NULL;
	rl_outstream = NULL;
	win = NULL;
}

void ui_input_window(WINDOW *w)
{
	win = w;
}

void ui_input_prompt(const char *prompt)
{
	rl_set_prompt(prompt);
}

void ui_input_feed(const char *bytes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t t = (q_tail + 1) % sizeof queue;
		if (t == q_head)
			break;   /* more than a screenful pasted at once: drop the rest */
		queue[q_tail] = (unsigned char)bytes[i];
		q_tail = t;
	}
	while (q_head != q_tail && started)
		rl_callback_read_char();
}

void ui_input_clear(void)
{
	rl_callback_sigcleanup();
	rl_replace_line("", 0);
	rl_point = rl_end = 0;
	rl_mark = 0;
	ui_input_draw();
}

int ui_input_empty(void)
{
	return !rl_line_buffer || rl_line_buffer[0] == 0;
}
