/* internal.h: what the engine's files share with each other (and with the
 * engine's own tests).  Not part of the API: callers use engine.h.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#ifndef TLM_INTERNAL_H
#define TLM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"

#define TLM_MAGIC "TinyLLM\x1a"
#define TLM_VERSION 1
#define TLM_HEADER_SIZE 128
#define TLM_TENSOR_ENTRY 64
#define TLM_ALIGN 64
#define TLM_TOK_HEADER 16

enum { TLM_TYPE_F32 = 0, TLM_TYPE_Q8 = 1 };

/* Little-endian readers and writers, whatever the host. */
static inline uint32_t tlm_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint16_t tlm_rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint64_t tlm_rd64(const uint8_t *p)
{
	return (uint64_t)tlm_rd32(p) | (uint64_t)tlm_rd32(p + 4) << 32;
}
static inline void tlm_wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}
static inline void tlm_wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8);
}
static inline void tlm_wr64(uint8_t *p, uint64_t v)
{
	tlm_wr32(p, (uint32_t)v); tlm_wr32(p + 4, (uint32_t)(v >> 32));
}

/* CRC-32 by folding (crc32_clmul.c, x86 with PCLMULQDQ): the register
 * after len >= 64 bytes; sets *done to the bytes consumed (a multiple of
 * 16), leaving the rest to the table code. */
uint32_t tlm_crc32_fold(uint32_t reg, const unsigned char *p, size_t len, size_t *done);

/* ---- Tokenizer (tokenizer.c) ---- */

struct tlm_merge_slot {       /* open-addressing hash of (left, right) */
	uint32_t left, right;
	uint32_t rank;        /* priority: lower merges first */
	uint32_t result;      /* UINT32_MAX: empty slot */
};

struct tlm_tokenizer {
	int n_tokens;
	int n_merges;
	int max_token_len;
	const uint8_t **tok_bytes;     /* per token: its bytes inside the section */
	uint16_t *tok_len;
	uint8_t *tok_kind;             /* 0 merged, 1 byte, 2 role */
	int byte_token[256];
	int special[TLM_N_SPECIAL];
	struct tlm_merge_slot *slots;  /* power-of-two table */
	uint32_t slot_mask;
};

/* Parses and validates a tokenizer section (doc/model-format.md) that
 * stays mapped for the tokenizer's life.  `name` is the file, for
 * messages, and `base` the section's offset in it. */
int tlm_tokenizer_load(struct tlm_tokenizer *t, const uint8_t *sec, size_t size,
		       int vocab_size, const char *name, uint64_t base,
		       char *err, size_t errlen);
void tlm_tokenizer_free(struct tlm_tokenizer *t);

/* Encoding and decoding on a loaded tokenizer (engine.h's tlm_tokenize etc.
 * call these). */
int tlm_tokenizer_encode(const struct tlm_tokenizer *t, const char *text, size_t len,
			 int *ids, int cap);

/* Writes a valid, deterministic tokenizer section of exactly `vocab_size`
 * tokens (bytes, the four role tokens, and merges of common English letter
 * groups) into `out` when `cap` is large enough.  Returns the section's
 * size, or 0 if vocab_size < 260 or is too large to fill. */
size_t tlm_tokenizer_synth(int vocab_size, uint8_t *out, size_t cap);

/* ---- Model (model.c) ---- */

struct tlm_tensor {
	int type;              /* TLM_TYPE_F32 or TLM_TYPE_Q8 */
	int rows, cols;
	const void *data;      /* float[rows*cols] or int8_t[rows*cols] */
	const float *scales;   /* Q8: rows * cols / group_size */
	float *row_bias;       /* Q8: -128 * sum_g scale_g * sum(q_g) per row, made
				  on demand by kernels that add 128 to the input */
};

struct tlm_layer {
	const float *attn_norm, *ffn_norm;
	struct tlm_tensor wqkv, wo, w13, w2;
};

struct tlm_model {
	struct tlm_config cfg;
	char *name;
	const uint8_t *base;   /* the file image */
	size_t size;
	int mapped;            /* 1: munmap on close */
	uint8_t *own;          /* the image converted to host order (freed on close), or NULL */
	struct tlm_tensor embed;
	const float *final_norm;
	struct tlm_layer *layers;
	struct tlm_tokenizer tok;
	long long n_params;
};

/* Opens a copy of a .tlm image whose floats are converted to the host's
 * byte order: big-endian hosts read every model this way (the file is
 * little-endian); `swap` says whether floats need swapping, so that the
 * conversion can be tested on any host. */
int tlm_model_open_converted(const void *data, size_t size, const char *name, int swap,
			     struct tlm_model **out, char *err, size_t errlen);

/* The model a context runs (forward.c). */
const struct tlm_model *tlm_ctx_model(const struct tlm_ctx *c);

/* Computes every Q8 tensor's row_bias once, with the current kernels'
 * row_bias function. */
int tlm_model_need_bias(const struct tlm_model *m);

/* Builds a .tlm image from a config, seeded random weights and the given
 * tokenizer section (or a synthetic one when tok is NULL). */
void *tlm_build_image(const struct tlm_config *c, uint64_t seed,
		      const uint8_t *tok, size_t tok_size, size_t *size,
		      char *err, size_t errlen);

#endif
