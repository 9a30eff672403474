/* pane.c: a pane of text paragraphs, each with a mark (right, wrong, not
 * checkable) in a gutter, wrapped to the pane's width when drawn.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Paragraphs keep their whole text, and wrapping happens at every draw, so a
 * resize never loses or garbles what was streamed.  The pane follows the end
 * of the text while it streams unless the student has scrolled back.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "ui/internal.h"

#define MAX_PARAS 512   /* older paragraphs scroll away beyond this */
#define MAX_ROWS 2048

void ui_pane_clear(struct ui_pane *p)
{
	for (int i = 0; i < p->n; i++)
		free(p->p[i].text);
	p->n = 0;
	p->scroll = 0;
	p->dirty = 1;
}

void ui_pane_free(struct ui_pane *p)
{
	ui_pane_clear(p);
	free(p->p);
	p->p = NULL;
	p->cap = 0;
}

static int put_text(struct ui_para *q, const char *text, size_t len, int append)
{
	size_t at = append ? q->len : 0;
	if (at + len + 1 > q->cap) {
		size_t cap = (at + len + 1) * 2;
		char *t = realloc(q->text, cap);
		if (!t)
			return -1;
		q->text = t;
		q->cap = cap;
	}
	memcpy(q->text + at, text, len);
	q->len = at + len;
	q->text[q->len] = 0;
	return 0;
}

int ui_pane_add(struct ui_pane *p, enum ui_style st, enum ui_mark m, const char *text, size_t len)
{
	if (p->n == MAX_PARAS) {   /* drop the oldest */
		free(p->p[0].text);
		memmove(p->p, p->p + 1, sizeof *p->p * (size_t)(p->n - 1));
		p->n--;
	}
	if (p->n == p->cap) {
		int cap = p->cap ? p->cap * 2 : 32;
		struct ui_para *np = realloc(p->p, sizeof *np * (size_t)cap);
		if (!np)
			return -1;
		p->p = np;
		p->cap = cap;
	}
	struct ui_para *q = &p->p[p->n];
	memset(q, 0, sizeof *q);
	q->style = st;
	q->mark = m;
	if (put_text(q, text ? text : "", text ? len : 0, 0))
		return -1;
	p->dirty = 1;
	return p->n++;
}

void ui_pane_append(struct ui_pane *p, int i, const char *text, size_t len)
{
	if (i < 0 || i >= p->n)
		return;
	put_text(&p->p[i], text, len, 1);
	p->dirty = 1;
}

void ui_pane_set(struct ui_pane *p, int i, const char *text, size_t len, enum ui_mark m)
{
	if (i < 0 || i >= p->n)
		return;
	put_text(&p->p[i], text, len, 0);
	p->p[i].mark = m;
	p->dirty = 1;
}

void ui_pane_scroll(struct ui_pane *p, int rows)
{
	p->scroll += rows;
	if (p->scroll < 0)
		p->scroll = 0;
	p->dirty = 1;
}

static attr_t style_attr(enum ui_style s)
{
	switch (s) {
	case UI_S_GOOD: return ui_attr(UI_C_GOOD);
	case UI_S_BAD: return ui_attr(UI_C_BAD);
	case UI_S_NOTE: return ui_attr(UI_C_NOTE);
	case UI_S_DIM: return ui_attr(UI_C_DIM);
	case UI_S_STRONG: return A_BOLD;
	default: return A_NORMAL;
	}
}

static const char *mark_glyph(enum ui_mark m, attr_t *a)
{
	int u = ui_utf8();
	switch (m) {
	case UI_MARK_RIGHT: *a = ui_attr(UI_C_GOOD); return u ? "\u2713" : "+";
	case UI_MARK_WRONG: *a = ui_attr(UI_C_BAD); return u ? "\u2717" : "x";
	case UI_MARK_UNKNOWN: *a = ui_attr(UI_C_NOTE); return "?";
	default: *a = A_NORMAL; return " ";
	}
}

struct vrow {
	int para;
	struct ui_row r;
	int first;     /* the paragraph's first row carries its mark */
};

void ui_pane_draw(struct ui_pane *p, WINDOW *w)
{
	int h, wd;
	getmaxyx(w, h, wd);
	werase(w);
	wattrset(w, ui_attr(UI_C_TITLE));
	wmove(w, 0, 0);
	for (int x = 0; x < wd; x++)
		waddch(w, ' ');
	wmove(w, 0, 1);
	ui_put(w, p->title, strlen(p->title), wd - 2);
	wattrset(w, A_NORMAL);

	int gut = p->gutter ? 2 : 1;
	int tw = wd - gut - 1;
	if (tw < 1 || h < 2) {
		wnoutrefresh(w);
		p->dirty = 0;
		return;
	}
	/* Wrap everything, keeping only the rows that can be shown. */
	static struct vrow rows[MAX_ROWS];
	struct ui_row tmp[MAX_ROWS];
	int nrows = 0;
	for (int i = 0; i < p->n; i++) {
		int k = ui_wrap(p->p[i].text, p->p[i].len, tw, tmp, MAX_ROWS);
		if (k > MAX_ROWS)
			k = MAX_ROWS;
		for (int j = 0; j < k; j++) {
			if (nrows == MAX_ROWS) {   /* keep the newest rows */
				memmove(rows, rows + 1, sizeof *rows * (MAX_ROWS - 1));
				nrows--;
			}
			rows[nrows++] = (struct vrow){ i, tmp[j], j == 0 };
		}
	}
	int view = h - 1;
	int max_scroll = nrows > view ? nrows - view : 0;
	if (p->scroll > max_scroll)
		p->scroll = max_scroll;
	int first = nrows - view - p->scroll;
	if (first < 0)
		first = 0;
	for (int y = 0; y < view && first + y < nrows; y++) {
		const struct vrow *v = &rows[first + y];
		const struct ui_para *q = &p->p[v->para];
		wmove(w, y + 1, 0);
		if (p->gutter && v->first) {
			attr_t a;
			const char *g = mark_glyph(q->mark, &a);
			wattrset(w, a);
			waddstr(w, g);
			wattrset(w, A_NORMAL);
		}
		wmove(w, y + 1, gut);
		wattrset(w, style_attr(q->style));
		ui_put(w, q->text + v->r.off, (size_t)v->r.len, tw);
		wattrset(w, A_NORMAL);
	}
	if (p->scroll > 0) {   /* say that there is more below */
		wmove(w, 0, wd - 4);
		wattrset(w, ui_attr(UI_C_TITLE));
		waddstr(w, ui_utf8() ? " \u2193 " : " v ");
		wattrset(w, A_NORMAL);
	}
	wnoutrefresh(w);
	p->dirty = 0;
}
