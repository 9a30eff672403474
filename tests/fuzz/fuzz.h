/* fuzz.h: what the fuzzing harnesses share.
 *
 * Each harness defines LLVMFuzzerTestOneInput (and may define
 * LLVMFuzzerInitialize).  Linked with clang's libFuzzer it is a fuzzer
 * (configure --enable-fuzzing, make fuzz); linked with replay.c it runs
 * the files it is given once each, which is how `make check` replays the
 * seed corpora and every crash ever found (tests/fuzz/README.md).
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A property of the program failed: say which, with the input's size, and
 * abort (libFuzzer then saves the input; replay exits non-zero). */
#define FUZZ_ASSERT(cond, ...) \
	do { if (!(cond)) fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); } while (0)
_Noreturn void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A page-aligned copy of the input, as a mapped file would be (free()). */
void *fuzz_page_copy(const uint8_t *data, size_t size);
/* The input as a NUL-terminated string (free()). */
char *fuzz_string(const uint8_t *data, size_t size);

/* A private directory for this process, removed at exit. */
const char *fuzz_dir(void);
/* Writes the input to `rel` under fuzz_dir() (replacing it); its path. */
const char *fuzz_write(const char *rel, const uint8_t *data, size_t size);

/* The shipped model, opened once (aborts if it cannot be). */
const struct tlm_model *fuzz_shipped_model(void);
/* A tiny random int8 model, for running the engine fast. */
const struct tlm_model *fuzz_tiny_model(void);

/* Checks that a message names the file it is about ("PATH:" at its
 * start) and is one non-empty line. */
void fuzz_check_message(const char *msg, const char *path);

#endif
