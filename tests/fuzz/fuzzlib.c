/* fuzzlib.c: helpers for the fuzzing harnesses (fuzz.h).
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%d: property failed: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void *fuzz_page_copy(const uint8_t *data, size_t size)
{
	void *p = NULL;
	if (posix_memalign(&p, 4096, size ? size : 1))
		fuzz_fail(__FILE__, __LINE__, "posix_memalign", "out of memory for %zu bytes", size);
	if (size)
		memcpy(p, data, size);
	return p;
}

char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		fuzz_fail(__FILE__, __LINE__, "malloc", "out of memory for %zu bytes", size);
	if (size)
		memcpy(s, data, size);
	s[size] = 0;
	return s;
}

static char dir[256];

static void remove_dir(void)
{
	char cmd[300];
	/* only our own mkdtemp directory, whose name has no quote */
	if (dir[0] && !strchr(dir, '\'')) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "fuzz: could not remove %s\n", dir);
	}
}

const char *fuzz_dir(void)
{
	if (dir[0])
		return dir;
	/* tmpfs when there is one: the lesson and progress harnesses write a
	 * file for every input */
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/tinyllm-fuzz.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(dir))
		fuzz_fail(__FILE__, __LINE__, "mkdtemp", "%s: %s", dir, strerror(errno));
	atexit(remove_dir);
	return dir;
}

const char *fuzz_write(const char *rel, const uint8_t *data, size_t size)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), rel);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		fuzz_fail(__FILE__, __LINE__, "open", "%s: %s", path, strerror(errno));
	size_t off = 0;
	while (off < size) {
		ssize_t k = write(fd, data + off, size - off);
		if (k <= 0)
			fuzz_fail(__FILE__, __LINE__, "write", "%s: %s", path, strerror(errno));
		off += (size_t)k;
	}
	close(fd);
	return path;
}

const struct tlm_model *fuzz_shipped_model(void)
{
	static struct tlm_model *m;
	char err[TLM_ERRLEN];
	if (!m) {
		const char *path = getenv("TINYLLM_MODEL");
		if (!path || !*path)
			path = MODELFILE;
		if (tlm_kernel_select(TLM_KERNEL_AUTO, err, sizeof err) ||
		    tlm_model_open(path, &m, err, sizeof err))
			fuzz_fail(__FILE__, __LINE__, "tlm_model_open", "%s", err);
	}
	return m;
}

const struct tlm_model *fuzz_tiny_model(void)
{
	static const struct tlm_config tiny = {
		.dim = 32, .n_layers = 1, .n_heads = 2, .n_kv_heads = 1, .hidden_dim = 64,
		.vocab_size = 300, .max_seq_len = 96, .group_size = 32, .quantized = 1,
		.rope_theta = 10000.0f, .norm_eps = 1e-5f,
	};
	static struct tlm_model *m;
	char err[TLM_ERRLEN];
	if (!m) {
		size_t size;
		void *img = tlm_random_image(&tiny, 11, &size, err, sizeof err);
		if (!img || tlm_kernel_select(TLM_KERNEL_AUTO, err, sizeof err) ||
		    tlm_model_open_memory(img, size, "tiny", &m, err, sizeof err))
			fuzz_fail(__FILE__, __LINE__, "tiny model", "%s", err);
		/* the image lives as long as the process, like the model */
	}
	return m;
}

void fuzz_check_message(const char *msg, const char *path)
{
	size_t n = strlen(path);
	FUZZ_ASSERT(msg && strncmp(msg, path, n) == 0 && msg[n] == ':',
		    "message does not start with '%s:': %s", path, msg ? msg : "(null)");
	FUZZ_ASSERT(msg[n + 1] != 0 && !strchr(msg, '\n'), "empty or multi-line message: %s", msg);
}
