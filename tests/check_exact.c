/* check_exact.c: exact rationals, number words, reading numbers and
 * expressions, and grading answers.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tutor/internal.h"

#define ck_assert_q(q, num, den)                 \
	do {                                     \
		struct tut_q q_ = (q);           \
		ck_assert_int_eq(q_.n, (num));   \
		ck_assert_int_eq(q_.d, (den));   \
	} while (0)

/* ---- Rationals ---- */

START_TEST(rational_arithmetic)
{
	int ok = 1;
	ck_assert_q(tut_q_make(6, -8, &ok), -3, 4);
	ck_assert_q(tut_q_make(0, 5, &ok), 0, 1);
	struct tut_q a = tut_q_make(1, 2, &ok), b = tut_q_make(1, 3, &ok);
	ck_assert_q(tut_q_add(a, b, &ok), 5, 6);
	ck_assert_q(tut_q_sub(a, b, &ok), 1, 6);
	ck_assert_q(tut_q_sub(b, a, &ok), -1, 6);
	ck_assert_q(tut_q_mul(a, b, &ok), 1, 6);
	ck_assert_q(tut_q_div(a, b, &ok), 3, 2);
	ck_assert_q(tut_q_div(tut_q_int(-3), tut_q_int(6), &ok), -1, 2);
	ck_assert_int_eq(ok, 1);
	ck_assert_int_eq(tut_q_cmp(a, b), 1);
	ck_assert_int_eq(tut_q_cmp(b, a), -1);
	ck_assert_int_eq(tut_q_cmp(a, tut_q_make(2, 4, &ok)), 0);
	ck_assert_int_eq(tut_q_cmp(tut_q_make(-1, 2, &ok), tut_q_make(-1, 3, &ok)), -1);
	ck_assert(tut_q_is_int(tut_q_make(8, 4, &ok)));
	ck_assert(!tut_q_is_int(a));
	ck_assert_int_eq(tut_gcd(12, 18), 6);
	ck_assert_int_eq(tut_gcd(-12, 18), 6);
	ck_assert_int_eq(tut_gcd(0, 7), 7);
	ck_assert_int_eq(tut_gcd(0, 0), 0);
	ck_assert_int_eq(ok, 1);
}
END_TEST

START_TEST(rational_overflow_reported)
{
	int ok = 1;
	tut_q_add(tut_q_int(INT64_MAX), tut_q_int(1), &ok);
	ck_assert_int_eq(ok, 0);
	ok = 1;
	tut_q_sub(tut_q_int(INT64_MIN + 1), tut_q_int(2), &ok);
	ck_assert_int_eq(ok, 0);
	ok = 1;
	tut_q_mul(tut_q_int(INT64_MAX), tut_q_int(2), &ok);
	ck_assert_int_eq(ok, 0);
	ok = 1;
	tut_q_div(tut_q_int(1), tut_q_int(0), &ok);
	ck_assert_int_eq(ok, 0);
	ok = 1;
	tut_q_make(1, 0, &ok);
	ck_assert_int_eq(ok, 0);
	ok = 1;
	tut_q_make(INT64_MIN, 1, &ok);   /* cannot be negated */
	ck_assert_int_eq(ok, 0);
	ok = 1;
	tut_q_sub(tut_q_int(0), tut_q_int(INT64_MIN), &ok);
	ck_assert_int_eq(ok, 0);
	ok = 1;
	/* denominators overflow too */
	tut_q_add(tut_q_make(1, INT64_MAX, &ok), tut_q_make(1, INT64_MAX - 1, &ok), &ok);
	ck_assert_int_eq(ok, 0);
}
END_TEST

START_TEST(rational_extremes)
{
	int ok = 1;
	/* cross-cancelling keeps big but representable results exact */
	struct tut_q big = tut_q_make(INT64_MAX, 2, &ok);
	ck_assert_q(tut_q_mul(big, tut_q_make(2, INT64_MAX, &ok), &ok), 1, 1);
	ck_assert_q(tut_q_sub(tut_q_int(INT64_MAX), tut_q_int(INT64_MAX), &ok), 0, 1);
	ck_assert_q(tut_q_add(tut_q_int(INT64_MAX - 1), tut_q_int(1), &ok), INT64_MAX, 1);
	ck_assert_q(tut_q_add(tut_q_int(-INT64_MAX), tut_q_int(0), &ok), -INT64_MAX, 1);
	ck_assert_int_eq(ok, 1);
	/* comparison is exact where cross products pass 64 bits */
	ck_assert_int_eq(tut_q_cmp(tut_q_make(1, INT64_MAX, &ok), tut_q_make(1, INT64_MAX - 1, &ok)), -1);
	/* products far past 64 bits: exact all the same (and on 32-bit hosts) */
	struct tut_q big1 = { INT64_MAX - 1, INT64_MAX - 2 }, big2 = { INT64_MAX - 2, INT64_MAX - 3 };
	ck_assert_int_eq(tut_q_cmp(big1, big2), -1);   /* 1 + 1/(M-2) < 1 + 1/(M-3) */
	ck_assert_int_eq(tut_q_cmp(big2, big1), 1);
	ck_assert_int_eq(tut_q_cmp(big1, big1), 0);
	struct tut_q nbig1 = { -(INT64_MAX - 1), INT64_MAX - 2 }, nbig2 = { -(INT64_MAX - 2), INT64_MAX - 3 };
	ck_assert_int_eq(tut_q_cmp(nbig1, nbig2), 1);
	ck_assert_int_eq(tut_q_cmp(nbig2, big1), -1);
	ck_assert_int_eq(tut_q_cmp((struct tut_q){ INT64_MAX, 3 }, (struct tut_q){ INT64_MAX - 1, 3 }), 1);
	ck_assert_int_eq(tut_q_cmp(tut_q_int(INT64_MAX), tut_q_int(-INT64_MAX)), 1);
	ck_assert_int_eq(tut_q_cmp(tut_q_make(INT64_MAX, INT64_MAX - 1, &ok),
				   tut_q_make(INT64_MAX - 1, INT64_MAX - 2, &ok)), -1);
	ck_assert_int_eq(ok, 1);
}
END_TEST

