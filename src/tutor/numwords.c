/* numwords.c: whole numbers in English words, both ways.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * American style without "and" ("one hundred five") is what we write;
 * reading also takes the British "one hundred and five".  The reader is
 * strict otherwise: a learner's "twenty twenty" or "ten five" is not a
 * number, and saying so beats guessing.
 */
#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "tutor/internal.h"

static const char *const small_words[20] = {
	"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
	"seventeen", "eighteen", "nineteen",
};

static const char *const tens_words[10] = {
	"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
};

/* 1..999 */
static void group_words(struct tut_buf *b, int n)
{
	if (n >= 100) {
		tut_buf_printf(b, "%s hundred", small_words[n / 100]);
		n %= 100;
		if (n)
			tut_buf_printf(b, " ");
	}
	if (n >= 20) {
		tut_buf_printf(b, "%s", tens_words[n / 10]);
		if (n % 10)
			tut_buf_printf(b, "-%s", small_words[n % 10]);
	} else if (n) {
		tut_buf_printf(b, "%s", small_words[n]);
	}
}

void tut_num_words(int64_t n, char *buf, size_t cap)
{
	if (!buf || cap == 0)
		return;
	if (n < 0 || n >= 1000000000) {
		/* Out of range: digits are still a truthful answer. */
		snprintf(buf, cap, "%lld", (long long)n);
		return;
	}
	struct tut_buf b;
	tut_buf_init(&b, buf, cap);
	if (n == 0) {
		tut_buf_printf(&b, "zero");
		return;
	}
	int millions = (int)(n / 1000000), thousands = (int)(n / 1000 % 1000), rest = (int)(n % 1000);
	if (millions) {
		group_words(&b, millions);
		tut_buf_printf(&b, " million%s", thousands || rest ? " " : "");
	}
	if (thousands) {
		group_words(&b, thousands);
		tut_buf_printf(&b, " thousand%s", rest ? " " : "");
	}
	if (rest)
		group_words(&b, rest);
}

/* ---- Reading ---- */

enum wkind { W_ZERO, W_UNIT, W_TEEN, W_TENS, W_HUNDRED, W_THOUSAND, W_MILLION, W_AND };

struct word {
	enum wkind kind;
	int value;
	int hyphen_before;   /* joined to the word before by a single '-' */
};

#define MAX_WORDS 24

static int classify(const char *w, struct word *out)
{
	for (int i = 0; i < 20; i++)
		if (strcmp(w, small_words[i]) == 0) {
			out->kind = i == 0 ? W_ZERO : i < 10 ? W_UNIT : W_TEEN;
			out->value = i;
			return 0;
		}
	for (int i = 2; i < 10; i++)
		if (strcmp(w, tens_words[i]) == 0) {
			out->kind = W_TENS;
			out->value = i * 10;
			return 0;
		}
	static const struct { const char *w; enum wkind k; } other[] = {
		{ "hundred", W_HUNDRED }, { "thousand", W_THOUSAND },
		{ "million", W_MILLION }, { "and", W_AND },
	};
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
		if (strcmp(w, other[i].w) == 0) {
			out->kind = other[i].k;
			out->value = 0;
			return 0;
		}
	return -1;
}

/* Splits s into words.  Separators are runs of spaces, or one '-' alone
 * (which only joins tens and units; the grammar checks where). */
static int split_words(const char *s, struct word *w, int *n)
{
	*n = 0;
	int hyphen = 0, first = 1;
	while (*s) {
		if (*s == ' ' || *s == '\t') {
			if (hyphen)
				return -1;
			s++;
			continue;
		}
		if (*s == '-') {
			/* "seventy-two" only: no spaces around, not first. */
			if (first || hyphen || s[-1] == ' ' || s[-1] == '\t' || !isalpha((unsigned char)s[1]))
				return -1;
			hyphen = 1;
			s++;
			continue;
		}
		char tmp[16];
		size_t len = 0;
		while (isalpha((unsigned char)*s)) {
			if (len + 1 >= sizeof tmp)
				return -1;
			tmp[len++] = (char)tolower((unsigned char)*s);
			s++;
		}
		if (len == 0 || *n >= MAX_WORDS)
			return -1;
		tmp[len] = 0;
		if (classify(tmp, &w[*n]) < 0)
			return -1;
		w[*n].hyphen_before = hyphen;
		(*n)++;
		hyphen = 0;
		first = 0;
	}
	return *n && !hyphen ? 0 : -1;
}

/* Below a hundred: "seven", "twelve", "forty", "forty-two", "forty two". */
static int parse_tens(const struct word *w, int n, int *i, int *value)
{
	if (*i >= n || w[*i].hyphen_before)
		return -1;
	switch (w[*i].kind) {
	case W_UNIT:
	case W_TEEN:
		*value = w[(*i)++].value;
		return 0;
	case W_TENS:
		*value = w[(*i)++].value;
		if (*i < n && w[*i].kind == W_UNIT)
			*value += w[(*i)++].value;
		return 0;
	default:
		return -1;
	}
}

/* 1..999: "[unit hundred [and]] [tens]". */
static int parse_group(const struct word *w, int n, int *i, int *value, int *hundreds)
{
	*hundreds = 0;
	if (*i + 1 < n && w[*i].kind == W_UNIT && !w[*i].hyphen_before &&
	    w[*i + 1].kind == W_HUNDRED && !w[*i + 1].hyphen_before) {
		*value = w[*i].value * 100;
		*hundreds = 1;
		*i += 2;
		int and = *i < n && w[*i].kind == W_AND;
		if (and)
			(*i)++;
		int rest;
		if (*i < n && parse_tens(w, n, i, &rest) == 0)
			*value += rest;
		else if (and)
			return -1;
		return 0;
	}
	return parse_tens(w, n, i, value);
}

int tut_parse_num_words(const char *s, int64_t *n)
{
	struct word w[MAX_WORDS];
	int nw;
	if (!s || split_words(s, w, &nw) < 0)
		return -1;
	if (w[0].kind == W_ZERO) {
		if (nw != 1)
			return -1;
		if (n)
			*n = 0;
		return 0;
	}
	int64_t total = 0, last_scale = 1000000000;
	int i = 0;
	while (i < nw) {
		/* "one thousand and five": "and" after a scale word, then a
		 * group below a hundred that ends the number. */
		int and = 0;
		if (w[i].kind == W_AND) {
			if (last_scale > 1000000 || i == 0)
				return -1;
			and = 1;
			i++;
		}
		int g, hundreds;
		if (parse_group(w, nw, &i, &g, &hundreds) < 0 || (and && hundreds))
			return -1;
		if (!and && i < nw && w[i].kind == W_MILLION && last_scale > 1000000) {
			total += (int64_t)g * 1000000;
			last_scale = 1000000;
			i++;
		} else if (!and && i < nw && w[i].kind == W_THOUSAND && last_scale > 1000) {
			total += (int64_t)g * 1000;
			last_scale = 1000;
			i++;
		} else {
			total += g;
			if (i != nw)
				return -1;
		}
	}
	if (n)
		*n = total;
	return 0;
}
