/* ui.h: the whole public API of TinyLLM's user interface: the ncurses
 * tutor and its plain-text twin for screen readers and scripts.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * The interface is the only part of the program that draws.  It drives the
 * tutor (lessons, grading, the coach) and never grades anything itself.
 */
#ifndef UI_UI_H
#define UI_UI_H

#include <stdint.h>

#include "tutor/tutor.h"

struct ui_config {
	const struct tut_bank *bank;      /* the lessons (at least one) */
	struct tlm_ctx *ctx;              /* the model, or NULL (help then comes */
	const struct tlm_model *model;    /* from the solvers alone) */
	const char *model_problem;        /* why there is no model, or NULL */
	const char *data_dir;             /* profiles live here */
	const char *state_dir;            /* input history; NULL: none kept */
	const char *profile;              /* chosen on the command line, or NULL */
	const char *lesson;               /* start in this lesson, or NULL */
	uint64_t seed;                    /* for generated exercises */
	/* Test hooks (tinyllm(1), TESTING): a reasoning text streamed in place
	 * of the model's, its pace, and a file for timing figures. */
	const char *script;
	int script_delay_ms;
	const char *trace_path;
};

/* The full-screen tutor.  Returns the program's exit status. */
int ui_tutor(const struct ui_config *c);

/* Whether this terminal can show the full screen (a terminal on both ends,
 * a known TERM that can move its cursor); if not, `err` says why. */
int ui_term_usable(char *err, size_t errlen);

/* The same practice loop as plain lines of text on stdin and stdout. */
int ui_plain(const struct ui_config *c);

#endif
