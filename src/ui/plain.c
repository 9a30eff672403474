/* plain.c: the tutor as plain lines of text, for screen readers, braille
 * displays and scripts (tinyllm --plain, or stdin/stdout not a terminal).
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * The same practice loop as the full screen, with words where the screen
 * has colours and marks: every checked step says "(right)" or "(wrong: why)".
 * Commands start with '/', so that no answer can be mistaken for one.
 */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <readline/readline.h>
#include <readline/history.h>

#include "i18n.h"
#include "ui/internal.h"

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct plain {
	const struct ui_config *cfg;
	struct ui_session s;
	int tty;
	char *line;
	size_t cap;
};

/* One line from the student, without its newline; NULL at the end of input. */
static char *get_line(struct plain *p, const char *prompt)
{
	if (p->tty) {
		free(p->line);
		p->line = readline(prompt);
		if (p->line && p->line[0])
			add_history(p->line);
		return p->line;
	}
	fputs(prompt, stdout);
	fflush(stdout);
	ssize_t n = getline(&p->line, &p->cap, stdin);
	if (n < 0) {
		putchar('\n');   /* end the prompt's line */
		return NULL;
	}
	while (n > 0 && (p->line[n - 1] == '\n' || p->line[n - 1] == '\r'))
		p->line[--n] = 0;
	/* Echoed, so that a transcript reads like a dialogue. */
	fputs(p->line, stdout);
	putchar('\n');
	return p->line;
}

static const char *skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static void report(void *user, const char *msg)
{
	(void)user;
	fprintf(stderr, "tinyllm: %s\n", msg);
}

static void help(void)
{
	puts(_("Type your answer and press Enter. Commands:\n"
	       "  /hint        the first step or two, checked\n"
	       "  /show        the whole worked solution, checked step by step\n"
	       "  /ask TEXT    ask your own question\n"
	       "  /skip        leave this exercise for later\n"
	       "  /lessons     choose another lesson\n"
	       "  /quit        stop (progress is saved after every answer)\n"
	       "  /help or ?   this help"));
}

static const char *mark_words(const struct tut_step *st, char *buf, size_t cap)
{
	switch (st->mark) {
	case TUT_STEP_RIGHT: return _(" (right)");
	case TUT_STEP_UNKNOWN: return _(" (cannot be checked)");
	case TUT_STEP_WRONG:
		snprintf(buf, cap, _(" (wrong: %s)"), st->why[0] ? st->why : _("a wrong step"));
		return buf;
	default: return "";
	}
}

static void print_solution_line(void *user, const char *line, size_t n, const struct tut_step *st)
{
	char buf[sizeof st->why + 64];
	(void)user;
	printf("  %.*s%s\n", (int)n, line, st ? mark_words(st, buf, sizeof buf) : "");
}

static void print_solution(const struct tut_problem *pr, const char *sol)
{
	ui_solution_lines(pr, sol, print_solution_line, NULL);
}

