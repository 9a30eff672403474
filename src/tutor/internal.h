/* internal.h: what the tutor's files share with each other and with the
 * tutor's own tests.  Not part of the API: callers use tutor.h.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#ifndef TUT_INTERNAL_H
#define TUT_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>

#include "tutor/tutor.h"

/* ---- Text building (text.c) ---- */

/* Appends formatted text to a fixed buffer, never past its end (the text
 * is cut and *overflow set instead). */
struct tut_buf {
	char *s;
	size_t cap, len;
	int overflow;
};

void tut_buf_init(struct tut_buf *b, char *s, size_t cap);
void tut_buf_printf(struct tut_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends a step line: the text, then '\n' (the caller writes the final
 * "Answer:" line with tut_finish). */
void tut_step(struct tut_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Sets answer (and unit) and writes the final "Answer: ..." line. */
void tut_finish(struct tut_problem *p, struct tut_buf *steps, const char *answer, const char *unit);

/* Starts a problem: clears it and sets skill, grade, level and kind. */
void tut_begin(struct tut_problem *p, const char *skill, int grade, enum tut_level level,
	       enum tut_kind kind);

/* A random element of a NULL-free array of n strings. */
const char *tut_pick(struct tut_rng *r, const char *const *items, int n);
#define TUT_PICK(r, arr) tut_pick((r), (arr), (int)(sizeof(arr) / sizeof((arr)[0])))

/* Length of the valid UTF-8 sequence at s (n bytes there), 0 if invalid. */
size_t tut_utf8_seq(const unsigned char *s, size_t n);

/* Capitalises the first letter of s in place (ASCII). */
void tut_capitalize(char *s);

/* ---- Exact rationals (rational.c) ---- */

/* n/d in lowest terms, d > 0.  Operations set *ok to 0 on overflow (int64)
 * or division by zero and never crash; callers check it. */
struct tut_q {
	int64_t n, d;
};

int64_t tut_gcd(int64_t a, int64_t b);
struct tut_q tut_q_make(int64_t n, int64_t d, int *ok);
struct tut_q tut_q_int(int64_t n);
struct tut_q tut_q_add(struct tut_q a, struct tut_q b, int *ok);
struct tut_q tut_q_sub(struct tut_q a, struct tut_q b, int *ok);
struct tut_q tut_q_mul(struct tut_q a, struct tut_q b, int *ok);
struct tut_q tut_q_div(struct tut_q a, struct tut_q b, int *ok);
int tut_q_cmp(struct tut_q a, struct tut_q b);   /* -1, 0, 1 */
int tut_q_is_int(struct tut_q a);

/* Formats: "7", "-3/4" (fraction), "1 3/4" (mixed), "0.25" (decimal, only
 * when d divides a power of ten; else falls back to a fraction). */
void tut_q_frac(struct tut_q a, char *buf, size_t cap);
void tut_q_mixed(struct tut_q a, char *buf, size_t cap);
void tut_q_decimal(struct tut_q a, char *buf, size_t cap);

/* ---- Numbers in words (numwords.c) ---- */

/* "seventy-two", "one hundred five", "three thousand"; 0 <= n < 10^9. */
void tut_num_words(int64_t n, char *buf, size_t cap);
/* Parses number words ("seventy-two", "a dozen" not included); returns 0
 * and sets *n, or -1. */
int tut_parse_num_words(const char *s, int64_t *n);

/* ---- Parsing numbers and expressions (exact.c, expr.c) ---- */

/* Parses one number at *s: "12", "-3", "0.25", "3/4", "2 1/4" (mixed),
 * "$3.50", "350c"; skips leading spaces; advances *s.  0 or -1. */
int tut_parse_number(const char **s, struct tut_q *out);
/* Evaluates an expression of numbers, + - × ÷ * / : and brackets exactly.
 * Returns 0, or -1 (syntax, division by zero, overflow) with *err_at the
 * byte offset of the problem. */
int tut_eval(const char *expr, size_t len, struct tut_q *out, int *err_at);

/* Quantities: a value with its dimension, so that "3 × 100 = 300 cm" and
 * "1 h 25 min = 85 min" can be checked (expr.c). */
enum tut_dim {
	TUT_DIM_NONE, TUT_DIM_LENGTH, TUT_DIM_MASS, TUT_DIM_CAPACITY, TUT_DIM_TIME,
	TUT_DIM_MONEY, TUT_DIM_AREA, TUT_DIM_CLOCK,
};
struct tut_qty {
	struct tut_q q;       /* in the dimension's base unit (mm, g, ml, min, $, mm²;
				 clock: minutes after midnight) */
	enum tut_dim dim;
	struct tut_q unit;    /* base units per unit written ("cm": 10); 1 when plain */
	const char *uname;    /* that unit's symbol ("cm", "$"), "" when plain */
};
int tut_eval_qty(const char *expr, size_t len, struct tut_qty *out, int *err_at);

/* ---- Generators (gen_*.c), one per skill; see skills.c ---- */

#define TUT_GENERATOR(name) int name(struct tut_rng *r, int difficulty, struct tut_problem *p)

/* numbers (gen_numbers.c) */
TUT_GENERATOR(tut_gen_count);
TUT_GENERATOR(tut_gen_place_value);
TUT_GENERATOR(tut_gen_compare);
TUT_GENERATOR(tut_gen_order);
TUT_GENERATOR(tut_gen_round);
TUT_GENERATOR(tut_gen_even_odd);
TUT_GENERATOR(tut_gen_skip_count);
/* addition and subtraction (gen_addsub.c) */
TUT_GENERATOR(tut_gen_add_within20);
TUT_GENERATOR(tut_gen_sub_within20);
TUT_GENERATOR(tut_gen_add_column);
TUT_GENERATOR(tut_gen_sub_column);
/* multiplication and division (gen_muldiv.c) */
TUT_GENERATOR(tut_gen_times_tables);
TUT_GENERATOR(tut_gen_mul_long);
TUT_GENERATOR(tut_gen_div_remainder);
TUT_GENERATOR(tut_gen_long_division);
/* fractions (gen_fractions.c) */
TUT_GENERATOR(tut_gen_frac_equivalent);
TUT_GENERATOR(tut_gen_frac_simplify);
TUT_GENERATOR(tut_gen_frac_compare);
TUT_GENERATOR(tut_gen_frac_add_like);
TUT_GENERATOR(tut_gen_frac_sub_like);
TUT_GENERATOR(tut_gen_frac_add_unlike);
TUT_GENERATOR(tut_gen_frac_sub_unlike);
TUT_GENERATOR(tut_gen_frac_of_quantity);
TUT_GENERATOR(tut_gen_frac_mixed);
/* decimals and money (gen_decimals.c) */
TUT_GENERATOR(tut_gen_dec_compare);
TUT_GENERATOR(tut_gen_dec_add_sub);
TUT_GENERATOR(tut_gen_money);
/* time and measures (gen_measure.c) */
TUT_GENERATOR(tut_gen_time_clock);
TUT_GENERATOR(tut_gen_time_duration);
TUT_GENERATOR(tut_gen_convert_length);
TUT_GENERATOR(tut_gen_convert_mass);
TUT_GENERATOR(tut_gen_convert_capacity);
/* expressions, shapes, patterns (gen_ops.c) */
TUT_GENERATOR(tut_gen_order_ops);
TUT_GENERATOR(tut_gen_missing_number);
TUT_GENERATOR(tut_gen_perimeter_area);
TUT_GENERATOR(tut_gen_patterns);
/* word problems (gen_words.c) */
TUT_GENERATOR(tut_gen_word_1step);
TUT_GENERATOR(tut_gen_word_2step);
TUT_GENERATOR(tut_gen_word_3step);
/* logic (gen_logic.c) */
TUT_GENERATOR(tut_gen_logic_odd_one_out);
TUT_GENERATOR(tut_gen_logic_true_false);
TUT_GENERATOR(tut_gen_logic_syllogism);
TUT_GENERATOR(tut_gen_logic_order);
TUT_GENERATOR(tut_gen_logic_knights);
TUT_GENERATOR(tut_gen_logic_grid);

/* Reads every lesson file under `dir` into `b`, without the bank's checks
 * (a translation may hold part of the bank).  Returns the problems found. */
int tut_lesson_dir_read(const char *dir, struct tut_bank *b, tut_report_fn report, void *user);
/* "es", "zh_CN", "sr@latin": a translation's directory name. */
int tut_is_locale_dir(const char *name);

#endif
