/* check_forward.c: the forward pass across kernel paths, thread counts and
 * entry points.  (tests/check_reference.c compares it with an independent
 * numpy implementation.)
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"

static struct tlm_model *open_random(const struct tlm_config *c, void **img)
{
	char err[TLM_ERRLEN];
	size_t size;
	struct tlm_model *m;
	*img = tlm_random_image(c, 3, &size, err, sizeof err);
	ck_assert_msg(*img != NULL, "%s", err);
	ck_assert_msg(tlm_model_open_memory(*img, size, "random", &m, err, sizeof err) == 0, "%s", err);
	return m;
}

static const struct tlm_config gqa = {
	.dim = 64, .n_layers = 2, .n_heads = 4, .n_kv_heads = 2, .hidden_dim = 96,
	.vocab_size = 300, .max_seq_len = 48, .group_size = 32, .quantized = 1,
	.rope_theta = 10000.0f, .norm_eps = 1e-5f,
};

static const struct tlm_config reference_shape = {
	.dim = 320, .n_layers = 2, .n_heads = 8, .n_kv_heads = 8, .hidden_dim = 864,
	.vocab_size = 4096, .max_seq_len = 64, .group_size = 32, .quantized = 1,
	.rope_theta = 10000.0f, .norm_eps = 1e-5f,
};

/* Feeds `n` fixed tokens one by one and keeps every step's logits. */
static float *run(struct tlm_model *m, enum tlm_kernel k, int threads, int n)
{
	char err[TLM_ERRLEN];
	struct tlm_ctx *c;
	const int V = tlm_model_config(m)->vocab_size;
	float *all = malloc(sizeof(float) * (size_t)V * n);
	ck_assert_msg(tlm_kernel_select(k, err, sizeof err) == 0, "%s", err);
	ck_assert_msg(tlm_ctx_new(m, threads, &c, err, sizeof err) == 0, "%s", err);
	for (int p = 0; p < n; p++) {
		const float *l = tlm_forward(c, (p * 37 + 11) % V, p);
		ck_assert_ptr_nonnull(l);
		memcpy(all + (size_t)p * V, l, sizeof(float) * V);
	}
	tlm_ctx_free(c);
	return all;
}

static int argmax(const float *x, int n)
{
	int b = 0;
	for (int i = 1; i < n; i++)
		if (x[i] > x[b])
			b = i;
	return b;
}

static void compare_paths(const struct tlm_config *cfg, int steps)
{
	static const enum tlm_kernel paths[] = { TLM_KERNEL_SSE2, TLM_KERNEL_AVX2, TLM_KERNEL_AVX512,
						 TLM_KERNEL_NEON };
	void *img;
	struct tlm_model *m = open_random(cfg, &img);
	const int V = cfg->vocab_size;
	float *ref = run(m, TLM_KERNEL_PORTABLE, 1, steps);
	for (size_t p = 0; p < sizeof paths / sizeof paths[0]; p++) {
		if (!tlm_kernel_available(paths[p]))
			continue;
		float *got = run(m, paths[p], 1, steps);
		float worst = 0;
		for (int st = 0; st < steps; st++) {
			const float *a = got + (size_t)st * V, *b = ref + (size_t)st * V;
			float amax = 0, d = 0;
			for (int i = 0; i < V; i++) {
				amax = fmaxf(amax, fabsf(b[i]));
				d = fmaxf(d, fabsf(a[i] - b[i]));
			}
			worst = fmaxf(worst, d / amax);
		}
		/* fp32: only the order of sums differs.  int8: a sum-order
		 * difference can also move one activation across a rounding
		 * boundary of its quantization, changing that input by one step
		 * (1/127 of its vector's range).  FMA paths round differently
		 * from mul-then-add ones, and on this small random model one
		 * such flip moves the logits by 1.7% of their range. */
		const float tol = cfg->quantized ? 3e-2f : 1e-4f;
		printf("%s vs portable (%s): max difference %.2g of the largest logit\n",
		       tlm_kernel_name(paths[p]), cfg->quantized ? "int8" : "fp32", worst);
		ck_assert_msg(worst <= tol, "%s: logits differ by %g of their range (limit %g)",
			      tlm_kernel_name(paths[p]), worst, tol);
		free(got);
	}
	free(ref);
	tlm_model_close(m);
	free(img);
}

