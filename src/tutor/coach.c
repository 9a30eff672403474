/* coach.c: the model's help, streamed to the caller and checked line by
 * line.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * One worker thread runs the engine (or, in tests, plays a script) and
 * appends the text to a buffer; every append writes a byte to a pipe so
 * that the caller's poll() loop wakes.  Everything else happens on the
 * caller's thread in tut_coach_next: cutting the text into lines, checking
 * each line, hiding what a hint must not show, and the verdict.  The two
 * threads share only the buffer's length, a few end-of-run fields (under
 * the mutex) and the stop flags (atomic).  The buffer itself needs no lock:
 * the worker writes only past the published length and never rewrites a
 * byte below it, and the reader reads only below the length it was handed
 * under the mutex.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "tutor/internal.h"
#include "i18n.h"

#define TEXT_CAP 16384      /* the model's text kept at most; generation stops there */
#define LINE_BYTES 200      /* the format's longest line; longer ones are cut */
#define HINT_LINES 2        /* step lines a hint shows */
#define DEFAULT_TOKENS 400
#define EXPR_BYTES 120      /* a question's arithmetic, at most, to solve it here */

struct tut_coach {
	/* Set before the worker starts, read-only afterwards. */
	enum tut_help mode;
	int have_key;                       /* prob is the key the lines are checked against */
	struct tut_problem prob;
	char solution[TUT_STEPS_MAX];       /* shown when not trusted; "" when none */
	char answer[TUT_ANSWER_MAX + TUT_UNIT_MAX + 2];
	struct tlm_ctx *ctx;
	int *ids, n_ids, max_tokens;
	char *script;
	int delay_ms;
	double t0;
	int fds[2];
	pthread_t thread;
	int started;

	/* Shared.  The stop flag goes to the engine; cancelled records that
	 * the caller asked (an internal stop is no cancellation). */
	pthread_mutex_t mu;
	pthread_cond_t cv;                  /* wakes the script's pauses on stop */
	atomic_int stop, cancelled;
	char text[TEXT_CAP];
	size_t len;                         /* mu */
	int done, failed;                   /* mu */
	char err[TLM_ERRLEN];               /* mu */
	int n_tokens, have_first;           /* mu */
	double first_s;                     /* mu */

	/* The worker's own. */
	size_t wlen;
	int wlines;

	/* The reader's own. */
	size_t line_start, shown;           /* the line being read; TEXT sent up to shown */
	int line_no;
	int in_long;                        /* inside a line cut for its length */
	int hint_lines, answer_seen;
	int halted;                         /* TUT_MAX_STEPS lines read: the rest is ignored */
	int finished;                       /* DONE sent */
	char prev[LINE_BYTES + 1];          /* the line before, for the carry check */
	char check[2 * LINE_BYTES + 4];
	struct tut_verdict v;
	char ev[LINE_BYTES + 1];
	/* the verdict so far */
	int wrong, n_right, n_unknown, has_answer, answer_right;
	struct tut_step first_wrong;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- Waking the reader ---- */

static void wake(struct tut_coach *c)
{
	/* A full pipe already wakes the reader, who drains it all. */
	while (write(c->fds[1], "", 1) < 0 && errno == EINTR)
		;
}

static void drain(struct tut_coach *c)
{
	char buf[256];
	ssize_t n;
	do
		n = read(c->fds[0], buf, sizeof buf);
	while (n > 0 || (n < 0 && errno == EINTR));
}

static void halt(struct tut_coach *c)
{
	atomic_store(&c->stop, 1);
	pthread_mutex_lock(&c->mu);
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

/* ---- The worker ---- */

/* Adds a piece of text: 0, 1 when it was added but generation must stop
 * there (a limit reached), -1 when it was not added. */
static int append(struct tut_coach *c, const char *s, size_t n)
{
	if (atomic_load(&c->stop))
		return -1;
	size_t take = n;
	int last = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' && ++c->wlines >= TUT_MAX_STEPS) {
			take = i + 1;
			last = 1;
			break;
		}
	if (c->wlen + take > TEXT_CAP)
		return -1;   /* never a piece cut in two: it may be one character */
	memcpy(c->text + c->wlen, s, take);
	c->wlen += take;
	pthread_mutex_lock(&c->mu);
	c->len = c->wlen;
	if (!c->have_first && take) {
		c->have_first = 1;
		c->first_s = now() - c->t0;
	}
	pthread_mutex_unlock(&c->mu);
	wake(c);
	return last || c->wlen == TEXT_CAP;
}

static int on_text(void *user, const char *s, size_t n)
{
	return append(user, s, n) != 0;
}

/* Waits ms milliseconds or until stopped; non-zero when stopped. */
static int pause_ms(struct tut_coach *c, int ms)
{
	struct timespec dl;
	clock_gettime(CLOCK_MONOTONIC, &dl);
	dl.tv_sec += ms / 1000;
	dl.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (dl.tv_nsec >= 1000000000L) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&c->mu);
	/* 0 is a wake-up (perhaps spurious); anything else ends the pause */
	int rc = 0;
	while (!atomic_load(&c->stop) && rc == 0)
		rc = pthread_cond_timedwait(&c->cv, &c->mu, &dl);
	pthread_mutex_unlock(&c->mu);
	return atomic_load(&c->stop);
}

