/* engine.h: the whole public API of TinyLLM's inference engine.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * The engine runs a small Llama-style transformer stored in a .tlm file
 * (doc/model-format.md).  It knows nothing of lessons or terminals: callers
 * hand it token ids or text and get text back through a callback.
 *
 * Every function that can fail returns 0 on success or -1 on failure and
 * writes a one-line, human-readable message (naming the file where there is
 * one) into the caller's buffer `err` of `errlen` bytes.
 */
#ifndef TLM_ENGINE_H
#define TLM_ENGINE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define TLM_ERRLEN 512

/* ---- Model file ---------------------------------------------------- */

struct tlm_config {
	int dim;          /* model width */
	int n_layers;
	int n_heads;
	int n_kv_heads;   /* n_heads for multi-head, fewer for grouped-query */
	int head_dim;     /* dim / n_heads */
	int hidden_dim;   /* SwiGLU inner width */
	int vocab_size;
	int max_seq_len;  /* context length */
	int group_size;   /* int8 quantization group (0: no int8 tensors) */
	int quantized;    /* 1 when the matrices are int8, 0 when fp32 */
	float rope_theta;
	float norm_eps;
};

struct tlm_model;

/* Maps a .tlm file read-only (shared between processes) and validates every
 * header field, tensor and tokenizer entry, and the checksum. */
int tlm_model_open(const char *path, struct tlm_model **out, char *err, size_t errlen);

/* The same checks on an image already in memory; the image must outlive the
 * model.  `name` is used in messages.  Used by fuzzing and by `bench --random`. */
int tlm_model_open_memory(const void *data, size_t size, const char *name,
			  struct tlm_model **out, char *err, size_t errlen);

void tlm_model_close(struct tlm_model *m);
const struct tlm_config *tlm_model_config(const struct tlm_model *m);
size_t tlm_model_file_size(const struct tlm_model *m);
long long tlm_model_n_params(const struct tlm_model *m);

/* ---- Random models (benchmarks and tests) ---------------------------- */

/* Builds a complete, valid .tlm image in memory with seeded random weights
 * and a synthetic byte-level tokenizer.  `quantized` picks int8 or fp32
 * matrices.  Returns a malloc'd buffer (free with free()) or NULL. */
void *tlm_random_image(const struct tlm_config *c, uint64_t seed, size_t *size,
		       char *err, size_t errlen);

/* ---- Tokenizer -------------------------------------------------------- */

/* Byte-level BPE with byte fallback: any byte string encodes and decodes
 * losslessly.  Every digit 0-9 is its own token.  The role tokens below are
 * never produced from text; callers insert them by id. */
enum tlm_special {
	TLM_TOK_QUESTION,   /* "<|question|>": a question follows */
	TLM_TOK_REASONING,  /* "<|reasoning|>": step-by-step reasoning follows */
	TLM_TOK_ANSWER,     /* "<|answer|>": the final answer follows */
	TLM_TOK_END,        /* "<|end|>": end of the response */
	TLM_N_SPECIAL
};

/* Id of a role token. */
int tlm_token_special(const struct tlm_model *m, enum tlm_special which);

/* Encodes `len` bytes of text into at most `cap` ids.  Returns the number of
 * ids the whole text needs (which may exceed `cap`: then only `cap` were
 * written), or -1 on allocation failure. */
int tlm_tokenize(const struct tlm_model *m, const char *text, size_t len, int *ids, int cap);

/* The bytes of one token (empty for role tokens).  Sets *len. */
const char *tlm_token_bytes(const struct tlm_model *m, int id, size_t *len);

/* 1 when `id` is a role token. */
int tlm_token_is_special(const struct tlm_model *m, int id);

/* ---- Kernels ---------------------------------------------------------- */

enum tlm_kernel { TLM_KERNEL_AUTO, TLM_KERNEL_PORTABLE, TLM_KERNEL_SSE2,
		  TLM_KERNEL_AVX2, TLM_KERNEL_AVX512, TLM_KERNEL_NEON };
#define TLM_KERNEL_LAST TLM_KERNEL_NEON