START_TEST(rational_format)
{
	int ok = 1;
	char buf[64];
	tut_q_frac(tut_q_make(-3, 4, &ok), buf, sizeof buf);
	ck_assert_str_eq(buf, "-3/4");
	tut_q_frac(tut_q_int(7), buf, sizeof buf);
	ck_assert_str_eq(buf, "7");
	tut_q_mixed(tut_q_make(7, 4, &ok), buf, sizeof buf);
	ck_assert_str_eq(buf, "1 3/4");
	tut_q_mixed(tut_q_make(-7, 4, &ok), buf, sizeof buf);
	ck_assert_str_eq(buf, "-1 3/4");
	tut_q_mixed(tut_q_make(3, 4, &ok), buf, sizeof buf);
	ck_assert_str_eq(buf, "3/4");
	tut_q_decimal(tut_q_make(1, 4, &ok), buf, sizeof buf);
	ck_assert_str_eq(buf, "0.25");
	tut_q_decimal(tut_q_make(-1, 8, &ok), buf, sizeof buf);
	ck_assert_str_eq(buf, "-0.125");
	tut_q_decimal(tut_q_make(7, 2, &ok), buf, sizeof buf);
	ck_assert_str_eq(buf, "3.5");
	tut_q_decimal(tut_q_make(1, 3, &ok), buf, sizeof buf);
	ck_assert_str_eq(buf, "1/3");
	tut_q_decimal(tut_q_int(-12), buf, sizeof buf);
	ck_assert_str_eq(buf, "-12");
	tut_q_frac(tut_q_int(INT64_MAX), buf, sizeof buf);
	ck_assert_str_eq(buf, "9223372036854775807");
	/* a decimal too long for 64 bits falls back to the fraction */
	tut_q_decimal(tut_q_make(1, INT64_C(4611686018427387904), &ok), buf, sizeof buf);
	ck_assert_str_eq(buf, "1/4611686018427387904");
	tut_q_frac(tut_q_make(-3, 4, &ok), buf, 3);   /* cut, never overrun */
	ck_assert_str_eq(buf, "-3");
	ck_assert_int_eq(ok, 1);
}
END_TEST

/* ---- Number words ---- */

START_TEST(words_samples)
{
	static const struct { int64_t n; const char *w; } cases[] = {
		{ 0, "zero" }, { 7, "seven" }, { 13, "thirteen" }, { 20, "twenty" },
		{ 72, "seventy-two" }, { 100, "one hundred" }, { 105, "one hundred five" },
		{ 119, "one hundred nineteen" }, { 999, "nine hundred ninety-nine" },
		{ 1000, "one thousand" }, { 3000, "three thousand" }, { 1001, "one thousand one" },
		{ 40017, "forty thousand seventeen" },
		{ 100000, "one hundred thousand" },
		{ 1000000, "one million" },
		{ 2000300, "two million three hundred" },
		{ 999999999, "nine hundred ninety-nine million nine hundred ninety-nine thousand nine hundred ninety-nine" },
	};
	char buf[160];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tut_num_words(cases[i].n, buf, sizeof buf);
		ck_assert_str_eq(buf, cases[i].w);
		int64_t back = -1;
		ck_assert_int_eq(tut_parse_num_words(cases[i].w, &back), 0);
		ck_assert_int_eq(back, cases[i].n);
	}
	/* out of range: digits rather than nonsense; short buffers are cut */
	tut_num_words(-1, buf, sizeof buf);
	ck_assert_str_eq(buf, "-1");
	tut_num_words(1000000000, buf, sizeof buf);
	ck_assert_str_eq(buf, "1000000000");
	tut_num_words(72, buf, 5);
	ck_assert_str_eq(buf, "seve");
	tut_num_words(72, NULL, 0);
}
END_TEST

START_TEST(words_round_trip)
{
	char buf[160];
	for (int64_t n = 0; n <= 100000; n++) {
		int64_t back = -1;
		tut_num_words(n, buf, sizeof buf);
		ck_assert_msg(tut_parse_num_words(buf, &back) == 0 && back == n, "%lld: \"%s\" -> %lld",
			      (long long)n, buf, (long long)back);
	}
	uint64_t x = 12345;
	for (int i = 0; i < 20000; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		int64_t n = (int64_t)((x >> 20) % 1000000000), back = -1;
		tut_num_words(n, buf, sizeof buf);
		ck_assert_msg(tut_parse_num_words(buf, &back) == 0 && back == n, "%lld: \"%s\"", (long long)n,
			      buf);
	}
}
END_TEST

