/* kernels_avx512.c: AVX-512 with VNNI (Ice Lake, Zen 4 and later).
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * vpdpbusd multiplies unsigned by signed bytes and sums four products into
 * each int32 lane in one instruction.  The input is made unsigned by adding
 * 128 (kept in `aux`); that adds 128 * sum(w) per group, which the row's
 * precomputed row_bias takes away again in float.  256-bit vectors (AVX-512
 * VL) match one 32-weight group exactly, so each group costs one dot, one
 * conversion and one fused multiply-add with its scale.
 */
#include <config.h>

#include "engine/simd_avx.h"

static void quantize(const float *x, int n, struct tlm_qx *qx)
{
	const __m512 inv = _mm512_set1_ps(tlm_quant_scale(x, n, qx));
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

static void matvec_q8(const struct tlm_tensor *t, int gs, const struct tlm_qx *qx,
		      float *y, int r0, int r1)
{
	const int n = t->cols, ng = n / gs;
	const uint8_t *xu = qx->aux;
	const __m128 xs = _mm_set1_ps(qx->scale);
	int r = r0;

	for (; r + 4 <= r1; r += 4) {
		const int8_t *w = (const int8_t *)t->data + (size_t)r * n;
		const float *s = t->scales + (size_t)r * ng;
		__m256 f0 = _mm256_setzero_ps(), f1 = f0, f2 = f0, f3 = f0;
		for (int g = 0; g < ng; g++) {
			__m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
			for (int i = g * gs; i < (g + 1) * gs; i += 32) {
				__m256i x = _mm256_loadu_si256((const __m256i *)(xu + i));
				a0 = _mm256_dpbusd_epi32(a0, x, _mm256_loadu_si256((const __m256i *)(w + i)));
				a1 = _mm256_dpbusd_epi32(a1, x, _mm256_loadu_si256((const __m256i *)(w + n + i)));
				a2 = _mm256_dpbusd_epi32(a2, x, _mm256_loadu_si256((const __m256i *)(w + 2 * n + i)));
				a3 = _mm256_dpbusd_epi32(a3, x, _mm256_loadu_si256((const __m256i *)(w + 3 * n + i)));
			}
			f0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(a0), _mm256_set1_ps(s[g]), f0);
			f1 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(a1), _mm256_set1_ps(s[ng + g]), f1);
			f2 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(a2), _mm256_set1_ps(s[2 * ng + g]), f2);
			f3 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(a3), _mm256_set1_ps(s[3 * ng + g]), f3);
		}
		/* Four horizontal sums at once: lane k of the result is row k. */
		__m256 h = _mm256_hadd_ps(_mm256_hadd_ps(f0, f1), _mm256_hadd_ps(f2, f3));
		__m128 sum = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
		sum = _mm_add_ps(sum, _mm_loadu_ps(t->row_bias + r));
		_mm_storeu_ps(y + (r - r0), _mm_mul_ps(sum, xs));
	}
	for (; r < r1; r++) {
		const int8_t *w = (const int8_t *)t->data + (size_t)r * n;
		const float *s = t->scales + (size_t)r * ng;
		__m256 f0 = _mm256_setzero_ps();
		for (int g = 0; g < ng; g++) {
			__m256i a0 = _mm256_setzero_si256();
			for (int i = g * gs; i < (g + 1) * gs; i += 32)
				a0 = _mm256_dpbusd_epi32(a0, _mm256_loadu_si256((const __m256i *)(xu + i)),
							 _mm256_loadu_si256((const __m256i *)(w + i)));
			f0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(a0), _mm256_set1_ps(s[g]), f0);
		}
		/* The same order of sums as the four-row blocks, so a row's
		 * value does not depend on which block (or thread) ran it. */
		__m256 h = _mm256_hadd_ps(_mm256_hadd_ps(f0, f0), _mm256_hadd_ps(f0, f0));
		__m128 v = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
		v = _mm_add_ss(v, _mm_set_ss(t->row_bias[r]));
		y[r - r0] = _mm_cvtss_f32(_mm_mul_ss(v, _mm_set_ss(qx->scale)));
	}
}

const struct tlm_kernels tlm_kernels_avx512 = {
	.id = TLM_KERNEL_AVX512,
	.quantize = quantize,
	.matvec_q8 = matvec_q8,
	.dot = avx_dot,
	.attention = avx_attention,
	.silu_mul = avx_silu_mul,
	.needs_row_bias = 1,
};
