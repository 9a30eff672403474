/* fuzz_model.c: the model loader (tlm_model_open_memory) on any bytes.
 *
 * Properties: a refused file gets a one-line message naming it; an
 * accepted one is safe to use: its tokenizer encodes and decodes any text
 * losslessly, and (when small enough to be quick) a forward pass reads
 * only what the file holds.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char name[] = "fuzz.tlm";
	static const char text[] = "What is 12 + 30? 12 + 30 = 42\nAnswer: 42 \xE2\x82\xAC \xFF\xFE";
	char err[TLM_ERRLEN];
	struct tlm_model *m = NULL;
	void *img = fuzz_page_copy(data, size);

	err[0] = 0;
	if (tlm_model_open_memory(img, size, name, &m, err, sizeof err)) {
		fuzz_check_message(err, name);
		free(img);
		return 0;
	}
	const struct tlm_config *c = tlm_model_config(m);

	/* the loader promised a lossless byte-level tokenizer */
	int ids[256];
	int n = tlm_tokenize(m, text, sizeof text - 1, ids, 256);
	FUZZ_ASSERT(n > 0 && n <= 256, "tokenize gave %d", n);
	char back[sizeof text];
	size_t w = 0;
	for (int i = 0; i < n; i++) {
		size_t len;
		const char *b = tlm_token_bytes(m, ids[i], &len);
		FUZZ_ASSERT(ids[i] >= 0 && ids[i] < c->vocab_size && !tlm_token_is_special(m, ids[i]),
			    "id %d from text", ids[i]);
		FUZZ_ASSERT(w + len < sizeof back, "decoded text too long");
		memcpy(back + w, b, len);
		w += len;
	}
	FUZZ_ASSERT(w == sizeof text - 1 && memcmp(back, text, w) == 0, "round trip differs");
	for (int s = 0; s < TLM_N_SPECIAL; s++) {
		int id = tlm_token_special(m, (enum tlm_special)s);
		FUZZ_ASSERT(id >= 0 && id < c->vocab_size && tlm_token_is_special(m, id),
			    "special token %d is %d", s, id);
	}

	/* run the weights when that is quick: every tensor must be in bounds */
	long long work = (long long)c->n_layers * c->dim * (c->dim + c->hidden_dim) +
			 (long long)c->vocab_size * c->dim;
	if (work <= (1LL << 20) && c->max_seq_len <= 4096) {
		struct tlm_ctx *ctx = NULL;
		if (tlm_ctx_new(m, 1, &ctx, err, sizeof err) == 0) {
			for (int pos = 0; pos < 2 && pos < c->max_seq_len; pos++) {
				const float *logits = tlm_forward(ctx, ids[pos % n], pos);
				FUZZ_ASSERT(logits != NULL, "no logits");
			}
			tlm_ctx_free(ctx);
		}
	}
	tlm_model_close(m);
	free(img);
	return 0;
}
