/* check_kernels.c: every SIMD path against the portable one.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * The int8 input quantization must be bit-identical on every path (the
 * integer dots are exact), so paths may differ only by the order of float
 * sums: a few units in the last place, checked here with a 1e-5 relative
 * bound on each output.
 */
#include <config.h>

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/kernels.h"

static uint64_t rng = 88172645463325252ULL;

static float frand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (float)(rng >> 40) / 16777216.0f * 2.0f - 1.0f;
}

static const enum tlm_kernel paths[] = { TLM_KERNEL_SSE2, TLM_KERNEL_AVX2, TLM_KERNEL_AVX512,
					      TLM_KERNEL_NEON };
#define N_PATHS ((int)(sizeof paths / sizeof paths[0]))

static void use(enum tlm_kernel k)
{
	char err[TLM_ERRLEN];
	ck_assert_msg(tlm_kernel_select(k, err, sizeof err) == 0, "%s", err);
}

/* aligned_alloc wants a size that is a multiple of the alignment. */
static void *alloc64(size_t n)
{
	return aligned_alloc(64, (n + 63) / 64 * 64);
}

static void qx_alloc(struct tlm_qx *q, int n)
{
	q->q = alloc64((size_t)n + 64);
	q->aux = alloc64(2 * (size_t)n + 64);
}

static void qx_free(struct tlm_qx *q)
{
	free(q->q);
	free(q->aux);
}

static void assert_close(const float *a, const float *b, int n, float rel, const char *what)
{
	float amax = 0.0f;
	for (int i = 0; i < n; i++)
		amax = fabsf(b[i]) > amax ? fabsf(b[i]) : amax;
	for (int i = 0; i < n; i++)
		ck_assert_msg(fabsf(a[i] - b[i]) <= rel * fmaxf(amax, 1e-6f),
			      "%s [%d]: %.9g vs portable %.9g", what, i, a[i], b[i]);
}

START_TEST(portable_always_available)
{
	ck_assert(tlm_kernel_available(TLM_KERNEL_PORTABLE));
	use(TLM_KERNEL_PORTABLE);
	ck_assert_int_eq(tlm_kernel_current(), TLM_KERNEL_PORTABLE);
	ck_assert_str_eq(tlm_kernel_name(TLM_KERNEL_AVX2), "avx2");
}
END_TEST

START_TEST(every_path_fills_its_table)
{
	for (int p = -1; p < N_PATHS; p++) {
		if (p >= 0 && !tlm_kernel_available(paths[p]))
			continue;
		use(p < 0 ? TLM_KERNEL_PORTABLE : paths[p]);
		const char *name = tlm_kernel_name(tlm_kernel_current());
		ck_assert_msg(tlm_kern->quantize && tlm_kern->matvec_q8 && tlm_kern->dot &&
			      tlm_kern->attention && tlm_kern->argmax && tlm_kern->silu_mul,
			      "%s: a kernel is missing", name);
	}
}
END_TEST

START_TEST(environment_forces_a_path)
{
	char err[TLM_ERRLEN];
	setenv("TINYLLM_KERNEL", "portable", 1);
	ck_assert_int_eq(tlm_kernel_select(TLM_KERNEL_AUTO, err, sizeof err), 0);
	ck_assert_int_eq(tlm_kernel_current(), TLM_KERNEL_PORTABLE);
	setenv("TINYLLM_KERNEL", "mmx", 1);
	ck_assert_int_eq(tlm_kernel_select(TLM_KERNEL_AUTO, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "TINYLLM_KERNEL=mmx"), "%s", err);
	unsetenv("TINYLLM_KERNEL");
	ck_assert_int_eq(tlm_kernel_select(TLM_KERNEL_AUTO, err, sizeof err), 0);
}
END_TEST

START_TEST(quantize_is_identical_on_every_path)
{
	const int n = 864;
	float *x = malloc(sizeof(float) * n);
	struct tlm_qx ref, got;
	qx_alloc(&ref, n);
	qx_alloc(&got, n);
	for (int trial = 0; trial < 50; trial++) {
		for (int i = 0; i < n; i++)
			x[i] = frand() * (trial + 1);
		if (trial == 1)
			memset(x, 0, sizeof(float) * n);      /* all zero: scale 0 */
		if (trial == 2)                               /* exact .5 ties */
			for (int i = 0; i < n; i++)
				x[i] = (float)(i % 255 - 127) + (i == 0 ? 0.0f : 0.5f * (i % 2));
		use(TLM_KERNEL_PORTABLE);
		tlm_kern->quantize(x, n, &ref);
		for (int p = 0; p < N_PATHS; p++) {
			if (!tlm_kernel_available(paths[p]))
				continue;
			use(paths[p]);
			tlm_kern->quantize(x, n, &got);
			ck_assert_msg(got.scale == ref.scale, "%s scale", tlm_kernel_name(paths[p]));
			ck_assert_msg(memcmp(got.q, ref.q, (size_t)n) == 0, "%s: int8 values differ",
				      tlm_kernel_name(paths[p]));
		}
	}
	qx_free(&ref);
	qx_free(&got);
	free(x);
}
END_TEST

