/* testlib.h: what several test programs share: collecting reports, and a
 * small random model.
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later. */
#ifndef TESTLIB_H
#define TESTLIB_H

#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"

/* Files for tests; each fails the test on error. */
char *tmpdir(void);                         /* a fresh directory (free it) */
void write_file(const char *path, const void *data, size_t n);
char *read_file(const char *path, size_t *len);   /* NUL-terminated; len may be NULL */
void rm_rf(const char *path);               /* even read-only directories */

/* Messages given to a report callback (tut_report_fn), kept in order. */
struct msgs {
	char **v;
	int n, cap;
};

void msgs_add(void *user, const char *msg);   /* a tut_report_fn; user is a struct msgs */
void msgs_free(struct msgs *m);
/* All of m's messages, one per line, for a failure message. */
const char *msgs_text(const struct msgs *m);

/* The small model shape the engine's streaming tests use. */
extern const struct tlm_config small_cfg;
/* A random int8 model of small_cfg from `seed`, opened from memory (free
 * *img after closing it); kernels selected.  Fails the test on error. */
struct tlm_model *random_model(uint64_t seed, void **img);

#endif