START_TEST(words_reading)
{
	static const struct { const char *w; int64_t n; } good[] = {
		{ "one hundred and five", 105 }, { "Seventy Two", 72 }, { "SEVENTY-TWO", 72 },
		{ "  forty  two ", 42 }, { "one thousand and five", 1005 },
		{ "two hundred and thirty-one thousand four hundred and six", 231406 },
		{ "one million and twenty", 1000020 }, { "Zero", 0 }, { "eleven", 11 },
		{ "nine hundred thousand", 900000 },
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		int64_t n = -1;
		ck_assert_msg(tut_parse_num_words(good[i].w, &n) == 0, "%s", good[i].w);
		ck_assert_int_eq(n, good[i].n);
	}
	static const char *const bad[] = {
		"", "   ", "hundred", "and five", "twenty twenty", "ten five", "one hundred and",
		"seventy - two", "seventy -two", "-five", "five-", "one-hundred", "a hundred",
		"one thousand thousand", "eleven hundred", "two million three million", "one two",
		"zero zero", "one zero", "twelve-", "seventy--two", "five apples", "72",
		"one thousand and two hundred", "thousand", "million", "twenty-twelve",
		"onehundred", "one hundred hundred", "one million and",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t n = 12345;
		ck_assert_msg(tut_parse_num_words(bad[i], &n) == -1, "\"%s\" read as %lld", bad[i], (long long)n);
	}
	ck_assert_int_eq(tut_parse_num_words(NULL, NULL), -1);
}
END_TEST

/* ---- Reading one number ---- */

START_TEST(parse_number_cases)
{
	static const struct { const char *s; int64_t n, d; const char *rest; } good[] = {
		{ "85", 85, 1, "" }, { "-3", -3, 1, "" }, { "  1200 apples", 1200, 1, " apples" },
		{ "0.25", 1, 4, "" }, { "3.75", 15, 4, "" }, { "0.5", 1, 2, "" }, { ".5", 1, 2, "" },
		{ "3.", 3, 1, "." }, { "3/4", 3, 4, "" }, { "6/8", 3, 4, "" }, { "7/4", 7, 4, "" },
		{ "-3/4", -3, 4, "" }, { "2 1/4", 9, 4, "" }, { "-2 1/4", -9, 4, "" },
		{ "2 5/4", 2, 1, " 5/4" }, { "2 1/0", 2, 1, " 1/0" }, { "3 / 4", 3, 1, " / 4" },
		{ "$3.50", 7, 2, "" }, { "-$3.50", -7, 2, "" }, { "$12", 12, 1, "" }, { "75c", 3, 4, "" },
		{ "350c", 7, 2, "" }, { "75cm", 75, 1, "cm" }, { "75c.", 3, 4, "." },
		{ "4:05", 4, 1, ":05" }, { "1/2/3", 1, 2, "/3" }, { "007", 7, 1, "" },
		{ "\xe2\x88\x92" "5", -5, 1, "" }, { "9223372036854775807", INT64_MAX, 1, "" },
		{ "0.000000000000000001", 1, INT64_C(1000000000000000000), "" },
		{ "1.5.2", 3, 2, ".2" },
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		const char *s = good[i].s;
		struct tut_q q;
		ck_assert_msg(tut_parse_number(&s, &q) == 0, "%s", good[i].s);
		ck_assert_msg(q.n == good[i].n && q.d == good[i].d, "%s -> %lld/%lld", good[i].s,
			      (long long)q.n, (long long)q.d);
		ck_assert_str_eq(s, good[i].rest);
	}
	static const char *const bad[] = {
		"", "abc", "-", "$", ".", "-.", "3/0", "9223372036854775808", "99999999999999999999",
		"0.1234567890123456789", " x", "$-3", "/4",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *s = bad[i];
		struct tut_q q;
		ck_assert_msg(tut_parse_number(&s, &q) == -1, "%s", bad[i]);
		ck_assert_ptr_eq(s, bad[i]);   /* not advanced on failure */
	}
	const char *null = NULL;
	ck_assert_int_eq(tut_parse_number(&null, NULL), -1);
	ck_assert_int_eq(tut_parse_number(NULL, NULL), -1);
}
END_TEST

/* ---- Expressions ---- */

static void eval_is(const char *e, int64_t n, int64_t d)
{
	struct tut_q q = { 99, 99 };
	int err = 1234;
	int r = tut_eval(e, strlen(e), &q, &err);
	ck_assert_msg(r == 0, "\"%s\" failed at %d", e, err);
	ck_assert_msg(q.n == n && q.d == d, "\"%s\" = %lld/%lld, want %lld/%lld", e, (long long)q.n,
		      (long long)q.d, (long long)n, (long long)d);
	ck_assert_int_eq(err, -1);
}

static void eval_fails(const char *e, int at)
{
	struct tut_q q;
	int err = 1234;
	ck_assert_msg(tut_eval(e, strlen(e), &q, &err) == -1, "\"%s\" evaluated", e);
	ck_assert_msg(err == at, "\"%s\": error at %d, want %d", e, err, at);
}