static int is_alpha(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* The next piece of a script, cut the way a tokenizer would: a digit
 * alone, up to four letters (with the space before them), or one
 * character. */
static size_t piece_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k = 0;
	if (u[0] == ' ' && n > 1 && is_alpha(u[1]))
		k = 1;
	if (is_alpha(u[k])) {
		while (k < n && k < 4 && is_alpha(u[k]))
			k++;
		return k;
	}
	size_t l = tut_utf8_seq(u, n);
	return l ? l : 1;
}

static void run_script(struct tut_coach *c, int *pieces)
{
	const char *s = c->script;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		if (i > 0 && c->delay_ms > 0 && pause_ms(c, c->delay_ms))
			break;
		size_t k = piece_len(s + i, n - i);
		int r = append(c, s + i, k);
		if (r < 0)
			break;
		(*pieces)++;
		i += k;
		if (r)
			break;
	}
}

static void *worker(void *arg)
{
	struct tut_coach *c = arg;
	char err[TLM_ERRLEN] = "";
	int n = 0, failed = 0;
	if (c->script) {
		run_script(c, &n);
	} else {
		struct tlm_gen_opts go = { .max_tokens = c->max_tokens, .cancel = &c->stop };
		struct tlm_gen_stats st;
		failed = tlm_generate(c->ctx, c->ids, c->n_ids, &go, on_text, c, &st, err, sizeof err) != 0;
		n = st.n_generated;
	}
	pthread_mutex_lock(&c->mu);
	c->n_tokens = n;
	c->failed = failed;
	if (failed)
		snprintf(c->err, sizeof c->err, "%s", err);
	c->done = 1;
	pthread_mutex_unlock(&c->mu);
	wake(c);
	return NULL;
}

/* ---- Solving a child's own question ---- */

/* "What is 12 + 30?" -> "12 + 30": the arithmetic left when the usual
 * words around it are taken away, spaces made single, and " : " written
 * as " ÷ " (the verifier would cut a line at ": ").  0, or -1 if too long. */
static int ask_expression(const char *q, char *out, size_t cap)
{
	static const char *const lead[] = {
		"what is", "what's", "what\xE2\x80\x99s", "whats", "how much is", "calculate",
		"work out", "solve",
	};
	size_t n = strlen(q);
	while (n && strchr(" \t\r\n", *q)) {
		q++;
		n--;
	}
	for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++) {
		size_t k = strlen(lead[i]);
		if (n >= k && strncasecmp(q, lead[i], k) == 0 && (n == k || !is_alpha((unsigned char)q[k]))) {
			q += k;
			n -= k;
			break;
		}
	}
	while (n && strchr(" \t\r\n?=.", q[n - 1]))
		n--;
	size_t w = 0;
	int space = 0;
	for (size_t i = 0; i < n; i++) {
		if (strchr(" \t\r\n", q[i])) {
			space = w > 0;
			continue;
		}
		const char *add = q + i;
		size_t alen = 1;
		if (q[i] == ':' && space && i + 1 < n && strchr(" \t\r\n", q[i + 1])) {
			add = "\xC3\xB7";
			alen = 2;
		}
		if (w + alen + 2 > cap)
			return -1;
		if (space)
			out[w++] = ' ';
		space = 0;
		memcpy(out + w, add, alen);
		w += alen;
	}
	out[w] = 0;
	return w ? 0 : -1;
}

