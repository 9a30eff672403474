/* text.c: the small tools every generator uses: the seeded random stream,
 * bounded text building, and the start and end of a problem.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "tutor/internal.h"

void tut_rng_seed(struct tut_rng *r, uint64_t seed)
{
	r->s = seed ^ 0x9E3779B97F4A7C15ULL;
	tut_rng_next(r);
}

uint64_t tut_rng_next(struct tut_rng *r)
{
	/* splitmix64: the same stream on every host, any seed is good. */
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

int64_t tut_rng_range(struct tut_rng *r, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	uint64_t span = (uint64_t)(hi - lo) + 1;
	return lo + (int64_t)(tut_rng_next(r) % span);
}

const char *tut_pick(struct tut_rng *r, const char *const *items, int n)
{
	return items[tut_rng_range(r, 0, n - 1)];
}

void tut_buf_init(struct tut_buf *b, char *s, size_t cap)
{
	b->s = s;
	b->cap = cap;
	b->len = 0;
	b->overflow = 0;
	if (cap)
		s[0] = 0;
}

static void vappend(struct tut_buf *b, const char *fmt, va_list ap)
{
	if (b->len + 1 >= b->cap) {
		b->overflow = 1;
		return;
	}
	int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	if (n < 0 || (size_t)n >= b->cap - b->len) {
		b->overflow = 1;
		b->len = b->cap - 1;
		return;
	}
	b->len += (size_t)n;
}

void tut_buf_printf(struct tut_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vappend(b, fmt, ap);
	va_end(ap);
}

void tut_step(struct tut_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vappend(b, fmt, ap);
	va_end(ap);
	tut_buf_printf(b, "\n");
}

void tut_begin(struct tut_problem *p, const char *skill, int grade, enum tut_level level,
	       enum tut_kind kind)
{
	p->question[0] = p->steps[0] = p->answer[0] = p->unit[0] = p->facts[0] = 0;
	p->shown_question[0] = p->shown_answer[0] = p->shown_unit[0] = 0;
	p->skill = skill;
	p->grade = grade < 1 ? 1 : grade > 6 ? 6 : grade;
	p->level = level;
	p->kind = kind;
}

void tut_finish(struct tut_problem *p, struct tut_buf *steps, const char *answer, const char *unit)
{
	snprintf(p->answer, sizeof p->answer, "%s", answer);
	snprintf(p->unit, sizeof p->unit, "%s", unit ? unit : "");
	if (p->unit[0])
		tut_buf_printf(steps, "Answer: %s %s", p->answer, p->unit);
	else
		tut_buf_printf(steps, "Answer: %s", p->answer);
}

void tut_capitalize(char *s)
{
	if (s[0] >= 'a' && s[0] <= 'z')
		s[0] = (char)(s[0] - 'a' + 'A');
}

/* Length of the valid UTF-8 sequence at s (at most n bytes there): 1 for
 * ASCII, 0 for anything that is not UTF-8 (overlong forms, surrogates, past
 * U+10FFFF, a sequence cut short). */
size_t tut_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t k;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		k = 2, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		k = 3, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 4, min = 0x10000;
	else
		return 0;
	if (k > n)
		return 0;
	unsigned cp = c & (0x7F >> k);
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return k;
}

const char *tut_problem_question(const struct tut_problem *p)
{
	return p->shown_question[0] ? p->shown_question : p->question;
}

const char *tut_problem_answer(const struct tut_problem *p)
{
	return p->shown_answer[0] ? p->shown_answer : p->answer;
}

const char *tut_problem_unit(const struct tut_problem *p)
{
	return p->shown_question[0] ? p->shown_unit : p->unit;
}

char *tut_problem_answer_text(const struct tut_problem *p, char *buf, size_t cap)
{
	const char *a = tut_problem_answer(p), *u = tut_problem_unit(p);
	/* "4 apples", but "4个苹果": Chinese and Japanese put no space there */
	int cjk = (unsigned char)u[0] >= 0xE3 && (unsigned char)u[0] <= 0xED;
	snprintf(buf, cap, "%s%s%s", a, u[0] && !cjk ? " " : "", u);
	return buf;
}