START_TEST(eval_arithmetic)
{
	eval_is("1 + 2 × 3", 7, 1);
	eval_is("(1 + 2) × 3", 9, 1);
	eval_is("3 × (4 + 5)", 27, 1);
	eval_is("10 - 4 - 3", 3, 1);
	eval_is("48 ÷ 4 ÷ 2", 6, 1);
	eval_is("2 × 3 + 4 × 5", 26, 1);
	eval_is("((2))", 2, 1);
	eval_is("-3 + 5", 2, 1);
	eval_is("-(2 + 3) × 2", -10, 1);
	eval_is("3 - -2", 5, 1);
	eval_is("--3", 3, 1);
	eval_is("+4", 4, 1);
	eval_is("5 -3", 2, 1);
	eval_is("3 \xe2\x88\x92 5", -2, 1);   /* U+2212 */
	eval_is("6 * 7", 42, 1);
	eval_is("3 x 4", 12, 1);
	eval_is("3x4", 12, 1);
	eval_is("3 X (1 + 1)", 6, 1);
	eval_is("12 : 3", 4, 1);
	eval_is("3 times 4", 12, 1);
	eval_is("0.1 + 0.2", 3, 10);
	eval_is("  7  ", 7, 1);
}
END_TEST

START_TEST(eval_fractions_and_division)
{
	eval_is("3/4", 3, 4);
	eval_is("3 / 4", 3, 4);
	eval_is("1/2 + 1/3", 5, 6);
	eval_is("1 / 2 + 1 / 3", 5, 6);
	eval_is("6 / 2 / 3", 1, 1);
	eval_is("6 ÷ 3/4", 8, 1);      /* the literal binds first */
	eval_is("1 ÷ 3/4", 4, 3);
	eval_is("2 × 3/4", 3, 2);
	eval_is("2 1/4 × 4", 9, 1);
	eval_is("7 ÷ 2 1/2", 14, 5);
	eval_is("(3 × 3)/(4 × 3)", 3, 4);
	eval_is("3/4 of 12", 9, 1);
	eval_is("1/3 + 1/3 + 1/3", 1, 1);
	eval_is("0.5 × 0.5", 1, 4);
}
END_TEST

START_TEST(eval_units)
{
	/* each dimension in its smallest unit: mm, g, ml, min; money in $ */
	eval_is("3 m", 3000, 1);
	eval_is("250 cm", 2500, 1);
	eval_is("3cm", 30, 1);
	eval_is("2 km", 2000000, 1);
	eval_is("4 metres", 4000, 1);
	eval_is("2 kg", 2000, 1);
	eval_is("350 grams", 350, 1);
	eval_is("500 ml", 500, 1);
	eval_is("2 l", 2000, 1);
	eval_is("1.5 litres", 1500, 1);
	eval_is("25 min", 25, 1);
	eval_is("2 h", 120, 1);
	eval_is("2 hours", 120, 1);
	eval_is("1 h 25 min", 85, 1);
	eval_is("1 hour 25 minutes", 85, 1);
	eval_is("3 m 5 cm", 3050, 1);
	eval_is("2 kg 300 g", 2300, 1);
	eval_is("1.5 h", 90, 1);
	eval_is("2 1/2 h", 150, 1);
	eval_is("90 seconds", 3, 2);
	eval_is("1 week", 10080, 1);
	eval_is("$3.50", 7, 2);
	eval_is("75c", 3, 4);
	eval_is("75 cents", 3, 4);
	eval_is("3 dollars", 3, 1);
	eval_is("$3.50 + 75c", 17, 4);
	eval_is("$3.50 × 2", 7, 1);
	eval_is("3 m + 50 cm", 3500, 1);
	eval_is("1 h 25 min - 30 min", 55, 1);
	eval_is("4 × 25 cm", 1000, 1);
	/* a bare number beside a quantity is in the quantity's unit */
	eval_is("60 + 25 min", 85, 1);
	eval_is("2 m + 1", 3000, 1);
	eval_is("3.50 + $1.25", 19, 4);
	/* quantities of one kind divide to a number; areas */
	eval_is("3 m ÷ 50 cm", 6, 1);
	eval_is("5 cm × 3 cm", 1500, 1);
	eval_is("6 square cm", 600, 1);
	eval_is("6 cm² ÷ 2 cm", 30, 1);
	eval_is("4 m^2", 4000000, 1);
	/* labels are not units */
	eval_is("85 marbles", 85, 1);
	eval_is("47 marbles + 38 marbles", 85, 1);
	eval_is("3 bags of 4", 12, 1);
	eval_is("5 red apples.", 5, 1);
	eval_is("12 o'clock", 12, 1);
	/* words that act on a number are not labels: "3 squared" is not 3 */
	eval_fails("3 squared", 2);
	eval_fails("10 halved", 3);
	eval_fails("50 percent", 3);
	eval_fails("2x", 1);
	eval_fails("5 more", 2);
}
END_TEST