static int well_checked(const struct tut_problem *p)
{
	struct tut_verdict v;
	tut_verify(p, p->steps, &v);
	return !v.n_wrong && !v.n_unknown && v.has_answer && v.answer_right;
}

/* Makes the key for a question that is plain arithmetic, so that the
 * model's reply is checked like a generated problem's.  0, or -1 when the
 * question is anything else. */
static int solve_question(const char *question, struct tut_problem *p)
{
	char expr[EXPR_BYTES];
	struct tut_qty v;
	int err;
	if (strnlen(question, TUT_QUESTION_MAX) >= TUT_QUESTION_MAX ||
	    ask_expression(question, expr, sizeof expr) < 0 ||
	    tut_eval_qty(expr, strlen(expr), &v, &err) < 0 || v.dim != TUT_DIM_NONE)
		return -1;   /* "3 m + 5 cm" has no single number for an answer */

	char val[64];
	int decimal = 0;
	for (const char *s = expr; *s; s++)
		if (s[0] == '.' && s[1] >= '0' && s[1] <= '9')
			decimal = 1;
	if (decimal)
		tut_q_decimal(v.q, val, sizeof val);
	else
		tut_q_frac(v.q, val, sizeof val);

	const char *s = expr;
	struct tut_q bare;
	int is_bare = tut_parse_number(&s, &bare) == 0 && *s == 0;
	for (int with_step = !is_bare; with_step >= 0; with_step--) {
		tut_begin(p, "ask", 6, TUT_BASIC, TUT_ANS_NUMBER);
		snprintf(p->question, sizeof p->question, "%s", question);
		struct tut_buf b;
		tut_buf_init(&b, p->steps, sizeof p->steps);
		if (with_step)
			tut_step(&b, "%s = %s", expr, val);
		tut_finish(p, &b, val, "");
		/* the solution is checked like any other, or not offered */
		if (!b.overflow && well_checked(p))
			return 0;
	}
	return -1;
}

/* ---- Starting ---- */

/* The first min(2, steps - 1) lines of a worked solution. */
static void hint_solution(const char *steps, char *out, size_t cap)
{
	int lines = 1;
	for (const char *s = steps; *s; s++)
		lines += *s == '\n';
	int want = lines - 1 < HINT_LINES ? lines - 1 : HINT_LINES;
	const char *s = steps;
	for (int i = 0; i < want; i++) {
		s = strchr(s, '\n');
		s++;
	}
	size_t n = want > 0 ? (size_t)(s - steps - 1) : 0;
	snprintf(out, cap, "%.*s", (int)n, steps);
}

static void fail_now(struct tut_coach *c, const char *msg)
{
	c->done = c->failed = 1;
	snprintf(c->err, sizeof c->err, "%s", msg);
	wake(c);
}

static int make_pipe(int fds[2])
{
	if (pipe(fds) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		int fl = fcntl(fds[i], F_GETFL);
		if (fl < 0 || fcntl(fds[i], F_SETFL, fl | O_NONBLOCK) < 0 ||
		    fcntl(fds[i], F_SETFD, FD_CLOEXEC) < 0) {
			close(fds[0]);
			close(fds[1]);
			return -1;
		}
	}
	return 0;
}

/* The worker takes no signals: they belong to the caller's loop (window
 * resizes, ^C), except the ones a fault raises in the thread itself. */
static int spawn(struct tut_coach *c)
{
	sigset_t all, old;
	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGABRT);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(&c->thread, NULL, worker, c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc)
		return -1;
	c->started = 1;
	return 0;
}

