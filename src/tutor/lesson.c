/* lesson.c: reading lesson files (doc/lesson-format.md) into a bank,
 * checking the bank as a whole, and turning exercises into problems.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Lesson files are written by hand, by teachers, and arrive from anywhere:
 * the reader must survive any bytes at all.  It streams the file a line at
 * a time with fixed-size buffers, so a 100 MB file costs time in proportion
 * to its size and memory bounded by the caps below, never by the file.
 * Every problem is reported as "FILE:LINE: message"; a lesson with a
 * problem is not added to the bank.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tutor/internal.h"
#include "i18n.h"

#define LINE_CAP 1000           /* bytes kept of one line; the rest is reported and dropped */
#define EX_MAX 1000             /* fixed exercises in one lesson */
#define FILE_LESSONS_MAX 500    /* lessons in one file */
#define BANK_LESSONS_MAX 5000
#define BANK_EX_MAX 20000       /* about 50 MB of exercises at most */
#define REPORTS_MAX 100         /* problems reported from one file before giving up */
#define DEPTH_MAX 8             /* directory nesting under the bank's root */
#define GEN_COUNT_MAX 1000
#define GEN_COUNT_DEFAULT 10
#define QUOTE_MAX 40            /* bytes of a bad value quoted in a message */

/* ---- Reporting ---------------------------------------------------------- */

/* Ids of lessons that had problems, so that a lesson requiring one of them
 * is not blamed a second time for a prerequisite "that does not exist". */
struct rejected {
	char (*id)[TUT_ID_MAX];
	int n, cap;
};

struct parser {
	const char *path;
	tut_report_fn report;
	void *user;
	int problems;
	int gave_up;                /* REPORTS_MAX reached: the rest of the file is skipped */
	struct tut_bank *b;
	struct rejected *rej;
	int bank_ex;                /* fixed exercises already in the bank */

	/* the lesson being read */
	int in_lesson, bad, lessons_in_file, outside_reported, any_lesson;
	struct tut_lesson cur;
	int ex_cap;
	int line_title, line_grade, line_skill, line_level;
	int ex_cap_reported;

	/* the exercise being read */
	int in_ex, has_a;
	/* A line was thrown away (bad bytes, no key): what follows it may have
	 * belonged to it, so its orphans are not reported a second time. */
	int damaged;
	struct tut_exercise ex;
	int line_a, line_unit, line_hint, line_check, line_kind;
	int kind_set;

	/* where an indented line's text goes */
	char *cont;
	size_t cont_cap;
	const char *cont_key;
	int cont_line;
};

static void emit(tut_report_fn report, void *user, const char *msg)
{
	if (report)
		report(user, msg);
}

/* Quotes at most QUOTE_MAX bytes of s, cut on a character boundary. */
static const char *quote(const char *s, char *buf, size_t cap)
{
	size_t n = strlen(s);
	if (n <= QUOTE_MAX || cap < QUOTE_MAX + 4) {
		snprintf(buf, cap, "%s", s);
		return buf;
	}
	n = QUOTE_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	snprintf(buf, cap, "%.*s...", (int)n, s);
	return buf;
}

static void vproblem(struct parser *ps, int line, const char *fmt, va_list ap)
{
	char msg[1024];
	int w = line > 0 ? snprintf(msg, sizeof msg, "%s:%d: ", ps->path, line)
			 : snprintf(msg, sizeof msg, "%s: ", ps->path);
	if (w < 0 || (size_t)w >= sizeof msg)
		w = 0;
	vsnprintf(msg + w, sizeof msg - (size_t)w, _(fmt), ap);
	emit(ps->report, ps->user, msg);
	ps->problems++;
	if (ps->in_lesson)
		ps->bad = 1;
}

static void problem(struct parser *ps, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct parser *ps, int line, const char *fmt, ...)
{
	va_list ap;
	if (ps->gave_up) {
		if (ps->in_lesson)
			ps->bad = 1;
		return;
	}
	va_start(ap, fmt);
	vproblem(ps, line, fmt, ap);
	va_end(ap);
	if (ps->problems >= REPORTS_MAX) {
		ps->gave_up = 1;
		char msg[600];
		snprintf(msg, sizeof msg, _("%s:%d: too many problems; the rest of the file is not read"),
			 ps->path, line > 0 ? line : 1);
		emit(ps->report, ps->user, msg);
		ps->problems++;
	}
}

/* ---- Reading lines -------------------------------------------------------- */

struct reader {
	FILE *f;
	unsigned char buf[65536];
	size_t pos, n;
	int eof, err;
	int lineno;
	char line[LINE_CAP + 1];
	size_t len;                 /* bytes kept in line */
	size_t full;                /* bytes the line really had */
};

/* Reads the next line (without its "\n" or "\r\n") into r->line.  Returns 1,
 * or 0 at the end of the file (r->err says whether it was a read error). */
static int next_line(struct reader *r)
{
	int got = 0;
	r->len = r->full = 0;
	for (;;) {
		if (r->pos == r->n) {
			if (r->eof)
				break;
			r->n = fread(r->buf, 1, sizeof r->buf, r->f);
			r->pos = 0;
			if (r->n == 0) {
				r->eof = 1;
				if (ferror(r->f))
					r->err = errno ? errno : EIO;
				break;
			}
		}
		got = 1;
		const unsigned char *start = r->buf + r->pos;
		size_t avail = r->n - r->pos;
		const unsigned char *nl = memchr(start, '\n', avail);
		size_t take = nl ? (size_t)(nl - start) : avail;
		if (r->len < LINE_CAP) {
			size_t room = LINE_CAP - r->len;
			size_t k = take < room ? take : room;
			memcpy(r->line + r->len, start, k);
			r->len += k;
		}
		r->full += take;
		r->pos += take + (nl ? 1 : 0);
		if (nl)
			break;
	}
	if (!got)
		return 0;
	r->lineno++;
	if (r->len == r->full && r->len > 0 && r->line[r->len - 1] == '\r')
		r->len--, r->full--;
	r->line[r->len] = 0;
	return 1;
}


/* Bytes that have no place in text: controls other than tab, and bytes
 * that are not UTF-8.  Counted over the start of a file to tell a text
 * file from anything else. */
static size_t count_unlikely(const unsigned char *s, size_t n)
{
	size_t bad = 0;
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		if (c == '\n' || c == '\r' || c == '\t') {
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7F) {
			bad++;
			i++;
			continue;
		}
		size_t k = tut_utf8_seq(s + i, n - i);
		if (k == 0) {
			/* a sequence cut by the end of the sample is not evidence */
			if (n - i < 4 && c >= 0xC2 && c <= 0xF4)
				break;
			bad++;
			k = 1;
		}
		i += k;
	}
	return bad;
}