START_TEST(eval_times)
{
	eval_is("4:05", 245, 1);
	eval_is("04:05", 245, 1);
	eval_is("16:30", 990, 1);
	eval_is("0:00", 0, 1);
	eval_is("4:05 pm", 965, 1);
	eval_is("4:05 p.m.", 965, 1);
	eval_is("4:05 p.m", 965, 1);
	eval_is("12:10 am", 10, 1);
	eval_is("12:10 pm", 730, 1);
	eval_is("4:30 - 4:05", 25, 1);
	eval_is("4:05 + 25 min", 270, 1);
	eval_is("4:05 + 1 h 25 min", 330, 1);
	eval_is("25 min + 4:05", 270, 1);
	eval_is("4:05 + 25", 270, 1);
	eval_is("1:10 - 12:50", 20, 1);      /* across noon on a 12-hour clock */
	eval_is("0:10 - 23:50", 20, 1);      /* across midnight */
}
END_TEST

START_TEST(eval_errors)
{
	eval_fails("", 0);
	eval_fails("   ", 3);
	eval_fails("abc", 0);
	eval_fails("3 +", 3);
	eval_fails("3 + + ", 6);
	eval_fails("(1 + 2", 6);
	eval_fails("1 + 2)", 5);
	eval_fails("()", 1);
	eval_fails("1 / 0", 2);
	eval_fails("1 ÷ (2 - 2)", 2);
	eval_fails("3/0", 0);
	eval_fails("47 + 38 = 85", 8);
	eval_fails("3 cm + 2 kg", 5);
	eval_fails("2 kg × 3 kg", 5);
	eval_fails("5 ÷ 2 m", 2);
	eval_fails("4:05 + 4:10", 5);
	eval_fails("4:05 × 2", 5);
	eval_fails("-4:05", 0);
	eval_fails("4:60", 0);
	eval_fails("25:00", 0);
	eval_fails("4:5", 1);
	eval_fails("3(4)", 1);
	eval_fails("24 r 2", 3);
	eval_fails("9223372036854775807 + 1", 20);
	eval_fails("4611686018427387904 × 2", 20);
	eval_fails("99999999999999999999", 0);
	eval_fails("1 2", 2);
	eval_fails("3 ×", 4);   /* the end: × is two bytes */

	/* nesting is bounded; the error is at the bracket too deep */
	char deep[300];
	memset(deep, '(', 100);
	deep[100] = '1';
	memset(deep + 101, ')', 100);
	deep[201] = 0;
	eval_fails(deep, 64);
	memset(deep, '-', 200);
	deep[200] = '1';
	deep[201] = 0;
	eval_fails(deep, 64);
	memset(deep, '(', 30);
	deep[30] = '1';
	memset(deep + 31, ')', 30);
	deep[61] = 0;
	eval_is(deep, 1, 1);

	/* len is honoured; NULL and a missing err_at are fine */
	struct tut_q q;
	ck_assert_int_eq(tut_eval("1 + 2 garbage", 5, &q, NULL), 0);
	ck_assert_q(q, 3, 1);
	ck_assert_int_eq(tut_eval("12345", 2, &q, NULL), 0);
	ck_assert_q(q, 12, 1);
	ck_assert_int_eq(tut_eval(NULL, 4, &q, NULL), -1);
	ck_assert_int_eq(tut_eval("1 + 1", 5, NULL, NULL), 0);
	/* longer than any step line: refused, not read out of bounds */
	static char huge[4096];
	memset(huge, '1', sizeof huge - 1);
	int err;
	ck_assert_int_eq(tut_eval(huge, strlen(huge), &q, &err), -1);
}
END_TEST

/* ---- Answers ---- */

struct answer_case {
	enum tut_kind kind;
	const char *key, *unit, *given;
	int right;
};

static void run_answers(const struct answer_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct tut_problem p;
		memset(&p, 0, sizeof p);
		snprintf(p.answer, sizeof p.answer, "%s", c[i].key);
		snprintf(p.unit, sizeof p.unit, "%s", c[i].unit);
		p.kind = c[i].kind;
		ck_assert_msg(tut_answer_check(&p, c[i].given) == c[i].right, "kind %d key \"%s\" unit \"%s\": \"%s\" should be %s",
			      c[i].kind, c[i].key, c[i].unit, c[i].given, c[i].right ? "right" : "wrong");
	}
}

#define RUN(cases) run_answers(cases, sizeof cases / sizeof cases[0])

