/* testlib.c: what several test programs share (testlib.h).
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later. */
#include <config.h>

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testlib.h"

/* ---- Files ---- */

char *tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[512];
	snprintf(tmpl, sizeof tmpl, "%s/tinyllm-check.XXXXXX", base && *base ? base : "/tmp");
	char *d = mkdtemp(tmpl);
	ck_assert_msg(d != NULL, "mkdtemp: %s", strerror(errno));
	return strdup(d);
}

void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	size_t k;
	while ((k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += k;
		if (n + 1 == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	buf[n] = 0;
	if (len)
		*len = n;
	return buf;
}

void rm_rf(const char *path)
{
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		chmod(path, 0700);
		DIR *d = opendir(path);
		if (d) {
			struct dirent *de;
			while ((de = readdir(d))) {
				if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
					continue;
				char sub[2048];
				snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
				rm_rf(sub);
			}
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}


void msgs_add(void *user, const char *msg)
{
	struct msgs *m = user;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->v = realloc(m->v, sizeof *m->v * (size_t)m->cap);
		ck_assert_ptr_nonnull(m->v);
	}
	m->v[m->n] = strdup(msg);
	ck_assert_ptr_nonnull(m->v[m->n]);
	m->n++;
}

void msgs_free(struct msgs *m)
{
	for (int i = 0; i < m->n; i++)
		free(m->v[i]);
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

const char *msgs_text(const struct msgs *m)
{
	static char buf[4096];
	size_t w = 0;
	buf[0] = 0;
	for (int i = 0; i < m->n && w + 2 < sizeof buf; i++) {
		int k = snprintf(buf + w, sizeof buf - w, "\n  %s", m->v[i]);
		if (k < 0)
			break;
		w += (size_t)k;
	}
	return buf;
}

const struct tlm_config small_cfg = {
	.dim = 64, .n_layers = 2, .n_heads = 4, .n_kv_heads = 4, .hidden_dim = 96,
	.vocab_size = 400, .max_seq_len = 128, .group_size = 32, .quantized = 1,
	.rope_theta = 10000.0f, .norm_eps = 1e-5f,
};

struct tlm_model *random_model(uint64_t seed, void **img)
{
	char err[TLM_ERRLEN];
	size_t size;
	struct tlm_model *m = NULL;
	*img = tlm_random_image(&small_cfg, seed, &size, err, sizeof err);
	ck_assert_msg(*img != NULL, "%s", err);
	ck_assert_msg(tlm_model_open_memory(*img, size, "random", &m, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(tlm_kernel_select(TLM_KERNEL_AUTO, err, sizeof err), 0);
	return m;
}
