/* check_text.c: the screen's text measure: display widths and line breaks
 * from libunistring, so that English and Chinese both lay out right.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "ui/internal.h"

/* The rows of a wrap as strings joined by '|', for readable assertions. */
static const char *rows_str(const char *s, int width)
{
	static char out[2048];
	struct ui_row r[64];
	int n = ui_wrap(s, strlen(s), width, r, 64);
	ck_assert_int_le(n, 64);
	size_t o = 0;
	for (int i = 0; i < n; i++) {
		ck_assert_int_le(r[i].width, width);
		ck_assert_int_eq(r[i].width, ui_width(s + r[i].off, (size_t)r[i].len));
		if (i)
			out[o++] = '|';
		memcpy(out + o, s + r[i].off, (size_t)r[i].len);
		o += (size_t)r[i].len;
	}
	out[o] = 0;
	return out;
}

START_TEST(widths)
{
	ck_assert_int_eq(ui_width("abc", 3), 3);
	ck_assert_int_eq(ui_width("47 × 3", strlen("47 × 3")), 6);
	/* Chinese characters are two columns each. */
	ck_assert_int_eq(ui_width("小明有", strlen("小明有")), 6);
	ck_assert_int_eq(ui_width("小明有5个苹果", strlen("小明有5个苹果")), 13);
	/* Invalid UTF-8 is one column per bad byte (drawn as U+FFFD). */
	ck_assert_int_eq(ui_width("a\xff" "b", 3), 3);
}
END_TEST

START_TEST(fit_never_splits_a_character)
{
	const char *s = "小明有5个";
	ck_assert_uint_eq(ui_fit(s, strlen(s), 5), 6);    /* 小明 = 4 columns, 6 bytes */
	ck_assert_uint_eq(ui_fit(s, strlen(s), 6), 9);
	ck_assert_uint_eq(ui_fit(s, strlen(s), 7), 10);   /* and the digit */
	ck_assert_uint_eq(ui_fit("hello", 5, 0), 0);
	ck_assert_uint_eq(ui_fit("hello", 5, 99), 5);
}
END_TEST

START_TEST(english_breaks_at_spaces)
{
	ck_assert_str_eq(rows_str("Sam had 47 marbles and won 38 more.", 12),
			 "Sam had 47|marbles and|won 38 more.");
	ck_assert_str_eq(rows_str("one two", 80), "one two");
	/* A word longer than the row is cut between characters. */
	ck_assert_str_eq(rows_str("abcdefghij xy", 4), "abcd|efgh|ij|xy");
	/* Explicit newlines always break; empty lines stay. */
	ck_assert_str_eq(rows_str("a\n\nb", 10), "a||b");
	ck_assert_str_eq(rows_str("", 10), "");
}
END_TEST

START_TEST(chinese_breaks_between_characters)
{
	/* 10 columns hold five Chinese characters; the break may fall between any two. */
	const char *s = "小明有五个苹果，又买了三个。";
	const char *r = rows_str(s, 10);
	ck_assert_str_eq(r, "小明有五个|苹果，又买|了三个。");
	/* A full-width comma never starts a row (UAX #14). */
	ck_assert_str_eq(rows_str("苹果，又买", 4), "苹|果，|又买");
	/* Odd widths never overflow: a 2-column character does not fit in 1. */
	ck_assert_str_eq(rows_str("小明", 3), "小|明");
}
END_TEST

START_TEST(mixed_text_and_numbers)
{
	const char *r = rows_str("小明有 47 个苹果, he eats 3.", 12);
	struct ui_row rows[16];
	int n = ui_wrap("小明有 47 个苹果, he eats 3.", strlen("小明有 47 个苹果, he eats 3."), 12, rows, 16);
	ck_assert_int_ge(n, 3);
	ck_assert_ptr_null(strstr(r, "4|7"));   /* numbers are never split */
}
END_TEST

START_TEST(clean_makes_text_safe)
{
	char out[64];
	ui_clean("a\tb\033[2Jc", strlen("a\tb\033[2Jc"), out, sizeof out);
	ck_assert_str_eq(out, "a?b?[2Jc");   /* no escape sequence reaches the terminal */
	ui_clean("7 × 8", strlen("7 × 8"), out, sizeof out);
	ck_assert_str_eq(out, "7 × 8");
	ui_clean("x\xff", 2, out, sizeof out);
	ck_assert_str_eq(out, "x\xef\xbf\xbd");   /* U+FFFD */
	ck_assert_uint_eq(ui_clean("abcdef", 6, out, 4), 3);   /* never past the end */
	ck_assert_str_eq(out, "abc");
}
END_TEST

START_TEST(clean_outside_utf8_uses_ascii)
{
	char out[64];
	setlocale(LC_ALL, "C");
	ck_assert_int_eq(ui_utf8(), 0);
	ui_clean("7 × 8 ÷ 2 ✓ 小", strlen("7 × 8 ÷ 2 ✓ 小"), out, sizeof out);
	ck_assert_str_eq(out, "7 x 8 / 2 + ?");
	setlocale(LC_ALL, "C.UTF-8");
}
END_TEST

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "en_US.UTF-8")) {
		fprintf(stderr, "no UTF-8 locale; skipping\n");
		return 77;
	}
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("text");
	tcase_add_test(tc, widths);
	tcase_add_test(tc, fit_never_splits_a_character);
	tcase_add_test(tc, english_breaks_at_spaces);
	tcase_add_test(tc, chinese_breaks_between_characters);
	tcase_add_test(tc, mixed_text_and_numbers);
	tcase_add_test(tc, clean_makes_text_safe);
	tcase_add_test(tc, clean_outside_utf8_uses_ascii);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