/* Streams one piece of help, as the model writes it; Ctrl-C stops it. */
static void coach(struct plain *p, enum tut_help mode, const char *question)
{
	char err[TLM_ERRLEN];
	struct tut_coach_opts o;
	struct tut_coach *c;
	ui_coach_opts(p->cfg, &o);
	const struct tut_problem *pr = mode == TUT_HELP_ASK ? NULL : &p->s.problem;
	if (mode == TUT_HELP_HINT) {
		p->s.hints++;
		const char *h = ui_session_hint(&p->s);
		if (h[0])
			printf(_("Your teacher's hint: %s\n"), h);
	}
	if (mode != TUT_HELP_ASK)
		p->s.model_help = 1;
	if (tut_coach_start(&o, mode, pr, question, &c, err, sizeof err)) {
		printf("%s\n", err);
		return;
	}
	/* a translated lesson, or a question of the learner's own: the model
	 * writes English, so say so */
	puts(mode == TUT_HELP_ASK || (pr && pr->shown_question[0])
		     ? _("The model's reasoning (in English), checked line by line:")
		     : _("The model's reasoning, checked line by line:"));
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, &old);
	interrupted = 0;
	size_t shown = 0;   /* bytes of the current line already printed */
	int done = 0;
	char buf[200], msg[600];
	while (!done) {
		struct pollfd fd = { .fd = tut_coach_fd(c), .events = POLLIN };
		if (poll(&fd, 1, -1) < 0 && errno != EINTR)
			break;
		if (interrupted) {
			interrupted = 0;
			tut_coach_cancel(c);
		}
		struct tut_event ev;
		int r;
		while ((r = tut_coach_next(c, &ev)) > 0) {
			if (ev.kind == TUT_EV_TEXT) {
				if (shown == 0)
					fputs("  ", stdout);
				fwrite(ev.text, 1, ev.len, stdout);
				shown += ev.len;
			} else if (ev.kind == TUT_EV_LINE) {
				if (shown == 0)
					fputs("  ", stdout);
				if (ev.len > shown)
					fwrite(ev.text + shown, 1, ev.len - shown, stdout);
				printf("%s\n", mark_words(&ev.step, buf, sizeof buf));
				shown = 0;
			} else {
				if (shown)
					putchar('\n');
				printf("%s\n", ui_outcome_text(&ev, mode, msg, sizeof msg));
				if (ev.outcome != TUT_TRUSTED && ev.outcome != TUT_CANCELLED) {
					if (ev.solution)
						print_solution(pr, ev.solution);
					else if (mode == TUT_HELP_SHOW && ev.answer && ev.answer[0])
						printf(_("The answer is %s.\n"), ev.answer);
				}
				done = 1;
				break;
			}
			fflush(stdout);
		}
		if (r < 0)
			done = 1;
	}
	fflush(stdout);
	sigaction(SIGINT, &old, NULL);
	tut_coach_free(c);
}

static void print_exercise(struct plain *p)
{
	struct tut_practice_score sc;
	tut_practice_score(p->s.practice, &sc);
	printf(_("Exercise %d of %d: %s\n"), sc.position, sc.length, tut_problem_question(&p->s.problem));
}

static const struct tut_lesson *choose_lesson(struct plain *p)
{
	const struct tut_bank *b = p->cfg->bank;
	for (;;) {
		const struct tut_lesson *next = ui_session_next(&p->s);
		if (next)
			printf(_("Suggested lesson: %s (grade %d, %s).\n"), next->title, next->grade, next->id);
		puts(_("Press Enter to start it, type a lesson number or id, /list for all lessons, or /quit."));
		char *line = get_line(p, _("Lesson: "));
		if (!line)
			return NULL;
		const char *t = skip_spaces(line);
		if (!*t && next)
			return next;
		if (!strcmp(t, "/quit") || !strcmp(t, "/q"))
			return NULL;
		if (!strcmp(t, "/list")) {
			for (int i = 0; i < b->n; i++) {
				enum tut_mastery m = ui_session_mastery(&p->s, &b->lessons[i]);
				printf(_("%3d. %s (grade %d, %s): %s\n"), i + 1, b->lessons[i].title,
				       b->lessons[i].grade, b->lessons[i].id, ui_mastery_label(m));
			}
			continue;
		}
		char *end;
		long k = strtol(t, &end, 10);
		if (end != t && !*skip_spaces(end) && k >= 1 && k <= b->n)
			return &b->lessons[k - 1];
		const struct tut_lesson *l = tut_bank_find(b, t);
		if (l)
			return l;
		printf(_("There is no lesson '%s'.\n"), t);
	}
}

static int choose_profile(struct plain *p)
{
	char err[TLM_ERRLEN];
	if (p->cfg->profile) {
		if (ui_session_profile(&p->s, p->cfg->profile, report, NULL, err, sizeof err)) {
			fprintf(stderr, "tinyllm: %s\n", err);
			return -1;
		}
	} else {
		char **names = NULL;
		int n = p->cfg->data_dir ? tut_profiles_list(p->cfg->data_dir, &names, err, sizeof err) : 0;
		if (n > 0) {
			fputs(_("Profiles:"), stdout);
			for (int i = 0; i < n; i++)
				printf(" %d) %s", i + 1, names[i]);
			putchar('\n');
		}
		for (;;) {
			char *line = get_line(p, n > 0 ? _("Your name (or a number): ") : _("Your name: "));
			if (!line) {
				tut_profiles_free(names, n < 0 ? 0 : n);
				return -1;
			}
			const char *t = skip_spaces(line);
			char *end;
			long k = strtol(t, &end, 10);
			if (n > 0 && end != t && !*end && k >= 1 && k <= n)
				t = names[k - 1];
			if (!*t)
				continue;
			if (ui_session_profile(&p->s, t, report, NULL, err, sizeof err) == 0)
				break;
			printf("%s\n", err);
		}
		tut_profiles_free(names, n < 0 ? 0 : n);
	}
	printf(_("Hello, %s!\n"), p->s.profile);
	if (p->s.save_problem[0])
		printf(_("Progress will not be saved: %s\n"), p->s.save_problem);
	return 0;
}

