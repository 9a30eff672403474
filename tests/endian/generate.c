/* generate.c: the engine alone, for comparing hosts: loads a model,
 * streams a greedy answer to a question with the portable kernels and
 * prints it.  Built natively and for a big-endian host (tests/endian/run),
 * the two outputs must be the same: the little-endian model file reads the
 * same everywhere.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "engine/engine.h"

static int emit(void *user, const char *text, size_t len)
{
	(void)user;
	fwrite(text, 1, len, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	char err[TLM_ERRLEN];
	struct tlm_model *m;
	struct tlm_ctx *c;
	int ids[512];
	if (argc != 4) {
		fprintf(stderr, "usage: %s MODEL QUESTION MAX_TOKENS\n", argv[0]);
		return 2;
	}
	if (tlm_kernel_select(TLM_KERNEL_PORTABLE, err, sizeof err) ||
	    tlm_model_open(argv[1], &m, err, sizeof err) || tlm_ctx_new(m, 1, &c, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	int n = tlm_prompt_question(m, argv[2], ids, 512);
	struct tlm_gen_opts o = { .max_tokens = atoi(argv[3]) };
	struct tlm_gen_stats st;
	if (n < 0 || n > 512 || tlm_generate(c, ids, n, &o, emit, NULL, &st, err, sizeof err)) {
		fprintf(stderr, "%s\n", n < 0 || n > 512 ? "prompt too long" : err);
		return 1;
	}
	printf("\n[%d prompt tokens, %d generated]\n", st.n_prompt, st.n_generated);
	tlm_ctx_free(c);
	tlm_model_close(m);
	return 0;
}
