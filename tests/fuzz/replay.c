/* replay.c: a harness without libFuzzer: runs each file named on the
 * command line (or each file in each directory named) through
 * LLVMFuzzerTestOneInput once.  `make check` uses it to replay the seed
 * corpora and the crashes found so far; a property that fails aborts.
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return 1;
	}
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			fprintf(stderr, "replay: %s: out of memory\n", path);
			fclose(f);
			return 1;
		}
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		uint8_t *bigger = realloc(buf, cap *= 2);
		if (!bigger)
			free(buf);
		buf = bigger;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		fprintf(stderr, "replay: %s: read error\n", path);
		free(buf);
		return 1;
	}
	/* an exact-size copy, so that reading past the input is caught */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact) {
		free(buf);
		return 1;
	}
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path, int *count)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		++*count;
		return run_file(path);
	}
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return 1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **more = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
			if (!more) {
				rc = 1;
				break;
			}
			names = more;
		}
		size_t len = strlen(path) + strlen(e->d_name) + 2;
		if (!(names[n] = malloc(len))) {
			rc = 1;
			break;
		}
		snprintf(names[n++], len, "%s/%s", path, e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp);   /* the same order every run */
	for (size_t i = 0; i < n; i++) {
		if (!rc)
			rc = run_path(names[i], count);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* Without arguments: the harness's own seeds and crashes (FUZZ_SEEDS,
 * folders under tests/fuzz/; those not made yet are skipped). */
static int run_defaults(int *count)
{
	char list[] = FUZZ_SEEDS, path[4096];
	struct stat st;
	int rc = 0;
	for (char *save, *d = strtok_r(list, ":", &save); d && !rc; d = strtok_r(NULL, ":", &save)) {
		snprintf(path, sizeof path, "%s/tests/fuzz/%s", FUZZ_TOP, d);
		if (stat(path, &st) == 0)
			rc = run_path(path, count);
	}
	return rc;
}

int main(int argc, char **argv)
{
	int count = 0, rc = 0;
	LLVMFuzzerInitialize(&argc, &argv);
	if (argc == 1)
		rc = run_defaults(&count);
	for (int i = 1; i < argc && !rc; i++)
		rc = run_path(argv[i], &count);
	if (!rc && count == 0) {
		fprintf(stderr, "%s: no inputs found\n", argv[0]);
		return 1;
	}
	printf("%s: %d inputs%s\n", argv[0], count, rc ? ", stopped by an error" : ", no failure");
	return rc;
}