/* Checks a line's bytes; reports the first bad one and returns -1. */
static int line_is_clean(struct parser *ps, const struct reader *r)
{
	const unsigned char *s = (const unsigned char *)r->line;
	for (size_t i = 0; i < r->len;) {
		unsigned c = s[i];
		if (c >= 0x20 && c < 0x7F) {
			i++;    /* plain ASCII, nearly every byte */
			continue;
		}
		if (c == 0) {
			problem(ps, r->lineno, "NUL byte at column %zu", i + 1);
			return -1;
		}
		if ((c < 0x20 && c != '\t') || c == 0x7F) {
			problem(ps, r->lineno, "control character 0x%02X at column %zu", c, i + 1);
			return -1;
		}
		size_t k = tut_utf8_seq(s + i, r->len - i);
		if (k == 0) {
			/* the cut may split the last character of a long line */
			if (r->full > r->len && r->len - i < 4 && c >= 0xC2)
				return 0;
			problem(ps, r->lineno, "invalid UTF-8 at column %zu", i + 1);
			return -1;
		}
		i += k;
	}
	return 0;
}

/* ---- Small parsers ---------------------------------------------------------- */

static int is_space(int c)
{
	return c == ' ' || c == '\t';
}

static const char *skip_spaces(const char *s)
{
	while (is_space((unsigned char)*s))
		s++;
	return s;
}

static void trim_right(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && is_space((unsigned char)s[n - 1]))
		s[--n] = 0;
}

static int valid_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= TUT_ID_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return 1;
}

/* A whole decimal number in [lo, hi], no sign, no spaces inside. */
static int parse_small_int(const char *s, int lo, int hi, int *out)
{
	long v = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* The whole of s is one number (tut_parse_number's syntax). */
static int parse_whole_number(const char *s, struct tut_q *q)
{
	const char *p = s;
	if (tut_parse_number(&p, q))
		return -1;
	return *skip_spaces(p) ? -1 : 0;
}

static int parse_digits(const char **s, int64_t *v)
{
	const char *p = *s;
	int64_t x = 0;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (x > (INT64_MAX - 9) / 10)
			return -1;
		x = x * 10 + (*p - '0');
	}
	*s = p;
	*v = x;
	return 0;
}

/* "Q r R", the answer of a division with a remainder. */
static int parse_remainder(const char *s, int64_t *quo, int64_t *rem)
{
	const char *p = skip_spaces(s);
	if (parse_digits(&p, quo))
		return -1;
	p = skip_spaces(p);
	if (*p != 'r' && *p != 'R')
		return -1;
	p = skip_spaces(p + 1);
	if (parse_digits(&p, rem))
		return -1;
	return *skip_spaces(p) ? -1 : 0;
}

/* A fraction written in lowest terms: "3/4", "-3/4", "2 1/4" (proper part),
 * or a number with no fraction bar at all. */
static int written_in_lowest_terms(const char *s)
{
	const char *bar = strchr(s, '/');
	if (!bar)
		return 1;
	const char *p = bar;
	while (p > s && p[-1] >= '0' && p[-1] <= '9')
		p--;
	int64_t n, d;
	const char *q = p;
	if (parse_digits(&q, &n) || q != bar)
		return 1;       /* not ours to judge: the number parser decides */
	q = bar + 1;
	if (parse_digits(&q, &d) || d == 0)
		return 1;
	if (tut_gcd(n, d) != 1)
		return 0;
	/* a mixed number's fraction part must be proper */
	const char *w = skip_spaces(s);
	if (*w == '-')
		w++;
	if (w < p && n >= d)
		return 0;
	return 1;
}

/* "4:05", "16:30": a time of day. */
static int is_clock_time(const char *s)
{
	const char *p = skip_spaces(s);
	int64_t h, m;
	if (parse_digits(&p, &h) || h > 24 || *p != ':')
		return 0;
	const char *mp = p + 1;
	if (parse_digits(&mp, &m) || mp - p != 3 || m > 59)
		return 0;
	p = skip_spaces(mp);
	if (!strncmp(p, "am", 2) || !strncmp(p, "pm", 2))
		p = skip_spaces(p + 2);
	return *p == 0;
}

static int word_is(const char **s, const char *const *words)
{
	for (; *words; words++) {
		size_t n = strlen(*words);
		const char *p = *s;
		if (!strncmp(p, *words, n) && (p[n] == 0 || is_space((unsigned char)p[n]))) {
			*s = p + n;
			return 1;
		}
	}
	return 0;
}

/* "1 h 25 min", "90 min", "2 hours": a duration. */
static int is_duration(const char *s)
{
	static const char *const units[] = { "hours", "hour", "hrs", "hr", "h", "minutes",
		"minute", "mins", "min", "seconds", "second", "secs", "sec", "days", "day", NULL };
	const char *p = skip_spaces(s);
	int parts = 0;
	while (*p) {
		int64_t v;
		if (parse_digits(&p, &v))
			return 0;
		p = skip_spaces(p);
		if (!word_is(&p, units))
			return 0;
		p = skip_spaces(p);
		parts++;
	}
	return parts > 0;
}

static const char *const choice_words[] = {
	"true", "false", "yes", "no", "<", ">", "=", "even", "odd", NULL
};

static int is_choice(const char *s)
{
	for (int i = 0; choice_words[i]; i++) {
		const char *w = choice_words[i];
		size_t n = strlen(w), j;
		for (j = 0; j < n; j++) {
			char c = s[j];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != w[j])
				break;
		}
		if (j == n && s[n] == 0)
			return 1;
	}
	return 0;
}

static int is_money(const char *s)
{
	struct tut_q q;
	size_t n = strlen(s);
	if (!(s[0] == '$' || (s[0] == '-' && s[1] == '$') || (n > 1 && s[n - 1] == 'c')))
		return 0;
	return parse_whole_number(s, &q) == 0;
}

/* The kind an exercise has when its lesson does not say (doc/lesson-format.md):
 * read from the answer's shape, with the skill's topic deciding whether a
 * fraction must be in lowest terms. */
static enum tut_kind infer_kind(const char *answer, const struct tut_skill *skill)
{
	struct tut_q q;
	int64_t a, b;
	if (is_money(answer))
		return TUT_ANS_MONEY;
	if (parse_whole_number(answer, &q) == 0) {
		if (strchr(answer, '/') && skill && skill->topic && !strcmp(skill->topic, "fractions"))
			return TUT_ANS_FRACTION;
		return TUT_ANS_NUMBER;
	}
	if (is_clock_time(answer) || is_duration(answer))
		return TUT_ANS_TIME;
	if (parse_remainder(answer, &a, &b) == 0)
		return TUT_ANS_NUMBER;
	if (is_choice(answer))
		return TUT_ANS_CHOICE;
	if (strchr(answer, ','))
		return TUT_ANS_LIST;
	return TUT_ANS_WORD;
}