static int init_sync(struct tut_coach *c)
{
	pthread_condattr_t ca;
	if (pthread_condattr_init(&ca))
		return -1;
	int rc = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) || pthread_cond_init(&c->cv, &ca);
	pthread_condattr_destroy(&ca);
	if (rc)
		return -1;
	if (pthread_mutex_init(&c->mu, NULL)) {
		pthread_cond_destroy(&c->cv);
		return -1;
	}
	return 0;
}

/* Fills in the key, the solution to fall back on and the answer. */
static void prepare(struct tut_coach *c, const struct tut_problem *p, const char *question)
{
	if (c->mode == TUT_HELP_ASK) {
		c->have_key = solve_question(question, &c->prob) == 0;
		if (!c->have_key)
			return;
		snprintf(c->solution, sizeof c->solution, "%s", c->prob.steps);
	} else {
		c->prob = *p;
		c->have_key = 1;
		if (c->mode == TUT_HELP_HINT)
			hint_solution(p->steps, c->solution, sizeof c->solution);
		else
			snprintf(c->solution, sizeof c->solution, "%s", p->steps);
	}
	snprintf(c->answer, sizeof c->answer, "%s%s%s", c->prob.answer, c->prob.unit[0] ? " " : "",
		 c->prob.unit);
}

/* The prompt's token ids; 0, or -1 with a message for the DONE event. */
static int tokenize(struct tut_coach *c, const struct tlm_model *m, const char *question,
		    char *msg, size_t cap)
{
	int n_ctx = tlm_model_config(m)->max_seq_len;
	if (!(c->ids = malloc(sizeof *c->ids * (size_t)n_ctx))) {
		snprintf(msg, cap, _("out of memory"));
		return -1;
	}
	c->n_ids = tlm_prompt_question(m, question, c->ids, n_ctx);
	if (c->n_ids < 0) {
		snprintf(msg, cap, _("out of memory"));
		return -1;
	}
	if (c->n_ids >= n_ctx) {
		snprintf(msg, cap, _("the question is too long for the model"));
		return -1;
	}
	return 0;
}

int tut_coach_start(const struct tut_coach_opts *o, enum tut_help mode,
		    const struct tut_problem *p, const char *question,
		    struct tut_coach **out, char *err, size_t errlen)
{
	static const struct tut_coach_opts none = { 0 };
	*out = NULL;
	if (!o)
		o = &none;
	if (mode != TUT_HELP_HINT && mode != TUT_HELP_SHOW && mode != TUT_HELP_ASK) {
		snprintf(err, errlen, _("unknown kind of help %d"), (int)mode);
		return -1;
	}
	if (mode != TUT_HELP_ASK && !p) {
		snprintf(err, errlen, _("a hint or a solution needs a problem"));
		return -1;
	}
	if (!question)
		question = p ? p->question : "";

	struct tut_coach *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	if (make_pipe(c->fds) < 0) {
		snprintf(err, errlen, _("cannot make a pipe: %s"), strerror(errno));
		free(c);
		return -1;
	}
	if (init_sync(c) < 0) {
		snprintf(err, errlen, _("cannot set up the coach's lock"));
		close(c->fds[0]);
		close(c->fds[1]);
		free(c);
		return -1;
	}
	c->mode = mode;
	c->t0 = now();
	c->ctx = o->ctx;
	c->max_tokens = o->max_tokens > 0 ? o->max_tokens : DEFAULT_TOKENS;
	c->delay_ms = o->script_delay_ms > 0 ? o->script_delay_ms : 0;
	prepare(c, p, question);