START_TEST(matvec_matches_portable)
{
	static const int shapes[][3] = {   /* rows, cols, group */
		{ 960, 320, 32 }, { 320, 864, 32 }, { 7, 64, 32 }, { 5, 128, 64 },
		{ 9, 256, 128 }, { 1, 32, 32 },
	};
	for (size_t sh = 0; sh < sizeof shapes / sizeof shapes[0]; sh++) {
		const int rows = shapes[sh][0], cols = shapes[sh][1], gs = shapes[sh][2];
		struct tlm_tensor t = { .type = TLM_TYPE_Q8, .rows = rows, .cols = cols };
		int8_t *w = alloc64((size_t)rows * cols);
		float *sc = malloc(sizeof(float) * (size_t)rows * cols / gs);
		float *x = malloc(sizeof(float) * cols), *yr = malloc(sizeof(float) * rows);
		float *y = malloc(sizeof(float) * rows);
		for (size_t i = 0; i < (size_t)rows * cols; i++)
			w[i] = (int8_t)(frand() * 127.0f);
		for (int i = 0; i < rows * cols / gs; i++)
			sc[i] = 0.001f + 0.01f * fabsf(frand());
		for (int i = 0; i < cols; i++)
			x[i] = frand();
		t.data = w;
		t.scales = sc;
		t.row_bias = NULL;
		struct tlm_qx q;
		qx_alloc(&q, cols);
		use(TLM_KERNEL_PORTABLE);
		tlm_kern->quantize(x, cols, &q);
		tlm_kern->matvec_q8(&t, gs, &q, yr, 0, rows);
		/* The portable result is the int8 maths done in order. */
		for (int r = 0; r < rows; r++) {
			double acc = 0, mag = 0;
			for (int g = 0; g < cols / gs; g++) {
				long dot = 0;
				for (int i = 0; i < gs; i++)
					dot += (long)w[(size_t)r * cols + g * gs + i] * q.q[g * gs + i];
				acc += (double)dot * sc[r * (cols / gs) + g];
				mag += fabs((double)dot * sc[r * (cols / gs) + g]);
			}
			/* float sums of the group terms: error relative to their size */
			ck_assert_msg(fabs(acc - yr[r] / q.scale) <= 1e-5 * mag,
				      "portable row %d: %g vs %g", r, yr[r], acc * q.scale);
		}
		float *bias = malloc(sizeof(float) * rows);
		for (int p = 0; p < N_PATHS; p++) {
			if (!tlm_kernel_available(paths[p]))
				continue;
			use(paths[p]);
			if (tlm_kern->row_bias) {
				/* against the definition: -128 sum_g s_g sum(q_g) */
				tlm_kern->row_bias(&t, gs, bias);
				for (int r = 0; r < rows; r++) {
					double want = 0, mag = 0;
					for (int g = 0; g < cols / gs; g++) {
						long sum = 0;
						for (int i = 0; i < gs; i++)
							sum += w[(size_t)r * cols + g * gs + i];
						want += -128.0 * sum * sc[r * (cols / gs) + g];
						mag += fabs(128.0 * sum * sc[r * (cols / gs) + g]);
					}
					ck_assert_msg(fabs(bias[r] - want) <= 1e-5 * mag, "bias %d", r);
				}
				t.row_bias = bias;
			}
			tlm_kern->quantize(x, cols, &q);
			tlm_kern->matvec_q8(&t, gs, &q, y, 0, rows);
			assert_close(y, yr, rows, 1e-5f, tlm_kernel_name(paths[p]));
			/* A sub-range of rows, as a thread computes. */
			if (rows > 3) {
				tlm_kern->matvec_q8(&t, gs, &q, y, 1, rows - 1);
				assert_close(y, yr + 1, rows - 2, 1e-5f, tlm_kernel_name(paths[p]));
			}
		}
		qx_free(&q);
		free(bias);
		free(w);
		free(sc);
		free(x);
		free(yr);
		free(y);
	}
}
END_TEST

