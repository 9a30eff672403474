/* text.c: display width and line breaking for the screen, by libunistring.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Chinese characters take two columns and may break between any two of
 * them; English breaks at spaces and hyphens.  Counting bytes or code points
 * gets both wrong, so every width and break here comes from the Unicode
 * tables in libunistring (uc_width, UAX #14 line breaking).
 */
#include <config.h>

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <uniwidth.h>
#include <unilbrk.h>

#include "ui/internal.h"

int ui_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

/* The character at s (n bytes left): its code point and length; invalid
 * bytes come back as U+FFFD, one byte long. */
static int next_char(const char *s, size_t n, ucs4_t *uc)
{
	int len = u8_mbtouc(uc, (const uint8_t *)s, n);
	return len > 0 ? len : 1;
}

static int char_width(ucs4_t uc)
{
	int w = uc_width(uc, "UTF-8");
	return w < 0 ? 1 : w;   /* control characters are drawn as '?' */
}

int ui_width(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n;) {
		ucs4_t uc;
		int len = next_char(s + i, n - i, &uc);
		if (uc == '\n')
			break;
		w += char_width(uc);
		i += (size_t)len;
	}
	return w;
}

size_t ui_fit(const char *s, size_t n, int width)
{
	int w = 0;
	size_t i = 0;
	while (i < n) {
		ucs4_t uc;
		int len = next_char(s + i, n - i, &uc);
		int cw = char_width(uc);
		if (uc == '\n' || w + cw > width)
			break;
		w += cw;
		i += (size_t)len;
	}
	return i;
}

/* Wraps one paragraph (no '\n') starting at byte `base` of the text. */
static int wrap_para(const char *s, size_t n, int base, int width, struct ui_row *rows,
		     int cap, int count)
{
	if (n == 0) {
		if (count < cap)
			rows[count] = (struct ui_row){ base, 0, 0 };
		return count + 1;
	}
	char *brk = malloc(n);
	if (brk)
		u8_possible_linebreaks((const uint8_t *)s, n, "UTF-8", brk);
	size_t start = 0, i = 0, last_brk = 0;
	int w = 0, w_at_brk = 0;
	while (i < n) {
		ucs4_t uc;
		int len = next_char(s + i, n - i, &uc);
		int cw = char_width(uc);
		if (i > start && brk && brk[i] == UC_BREAK_POSSIBLE) {
			last_brk = i;
			w_at_brk = w;
		}
		if (w + cw > width && i > start) {
			/* Break at the last opportunity on this row, or between
			 * characters when a word fills the whole row. */
			size_t cut = last_brk > start ? last_brk : i;
			int cw_row = last_brk > start ? w_at_brk : w;
			size_t end = cut;
			while (end > start && s[end - 1] == ' ') {   /* spaces hang */
				end--;
				cw_row--;
			}
			if (count < cap)
				rows[count] = (struct ui_row){ base + (int)start, (int)(end - start), cw_row };
			count++;
			start = cut;
			while (start < n && s[start] == ' ')
				start++;
			i = start;
			w = 0;
			last_brk = start;
			continue;
		}
		w += cw;
		i += (size_t)len;
	}
	if (start < n || count == 0) {
		size_t end = n;
		int wr = w;
		while (end > start && s[end - 1] == ' ') {
			end--;
			wr--;
		}
		if (count < cap)
			rows[count] = (struct ui_row){ base + (int)start, (int)(end - start), wr };
		count++;
	}
	free(brk);
	return count;
}

int ui_wrap(const char *s, size_t n, int width, struct ui_row *rows, int cap)
{
	if (width < 1)
		width = 1;
	int count = 0;
	size_t p = 0;
	for (;;) {
		const char *nl = memchr(s + p, '\n', n - p);
		size_t end = nl ? (size_t)(nl - s) : n;
		count = wrap_para(s + p, end - p, (int)p, width, rows, cap, count);
		if (!nl)
			break;
		p = end + 1;
	}
	return count;
}

/* ASCII stand-ins for the symbols the reasoning format uses, for terminals
 * that cannot show them. */
static const char *ascii_for(ucs4_t uc)
{
	switch (uc) {
	case 0x00D7: return "x";     /* × */
	case 0x00F7: return "/";     /* ÷ */
	case 0x2212: return "-";     /* − */
	case 0x2713: return "+";     /* ✓ */
	case 0x2717: return "x";     /* ✗ */
	case 0x2022: return "*";     /* • */
	case 0x00B7: return ".";     /* · */
	case 0x2014: case 0x2013: return "-";
	case 0x2018: case 0x2019: return "'";
	case 0x201C: case 0x201D: return "\"";
	case 0x2026: return "...";
	case 0x25B6: return ">";     /* ▶ */
	case 0x2588: return "#";     /* █ */
	case 0x2591: return ".";     /* ░ */
	case 0x2191: return "^";
	case 0x2193: return "v";
	case 0x00B2: return "2";     /* ² */
	default: return "?";
	}
}

size_t ui_clean(const char *s, size_t n, char *out, size_t cap)
{
	if (cap == 0)
		return 0;
	int utf8 = ui_utf8();
	size_t o = 0;
	for (size_t i = 0; i < n && s[i];) {
		ucs4_t uc;
		int len = u8_mbtouc(&uc, (const uint8_t *)s + i, n - i);
		const char *rep = NULL;
		char tmp[8];
		size_t rlen;
		if (len < 1)
			len = 1;
		if (uc < 0x20 || (uc >= 0x7f && uc < 0xa0)) {
			rep = "?";
		} else if (uc < 0x80) {
			tmp[0] = (char)uc;
			tmp[1] = 0;
			rep = tmp;
		} else if (!utf8) {
			rep = ascii_for(uc);
		} else {
			int m = u8_uctomb((uint8_t *)tmp, uc, (int)sizeof tmp - 1);
			tmp[m > 0 ? m : 0] = 0;
			rep = tmp;
		}
		rlen = strlen(rep);
		if (o + rlen >= cap)
			break;
		memcpy(out + o, rep, rlen);
		o += rlen;
		i += (size_t)len;
	}
	out[o] = 0;
	return o;
}