START_TEST(answer_number)
{
	static const struct answer_case c[] = {
		{ TUT_ANS_NUMBER, "85", "marbles", "85", 1 },
		{ TUT_ANS_NUMBER, "85", "marbles", "85 marbles", 1 },
		{ TUT_ANS_NUMBER, "85", "marbles", "  85 marbles. ", 1 },
		{ TUT_ANS_NUMBER, "85", "marbles", "85 Marbles", 1 },
		{ TUT_ANS_NUMBER, "85", "marbles", "eighty-five", 1 },
		{ TUT_ANS_NUMBER, "85", "marbles", "eighty-five marbles", 1 },
		{ TUT_ANS_NUMBER, "85", "marbles", "86", 0 },
		{ TUT_ANS_NUMBER, "85", "marbles", "85.5", 0 },
		{ TUT_ANS_NUMBER, "85", "marbles", "47 + 38", 0 },
		{ TUT_ANS_NUMBER, "85", "marbles", "8 5", 0 },
		{ TUT_ANS_NUMBER, "85", "marbles", "", 0 },
		{ TUT_ANS_NUMBER, "85", "", "85", 1 },
		{ TUT_ANS_NUMBER, "85", "", "085", 1 },
		{ TUT_ANS_NUMBER, "-3", "", "-3", 1 },
		{ TUT_ANS_NUMBER, "-3", "", "3", 0 },
		{ TUT_ANS_NUMBER, "1/2", "", "0.5", 1 },
		{ TUT_ANS_NUMBER, "1/2", "", "2/4", 1 },
		{ TUT_ANS_NUMBER, "1/2", "", ".5", 1 },
		{ TUT_ANS_NUMBER, "0.5", "", "1/2", 1 },
		{ TUT_ANS_NUMBER, "1.72", "m", "1.72 m", 1 },
		{ TUT_ANS_NUMBER, "1.72", "m", "1.720", 1 },
		{ TUT_ANS_NUMBER, "1.72", "m", "172 cm", 0 },   /* the question asked for metres */
		{ TUT_ANS_NUMBER, "42", "cm", "42 cm", 1 },
		{ TUT_ANS_NUMBER, "42", "cm", "42 centimetres", 1 },
		{ TUT_ANS_NUMBER, "42", "cm", "42 kg", 0 },
		{ TUT_ANS_NUMBER, "42", "cm", "42 mm", 0 },
		{ TUT_ANS_NUMBER, "2 1/4", "", "9/4", 1 },
		{ TUT_ANS_NUMBER, "24 r 2", "", "24 r 2", 1 },
		{ TUT_ANS_NUMBER, "24 r 2", "", "24 R 2", 1 },
		{ TUT_ANS_NUMBER, "24 r 2", "", "24r2", 1 },
		{ TUT_ANS_NUMBER, "24 r 2", "", "24 remainder 2.", 1 },
		{ TUT_ANS_NUMBER, "24 r 2", "", "24 r 1", 0 },
		{ TUT_ANS_NUMBER, "24 r 2", "", "24", 0 },
		{ TUT_ANS_NUMBER, "24 r 2", "", "74/3", 0 },
		{ TUT_ANS_NUMBER, "24 r 0", "", "24", 1 },
		{ TUT_ANS_NUMBER, "24", "", "24 r 0", 1 },
		{ TUT_ANS_NUMBER, "24", "", "24 r 1", 0 },
	};
	RUN(c);
}
END_TEST

START_TEST(answer_fraction)
{
	static const struct answer_case c[] = {
		{ TUT_ANS_FRACTION, "3/4", "", "3/4", 1 },
		{ TUT_ANS_FRACTION, "3/4", "", " 3/4 .", 1 },
		{ TUT_ANS_FRACTION, "3/4", "", "6/8", 0 },      /* not in lowest terms */
		{ TUT_ANS_FRACTION, "3/4", "", "0.75", 0 },     /* a fraction was asked for */
		{ TUT_ANS_FRACTION, "3/4", "", "3 / 4", 0 },
		{ TUT_ANS_FRACTION, "3/4", "", "4/3", 0 },
		{ TUT_ANS_FRACTION, "3/4", "cake", "3/4 cake", 1 },
		{ TUT_ANS_FRACTION, "1 1/2", "", "1 1/2", 1 },
		{ TUT_ANS_FRACTION, "1 1/2", "", "3/2", 1 },
		{ TUT_ANS_FRACTION, "3/2", "", "1 1/2", 1 },
		{ TUT_ANS_FRACTION, "1 1/2", "", "1 2/4", 0 },
		{ TUT_ANS_FRACTION, "1 1/2", "", "6/4", 0 },
		{ TUT_ANS_FRACTION, "-1/2", "", "-1/2", 1 },
		{ TUT_ANS_FRACTION, "2", "", "2", 1 },
		{ TUT_ANS_FRACTION, "2", "", "4/2", 0 },
		{ TUT_ANS_FRACTION, "2", "", "2/1", 0 },
		{ TUT_ANS_FRACTION, "0", "", "0/5", 0 },
		{ TUT_ANS_FRACTION, "3/4", "", "3/4/5", 0 },
	};
	RUN(c);
}
END_TEST

START_TEST(answer_money)
{
	static const struct answer_case c[] = {
		{ TUT_ANS_MONEY, "$3.50", "", "$3.50", 1 },
		{ TUT_ANS_MONEY, "$3.50", "", "3.50", 1 },
		{ TUT_ANS_MONEY, "$3.50", "", "3.5", 1 },
		{ TUT_ANS_MONEY, "$3.50", "", "350c", 1 },
		{ TUT_ANS_MONEY, "$3.50", "", "350 cents", 1 },
		{ TUT_ANS_MONEY, "$3.50", "", "$3.50.", 1 },
		{ TUT_ANS_MONEY, "$3.50", "", "3 dollars 50 cents", 1 },
		{ TUT_ANS_MONEY, "$3.50", "", "350", 0 },
		{ TUT_ANS_MONEY, "$3.50", "", "$3.05", 0 },
		{ TUT_ANS_MONEY, "$3.50", "", "$350", 0 },
		{ TUT_ANS_MONEY, "$3.50", "", "35c", 0 },
		{ TUT_ANS_MONEY, "$3.50", "", "$3 + 50c", 0 },
		{ TUT_ANS_MONEY, "$0.75", "", "75c", 1 },
		{ TUT_ANS_MONEY, "$0.75", "", "$.75", 1 },
		{ TUT_ANS_MONEY, "$2", "", "$2.00", 1 },
	};
	RUN(c);
}
END_TEST