	char msg[TLM_ERRLEN];
	if (o->script) {
		if (!(c->script = strdup(o->script))) {
			snprintf(err, errlen, _("out of memory"));
			tut_coach_free(c);
			return -1;
		}
	} else if (!o->ctx || !o->model) {
		/* no thread: the one event is ready now */
		fail_now(c, _("there is no model to ask"));
		*out = c;
		return 0;
	} else if (tokenize(c, o->model, question, msg, sizeof msg) < 0) {
		fail_now(c, msg);
		*out = c;
		return 0;
	}
	if (spawn(c) < 0) {
		snprintf(err, errlen, _("cannot start the coach's thread"));
		tut_coach_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

int tut_coach_fd(const struct tut_coach *c)
{
	return c ? c->fds[0] : -1;
}

/* ---- Reading: lines, marks, the verdict ---- */

/* 1: an "Answer:" line, as the verifier reads it; -1: it may still become
 * one; 0: it is not one. */
static int answer_line(const char *s, size_t n)
{
	static const char word[] = "answer:";
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (size_t k = 0; k < sizeof word - 1; k++, i++) {
		if (i == n)
			return -1;
		if ((s[i] | 0x20) != word[k])
			return 0;
	}
	return 1;
}

/* Whether a hint shows this line: 1, 0, or -1 while it is too early to
 * say (it may turn out to be the answer, which a hint never shows). */
static int visible(const struct tut_coach *c, const char *s, size_t n, int complete)
{
	if (c->mode != TUT_HELP_HINT)
		return 1;
	if (c->answer_seen || c->hint_lines >= HINT_LINES)
		return 0;
	if (c->in_long)
		return 1;
	int a = answer_line(s, n);
	if (a < 0)
		return complete ? 1 : -1;
	return !a;
}

/* Checks one line with the line before it, as tut_verify does: a carry
 * written on one column line must go into the next column's sum. */
static void check_line(struct tut_coach *c, const char *s, size_t n, struct tut_step *step)
{
	size_t pl = strlen(c->prev), cl = strnlen(s, n);
	memcpy(c->check, c->prev, pl);
	c->check[pl] = '\n';
	memcpy(c->check + pl + 1, s, cl);
	c->check[pl + 1 + cl] = 0;
	tut_verify(c->have_key ? &c->prob : NULL, c->check, &c->v);
	memset(step, 0, sizeof *step);
	if (c->v.n_steps >= 2)
		*step = c->v.steps[1];
	else
		step->mark = TUT_STEP_TEXT;   /* an empty line */
	step->line = c->line_no;
	memcpy(c->prev, s, cl);
	c->prev[cl] = 0;
}

/* A completed line: its mark, and what it adds to the verdict. */
static void take_line(struct tut_coach *c, const char *s, size_t n, int cut, struct tut_step *step)
{
	c->line_no++;
	if (cut || c->in_long) {
		/* out of the format: no claim in it is read */
		memset(step, 0, sizeof *step);
		step->mark = TUT_STEP_TEXT;
		step->line = c->line_no;
		c->prev[0] = 0;
	} else {
		check_line(c, s, n, step);
		if (answer_line(s, n) == 1) {
			c->has_answer = c->answer_seen = 1;
			c->answer_right = c->have_key && step->mark == TUT_STEP_RIGHT;
		} else if (step->mark == TUT_STEP_WRONG && !c->wrong) {
			c->wrong = 1;
			c->first_wrong = *step;
		}
		c->n_right += step->mark == TUT_STEP_RIGHT;
		c->n_unknown += step->mark == TUT_STEP_UNKNOWN;
	}
	c->in_long = cut;
	if (c->line_no >= TUT_MAX_STEPS) {
		c->halted = 1;
		halt(c);
	}
}

static void text_event(struct tut_coach *c, struct tut_event *ev, enum tut_event_kind kind,
		       const char *s, size_t n)
{
	memcpy(c->ev, s, n);
	c->ev[n] = 0;
	ev->kind = kind;
	ev->text = c->ev;
	ev->len = n;
}

/* The next TEXT or LINE event from the text up to len; 0 when none. */
static int line_event(struct tut_coach *c, size_t len, int done, struct tut_event *ev)
{
	while (!c->halted && c->line_start < len) {
		const char *s = c->text + c->line_start;
		size_t avail = len - c->line_start;
		size_t look = avail < LINE_BYTES + 1 ? avail : LINE_BYTES + 1;
		const char *nl = memchr(s, '\n', look);
		const size_t shown = c->shown - c->line_start;   /* <= LINE_BYTES */
		size_t end, next;
		int complete = 1, cut = 0;
		if (nl) {
			end = (size_t)(nl - s);
			next = end + 1;
		} else if (avail > LINE_BYTES) {
			/* Cut before a character, not inside one: back over at
			 * most three continuation bytes (a run of them is not
			 * text, and is cut anywhere), and never back into what
			 * TEXT events have already shown, which the line must
			 * repeat exactly. */
			end = LINE_BYTES;
			size_t back = 0;
			while (back < 3 && end - back > shown && (s[end - back] & 0xC0) == 0x80)
				back++;
			if ((s[end - back] & 0xC0) != 0x80 || end - back == shown)
				end -= back;
			next = end;
			cut = 1;
		} else {
			end = next = avail;
			complete = done;
		}
		int vis = visible(c, s, end, complete);
		if (vis == 1 && shown < end) {
			text_event(c, ev, TUT_EV_TEXT, s + shown, end - shown);
			c->shown = c->line_start + end;
			return 1;
		}
		if (!complete)
			return 0;
		struct tut_step step;
		take_line(c, s, end, cut, &step);
		c->line_start = c->shown = c->line_start + next;
		if (vis == 1) {
			if (c->mode == TUT_HELP_HINT)
				c->hint_lines++;
			text_event(c, ev, TUT_EV_LINE, s, end);
			ev->step = step;
			return 1;
		}
	}
	return 0;
}

static enum tut_outcome outcome(const struct tut_coach *c)
{
	if (c->wrong)
		return TUT_WRONG_STEP;
	if (c->mode == TUT_HELP_ASK && !c->have_key)
		return c->n_right > 0 && c->n_unknown == 0 && c->has_answer ? TUT_TRUSTED : TUT_UNCHECKED;
	if (!c->has_answer)
		return TUT_NO_ANSWER;
	return c->answer_right ? TUT_TRUSTED : TUT_WRONG_ANSWER;
}

static int done_event(struct tut_coach *c, struct tut_event *ev)
{
	pthread_mutex_lock(&c->mu);
	int failed = c->failed;
	ev->n_tokens = c->n_tokens;
	ev->first_token_s = c->first_s;
	pthread_mutex_unlock(&c->mu);

	ev->kind = TUT_EV_DONE;
	ev->text = "";
	ev->answer = c->answer;
	if (atomic_load(&c->cancelled)) {
		ev->outcome = TUT_CANCELLED;
	} else if (failed) {
		ev->outcome = TUT_FAILED;
		ev->text = c->err;   /* no longer written: the worker is done */
		ev->len = strlen(c->err);
	} else {
		ev->outcome = outcome(c);
		if (ev->outcome == TUT_WRONG_STEP)
			ev->step = c->first_wrong;
	}
	if (ev->outcome != TUT_TRUSTED && ev->outcome != TUT_CANCELLED && c->solution[0])
		ev->solution = c->solution;
	c->finished = 1;
	return 1;
}

int tut_coach_next(struct tut_coach *c, struct tut_event *ev)
{
	if (!c || !ev || c->finished)
		return -1;
	memset(ev, 0, sizeof *ev);
	/* drained before the length is read: a byte written after this
	 * marks text the reader has not seen */
	drain(c);
	pthread_mutex_lock(&c->mu);
	size_t len = c->len;
	int done = c->done;
	pthread_mutex_unlock(&c->mu);

	/* after a cancel the rest of the text is not shown */
	if (!atomic_load(&c->cancelled) && line_event(c, len, done, ev))
		return 1;
	return done ? done_event(c, ev) : 0;
}

void tut_coach_cancel(struct tut_coach *c)
{
	if (!c)
		return;
	atomic_store(&c->cancelled, 1);
	halt(c);
	/* the worker may be done already, its byte read: wake the reader for DONE */
	wake(c);
}

void tut_coach_free(struct tut_coach *c)
{
	if (!c)
		return;
	halt(c);
	if (c->started)
		pthread_join(c->thread, NULL);
	close(c->fds[0]);
	close(c->fds[1]);
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	free(c->ids);
	free(c->script);
	free(c);
}