START_TEST(exp_is_accurate)
{
	double worst = 0;
	for (float x = -87.0f; x < 88.0f; x += 0.01731f) {
		double want = exp((double)x), got = tlm_exp_portable(x);
		double rel = fabs(got - want) / want;
		worst = rel > worst ? rel : worst;
	}
	ck_assert_msg(worst < 5e-7, "worst relative error %g", worst);
	ck_assert_float_eq(tlm_exp_portable(0.0f), 1.0f);
	ck_assert(tlm_exp_portable(-1000.0f) < 1e-37f);
	ck_assert(isfinite(tlm_exp_portable(1000.0f)));
}
END_TEST

START_TEST(attention_and_silu_match_portable)
{
	const int hd = 40, stride = 320, max = 300;
	float *k = malloc(sizeof(float) * stride * max), *v = malloc(sizeof(float) * stride * max);
	float q[40], att[300], att_r[300], out[40], out_r[40];
	float g[100], u[100], h[100], h_r[100];
	for (int i = 0; i < stride * max; i++) {
		k[i] = frand();
		v[i] = frand();
	}
	for (int i = 0; i < hd; i++)
		q[i] = 3.0f * frand();
	for (int i = 0; i < 100; i++) {
		g[i] = 20.0f * frand();
		u[i] = frand();
	}
	const int lengths[] = { 1, 2, 3, 5, 8, 17, 64, 300 };
	use(TLM_KERNEL_PORTABLE);
	tlm_kern->silu_mul(h_r, g, u, 99);
	for (int i = 0; i < 99; i++) {
		float want = g[i] / (1.0f + expf(-g[i])) * u[i];
		ck_assert_msg(fabsf(h_r[i] - want) <= 1e-5f * (fabsf(want) + 1e-3f), "silu %d", i);
	}
	for (int p = -1; p < N_PATHS; p++) {
		if (p >= 0 && !tlm_kernel_available(paths[p]))
			continue;
		for (size_t li = 0; li < sizeof lengths / sizeof lengths[0]; li++) {
			int n = lengths[li];
			use(TLM_KERNEL_PORTABLE);
			tlm_kern->attention(q, k, v, stride, n, hd, 0.158f, att_r, out_r);
			if (p < 0)
				continue;
			use(paths[p]);
			tlm_kern->attention(q, k, v, stride, n, hd, 0.158f, att, out);
			assert_close(out, out_r, hd, 1e-5f, tlm_kernel_name(paths[p]));
		}
		if (p >= 0) {
			tlm_kern->silu_mul(h, g, u, 99);
			assert_close(h, h_r, 99, 1e-5f, "silu");
			ck_assert_msg(fabsf(tlm_kern->dot(k, v, 37) - tlm_dot_portable(k, v, 37)) < 1e-4f, "dot");
		}
	}
	/* The portable attention itself against plain double maths. */
	use(TLM_KERNEL_PORTABLE);
	tlm_kern->attention(q, k, v, stride, 17, hd, 0.158f, att_r, out_r);
	double w[17], sum = 0, mx = -1e30;
	for (int t = 0; t < 17; t++) {
		double d = 0;
		for (int i = 0; i < hd; i++)
			d += (double)q[i] * k[t * stride + i];
		w[t] = d * 0.158;
		mx = w[t] > mx ? w[t] : mx;
	}
	for (int t = 0; t < 17; t++)
		sum += (w[t] = exp(w[t] - mx));
	for (int i = 0; i < hd; i++) {
		double o = 0;
		for (int t = 0; t < 17; t++)
			o += w[t] / sum * v[t * stride + i];
		ck_assert_msg(fabs(o - out_r[i]) < 1e-5, "attention[%d] %g vs %g", i, out_r[i], o);
	}
	free(k);
	free(v);
}
END_TEST

/* Finite weights can still overflow to infinities and NaNs.  Every path
 * must then stay defined (UBSan watches the portable one) and agree on
 * what it makes of them: exp of a NaN is exp(TLM_EXP_LO), max |x| and
 * argmax skip NaNs, and argmax of all NaNs is 0. */