START_TEST(answer_time)
{
	static const struct answer_case c[] = {
		{ TUT_ANS_TIME, "4:05", "", "4:05", 1 },
		{ TUT_ANS_TIME, "4:05", "", "04:05", 1 },
		{ TUT_ANS_TIME, "4:05", "", "4:05.", 1 },
		{ TUT_ANS_TIME, "4:05", "", "4:50", 0 },
		{ TUT_ANS_TIME, "4:05", "", "245", 0 },
		{ TUT_ANS_TIME, "4:05", "", "4.05", 0 },
		{ TUT_ANS_TIME, "16:05", "", "4:05 pm", 1 },
		{ TUT_ANS_TIME, "16:05", "", "4:05", 0 },
		{ TUT_ANS_TIME, "1 h 25 min", "", "1 h 25 min", 1 },
		{ TUT_ANS_TIME, "1 h 25 min", "", "85 min", 1 },
		{ TUT_ANS_TIME, "1 h 25 min", "", "1 hour 25 minutes", 1 },
		{ TUT_ANS_TIME, "1 h 25 min", "", "85 minutes", 1 },
		{ TUT_ANS_TIME, "1 h 25 min", "", "1:25", 1 },
		{ TUT_ANS_TIME, "1 h 25 min", "", "85", 1 },
		{ TUT_ANS_TIME, "1 h 25 min", "", "1 h 35 min", 0 },
		{ TUT_ANS_TIME, "1 h 25 min", "", "85 h", 0 },
		{ TUT_ANS_TIME, "1 h 25 min", "", "1 h + 25 min", 0 },
		{ TUT_ANS_TIME, "85", "min", "85 min", 1 },
		{ TUT_ANS_TIME, "85", "min", "1 h 25 min", 1 },
		{ TUT_ANS_TIME, "2", "h", "2", 1 },
		{ TUT_ANS_TIME, "2", "h", "120 min", 1 },
		{ TUT_ANS_TIME, "2", "h", "2 min", 0 },
	};
	RUN(c);
}
END_TEST

START_TEST(answer_words_lists_choices)
{
	static const struct answer_case c[] = {
		{ TUT_ANS_WORD, "Ana", "", "Ana", 1 },
		{ TUT_ANS_WORD, "Ana", "", " ana. ", 1 },
		{ TUT_ANS_WORD, "Ana", "", "ANA", 1 },
		{ TUT_ANS_WORD, "Ana", "", "Ben", 0 },
		{ TUT_ANS_WORD, "Ana", "", "Anna", 0 },
		{ TUT_ANS_WORD, "seventy-two", "", "seventy two", 1 },
		{ TUT_ANS_WORD, "seventy-two", "", "Seventy-Two", 1 },
		{ TUT_ANS_WORD, "seventy-two", "", "72", 0 },
		{ TUT_ANS_WORD, "ice cream", "", "icecream", 1 },
		{ TUT_ANS_WORD, "Ana", "", "", 0 },
		{ TUT_ANS_LIST, "3, 5, 7", "", "3, 5, 7", 1 },
		{ TUT_ANS_LIST, "3, 5, 7", "", "3,5,7", 1 },
		{ TUT_ANS_LIST, "3, 5, 7", "", "3 5 7", 1 },
		{ TUT_ANS_LIST, "3, 5, 7", "", "3, 5 and 7", 1 },
		{ TUT_ANS_LIST, "3, 5, 7", "", "3, 5, 7.", 1 },
		{ TUT_ANS_LIST, "3, 5, 7", "", "7, 5, 3", 0 },   /* order counts */
		{ TUT_ANS_LIST, "3, 5, 7", "", "3, 5", 0 },
		{ TUT_ANS_LIST, "3, 5, 7", "", "3, 5, 7, 9", 0 },
		{ TUT_ANS_LIST, "1/2, 3/4", "", "0.5, 0.75", 1 },
		{ TUT_ANS_LIST, "3, 5, 7", "cm", "3 cm, 5 cm, 7 cm", 1 },
		{ TUT_ANS_LIST, "Ana, Ben, Cal", "", "ana, ben, cal", 1 },
		{ TUT_ANS_LIST, "Ana, Ben, Cal", "", "Ana, Ben and Cal", 1 },
		{ TUT_ANS_LIST, "Ana, Ben, Cal", "", "Ana, Cal, Ben", 0 },
		{ TUT_ANS_CHOICE, "true", "", "True", 1 },
		{ TUT_ANS_CHOICE, "true", "", "TRUE.", 1 },
		{ TUT_ANS_CHOICE, "true", "", "false", 0 },
		{ TUT_ANS_CHOICE, "true", "", "t", 0 },
		{ TUT_ANS_CHOICE, "<", "", "<", 1 },
		{ TUT_ANS_CHOICE, "<", "", " < ", 1 },
		{ TUT_ANS_CHOICE, "<", "", ">", 0 },
		{ TUT_ANS_CHOICE, "<", "", "less than", 1 },
		{ TUT_ANS_CHOICE, ">", "", "less than", 0 },
		{ TUT_ANS_CHOICE, "=", "", "=", 1 },
		{ TUT_ANS_CHOICE, "even", "", "Even", 1 },
		{ TUT_ANS_CHOICE, "even", "", "odd", 0 },
	};
	RUN(c);
}
END_TEST

