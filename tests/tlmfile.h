/* tlmfile.h: helpers the engine's tests share for writing pieces of a model
 * file (doc/model-format.md) by hand, so each test can build exactly the
 * good or broken bytes it needs.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#ifndef TLM_TESTS_TLMFILE_H
#define TLM_TESTS_TLMFILE_H

#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer with little-endian writers.  Start it zeroed; on
 * allocation failure the writers abort, since a test cannot go on. */
struct tf_buf {
	uint8_t *data;
	size_t len, cap;
};

void tf_buf_free(struct tf_buf *b);
void tf_put_bytes(struct tf_buf *b, const void *p, size_t n);
void tf_put_zeros(struct tf_buf *b, size_t n);
void tf_put8(struct tf_buf *b, uint8_t v);
void tf_put16(struct tf_buf *b, uint16_t v);
void tf_put32(struct tf_buf *b, uint32_t v);
void tf_put64(struct tf_buf *b, uint64_t v);
void tf_putf32(struct tf_buf *b, float v);

/* The four role token names in the order of enum tlm_special. */
extern const char *const tf_role_names[4];

/* One merge, naming its two tokens by their bytes (an earlier merge's
 * result or a single byte). */
struct tf_pair {
	const char *left, *right;
};

/* Appends a tokenizer section to `b`: byte tokens 0..255 (id = byte), then
 * the role tokens `roles` (NULL: the standard four), then one merged token
 * per pair in order.  No rule is checked, so broken sections can be made on
 * purpose.  The vocabulary is 256 + n_roles + n_pairs.  Returns the
 * section's size, or 0 when a pair names a token that does not exist. */
size_t tf_tok_section(struct tf_buf *b, const char *const *roles, int n_roles,
		      const struct tf_pair *pairs, int n_pairs);

/* Offsets inside a well-formed section: of token record `i`, and of the
 * first merge record. */
size_t tf_tok_record(const uint8_t *sec, int i);
size_t tf_tok_merges(const uint8_t *sec);

#endif
