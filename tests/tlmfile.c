/* tlmfile.c: hand-built model-file pieces for the engine's tests.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tlmfile.h"

const char *const tf_role_names[4] = {
	"<|question|>", "<|reasoning|>", "<|answer|>", "<|end|>"
};

void tf_buf_free(struct tf_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static void reserve(struct tf_buf *b, size_t n)
{
	if (b->cap - b->len >= n)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap - b->len < n)
		cap *= 2;
	uint8_t *p = realloc(b->data, cap);
	if (!p) {
		fprintf(stderr, "tlmfile: out of memory\n");
		abort();
	}
	b->data = p;
	b->cap = cap;
}

void tf_put_bytes(struct tf_buf *b, const void *p, size_t n)
{
	reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
}

void tf_put_zeros(struct tf_buf *b, size_t n)
{
	reserve(b, n);
	memset(b->data + b->len, 0, n);
	b->len += n;
}

void tf_put8(struct tf_buf *b, uint8_t v)
{
	tf_put_bytes(b, &v, 1);
}

void tf_put16(struct tf_buf *b, uint16_t v)
{
	uint8_t p[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
	tf_put_bytes(b, p, 2);
}

void tf_put32(struct tf_buf *b, uint32_t v)
{
	tf_put16(b, (uint16_t)v);
	tf_put16(b, (uint16_t)(v >> 16));
}

void tf_put64(struct tf_buf *b, uint64_t v)
{
	tf_put32(b, (uint32_t)v);
	tf_put32(b, (uint32_t)(v >> 32));
}

void tf_putf32(struct tf_buf *b, float v)
{
	uint32_t u;
	memcpy(&u, &v, 4);
	tf_put32(b, u);
}

/* The tokens of a section being built, as C strings (merged tokens hold no
 * NUL in tests; byte tokens are found by value). */
struct toks {
	char **str;
	int n_merged;
	int first_merged;
};

static int find_token(const struct toks *t, const char *s)
{
	if (strlen(s) == 1)
		return (unsigned char)s[0];
	for (int i = 0; i < t->n_merged; i++)
		if (!strcmp(t->str[i], s))
			return t->first_merged + i;
	return -1;
}

static void put_token(struct tf_buf *b, int kind, const void *p, size_t n)
{
	tf_put8(b, (uint8_t)kind);
	tf_put8(b, 0);
	tf_put16(b, (uint16_t)n);
	tf_put_bytes(b, p, n);
}

size_t tf_tok_section(struct tf_buf *b, const char *const *roles, int n_roles,
		      const struct tf_pair *pairs, int n_pairs)
{
	struct toks t = { calloc((size_t)n_pairs + 1, sizeof(char *)), 0, 0 };
	struct tf_buf merges = { 0 };
	size_t start = b->len, longest = 1;
	int ok = 1;

	if (!roles) {
		roles = tf_role_names;
		n_roles = 4;
	}
	t.first_merged = 256 + n_roles;
	for (int i = 0; i < n_pairs && ok; i++) {
		int l = find_token(&t, pairs[i].left), r = find_token(&t, pairs[i].right);
		size_t n = strlen(pairs[i].left) + strlen(pairs[i].right);
		ok = l >= 0 && r >= 0 && (t.str[i] = malloc(n + 1)) != NULL;
		if (!ok)
			break;
		snprintf(t.str[i], n + 1, "%s%s", pairs[i].left, pairs[i].right);
		t.n_merged++;
		tf_put32(&merges, (uint32_t)l);
		tf_put32(&merges, (uint32_t)r);
		tf_put32(&merges, (uint32_t)(t.first_merged + i));
	}
	if (ok) {
		for (int i = 0; i < n_roles; i++)
			longest = strlen(roles[i]) > longest ? strlen(roles[i]) : longest;
		for (int i = 0; i < n_pairs; i++)
			longest = strlen(t.str[i]) > longest ? strlen(t.str[i]) : longest;
		tf_put32(b, (uint32_t)(256 + n_roles + n_pairs));
		tf_put32(b, (uint32_t)n_pairs);
		tf_put32(b, (uint32_t)longest);
		tf_put32(b, 0);
		for (int i = 0; i < 256; i++) {
			uint8_t c = (uint8_t)i;
			put_token(b, 1, &c, 1);
		}
		for (int i = 0; i < n_roles; i++)
			put_token(b, 2, roles[i], strlen(roles[i]));
		for (int i = 0; i < n_pairs; i++)
			put_token(b, 0, t.str[i], strlen(t.str[i]));
		tf_put_bytes(b, merges.data, merges.len);
	}
	for (int i = 0; i < t.n_merged; i++)
		free(t.str[i]);
	free(t.str);
	tf_buf_free(&merges);
	return ok ? b->len - start : 0;
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

size_t tf_tok_record(const uint8_t *sec, int i)
{
	size_t off = 16;

	for (int k = 0; k < i; k++)
		off += 4 + (size_t)(sec[off + 2] | sec[off + 3] << 8);
	return off;
}

size_t tf_tok_merges(const uint8_t *sec)
{
	return tf_tok_record(sec, (int)rd32(sec));
}