/* Practises one lesson; returns 1 to choose another, 0 to quit. */
static int practise(struct plain *p, const struct tut_lesson *l)
{
	if (ui_session_lesson(&p->s, l)) {
		printf(_("The lesson %s has no exercises.\n"), l->id);
		return 1;
	}
	printf(_("Lesson: %s (grade %d). Type /help for commands.\n"), l->title, l->grade);
	int shown = -2;
	while (p->s.index >= 0) {
		if (shown != p->s.index) {
			print_exercise(p);
			shown = p->s.index;
		}
		char *line = get_line(p, _("Answer: "));
		if (!line)
			return 0;
		const char *t = skip_spaces(line);
		if (!*t)
			continue;
		if (!strcmp(t, "/quit") || !strcmp(t, "/q"))
			return 0;
		if (!strcmp(t, "/lessons"))
			return 1;
		if (!strcmp(t, "/help") || !strcmp(t, "?")) {
			help();
			continue;
		}
		if (!strcmp(t, "/hint")) {
			coach(p, TUT_HELP_HINT, NULL);
			continue;
		}
		if (!strcmp(t, "/show")) {
			coach(p, TUT_HELP_SHOW, NULL);
			continue;
		}
		if (!strncmp(t, "/ask", 4) && (t[4] == ' ' || !t[4])) {
			const char *q = skip_spaces(t + 4);
			if (!*q)
				puts(_("Type your question after /ask, for example: /ask 47 + 38"));
			else
				coach(p, TUT_HELP_ASK, q);
			continue;
		}
		if (!strcmp(t, "/skip")) {
			ui_session_skip(&p->s);
			continue;
		}
		if (t[0] == '/') {
			printf(_("Unknown command '%s'; type /help for the commands.\n"), t);
			continue;
		}
		struct ui_feedback fb;
		ui_session_answer(&p->s, t, &fb);
		printf("%s\n", fb.text);
		if (!fb.saved && p->s.progress && p->s.save_problem[0])
			printf(_("(Not saved: %s)\n"), p->s.save_problem);
		struct tut_practice_score sc;
		tut_practice_score(p->s.practice, &sc);
		printf(_("Score %d/%d, streak %d.\n"), sc.right, sc.answered, sc.streak);
	}
	struct tut_practice_score sc;
	tut_practice_score(p->s.practice, &sc);
	printf(_("Lesson finished! You answered %d of %d right; best streak %d.\n"), sc.right,
	       sc.answered, sc.best_streak);
	return 1;
}

int ui_plain(const struct ui_config *c)
{
	struct plain p;
	memset(&p, 0, sizeof p);
	p.cfg = c;
	p.tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	ui_session_init(&p.s, c);
	signal(SIGPIPE, SIG_IGN);
	puts(_("TinyLLM: math and logic practice (plain text). Type /help for commands."));
	if (!c->model && !c->script && c->model_problem)
		printf(_("The model is not loaded (%s); hints come from the tutor's own solutions.\n"),
		       c->model_problem);
	int rc = 0;
	if (choose_profile(&p) == 0) {
		const struct tut_lesson *l = c->lesson ? tut_bank_find(c->bank, c->lesson) : NULL;
		if (c->lesson && !l)
			printf(_("There is no lesson '%s'.\n"), c->lesson);
		for (;;) {
			if (!l)
				l = choose_lesson(&p);
			if (!l || !practise(&p, l))
				break;
			l = NULL;
		}
		puts(_("Goodbye!"));
	}
	if (fflush(stdout) || ferror(stdout))
		rc = 1;
	ui_session_free(&p.s);
	free(p.line);
	return rc;
}