START_TEST(non_finite_values_agree_on_every_path)
{
	const float lo = tlm_exp_portable(TLM_EXP_LO);
	ck_assert(lo > 0.0f && lo < 1e-37f);
	ck_assert(tlm_exp_portable(NAN) == lo);
	ck_assert(tlm_exp_portable(-NAN) == lo);
	ck_assert(tlm_exp_portable(-INFINITY) == lo);
	ck_assert(tlm_exp_portable(INFINITY) == tlm_exp_portable(TLM_EXP_HI));

	enum { N = 40 };
	float g[N], u[N], h[N], h_r[N], x[N], all_nan[N];
	for (int i = 0; i < N; i++) {
		g[i] = 4.0f * frand();
		u[i] = frand();
		x[i] = frand();
		all_nan[i] = NAN;
	}
	g[3] = NAN;
	g[9] = INFINITY;
	g[17] = -INFINITY;
	g[38] = NAN;                 /* in the scalar tail of every path */
	x[0] = NAN;
	x[12] = NAN;
	x[20] = 7.0f;                /* the largest: argmax 20, max |x| 7 */
	x[25] = -NAN;
	struct tlm_qx qx, qx_r;
	qx_alloc(&qx, N);
	qx_alloc(&qx_r, N);
	use(TLM_KERNEL_PORTABLE);
	tlm_kern->silu_mul(h_r, g, u, N);
	tlm_kern->quantize(x, N, &qx_r);
	ck_assert(isnan(h_r[3]) && isnan(h_r[38]));
	ck_assert_float_eq(qx_r.scale, 7.0f / 127.0f);
	for (int p = -1; p < N_PATHS; p++) {
		if (p >= 0 && !tlm_kernel_available(paths[p]))
			continue;
		use(p < 0 ? TLM_KERNEL_PORTABLE : paths[p]);
		const char *name = tlm_kernel_name(tlm_kernel_current());
		ck_assert_msg(tlm_kern->argmax(x, N) == 20, "%s: argmax %d", name, tlm_kern->argmax(x, N));
		ck_assert_msg(tlm_kern->argmax(x, 20) == tlm_argmax_portable(x, 20), "%s", name);
		ck_assert_msg(tlm_kern->argmax(all_nan, N) == 0, "%s: all NaN", name);
		all_nan[33] = -INFINITY;
		ck_assert_msg(tlm_kern->argmax(all_nan, N) == 33, "%s: NaNs and -inf", name);
		all_nan[33] = NAN;
		tlm_kern->silu_mul(h, g, u, N);
		for (int i = 0; i < N; i++)
			ck_assert_msg(isnan(h[i]) == isnan(h_r[i]) && (isnan(h[i]) || h[i] == h_r[i] ||
				      fabsf(h[i] - h_r[i]) <= 1e-5f * (fabsf(h_r[i]) + 1e-3f)),
				      "%s: silu[%d] %g vs portable %g", name, i, h[i], h_r[i]);
		tlm_kern->quantize(x, N, &qx);
		ck_assert_msg(qx.scale == qx_r.scale, "%s: scale %g", name, qx.scale);
		for (int i = 0; i < N; i++)
			if (!isnan(x[i]))
				ck_assert_msg(qx.q[i] == qx_r.q[i], "%s: q[%d]", name, i);
	}
	qx_free(&qx);
	qx_free(&qx_r);
}
END_TEST

START_TEST(argmax_first_of_ties)
{
	float x[4100];
	for (int i = 0; i < 4100; i++)
		x[i] = frand();
	x[1234] = 5.0f;
	x[3000] = 5.0f;     /* a tie: the first wins */
	for (int p = -1; p < N_PATHS; p++) {
		if (p >= 0 && !tlm_kernel_available(paths[p]))
			continue;
		use(p < 0 ? TLM_KERNEL_PORTABLE : paths[p]);
		ck_assert_int_eq(tlm_kern->argmax(x, 4100), 1234);
		ck_assert_int_eq(tlm_kern->argmax(x, 1234), tlm_argmax_portable(x, 1234));
		ck_assert_int_eq(tlm_kern->argmax(x + 4099, 1), 0);
		ck_assert_int_eq(tlm_kern->argmax(x, 13), tlm_argmax_portable(x, 13));
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kernels");
	TCase *tc = tcase_create("paths");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, portable_always_available);
	tcase_add_test(tc, every_path_fills_its_table);
	tcase_add_test(tc, environment_forces_a_path);
	tcase_add_test(tc, quantize_is_identical_on_every_path);
	tcase_add_test(tc, matvec_matches_portable);
	tcase_add_test(tc, exp_is_accurate);
	tcase_add_test(tc, attention_and_silu_match_portable);
	tcase_add_test(tc, non_finite_values_agree_on_every_path);
	tcase_add_test(tc, argmax_first_of_ties);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
