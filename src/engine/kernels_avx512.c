/* kernels_avx512.c: AVX-512 with VNNI (Ice Lake, Zen 4 and later).
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * vpdpbusd multiplies unsigned by signed bytes and sums four products into
 * each int32 lane in one instruction.  The input is made unsigned by adding
 * 128 (kept in `aux`); that adds 128 * sum(w) per group, which the row's
 * precomputed row_bias takes away again in float.  Each 64 weights cost one
 * dot, one conversion and one fused multiply-add with their scales.
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/simd_avx.h"

static void quantize(const float *x, int n, struct tlm_qx *qx)
{
	const __m512 inv = _mm512_set1_ps(tlm_quant_set(avx_amax(x, n), n, qx));
	const __m128i off = _mm_set1_epi8((char)0x80);
	uint8_t *xu = qx->aux;
	int i = 0;

	for (; i + 16 <= n; i += 16) {
		__m512i v = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(x + i), inv));
		__m128i q = _mm512_cvtsepi32_epi8(v);
		_mm_storeu_si128((__m128i *)(qx->q + i), q);
		_mm_storeu_si128((__m128i *)(xu + i), _mm_xor_si128(q, off));
	}
	for (; i < n; i++) {
		/* n is a multiple of 8 in every model; a tail is only a guard */
		int v = _mm_cvtss_si32(_mm_set_ss(x[i] * _mm512_cvtss_f32(inv)));
		qx->q[i] = (int8_t)(v > 127 ? 127 : v < -127 ? -127 : v);
		xu[i] = (uint8_t)(qx->q[i] + 128);
	}
}

/* One row: 64 weights per step.  With 32-weight groups a step holds two
 * groups, whose two scales a permute spreads over the two halves.  Rows are
 * computed one at a time (out-of-order execution overlaps them), so a row's
 * value never depends on which thread or block ran it. */
static inline float row_dot(const int8_t *w, const float *s, const uint8_t *xu, int n, int gs)
{
	const __m512i halves = _mm512_setr_epi32(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
	__m512 f = _mm512_setzero_ps();
	int i = 0;

	for (; i + 64 <= n; i += 64) {
		__m512i d = _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_loadu_si512(xu + i),
						_mm512_loadu_si512(w + i));
		__m512 sc;
		if (gs == 32) {
			double two;
			memcpy(&two, s + i / 32, sizeof two);
			sc = _mm512_permutexvar_ps(halves, _mm512_castpd_ps(_mm512_set1_pd(two)));
		} else {
			sc = _mm512_set1_ps(s[i / gs]);
		}
		f = _mm512_fmadd_ps(_mm512_cvtepi32_ps(d), sc, f);
	}
	if (i < n) {    /* a last lone group of 32 */
		__m256i d = _mm256_dpbusd_epi32(_mm256_setzero_si256(),
						_mm256_loadu_si256((const __m256i *)(xu + i)),
						_mm256_loadu_si256((const __m256i *)(w + i)));
		__m256 p = _mm256_mul_ps(_mm256_cvtepi32_ps(d), _mm256_set1_ps(s[i / gs]));
		f = _mm512_add_ps(f, _mm512_zextps256_ps512(p));
	}
	return _mm512_reduce_add_ps(f);
}

static void matvec_q8(const struct tlm_tensor *t, int gs, const struct tlm_qx *qx,
		      float *y, int r0, int r1)
{
	const int n = t->cols, ng = n / gs;
	const int8_t *w = (const int8_t *)t->data;

	for (int r = r0; r < r1; r++)
		y[r - r0] = (row_dot(w + (size_t)r * n, t->scales + (size_t)r * ng, qx->aux, n, gs) +
			     t->row_bias[r]) * qx->scale;
}

/* -128 * sum_g scale_g * sum(q_g): the same dot as a product's, with an
 * input of ones, so the two cancel exactly as far as float allows. */
static void row_bias(const struct tlm_tensor *t, int gs, float *bias)
{
	const int n = t->cols, ng = n / gs;
	uint8_t *ones = aligned_alloc(64, ((size_t)n + 63) / 64 * 64);
	if (!ones) {
		for (int r = 0; r < t->rows; r++)
			bias[r] = NAN;    /* never reached in practice; visible if it is */
		return;
	}
	memset(ones, 1, (size_t)n);
	for (int r = 0; r < t->rows; r++)
		bias[r] = -128.0f * row_dot((const int8_t *)t->data + (size_t)r * n,
					    t->scales + (size_t)r * ng, ones, n, gs);
	free(ones);
}

const struct tlm_kernels tlm_kernels_avx512 = {
	.id = TLM_KERNEL_AVX512,
	.quantize = quantize,
	.matvec_q8 = matvec_q8,
	.dot = avx_dot,
	.attention = avx_attention,
	.argmax = avx_argmax,
	.silu_mul = avx_silu_mul,
	.row_bias = row_bias,
};