static const char *const kind_names[] = {
	[TUT_ANS_NUMBER] = "number", [TUT_ANS_FRACTION] = "fraction", [TUT_ANS_MONEY] = "money",
	[TUT_ANS_TIME] = "time", [TUT_ANS_WORD] = "word", [TUT_ANS_LIST] = "list",
	[TUT_ANS_CHOICE] = "choice",
};

static const char *const level_names[] = { "basic", "symbolic", "multi" };

static int lookup(const char *s, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

/* ---- Lessons and exercises --------------------------------------------------- */

static int rejected_has(const struct rejected *rj, const char *id)
{
	for (int i = 0; rj && i < rj->n; i++)
		if (!strcmp(rj->id[i], id))
			return 1;
	return 0;
}

static void rejected_add(struct rejected *rj, const char *id)
{
	if (!rj || !*id || rejected_has(rj, id))
		return;
	if (rj->n == rj->cap) {
		if (rj->cap >= BANK_LESSONS_MAX)
			return;
		int cap = rj->cap ? rj->cap * 2 : 16;
		void *p = realloc(rj->id, sizeof *rj->id * (size_t)cap);
		if (!p)
			return;
		rj->id = p;
		rj->cap = cap;
	}
	snprintf(rj->id[rj->n++], TUT_ID_MAX, "%s", id);
}

/* The bank grows by doubling; its capacity is not stored, so it is the
 * power of two at or above n (8 at least). */
static int bank_append(struct tut_bank *b, const struct tut_lesson *l)
{
	int n = b->n;
	if (n == 0 || (n >= 8 && (n & (n - 1)) == 0)) {
		size_t cap = n == 0 ? 8 : (size_t)n * 2;
		void *p = realloc(b->lessons, sizeof *b->lessons * cap);
		if (!p)
			return -1;
		b->lessons = p;
	}
	b->lessons[b->n++] = *l;
	return 0;
}

static const struct tut_lesson *find_lesson(const struct tut_bank *b, const char *id)
{
	for (int i = 0; i < b->n; i++)
		if (!strcmp(b->lessons[i].id, id))
			return &b->lessons[i];
	return NULL;
}

static void drop_exercises(struct parser *ps)
{
	free(ps->cur.ex);
	ps->cur.ex = NULL;
	ps->cur.n_ex = 0;
	ps->ex_cap = 0;
}

static void check_answer(struct parser *ps, struct tut_exercise *e)
{
	char qb[64];
	struct tut_q q;
	int64_t a, b;
	const char *ans = e->answer;
	int before = ps->problems;
	switch (e->kind) {
	case TUT_ANS_NUMBER:
		if (parse_whole_number(ans, &q) && parse_remainder(ans, &a, &b))
			problem(ps, ps->line_a, "answer '%s' is not a number", quote(ans, qb, sizeof qb));
		break;
	case TUT_ANS_FRACTION:
		if (parse_whole_number(ans, &q))
			problem(ps, ps->line_a, "answer '%s' is not a number", quote(ans, qb, sizeof qb));
		else if (!written_in_lowest_terms(ans))
			problem(ps, ps->line_a, "answer '%s' is not in lowest terms", quote(ans, qb, sizeof qb));
		break;
	case TUT_ANS_MONEY:
		if (parse_whole_number(ans, &q))
			problem(ps, ps->line_a, "answer '%s' is not an amount of money", quote(ans, qb, sizeof qb));
		break;
	case TUT_ANS_TIME:
		if (!is_clock_time(ans) && !is_duration(ans))
			problem(ps, ps->line_a, "answer '%s' is not a time (like 4:05 or 1 h 25 min)",
				quote(ans, qb, sizeof qb));
		break;
	default:
		break;
	}
	/* The grader has the last word: a key it would mark wrong when typed
	 * back exactly would fail every child (found by fuzz-lesson: "70s"). */
	if (ps->problems == before && ans[0]) {   /* an empty one has its own message */
		struct tut_problem p = { .kind = e->kind };
		snprintf(p.answer, sizeof p.answer, "%s", e->answer);
		snprintf(p.unit, sizeof p.unit, "%s", e->unit);
		if (!tut_answer_check(&p, e->answer))
			problem(ps, ps->line_a, "answer '%s' cannot be graded as a %s answer",
				quote(ans, qb, sizeof qb), kind_names[e->kind]);
	}
}

static void check_check(struct parser *ps, const struct tut_exercise *e)
{
	char qb[64];
	struct tut_q q;
	int at = 0;
	if (!e->check[0])
		return;
	if (e->kind == TUT_ANS_WORD || e->kind == TUT_ANS_LIST || e->kind == TUT_ANS_CHOICE) {
		problem(ps, ps->line_check, "a check needs a numeric answer, and this answer's kind is %s",
			kind_names[e->kind]);
		return;
	}
	if (tut_eval(e->check, strlen(e->check), &q, &at))
		problem(ps, ps->line_check, "check '%s' does not work out (at column %d)",
			quote(e->check, qb, sizeof qb), at + 1);
}

static void finish_exercise(struct parser *ps)
{
	struct tut_exercise *e = &ps->ex;
	if (!ps->in_ex)
		return;
	ps->in_ex = 0;
	ps->cont = NULL;
	if (!ps->has_a) {
		if (!ps->damaged)
			problem(ps, e->line, "question has no answer (an 'a:' line)");
		return;
	}
	if (!ps->kind_set)
		e->kind = infer_kind(e->answer, ps->cur.skill);
	check_answer(ps, e);
	check_check(ps, e);
	if (ps->bad)
		return;         /* the lesson will not be added: keep nothing */
	if (ps->cur.n_ex >= EX_MAX) {
		if (!ps->ex_cap_reported)
			problem(ps, e->line, "more than %d exercises in lesson '%s'", EX_MAX, ps->cur.id);
		ps->ex_cap_reported = 1;
		drop_exercises(ps);
		return;
	}
	if (ps->bank_ex + ps->cur.n_ex >= BANK_EX_MAX) {
		problem(ps, e->line, "the lesson bank is full (%d exercises at most)", BANK_EX_MAX);
		drop_exercises(ps);
		return;
	}
	if (ps->cur.n_ex == ps->ex_cap) {
		int cap = ps->ex_cap ? ps->ex_cap * 2 : 16;
		if (cap > EX_MAX)
			cap = EX_MAX;
		void *p = realloc(ps->cur.ex, sizeof *ps->cur.ex * (size_t)cap);
		if (!p) {
			problem(ps, e->line, "out of memory");
			drop_exercises(ps);
			return;
		}
		ps->cur.ex = p;
		ps->ex_cap = cap;
	}
	ps->cur.ex[ps->cur.n_ex++] = *e;
}

static void finish_lesson(struct parser *ps)
{
	struct tut_lesson *l = &ps->cur;
	finish_exercise(ps);
	ps->cont = NULL;
	if (!ps->in_lesson)
		return;
	if (!l->title[0] && !ps->line_title)
		problem(ps, l->line, "lesson '%s' has no title", l->id);
	if (!l->grade && !ps->line_grade)
		problem(ps, l->line, "lesson '%s' has no grade", l->id);
	if (!l->skill && !ps->line_skill)
		problem(ps, l->line, "lesson '%s' has no skill", l->id);
	if (!ps->bad && l->n_ex + l->n_gen == 0)
		problem(ps, l->line, "lesson '%s' has no exercises", l->id);
	if (!ps->bad) {
		const struct tut_lesson *other = find_lesson(ps->b, l->id);
		if (other)
			problem(ps, l->line, "duplicate lesson id '%s' (also at %s:%d)", l->id,
				other->file, other->line);
	}
	if (!ps->bad && ps->b->n >= BANK_LESSONS_MAX)
		problem(ps, l->line, "the lesson bank is full (%d lessons at most)", BANK_LESSONS_MAX);
	if (!ps->line_level && l->skill)
		l->level = l->skill->level;
	ps->in_lesson = 0;
	if (!ps->bad && l->n_ex < ps->ex_cap && l->n_ex > 0) {
		void *p = realloc(l->ex, sizeof *l->ex * (size_t)l->n_ex);
		if (p)
			l->ex = p;
	}
	if (ps->bad || bank_append(ps->b, l)) {
		if (!ps->bad)
			problem(ps, l->line, "out of memory");
		rejected_add(ps->rej, l->id);
		drop_exercises(ps);
	} else {
		ps->bank_ex += l->n_ex;
	}
	l->ex = NULL;
	ps->ex_cap = 0;
}

static void start_lesson(struct parser *ps, int line, const char *v)
{
	char qb[64];
	finish_lesson(ps);
	memset(&ps->cur, 0, sizeof ps->cur);
	ps->in_lesson = 1;
	ps->any_lesson = 1;
	ps->bad = 0;
	ps->ex_cap = 0;
	ps->ex_cap_reported = 0;
	ps->line_title = ps->line_grade = ps->line_skill = ps->line_level = 0;
	ps->cur.line = line;
	snprintf(ps->cur.file, sizeof ps->cur.file, "%s", ps->path);
	if (++ps->lessons_in_file > FILE_LESSONS_MAX) {
		if (ps->lessons_in_file == FILE_LESSONS_MAX + 1)
			problem(ps, line, "more than %d lessons in one file", FILE_LESSONS_MAX);
		ps->bad = 1;
	}
	if (!valid_id(v)) {
		problem(ps, line, "bad lesson id '%s' (use letters, digits, '-', '_' and '.', at most %d)",
			quote(v, qb, sizeof qb), TUT_ID_MAX - 1);
		snprintf(ps->cur.id, sizeof ps->cur.id, "?");
		return;
	}
	snprintf(ps->cur.id, sizeof ps->cur.id, "%s", v);
}

/* Copies a value into a fixed field, or reports that it does not fit. */
static int set_field(struct parser *ps, int line, const char *key, char *dst, size_t cap, const char *v)
{
	size_t n = strlen(v);
	if (n == 0) {
		problem(ps, line, "'%s:' has no value", key);
		return -1;
	}
	if (n >= cap) {
		problem(ps, line, "'%s:' is too long (%zu bytes, at most %zu)", key, n, cap - 1);
		return -1;
	}
	memcpy(dst, v, n + 1);
	return 0;
}

/* A second 'grade:' (or title, ...) in one lesson is a mistake, not an update. */
static int once(struct parser *ps, int line, const char *key, int *seen)
{
	if (*seen) {
		problem(ps, line, "'%s:' given twice (first on line %d)", key, *seen);
		return -1;
	}
	*seen = line;
	return 0;
}

static void set_requires(struct parser *ps, int line, char *v)
{
	char qb[64];
	struct tut_lesson *l = &ps->cur;
	for (char *tok = v; tok;) {
		char *comma = strchr(tok, ',');
		if (comma)
			*comma = 0;
		char *id = (char *)skip_spaces(tok);
		trim_right(id);
		tok = comma ? comma + 1 : NULL;
		if (!*id && !tok && l->n_prereq > 0)
			break;  /* a trailing comma */
		if (!valid_id(id)) {
			problem(ps, line, "bad lesson id '%s' in 'requires:'", quote(id, qb, sizeof qb));
			continue;
		}
		if (!strcmp(id, l->id)) {
			problem(ps, line, "lesson '%s' requires itself", l->id);
			continue;
		}
		int dup = 0;
		for (int i = 0; i < l->n_prereq; i++)
			dup |= !strcmp(l->prereq[i], id);
		if (dup) {
			problem(ps, line, "'%s' is required twice", id);
			continue;
		}
		if (l->n_prereq == TUT_PREREQ_MAX) {
			problem(ps, line, "more than %d prerequisites", TUT_PREREQ_MAX);
			return;
		}
		snprintf(l->prereq[l->n_prereq++], TUT_ID_MAX, "%s", id);
	}
}

/* "generate: SKILL [difficulty=N] [count=N]" */
static void set_generate(struct parser *ps, int line, char *v)
{
	char qb[64];
	struct tut_genref g = { NULL, 1, GEN_COUNT_DEFAULT };
	char *save = NULL;
	char *tok = strtok_r(v, " \t", &save);
	if (!tok) {
		problem(ps, line, "'generate:' needs a skill");
		return;
	}
	g.skill = tut_skill_find(tok);
	if (!g.skill) {
		problem(ps, line, "unknown skill '%s'", quote(tok, qb, sizeof qb));
		return;
	}
	while ((tok = strtok_r(NULL, " \t", &save))) {
		if (!strncmp(tok, "difficulty=", 11)) {
			if (parse_small_int(tok + 11, 1, TUT_DIFFICULTY_MAX, &g.difficulty)) {
				problem(ps, line, "difficulty must be 1 to %d, not '%s'", TUT_DIFFICULTY_MAX,
					quote(tok + 11, qb, sizeof qb));
				return;
			}
		} else if (!strncmp(tok, "count=", 6)) {
			if (parse_small_int(tok + 6, 1, GEN_COUNT_MAX, &g.count)) {
				problem(ps, line, "count must be 1 to %d, not '%s'", GEN_COUNT_MAX,
					quote(tok + 6, qb, sizeof qb));
				return;
			}
		} else {
			problem(ps, line, "unknown option '%s' (use difficulty=N and count=N)",
				quote(tok, qb, sizeof qb));
			return;
		}
	}
	if (ps->cur.n_gen == TUT_GENREF_MAX) {
		problem(ps, line, "more than %d 'generate:' lines in one lesson", TUT_GENREF_MAX);
		return;
	}
	ps->cur.gen[ps->cur.n_gen++] = g;
}

enum key {
	K_LESSON, K_TITLE, K_GRADE, K_SKILL, K_LEVEL, K_REQUIRES, K_GENERATE,
	K_Q, K_A, K_UNIT, K_HINT, K_CHECK, K_KIND, K_NONE
};

static const char *const key_names[] = {
	"lesson", "title", "grade", "skill", "level", "requires", "generate",
	"q", "a", "unit", "hint", "check", "kind"
};

/* Lines of an exercise that belong to the question above them. */
static int exercise_field(struct parser *ps, int line, enum key k, int *seen)
{
	if (!ps->in_ex) {
		if (!ps->damaged)
			problem(ps, line, "'%s:' without a question (a 'q:' line) above it", key_names[k]);
		return -1;
	}
	if (*seen) {
		if (k == K_A)
			problem(ps, line, "second answer for the question on line %d", ps->ex.line);
		else
			problem(ps, line, "'%s:' given twice for the question on line %d", key_names[k],
				ps->ex.line);
		return -1;
	}
	*seen = line;
	return 0;
}

static void lesson_key(struct parser *ps, int line, enum key k, char *v)
{
	char qb[64];
	struct tut_lesson *l = &ps->cur;
	switch (k) {
	case K_TITLE:
		if (!once(ps, line, "title", &ps->line_title) &&
		    !set_field(ps, line, "title", l->title, sizeof l->title, v)) {
			ps->cont = l->title;
			ps->cont_cap = sizeof l->title;
		}
		break;
	case K_GRADE:
		if (!once(ps, line, "grade", &ps->line_grade) && parse_small_int(v, 1, 6, &l->grade))
			problem(ps, line, "grade must be 1 to 6, not '%s'", quote(v, qb, sizeof qb));
		break;
	case K_SKILL:
		if (once(ps, line, "skill", &ps->line_skill))
			break;
		l->skill = tut_skill_find(v);
		if (!l->skill)
			problem(ps, line, "unknown skill '%s'", quote(v, qb, sizeof qb));
		break;
	case K_LEVEL: {
		if (once(ps, line, "level", &ps->line_level))
			break;
		int lv = lookup(v, level_names, TUT_N_LEVELS);
		if (lv < 0)
			problem(ps, line, "unknown level '%s' (use basic, symbolic or multi)",
				quote(v, qb, sizeof qb));
		else
			l->level = (enum tut_level)lv;
		break;
	}
	case K_REQUIRES:
		set_requires(ps, line, v);
		break;
	case K_GENERATE:
		finish_exercise(ps);
		set_generate(ps, line, v);
		break;
	default:
		break;
	}
}

static void exercise_key(struct parser *ps, int line, enum key k, char *v)
{
	char qb[64];
	struct tut_exercise *e = &ps->ex;
	switch (k) {
	case K_Q:
		finish_exercise(ps);
		memset(e, 0, sizeof *e);
		ps->in_ex = 1;
		ps->has_a = ps->kind_set = 0;
		ps->line_a = ps->line_unit = ps->line_hint = ps->line_check = ps->line_kind = 0;
		e->line = line;
		if (set_field(ps, line, "q", e->question, sizeof e->question, v) == 0) {
			ps->cont = e->question;
			ps->cont_cap = sizeof e->question;
		}
		break;
	case K_A:
		if (exercise_field(ps, line, k, &ps->line_a) == 0) {
			ps->has_a = 1;
			set_field(ps, line, "a", e->answer, sizeof e->answer, v);
		}
		break;
	case K_UNIT:
		if (exercise_field(ps, line, k, &ps->line_unit) == 0)
			set_field(ps, line, "unit", e->unit, sizeof e->unit, v);
		break;
	case K_HINT:
		if (exercise_field(ps, line, k, &ps->line_hint) == 0 &&
		    set_field(ps, line, "hint", e->hint, sizeof e->hint, v) == 0) {
			ps->cont = e->hint;
			ps->cont_cap = sizeof e->hint;
		}
		break;
	case K_CHECK:
		if (exercise_field(ps, line, k, &ps->line_check) == 0)
			set_field(ps, line, "check", e->check, sizeof e->check, v);
		break;
	case K_KIND: {
		if (exercise_field(ps, line, k, &ps->line_kind))
			break;
		int kd = lookup(v, kind_names, (int)(sizeof kind_names / sizeof kind_names[0]));
		if (kd < 0) {
			problem(ps, line, "unknown kind '%s' (use number, fraction, money, time, word, list or choice)",
				quote(v, qb, sizeof qb));
			break;
		}
		e->kind = (enum tut_kind)kd;
		ps->kind_set = 1;
		break;
	}
	default:
		break;
	}
}

/* Splits "key: value"; returns the key, or K_NONE with *unknown set when a
 * word and a colon start the line but the word is no key. */
static enum key split_key(char *s, char **value, int *unknown, char *word, size_t wcap)
{
	size_t n = 0;
	*unknown = 0;
	while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') || s[n] == '_')
		n++;
	const char *c = skip_spaces(s + n);
	if (n == 0 || *c != ':')
		return K_NONE;
	size_t w = n < wcap - 1 ? n : wcap - 1;
	for (size_t i = 0; i < w; i++)
		word[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	word[w] = 0;
	*value = (char *)skip_spaces(c + 1);
	trim_right(*value);
	for (int k = 0; k < K_NONE; k++)
		if (!strcmp(word, key_names[k]))
			return (enum key)k;
	*unknown = 1;
	return K_NONE;
}

/* An indented line that is no key continues the text above it. */
static int continue_value(struct parser *ps, int line, const char *s)
{
	if (!ps->cont)
		return -1;
	size_t have = strlen(ps->cont), add = strlen(s);
	if (have + 1 + add >= ps->cont_cap) {
		problem(ps, line, "the text continued here is too long (at most %zu bytes)", ps->cont_cap - 1);
		ps->cont = NULL;
		return 0;
	}
	ps->cont[have] = ' ';
	memcpy(ps->cont + have + 1, s, add + 1);
	return 0;
}

static void parse_line(struct parser *ps, int line, char *raw)
{
	char qb[64], word[24];
	int indented = is_space((unsigned char)raw[0]);
	char *s = (char *)skip_spaces(raw);
	trim_right(s);
	if (!*s || *s == '#') {
		ps->cont = NULL;
		return;
	}
	char *v = NULL;
	int unknown;
	enum key k = split_key(s, &v, &unknown, word, sizeof word);
	if (k == K_NONE) {
		if (indented && continue_value(ps, line, s) == 0)
			return;
		ps->cont = NULL;
		ps->damaged = 1;
		if (unknown)
			problem(ps, line, "unknown key '%s'", quote(word, qb, sizeof qb));
		else
			problem(ps, line, "expected 'key: value', not '%s'", quote(s, qb, sizeof qb));
		return;
	}
	ps->cont = NULL;
	if (k == K_LESSON || k == K_Q || k == K_GENERATE)
		ps->damaged = 0;
	if (k == K_LESSON) {
		start_lesson(ps, line, v);
		return;
	}
	if (!ps->in_lesson) {
		/* once: every line of a file with no 'lesson:' would repeat it */
		if (!ps->outside_reported)
			problem(ps, line, "'%s:' before any 'lesson:' line", key_names[k]);
		ps->outside_reported = 1;
		return;
	}
	if (k >= K_Q)
		exercise_key(ps, line, k, v);
	else
		lesson_key(ps, line, k, v);
}

/* ---- Files ------------------------------------------------------------------- */

static int bank_exercises(const struct tut_bank *b)
{
	int n = 0;
	for (int i = 0; i < b->n; i++)
		n += b->lessons[i].n_ex;
	return n;
}

static void parse_stream(struct parser *ps, struct reader *r)
{
	int checked_text = 0;
	while (!ps->gave_up && next_line(r)) {
		if (!checked_text) {
			/* The first block decides whether this is text at all. */
			checked_text = 1;
			size_t n = r->n < 1024 ? r->n : 1024;
			size_t bad = count_unlikely(r->buf, n);
			if (bad * 10 > n) {
				problem(ps, 1, "not a text file");
				return;
			}
		}
		char *s = r->line;
		if (r->lineno == 1 && !strncmp(s, "\xEF\xBB\xBF", 3))
			s += 3;        /* a byte-order mark some editors write */
		if (r->full > r->len)
			problem(ps, r->lineno, "line too long (%zu bytes, at most %d); the rest is ignored",
				r->full, LINE_CAP);
		if (line_is_clean(ps, r)) {
			ps->damaged = 1;
			ps->cont = NULL;
			continue;
		}
		parse_line(ps, r->lineno, s);
	}
	if (r->err && !ps->gave_up)
		problem(ps, r->lineno + 1, "read error: %s", strerror(r->err));
	finish_lesson(ps);
	if (r->lineno == 0 && !r->err)
		problem(ps, 1, "empty file");
	else if (!ps->any_lesson && !ps->problems)
		problem(ps, 1, "no lessons in this file (a lesson starts with 'lesson: ID')");
}

static int load_file(const char *path, struct tut_bank *b, tut_report_fn report, void *user,
		     struct rejected *rej)
{
	struct parser *ps = calloc(1, sizeof *ps);
	struct reader *r = calloc(1, sizeof *r);
	char msg[600];
	int n;
	if (!ps || !r) {
		free(ps);
		free(r);
		snprintf(msg, sizeof msg, "%s: out of memory", path);
		emit(report, user, msg);
		return 1;
	}
	ps->path = path;
	ps->report = report;
	ps->user = user;
	ps->b = b;
	ps->rej = rej;
	ps->bank_ex = bank_exercises(b);
	r->f = fopen(path, "rb");
	struct stat st;
	if (!r->f) {
		problem(ps, 0, "cannot open: %s", strerror(errno));
	} else if (fstat(fileno(r->f), &st) == 0 && S_ISDIR(st.st_mode)) {
		problem(ps, 0, "is a directory, not a lesson file");
	} else {
		parse_stream(ps, r);
	}
	if (r->f)
		fclose(r->f);
	free(ps->cur.ex);
	n = ps->problems;
	free(r);
	free(ps);
	return n;
}

int tut_lesson_file_load(const char *path, struct tut_bank *b, tut_report_fn report, void *user)
{
	return load_file(path, b, report, user, NULL);
}

/* ---- The bank ------------------------------------------------------------------ */

struct walk {
	struct tut_bank *b;
	tut_report_fn report;
	void *user;
	struct rejected rej;
	int problems;
};

static void walk_problem(struct walk *w, const char *path, const char *what)
{
	char msg[1200];
	snprintf(msg, sizeof msg, "%s: %s", path, _(what));
	emit(w->report, w->user, msg);
	w->problems++;
}

/* Translations live in lessons/LL/ or lessons/LL_CC/ and shadow the English
 * lessons of the same id; they are not part of the English bank. */
int tut_is_locale_dir(const char *name)
{
	size_t i = 0;
	while (name[i] >= 'a' && name[i] <= 'z')
		i++;
	if (i < 2 || i > 3)
		return 0;
	if (name[i] == '_') {
		if (!(name[i + 1] >= 'A' && name[i + 1] <= 'Z' && name[i + 2] >= 'A' && name[i + 2] <= 'Z'))
			return 0;
		i += 3;
	}
	if (name[i] == '@')
		return 1;
	return name[i] == 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && !strcmp(s + n - k, suffix);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_dir(struct walk *w, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	if (!d) {
		char what[300];
		snprintf(what, sizeof what, _("cannot open directory: %s"), strerror(errno));
		walk_problem(w, dir, what);
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;       /* ".", "..", editors' and VCS's hidden files */
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			char **p = realloc(names, sizeof *names * nc);
			if (!p)
				break;
			names = p;
			cap = nc;
		}
		if (!(names[n] = strdup(de->d_name)))
			break;
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]) + 2;
		char *path = malloc(len);
		struct stat st;
		if (!path)
			break;
		snprintf(path, len, "%s/%s", dir, names[i]);
		int known = stat(path, &st) == 0;
		if (known && S_ISDIR(st.st_mode)) {
			if (depth == 0 && tut_is_locale_dir(names[i]))
				;       /* a translation, not read here */
			else if (depth >= DEPTH_MAX)
				walk_problem(w, path, "directories nested too deeply; not read");
			else
				walk_dir(w, path, depth + 1);
		} else if (ends_with(names[i], ".lesson")) {
			/* a FIFO or a device would block or never end */
			if (known && !S_ISREG(st.st_mode))
				walk_problem(w, path, "not a regular file; not read");
			else
				w->problems += load_file(path, w->b, w->report, w->user, &w->rej);
		}
		free(path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void bank_problem(struct walk *w, const struct tut_lesson *l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void bank_problem(struct walk *w, const struct tut_lesson *l, const char *fmt, ...)
{
	char msg[1200];
	va_list ap;
	int n = snprintf(msg, sizeof msg, "%s:%d: ", l->file, l->line);
	if (n < 0 || (size_t)n >= sizeof msg)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof msg - (size_t)n, _(fmt), ap);
	va_end(ap);
	emit(w->report, w->user, msg);
	w->problems++;
}

/* Lessons sorted by id, for finding prerequisites in log time. */
struct index {
	const struct tut_bank *b;
	const struct tut_lesson **by_id;
};

static int cmp_by_id(const void *a, const void *b)
{
	return strcmp((*(const struct tut_lesson *const *)a)->id, (*(const struct tut_lesson *const *)b)->id);
}

static int index_find(const struct index *ix, const char *id)
{
	int lo = 0, hi = ix->b->n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		int c = strcmp(ix->by_id[mid]->id, id);
		if (c == 0)
			return (int)(ix->by_id[mid] - ix->b->lessons);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Depth-first search for prerequisite cycles, without recursion: a bank
 * may chain thousands of lessons.  Each cycle is reported once, at the
 * lesson where the search closed it. */
static void find_cycles(struct walk *w, const struct index *ix)
{
	const struct tut_bank *b = ix->b;
	char *color = calloc((size_t)b->n, 1);     /* 0 new, 1 on the path, 2 done */
	int *stack = malloc(sizeof *stack * (size_t)b->n);
	int *edge = malloc(sizeof *edge * (size_t)b->n);
	if (!color || !stack || !edge)
		goto out;
	for (int root = 0; root < b->n; root++) {
		if (color[root])
			continue;
		int sp = 0;
		stack[sp] = root;
		edge[sp] = 0;
		color[root] = 1;
		while (sp >= 0) {
			const struct tut_lesson *l = &b->lessons[stack[sp]];
			if (edge[sp] == l->n_prereq) {
				color[stack[sp]] = 2;
				sp--;
				continue;
			}
			int next = index_find(ix, l->prereq[edge[sp]++]);
			if (next < 0 || color[next] == 2)
				continue;
			if (color[next] == 0) {
				color[next] = 1;
				stack[++sp] = next;
				edge[sp] = 0;
				continue;
			}
			/* next is on the path: the cycle runs from it to here */
			char path[700];
			int from = sp;
			while (from > 0 && stack[from] != next)
				from--;
			size_t len = 0;
			path[0] = 0;
			for (int i = from; i <= sp && len < sizeof path - TUT_ID_MAX - 8; i++) {
				int k = snprintf(path + len, sizeof path - len, "%s -> ", b->lessons[stack[i]].id);
				if (k > 0)
					len += (size_t)k;
			}
			snprintf(path + len, sizeof path - len, "%s", b->lessons[next].id);
			bank_problem(w, &b->lessons[next], "prerequisite cycle: %s", path);
		}
	}
out:
	free(color);
	free(stack);
	free(edge);
}

static void check_bank(struct walk *w)
{
	struct index ix = { w->b, malloc(sizeof *ix.by_id * (size_t)(w->b->n ? w->b->n : 1)) };
	if (!ix.by_id)
		return;
	for (int i = 0; i < w->b->n; i++)
		ix.by_id[i] = &w->b->lessons[i];
	qsort(ix.by_id, (size_t)w->b->n, sizeof *ix.by_id, cmp_by_id);
	for (int i = 0; i < w->b->n; i++) {
		const struct tut_lesson *l = &w->b->lessons[i];
		for (int k = 0; k < l->n_prereq; k++)
			if (index_find(&ix, l->prereq[k]) < 0 && !rejected_has(&w->rej, l->prereq[k]))
				bank_problem(w, l, "lesson '%s' requires '%s', which is not in the bank",
					     l->id, l->prereq[k]);
	}
	find_cycles(w, &ix);
	free(ix.by_id);
}

/* Where a skill stands in the curriculum (tut_skills order). */
static int skill_rank(const struct tut_skill *sk)
{
	int n;
	const struct tut_skill *all = tut_skills(&n);
	return sk ? (int)(sk - all) : n;
}

struct ranked {
	struct tut_lesson l;
	int grade, file_rank, index;
};

static int by_curriculum(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;
	if (a->grade != b->grade)
		return a->grade < b->grade ? -1 : 1;
	if (a->file_rank != b->file_rank)
		return a->file_rank < b->file_rank ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Puts the bank in teaching order: by grade, then each file by where its
 * first lesson's skill stands in the curriculum (counting before adding
 * before telling the time), keeping the teacher's order inside a file. */
static void sort_bank(struct tut_bank *b)
{
	struct ranked *r = malloc(sizeof *r * (size_t)(b->n ? b->n : 1));
	if (!r)
		return;   /* file order is still a usable order */
	for (int i = 0; i < b->n; i++) {
		int first = i;
		while (first > 0 && !strcmp(b->lessons[first - 1].file, b->lessons[i].file))
			first--;
		r[i] = (struct ranked){ b->lessons[i], b->lessons[first].grade,
					skill_rank(b->lessons[first].skill), i };
	}
	qsort(r, (size_t)b->n, sizeof *r, by_curriculum);
	for (int i = 0; i < b->n; i++)
		b->lessons[i] = r[i].l;
	free(r);
}

int tut_lesson_dir_read(const char *dir, struct tut_bank *b, tut_report_fn report, void *user)
{
	struct walk w = { b, report, user, { NULL, 0, 0 }, 0 };
	walk_dir(&w, dir, 0);
	free(w.rej.id);
	return w.problems;
}

int tut_bank_load(const char *dir, struct tut_bank *b, tut_report_fn report, void *user)
{
	struct walk w = { b, report, user, { NULL, 0, 0 }, 0 };
	walk_dir(&w, dir, 0);
	check_bank(&w);
	sort_bank(b);
	free(w.rej.id);
	return w.problems;
}

void tut_bank_free(struct tut_bank *b)
{
	if (!b)
		return;
	for (int i = 0; i < b->n; i++) {
		free(b->lessons[i].ex);
		free(b->lessons[i].shown);
	}
	free(b->lessons);
	b->lessons = NULL;
	b->n = 0;
}

const struct tut_lesson *tut_bank_find(const struct tut_bank *b, const char *id)
{
	return b && id ? find_lesson(b, id) : NULL;
}

/* ---- Verifying answers --------------------------------------------------------- */

static int eval_str(const char *s, struct tut_q *q)
{
	int at;
	return tut_eval(s, strlen(s), q, &at);
}

/* "74 ÷ 3" split at its last top-level division sign. */
static int split_division(const char *check, struct tut_q *num, struct tut_q *den)
{
	static const char *const signs[] = { "\xC3\xB7", "/", ":" };    /* ÷ / : */
	const char *at = NULL;
	size_t slen = 0;
	int depth = 0;
	for (const char *p = check; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		if (depth)
			continue;
		for (size_t i = 0; i < sizeof signs / sizeof signs[0]; i++) {
			size_t n = strlen(signs[i]);
			/* a bare "/" between digits is a fraction, not a division */
			if (!strncmp(p, signs[i], n) && (i != 1 || (p > check && p[-1] == ' '))) {
				at = p;
				slen = n;
			}
		}
	}
	if (!at)
		return -1;
	char left[TUT_QUESTION_MAX];
	snprintf(left, sizeof left, "%.*s", (int)(at - check), check);
	if (eval_str(left, num) || eval_str(at + slen, den))
		return -1;
	return 0;
}

/* "Q r R" is right when the check is N ÷ D with N = Q × D + R, 0 <= R < D. */
static int remainder_matches(const struct tut_exercise *e, int64_t quo, int64_t rem)
{
	struct tut_q n, d;
	int ok = 1;
	if (split_division(e->check, &n, &d) || !tut_q_is_int(n) || !tut_q_is_int(d) || d.n <= 0)
		return 0;
	struct tut_q back = tut_q_add(tut_q_mul(tut_q_int(quo), d, &ok), tut_q_int(rem), &ok);
	return ok && rem < d.n && tut_q_cmp(back, n) == 0;
}

/* A unit of measure (doc/reasoning-format.md), as the evaluator knows
 * them: with one, the worked solution writes the unit in its claim
 * ("3 m = 300 cm"); any other unit is a label ("85 marbles") and stays out
 * of it. */
static int is_measure(const char *unit)
{
	char one[TUT_UNIT_MAX + 4];
	struct tut_qty v;
	int at;
	snprintf(one, sizeof one, "1 %s", unit);
	return tut_eval_qty(one, strlen(one), &v, &at) == 0 && v.dim != TUT_DIM_NONE;
}

/* The values an answer may stand for: with its unit ("300 cm"), bare
 * ("300"), or as a number alone ("$3.50" as 3.5).  The check matches if
 * it equals any of them; mode says which one matched (0 with the unit). */
static int answer_matches(const struct tut_exercise *e, struct tut_q want, int *mode)
{
	struct tut_q q;
	char both[TUT_ANSWER_MAX + TUT_UNIT_MAX + 2];
	if (e->unit[0] && is_measure(e->unit)) {
		snprintf(both, sizeof both, "%s %s", e->answer, e->unit);
		if (eval_str(both, &q) == 0 && tut_q_cmp(q, want) == 0) {
			*mode = 0;
			return 1;
		}
	}
	*mode = 1;
	if (eval_str(e->answer, &q) == 0 && tut_q_cmp(q, want) == 0)
		return 1;
	return parse_whole_number(e->answer, &q) == 0 && tut_q_cmp(q, want) == 0;
}

static void format_value(struct tut_q q, char *buf, size_t cap)
{
	if (q.d == 1)
		snprintf(buf, cap, "%lld", (long long)q.n);
	else
		tut_q_frac(q, buf, cap);
}

int tut_bank_verify(const struct tut_bank *b, tut_report_fn report, void *user)
{
	int problems = 0;
	char msg[1400], qb[64], qc[64], val[48];
	for (int i = 0; b && i < b->n; i++) {
		const struct tut_lesson *l = &b->lessons[i];
		for (int k = 0; k < l->n_ex; k++) {
			const struct tut_exercise *e = &l->ex[k];
			struct tut_q want;
			int64_t quo, rem;
			int mode, at = 0;
			if (!e->check[0])
				continue;
			if (tut_eval(e->check, strlen(e->check), &want, &at)) {
				snprintf(msg, sizeof msg, "%s:%d: check '%s' does not work out (at column %d)",
					 l->file, e->line, quote(e->check, qc, sizeof qc), at + 1);
			} else if (parse_remainder(e->answer, &quo, &rem) == 0) {
				if (remainder_matches(e, quo, rem))
					continue;
				snprintf(msg, sizeof msg, "%s:%d: answer '%s' does not match its check '%s'",
					 l->file, e->line, quote(e->answer, qb, sizeof qb),
					 quote(e->check, qc, sizeof qc));
			} else {
				if (answer_matches(e, want, &mode))
					continue;
				format_value(want, val, sizeof val);
				snprintf(msg, sizeof msg, "%s:%d: answer '%s' does not match its check '%s' (= %s)",
					 l->file, e->line, quote(e->answer, qb, sizeof qb),
					 quote(e->check, qc, sizeof qc), val);
			}
			emit(report, user, msg);
			problems++;
		}
	}
	return problems;
}

/* ---- Exercises as problems ------------------------------------------------------- */

int tut_lesson_count(const struct tut_lesson *l)
{
	if (!l)
		return 0;
	int n = l->n_ex;
	for (int i = 0; i < l->n_gen; i++)
		n += l->gen[i].count;
	return n;
}

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static void fixed_problem(const struct tut_lesson *l, const struct tut_exercise *e, struct tut_problem *p)
{
	struct tut_buf steps;
	struct tut_q want;
	int mode = 1, at;
	const char *skill = l->skill ? l->skill->id : "";
	tut_begin(p, skill, l->grade, l->level, e->kind);
	snprintf(p->question, sizeof p->question, "%s", e->question);
	tut_buf_init(&steps, p->steps, sizeof p->steps);
	if (e->check[0] && tut_eval(e->check, strlen(e->check), &want, &at) == 0) {
		/* Write the unit in the claim only when the check measures in it
		 * ("3 m = 300 cm"), not when it only labels ("47 + 38 = 85"). */
		int64_t quo, rem;
		if (parse_remainder(e->answer, &quo, &rem) != 0)
			answer_matches(e, want, &mode);
		if (mode == 0)
			tut_step(&steps, "%s = %s %s", e->check, e->answer, e->unit);
		else
			tut_step(&steps, "%s = %s", e->check, e->answer);
	}
	tut_finish(p, &steps, e->answer, e->unit);
	if (l->shown) {
		const struct tut_shown *t = &l->shown[e - l->ex];
		snprintf(p->shown_question, sizeof p->shown_question, "%s", t->question);
		snprintf(p->shown_answer, sizeof p->shown_answer, "%s", t->answer);
		snprintf(p->shown_unit, sizeof p->shown_unit, "%s", t->unit);
	}
}

int tut_lesson_exercise(const struct tut_lesson *l, int i, uint64_t seed, struct tut_problem *p)
{
	if (!l || !p || i < 0)
		return -1;
	if (i < l->n_ex) {
		fixed_problem(l, &l->ex[i], p);
		return 0;
	}
	int j = i - l->n_ex;
	for (int g = 0; g < l->n_gen; g++) {
		if (j < l->gen[g].count) {
			/* A different problem for every lesson, exercise and seed. */
			uint64_t s = mix64(seed ^ mix64(hash_str(l->id) + (uint64_t)i * 0x9E3779B97F4A7C15ULL));
			return tut_generate(l->gen[g].skill, s, l->gen[g].difficulty, p);
		}
		j -= l->gen[g].count;
	}
	return -1;
}
