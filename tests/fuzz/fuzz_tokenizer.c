/* fuzz_tokenizer.c: the shipped model's tokenizer on any bytes.
 *
 * Properties: any byte string encodes (never to a role token) and decodes
 * back to exactly the same bytes; the count returned is the same whatever
 * room the caller gives; any id, in range or not, decodes without harm;
 * the question prompt wraps the text in its role tokens.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_shipped_model();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct tlm_model *m = fuzz_shipped_model();
	int vocab = tlm_model_config(m)->vocab_size;
	if (size > 65536)
		return 0;
	int cap = (int)size + 8;   /* the prompt adds its role tokens */
	int *ids = malloc(sizeof *ids * (size_t)cap);
	FUZZ_ASSERT(ids != NULL, "out of memory");

	/* at most one token per byte */
	int n = tlm_tokenize(m, (const char *)data, size, ids, cap);
	FUZZ_ASSERT(n >= 0 && n <= (int)size, "%d tokens for %zu bytes", n, size);
	if (n > 1) {
		int few[4];
		FUZZ_ASSERT(tlm_tokenize(m, (const char *)data, size, few, 1) == n,
			    "the count depends on the room given");
	}
	uint8_t *back = malloc(size + 1);
	FUZZ_ASSERT(back != NULL, "out of memory");
	size_t w = 0;
	for (int i = 0; i < n; i++) {
		size_t len;
		FUZZ_ASSERT(ids[i] >= 0 && ids[i] < vocab && !tlm_token_is_special(m, ids[i]),
			    "token %d of %d is id %d", i, n, ids[i]);
		const char *b = tlm_token_bytes(m, ids[i], &len);
		FUZZ_ASSERT(len > 0 && w + len <= size, "token %d decodes past the input", i);
		memcpy(back + w, b, len);
		w += len;
	}
	FUZZ_ASSERT(w == size && (size == 0 || memcmp(back, data, size) == 0),
		    "decoding %d tokens did not give the %zu bytes back", n, size);

	/* the input as ids: anything at all decodes to nothing or to bytes */
	for (size_t i = 0; i + 2 <= size; i += 2) {
		int id = (int)(int16_t)(data[i] | data[i + 1] << 8);
		size_t len;
		const char *b = tlm_token_bytes(m, id, &len);
		FUZZ_ASSERT(b != NULL, "id %d", id);
		FUZZ_ASSERT((id >= 0 && id < vocab) || len == 0, "id %d out of range has bytes", id);
	}

	/* the question prompt: <|question|> text <|reasoning|> */
	char *q = fuzz_string(data, size);
	int pn = tlm_prompt_question(m, q, ids, cap);
	if (pn >= 0 && pn <= cap) {
		FUZZ_ASSERT(pn >= 2 && ids[0] == tlm_token_special(m, TLM_TOK_QUESTION) &&
			    ids[pn - 1] == tlm_token_special(m, TLM_TOK_REASONING),
			    "prompt of %d ids not wrapped in its role tokens", pn);
	}
	free(q);
	free(back);
	free(ids);
	return 0;
}
