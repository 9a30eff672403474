/* kernels_avx2.c: AVX2 + FMA (Haswell, 2013, and later).
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * pmaddubsw multiplies unsigned by signed bytes, so the input's sign moves
 * onto the weights (vpsignb) and its magnitude, kept in `aux`, is the
 * unsigned side.  |x| <= 127 keeps the pairwise 16-bit sums from saturating.
 */
#include <config.h>

#include "engine/simd_avx.h"

static void quantize(const float *x, int n, struct tlm_qx *qx)
{
	const __m256 inv = _mm256_set1_ps(tlm_quant_set(avx_amax(x, n), n, qx));
	uint8_t *ax = qx->aux;
	int i = 0;

	for (; i + 32 <= n; i += 32) {
		__m256i a = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + i), inv));
		__m256i b = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + i + 8), inv));
		__m256i c = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + i + 16), inv));
		__m256i d = _mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(x + i + 24), inv));
		/* packs work within 128-bit lanes; the permute restores order */
		__m256i ab = _mm256_packs_epi32(a, b), cd = _mm256_packs_epi32(c, d);
		__m256i q = _mm256_packs_epi16(ab, cd);
		q = _mm256_permutevar8x32_epi32(q, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
		_mm256_storeu_si256((__m256i *)(qx->q + i), q);
		_mm256_storeu_si256((__m256i *)(ax + i), _mm256_abs_epi8(q));
	}
	for (; i < n; i++) {
		/* n is a multiple of 8 in every model; a tail is only a guard */
		int v = _mm_cvtss_si32(_mm_set_ss(x[i] * _mm256_cvtss_f32(inv)));
		qx->q[i] = (int8_t)(v > 127 ? 127 : v < -127 ? -127 : v);
		ax[i] = (uint8_t)(qx->q[i] < 0 ? -qx->q[i] : qx->q[i]);
	}
}

static inline __m256i dot32(const int8_t *w, __m256i xq, __m256i ax, __m256i ones)
{
	__m256i sw = _mm256_sign_epi8(_mm256_loadu_si256((const __m256i *)w), xq);
	return _mm256_madd_epi16(_mm256_maddubs_epi16(ax, sw), ones);
}

static void matvec_q8(const struct tlm_tensor *t, int gs, const struct tlm_qx *qx,
		      float *y, int r0, int r1)
{
	const int n = t->cols, ng = n / gs;
	const uint8_t *ax = qx->aux;
	const __m256i ones = _mm256_set1_epi16(1);
	int r = r0;

	for (; r + 4 <= r1; r += 4) {
		const int8_t *w = (const int8_t *)t->data + (size_t)r * n;
		const float *s = t->scales + (size_t)r * ng;
		__m256 f0 = _mm256_setzero_ps(), f1 = f0, f2 = f0, f3 = f0;
		for (int g = 0; g < ng; g++) {
			__m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
			for (int i = g * gs; i < (g + 1) * gs; i += 32) {
				__m256i xq = _mm256_loadu_si256((const __m256i *)(qx->q + i));
				__m256i xa = _mm256_loadu_si256((const __m256i *)(ax + i));
				a0 = _mm256_add_epi32(a0, dot32(w + i, xq, xa, ones));
				a1 = _mm256_add_epi32(a1, dot32(w + n + i, xq, xa, ones));
				a2 = _mm256_add_epi32(a2, dot32(w + 2 * n + i, xq, xa, ones));
				a3 = _mm256_add_epi32(a3, dot32(w + 3 * n + i, xq, xa, ones));
			}
			f0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(a0), _mm256_set1_ps(s[g]), f0);
			f1 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(a1), _mm256_set1_ps(s[ng + g]), f1);
			f2 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(a2), _mm256_set1_ps(s[2 * ng + g]), f2);
			f3 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(a3), _mm256_set1_ps(s[3 * ng + g]), f3);
		}
		y[r - r0] = avx_hsum(f0) * qx->scale;
		y[r + 1 - r0] = avx_hsum(f1) * qx->scale;
		y[r + 2 - r0] = avx_hsum(f2) * qx->scale;
		y[r + 3 - r0] = avx_hsum(f3) * qx->scale;
	}
	for (; r < r1; r++) {
		const int8_t *w = (const int8_t *)t->data + (size_t)r * n;
		const float *s = t->scales + (size_t)r * ng;
		__m256 f0 = _mm256_setzero_ps();
		for (int g = 0; g < ng; g++) {
			__m256i a0 = _mm256_setzero_si256();
			for (int i = g * gs; i < (g + 1) * gs; i += 32)
				a0 = _mm256_add_epi32(a0, dot32(w + i,
					_mm256_loadu_si256((const __m256i *)(qx->q + i)),
					_mm256_loadu_si256((const __m256i *)(ax + i)), ones));
			f0 = _mm256_fmadd_ps(_mm256_cvtepi32_ps(a0), _mm256_set1_ps(s[g]), f0);
		}
		y[r - r0] = avx_hsum(f0) * qx->scale;
	}
}

const struct tlm_kernels tlm_kernels_avx2 = {
	.id = TLM_KERNEL_AVX2,
	.quantize = quantize,
	.matvec_q8 = matvec_q8,
	.dot = avx_dot,
	.attention = avx_attention,
	.argmax = avx_argmax,
	.silu_mul = avx_silu_mul,
	.row_bias = NULL,
};