START_TEST(every_path_matches_portable)
{
	compare_paths(&gqa, 40);
}
END_TEST

START_TEST(every_path_matches_portable_reference_shape)
{
	compare_paths(&reference_shape, 12);
}
END_TEST

START_TEST(fp32_paths_agree)
{
	struct tlm_config c = gqa;
	c.quantized = 0;
	c.group_size = 0;
	compare_paths(&c, 20);
}
END_TEST

/* Rows and heads split across threads are computed exactly as one thread
 * computes them, so the results are identical, not merely close. */
START_TEST(threads_give_identical_logits)
{
	void *img;
	struct tlm_model *m = open_random(&gqa, &img);
	const int V = gqa.vocab_size, n = 30;
	float *one = run(m, TLM_KERNEL_AUTO, 1, n);
	for (int t = 2; t <= 3; t++) {
		float *many = run(m, TLM_KERNEL_AUTO, t, n);
		ck_assert_msg(memcmp(one, many, sizeof(float) * (size_t)V * n) == 0,
			      "%d threads differ from one", t);
		free(many);
	}
	free(one);
	tlm_model_close(m);
	free(img);
}
END_TEST

START_TEST(prefill_equals_token_by_token)
{
	char err[TLM_ERRLEN];
	void *img;
	struct tlm_model *m = open_random(&gqa, &img);
	struct tlm_ctx *a, *b;
	int toks[20];
	for (int i = 0; i < 20; i++)
		toks[i] = (i * 13 + 5) % gqa.vocab_size;
	ck_assert_int_eq(tlm_kernel_select(TLM_KERNEL_AUTO, err, sizeof err), 0);
	ck_assert_int_eq(tlm_ctx_new(m, 1, &a, err, sizeof err), 0);
	ck_assert_int_eq(tlm_ctx_new(m, 2, &b, err, sizeof err), 0);
	const float *la = NULL;
	for (int i = 0; i < 20; i++)
		la = tlm_forward(a, toks[i], i);
	const float *lb = tlm_prefill(b, toks, 12, 0);
	lb = tlm_prefill(b, toks + 12, 8, 12);
	ck_assert_mem_eq(la, lb, sizeof(float) * gqa.vocab_size);
	/* Out of range positions and sizes are refused, not run. */
	ck_assert_ptr_null(tlm_forward(a, 1, gqa.max_seq_len));
	ck_assert_ptr_null(tlm_forward(a, 1, -1));
	ck_assert_ptr_null(tlm_prefill(a, toks, 0, 0));
	ck_assert_ptr_null(tlm_prefill(a, toks, 20, gqa.max_seq_len - 10));
	/* A bad token id is clamped rather than read out of bounds. */
	ck_assert_ptr_nonnull(tlm_forward(a, 1 << 30, 0));
	ck_assert_ptr_nonnull(tlm_forward(a, -5, 1));
	tlm_ctx_free(a);
	tlm_ctx_free(b);
	tlm_model_close(m);
	free(img);
}
END_TEST

/* The cache must matter: the same token at the same position after a
 * different history gives different logits. */
START_TEST(attention_sees_the_history)
{
	char err[TLM_ERRLEN];
	void *img;
	struct tlm_model *m = open_random(&gqa, &img);
	struct tlm_ctx *a, *b;
	ck_assert_int_eq(tlm_ctx_new(m, 1, &a, err, sizeof err), 0);
	ck_assert_int_eq(tlm_ctx_new(m, 1, &b, err, sizeof err), 0);
	tlm_forward(a, 10, 0);
	tlm_forward(b, 20, 0);
	const float *la = tlm_forward(a, 30, 1), *lb = tlm_forward(b, 30, 1);
	ck_assert_int_ne(memcmp(la, lb, sizeof(float) * gqa.vocab_size), 0);
	ck_assert_int_ge(argmax(la, gqa.vocab_size), 0);
	tlm_ctx_free(a);
	tlm_ctx_free(b);
	tlm_model_close(m);
	free(img);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("forward");
	TCase *tc = tcase_create("forward");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, every_path_matches_portable);
	tcase_add_test(tc, every_path_matches_portable_reference_shape);
	tcase_add_test(tc, fp32_paths_agree);
	tcase_add_test(tc, threads_give_identical_logits);
	tcase_add_test(tc, prefill_equals_token_by_token);
	tcase_add_test(tc, attention_sees_the_history);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