/* Picks the kernels: TLM_KERNEL_AUTO takes the best the CPU supports, or the
 * one named by the environment variable TINYLLM_KERNEL (portable, sse2,
 * avx2, avx512, neon).  Fails if the CPU or the build lacks the asked-for path.
 * Process-wide; call before creating contexts. */
int tlm_kernel_select(enum tlm_kernel k, char *err, size_t errlen);
enum tlm_kernel tlm_kernel_current(void);
const char *tlm_kernel_name(enum tlm_kernel k);
/* 1 when this build and CPU can run path `k`. */
int tlm_kernel_available(enum tlm_kernel k);

/* ---- Running the model ---------------------------------------------- */

struct tlm_ctx;

/* A context holds the KV cache and scratch for one conversation and a pool
 * of `n_threads` threads (1: run on the caller's thread only). */
int tlm_ctx_new(const struct tlm_model *m, int n_threads, struct tlm_ctx **out,
		char *err, size_t errlen);
void tlm_ctx_free(struct tlm_ctx *c);

/* Runs one token at position `pos` (0-based, < max_seq_len) through the
 * model, filling the KV cache, and returns the vocab_size logits (owned by
 * the context, valid until the next call). */
const float *tlm_forward(struct tlm_ctx *c, int token, int pos);

/* Feeds `n` prompt tokens starting at position `pos`; returns the logits
 * after the last one.  Faster than n calls of tlm_forward. */
const float *tlm_prefill(struct tlm_ctx *c, const int *tokens, int n, int pos);

/* ---- Sampling --------------------------------------------------------- */

struct tlm_sampler {
	float temperature; /* 0: greedy (the default: reasoning is reproducible) */
	float top_p;       /* nucleus mass, in (0, 1]; 1 disables */
	uint64_t rng;      /* state; seed it with tlm_sampler_init */
};

void tlm_sampler_init(struct tlm_sampler *s, float temperature, float top_p, uint64_t seed);
/* Picks a token from `n` logits.  `scratch` holds n floats and n ints' room
 * (2*n*4 bytes) or is NULL to allocate. */
int tlm_sample(struct tlm_sampler *s, const float *logits, int n, void *scratch);

/* ---- Streaming generation -------------------------------------------- */

/* Receives each new piece of text: whole UTF-8 characters only (an invalid
 * byte comes through as U+FFFD).  Return non-zero to stop generation. */
typedef int (*tlm_emit_fn)(void *user, const char *text, size_t len);

enum tlm_stop_reason { TLM_STOP_END, TLM_STOP_LIMIT, TLM_STOP_STRING,
		       TLM_STOP_CANCEL, TLM_STOP_CALLBACK, TLM_STOP_CONTEXT };

struct tlm_gen_opts {
	int max_tokens;               /* new tokens at most (<= 0: up to the context) */
	const char *const *stop;      /* stop strings, not emitted; NULL-terminated or NULL */
	struct tlm_sampler sampler;   /* zeroed: greedy */
	atomic_int *cancel;           /* set non-zero from any thread to stop within one token */
};

struct tlm_gen_stats {
	int n_prompt;
	int n_generated;
	enum tlm_stop_reason stop;
	double prefill_s;    /* time spent on the prompt */
	double first_token_s;/* from the call to the first emitted token */
	double decode_s;     /* time spent generating after the prompt */
};

/* Generates from `prompt` (token ids, starting at position 0 of a fresh
 * cache), streaming text to `emit`.  Stops at the end token, a stop string,
 * the token limit, the context's end, cancellation or the callback. */
int tlm_generate(struct tlm_ctx *c, const int *prompt, int n_prompt,
		 const struct tlm_gen_opts *o, tlm_emit_fn emit, void *user,
		 struct tlm_gen_stats *st, char *err, size_t errlen);

/* The prompt for a question: <|question|> text <|reasoning|>.  Returns the
 * number of ids needed (as tlm_tokenize) or -1. */
int tlm_prompt_question(const struct tlm_model *m, const char *question, int *ids, int cap);

/* ---- Utilities -------------------------------------------------------- */

/* CRC-32 (the zlib/ISO-HDLC polynomial), continuing from `crc` (0 to start). */
uint32_t tlm_crc32(uint32_t crc, const void *data, size_t len);

#endif