/* What children type on Spanish and Chinese keyboards (or without them). */
START_TEST(answer_accents_and_full_width_forms)
{
	static const struct answer_case c[] = {
		{ TUT_ANS_WORD, "botón", "", "botón", 1 },
		{ TUT_ANS_WORD, "botón", "", "boton", 1 },
		{ TUT_ANS_WORD, "botón", "", "BOTÓN", 1 },
		{ TUT_ANS_WORD, "botón", "", "botín", 0 },
		{ TUT_ANS_WORD, "Martín", "", "martin", 1 },
		{ TUT_ANS_WORD, "niño", "", "nino", 1 },
		{ TUT_ANS_CHOICE, "sí", "", "si", 1 },
		{ TUT_ANS_CHOICE, "sí", "", "Sí.", 1 },
		{ TUT_ANS_CHOICE, "sí", "", "no", 0 },
		{ TUT_ANS_CHOICE, "=", "", "÷", 0 },
		{ TUT_ANS_NUMBER, "45", "", "４５", 1 },             /* full-width digits */
		{ TUT_ANS_NUMBER, "45", "", "４６", 0 },
		{ TUT_ANS_NUMBER, "45", "", "\xE3\x80\x80" "45\xE3\x80\x82", 1 },   /* ideographic space, full stop */
		{ TUT_ANS_FRACTION, "3/4", "", "３／４", 1 },
		{ TUT_ANS_LIST, "3, 5, 7", "", "3，5，7", 1 },        /* full-width comma */
		{ TUT_ANS_LIST, "3, 5, 7", "", "3、5、7", 1 },        /* ideographic comma */
		{ TUT_ANS_LIST, "3, 5, 7", "", "3、7、5", 0 },
		{ TUT_ANS_WORD, "小明", "", "小明", 1 },
		{ TUT_ANS_WORD, "小明", "", "小红", 0 },
		{ TUT_ANS_WORD, "小明", "", "\xEF\xBC", 0 },           /* cut-off sequence */
	};
	RUN(c);
}
END_TEST

START_TEST(answer_never_crashes)
{
	struct tut_problem p;
	memset(&p, 0, sizeof p);
	snprintf(p.answer, sizeof p.answer, "85");
	ck_assert_int_eq(tut_answer_check(&p, NULL), 0);
	ck_assert_int_eq(tut_answer_check(NULL, "85"), 0);
	static char big[5000];
	memset(big, '9', sizeof big - 1);
	for (int k = TUT_ANS_NUMBER; k <= TUT_ANS_CHOICE; k++) {
		p.kind = (enum tut_kind)k;
		ck_assert_int_eq(tut_answer_check(&p, big), 0);
		ck_assert_int_eq(tut_answer_check(&p, ",,,,,,,,"), 0);
		ck_assert_int_eq(tut_answer_check(&p, "\xff\xfe$c:/"), 0);
	}
	/* an empty key matches nothing */
	p.answer[0] = 0;
	p.kind = TUT_ANS_WORD;
	ck_assert_int_eq(tut_answer_check(&p, ""), 0);
	/* random bytes and token soup, every kind */
	static const char *const tokens[] = {
		"1", "0", "9", "85", " ", ",", ".", "/", ":", "$", "c", "r", "-", "+", "h", "min",
		"cm", "and", "9223372036854775807", "4:05", "1/0", "(", "×",
	};
	uint64_t x = 99;
	char buf[200];
	for (int i = 0; i < 5000; i++) {
		size_t n = 0;
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		int len = (int)((x >> 33) % 40);
		for (int k = 0; k < len && n + 24 < sizeof buf; k++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			if (i % 2) {
				buf[n++] = (char)(1 + (x >> 33) % 255);
			} else {
				const char *t = tokens[(x >> 33) % (sizeof tokens / sizeof tokens[0])];
				memcpy(buf + n, t, strlen(t));
				n += strlen(t);
			}
		}
		buf[n] = 0;
		p.kind = (enum tut_kind)(i % (TUT_ANS_CHOICE + 1));
		snprintf(p.answer, sizeof p.answer, "%.70s", i % 3 ? "24 r 2" : buf);
		int r = tut_answer_check(&p, buf);
		ck_assert(r == 0 || r == 1);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("exact");
	TCase *tc = tcase_create("exact");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, rational_arithmetic);
	tcase_add_test(tc, rational_overflow_reported);
	tcase_add_test(tc, rational_extremes);
	tcase_add_test(tc, rational_format);
	tcase_add_test(tc, words_samples);
	tcase_add_test(tc, words_round_trip);
	tcase_add_test(tc, words_reading);
	tcase_add_test(tc, parse_number_cases);
	tcase_add_test(tc, eval_arithmetic);
	tcase_add_test(tc, eval_fractions_and_division);
	tcase_add_test(tc, eval_units);
	tcase_add_test(tc, eval_times);
	tcase_add_test(tc, eval_errors);
	tcase_add_test(tc, answer_number);
	tcase_add_test(tc, answer_fraction);
	tcase_add_test(tc, answer_money);
	tcase_add_test(tc, answer_time);
	tcase_add_test(tc, answer_words_lists_choices);
	tcase_add_test(tc, answer_accents_and_full_width_forms);
	tcase_add_test(tc, answer_never_crashes);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
