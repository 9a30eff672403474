/* random_model.c: complete model images with seeded random weights, for
 * benchmarks (`tinyllm bench --random`) and tests.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * The image goes through the same loader as a real file, so a benchmark of a
 * random model measures exactly the code a real model runs.
 */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/internal.h"

static uint64_t next(uint64_t *s)
{
	/* xorshift64*: fast, and the same stream on every host. */
	uint64_t x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static float uniform(uint64_t *s)
{
	return (float)((next(s) >> 40) * (1.0 / 16777216.0)) * 2.0f - 1.0f;
}

static uint64_t align(uint64_t v)
{
	return (v + TLM_ALIGN - 1) / TLM_ALIGN * TLM_ALIGN;
}

static void wrf32(uint8_t *p, float f)
{
	uint32_t u;
	memcpy(&u, &f, sizeof u);
	tlm_wr32(p, u);
}

struct spec {
	char name[32];
	int rows, cols, is_norm;
	uint64_t doff, soff;
};

static void fill(uint8_t *img, const struct spec *t, int quant, int gs, uint64_t *rng)
{
	const size_t n = (size_t)t->rows * t->cols;
	/* Uniform with the variance of a 1/sqrt(cols) initialisation keeps
	 * activations in a realistic range through the layers. */
	const float amp = t->is_norm ? 0.0f : 1.7f / sqrtf((float)t->cols);

	if (t->is_norm) {
		for (size_t i = 0; i < n; i++)
			wrf32(img + t->doff + 4 * i, 1.0f + 0.1f * uniform(rng));
		return;
	}
	if (!quant) {
		for (size_t i = 0; i < n; i++)
			wrf32(img + t->doff + 4 * i, amp * uniform(rng));
		return;
	}
	float *g = malloc((size_t)gs * sizeof *g);
	if (!g)
		return;
	for (size_t i = 0; i < n / (size_t)gs; i++) {
		float amax = 0.0f;
		for (int k = 0; k < gs; k++) {
			g[k] = amp * uniform(rng);
			amax = fabsf(g[k]) > amax ? fabsf(g[k]) : amax;
		}
		float scale = amax / 127.0f;
		for (int k = 0; k < gs; k++) {
			long q = scale > 0.0f ? lrintf(g[k] / scale) : 0;
			img[t->doff + i * (size_t)gs + (size_t)k] = (uint8_t)(int8_t)(q > 127 ? 127 : q < -127 ? -127 : q);
		}
		wrf32(img + t->soff + 4 * i, scale);
	}
	free(g);
}

void *tlm_build_image(const struct tlm_config *c, uint64_t seed,
		      const uint8_t *tok, size_t tok_size, size_t *size,
		      char *err, size_t errlen)
{
	const int nt = 2 + 6 * c->n_layers, gs = c->quantized ? c->group_size : 0;
	const int hd = c->dim / c->n_heads;
	const int qkv = (c->n_heads + 2 * c->n_kv_heads) * hd;
	struct spec *t = calloc((size_t)nt, sizeof *t);
	uint8_t *synth = NULL, *img = NULL;
	uint64_t off, rng = seed * 0x9E3779B97F4A7C15ULL + 1;

	if (!t)
		goto oom;
	if (!tok) {
		tok_size = tlm_tokenizer_synth(c->vocab_size, NULL, 0);
		if (!tok_size) {
			snprintf(err, errlen, "cannot make a tokenizer of %d tokens", c->vocab_size);
			goto fail;
		}
		if (!(synth = malloc(tok_size)))
			goto oom;
		tlm_tokenizer_synth(c->vocab_size, synth, tok_size);
		tok = synth;
	}
	snprintf(t[0].name, 32, "tok_embeddings"); t[0].rows = c->vocab_size; t[0].cols = c->dim;
	snprintf(t[1].name, 32, "norm"); t[1].rows = 1; t[1].cols = c->dim; t[1].is_norm = 1;
	for (int l = 0; l < c->n_layers; l++) {
		struct spec *s = t + 2 + 6 * l;
		snprintf(s[0].name, 32, "layers.%d.attn_norm", l); s[0].rows = 1; s[0].cols = c->dim; s[0].is_norm = 1;
		snprintf(s[1].name, 32, "layers.%d.wqkv", l); s[1].rows = qkv; s[1].cols = c->dim;
		snprintf(s[2].name, 32, "layers.%d.wo", l); s[2].rows = c->dim; s[2].cols = c->n_heads * hd;
		snprintf(s[3].name, 32, "layers.%d.ffn_norm", l); s[3].rows = 1; s[3].cols = c->dim; s[3].is_norm = 1;
		snprintf(s[4].name, 32, "layers.%d.w13", l); s[4].rows = 2 * c->hidden_dim; s[4].cols = c->dim;
		snprintf(s[5].name, 32, "layers.%d.w2", l); s[5].rows = c->dim; s[5].cols = c->hidden_dim;
	}
	off = TLM_HEADER_SIZE + (uint64_t)nt * TLM_TENSOR_ENTRY;
	for (int i = 0; i < nt; i++) {
		uint64_t n = (uint64_t)t[i].rows * t[i].cols;
		int q = gs && !t[i].is_norm;
		t[i].doff = off = align(off);
		off += q ? n : 4 * n;
		if (q) {
			t[i].soff = off = align(off);
			off += n / (uint64_t)gs * 4;
		}
	}
	uint64_t tok_off = off;
	*size = (size_t)(off + tok_size);
	/* Page-aligned like a mapped file, so the tensors' 64-byte
	 * alignment is real. */
	if (!(img = aligned_alloc(4096, (*size + 4095) / 4096 * 4096)))
		goto oom;
	memset(img, 0, *size);

	memcpy(img, TLM_MAGIC, 8);
	tlm_wr32(img + 8, TLM_VERSION);
	tlm_wr32(img + 12, TLM_HEADER_SIZE);
	tlm_wr32(img + 16, (uint32_t)c->dim);
	tlm_wr32(img + 20, (uint32_t)c->n_layers);
	tlm_wr32(img + 24, (uint32_t)c->n_heads);
	tlm_wr32(img + 28, (uint32_t)c->n_kv_heads);
	tlm_wr32(img + 32, (uint32_t)c->hidden_dim);
	tlm_wr32(img + 36, (uint32_t)c->vocab_size);
	tlm_wr32(img + 40, (uint32_t)c->max_seq_len);
	tlm_wr32(img + 44, (uint32_t)gs);
	wrf32(img + 48, c->rope_theta > 0 ? c->rope_theta : 10000.0f);
	wrf32(img + 52, c->norm_eps > 0 ? c->norm_eps : 1e-5f);
	tlm_wr32(img + 56, (uint32_t)nt);
	tlm_wr64(img + 64, TLM_HEADER_SIZE);
	tlm_wr64(img + 72, tok_off);
	tlm_wr64(img + 80, tok_size);
	tlm_wr64(img + 88, *size);
	for (int i = 0; i < nt; i++) {
		uint8_t *e = img + TLM_HEADER_SIZE + (size_t)i * TLM_TENSOR_ENTRY;
		memcpy(e, t[i].name, strlen(t[i].name));
		tlm_wr32(e + 32, gs && !t[i].is_norm ? TLM_TYPE_Q8 : TLM_TYPE_F32);
		tlm_wr32(e + 36, (uint32_t)t[i].rows);
		tlm_wr32(e + 40, (uint32_t)t[i].cols);
		tlm_wr64(e + 48, t[i].doff);
		tlm_wr64(e + 56, t[i].soff);
		fill(img, &t[i], gs && !t[i].is_norm, gs, &rng);
	}
	memcpy(img + tok_off, tok, tok_size);
	tlm_wr32(img + 96, tlm_crc32(0, img, *size));
	free(t);
	free(synth);
	return img;
oom:
	snprintf(err, errlen, "out of memory building a model image");
fail:
	free(t);
	free(synth);
	free(img);
	return NULL;
}

void *tlm_random_image(const struct tlm_config *c, uint64_t seed, size_t *size,
		       char *err, size_t errlen)
{
	return tlm_build_image(c, seed, NULL, 0, size, err, errlen);
}
