/* sampler.c: choosing the next token from the logits.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Greedy is the default, because a tutor's reasoning must be the same every
 * time it is asked.  Temperature and nucleus (top-p) sampling are seeded, so
 * even they repeat for a given seed.
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>

#include "engine/kernels.h"

void tlm_sampler_init(struct tlm_sampler *s, float temperature, float top_p, uint64_t seed)
{
	s->temperature = temperature > 0.0f ? temperature : 0.0f;
	s->top_p = top_p > 0.0f && top_p <= 1.0f ? top_p : 1.0f;
	s->rng = seed ? seed : 0x853c49e6748fea9bULL;
}

static float uniform01(uint64_t *state)
{
	/* splitmix64: every seed, including 0, gives a good stream. */
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	return (float)(z >> 40) / 16777216.0f;
}

static int argmax(const float *x, int n)
{
	return tlm_kern->argmax(x, n);
}

struct cand {
	float p;
	int id;
};

static int by_prob_desc(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->p != y->p)
		return x->p < y->p ? 1 : -1;
	return x->id - y->id;
}

int tlm_sample(struct tlm_sampler *s, const float *logits, int n, void *scratch)
{
	const int top = argmax(logits, n);
	const float max = logits[top];
	/* greedy; or all NaN, or an infinity: no distribution to draw from */
	if (s->temperature <= 0.0f || n < 2 || !isfinite(max))
		return top;

	struct cand *c = scratch ? scratch : malloc(sizeof *c * (size_t)n);
	if (!c)
		return top;
	float sum = 0.0f;
	for (int i = 0; i < n; i++) {
		/* p > 0 is false for a NaN logit: it gets no mass */
		float p = expf((logits[i] - max) / s->temperature);
		c[i].p = p > 0.0f ? p : 0.0f;
		c[i].id = i;
		sum += c[i].p;
	}
	int keep = n;
	if (s->top_p < 1.0f) {
		/* Only candidates that could be in the nucleus need sorting:
		 * one with p < (1 - top_p) / (n - 1) of the mass never is,
		 * except the most likely, which always is. */
		const float cut = (1.0f - s->top_p) / (float)(n - 1) * sum;
		keep = 0;
		for (int i = 0; i < n; i++)
			if (c[i].p >= cut || logits[i] == max)
				c[keep++] = c[i];
		qsort(c, (size_t)keep, sizeof *c, by_prob_desc);
		float mass = 0.0f;
		int k = 0;
		while (k < keep) {
			mass += c[k++].p;
			if (mass >= s->top_p * sum)
				break;
		}
		keep = k;
		sum = mass;
	}
	float r = uniform01(&s->rng) * sum, acc = 0.0f;
	int pick = c[keep - 1].id;
	for (int i = 0; i < keep; i++) {
		acc += c[i].p;
		if (r < acc) {
			pick = c[i].id;
			break;
		}
	}
	if (!scratch)
		free(c);
	return pick;
}
