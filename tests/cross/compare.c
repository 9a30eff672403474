/* compare.c: a SIMD kernel path (COMPARE_KERNEL) against the portable one
 * on the shipped model, for tests/cross/run (built for arm64 or i686, run
 * under qemu).  Generates a greedy answer with the portable kernels, then
 * runs the same tokens through the SIMD path and compares the logits at
 * every position.  Prints the answer (at most 80 tokens), and on standard
 * error "PATH: N positions, max |diff| D (relative R), argmax agrees at A
 * of N"; exits 1 when the paths disagree beyond rounding (a difference over
 * 3% of the largest logit).  On x86-64 the SSE2 and AVX2 paths differ from
 * the portable one by 0.75% on this model.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"

#ifndef COMPARE_KERNEL
#define COMPARE_KERNEL TLM_KERNEL_NEON
#endif
#define MAX_NEW 80
#define MAX_POS 160

static int argmax(const float *x, int n)
{
	int b = 0;
	for (int i = 1; i < n; i++)
		if (x[i] > x[b])
			b = i;
	return b;
}

int main(int argc, char **argv)
{
	char err[TLM_ERRLEN];
	struct tlm_model *m;
	struct tlm_ctx *c;
	if (argc != 3) {
		fprintf(stderr, "usage: %s MODEL QUESTION\n", argv[0]);
		return 2;
	}
	if (tlm_model_open(argv[1], &m, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	const int vocab = tlm_model_config(m)->vocab_size;
	int ids[MAX_POS];
	int n = tlm_prompt_question(m, argv[2], ids, MAX_POS);
	if (n < 0 || n >= MAX_POS / 2) {
		fprintf(stderr, "question too long\n");
		return 1;
	}
	float *ref = malloc(sizeof *ref * (size_t)vocab * MAX_POS);
	if (!ref)
		return 1;

	/* portable: the greedy answer, and the logits at every position */
	if (tlm_kernel_select(TLM_KERNEL_PORTABLE, err, sizeof err) || tlm_ctx_new(m, 1, &c, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	int len = n;
	for (int pos = 0; pos < len && pos < MAX_POS; pos++) {
		const float *l = tlm_forward(c, ids[pos], pos);
		memcpy(ref + (size_t)pos * vocab, l, sizeof *l * (size_t)vocab);
		if (pos == len - 1 && len < MAX_POS && len - n < MAX_NEW) {
			int next = argmax(l, vocab);
			if (next == tlm_token_special(m, TLM_TOK_END))
				break;
			size_t bl;
			const char *b = tlm_token_bytes(m, next, &bl);
			fwrite(b, 1, bl, stdout);
			ids[len++] = next;
		}
	}
	putchar('\n');
	fflush(stdout);
	tlm_ctx_free(c);

	/* neon: the same tokens */
	if (tlm_kernel_select(COMPARE_KERNEL, err, sizeof err) || tlm_ctx_new(m, 1, &c, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	int npos = len < MAX_POS ? len : MAX_POS, agree = 0;
	double maxdiff = 0, maxmag = 0;
	for (int pos = 0; pos < npos; pos++) {
		const float *l = tlm_forward(c, ids[pos], pos), *r = ref + (size_t)pos * vocab;
		for (int i = 0; i < vocab; i++) {
			double d = fabs((double)l[i] - r[i]);
			maxdiff = d > maxdiff ? d : maxdiff;
			maxmag = fabs(r[i]) > maxmag ? fabs(r[i]) : maxmag;
		}
		agree += argmax(l, vocab) == argmax(r, vocab);
	}
	double rel = maxmag > 0 ? maxdiff / maxmag : maxdiff;
	fprintf(stderr, "%s: %d positions, max |diff| %.3g (relative %.3g), argmax agrees at %d of %d\n",
	       tlm_kernel_name(COMPARE_KERNEL), npos, maxdiff, rel, agree, npos);
	tlm_ctx_free(c);
	tlm_model_close(m);
	free(ref);
	/* int8: a different order of float sums can move an activation
	 * across a rounding boundary of its quantization (one step, 1/127 of
	 * its range), as between the x86 paths (tests/check_forward.c) */
	return rel <= 3e-2 ? 0 : 1;
}
