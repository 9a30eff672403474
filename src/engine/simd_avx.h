/* simd_avx.h: float kernels for the AVX2+FMA and AVX-512 paths, which both
 * include this file (each compiles it with its own target flags).
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#ifndef TLM_SIMD_AVX_H
#define TLM_SIMD_AVX_H

#include <immintrin.h>

#include "engine/kernels.h"

static inline float avx_hsum(__m256 v)
{
	__m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
	s = _mm_add_ps(s, _mm_movehl_ps(s, s));
	s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
	return _mm_cvtss_f32(s);
}

/* max |x[i]|, exact in any order (n a multiple of 8 in every model).  maxps
 * returns its second operand when either is a NaN, so NaNs are skipped, as
 * in the portable loop. */
static inline float avx_amax(const float *x, int n)
{
	const __m256 mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
	__m256 m = _mm256_setzero_ps();
	int i = 0;
	for (; i + 8 <= n; i += 8)
		m = _mm256_max_ps(_mm256_and_ps(_mm256_loadu_ps(x + i), mask), m);
	__m128 h = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
	h = _mm_max_ps(h, _mm_movehl_ps(h, h));
	h = _mm_max_ss(h, _mm_shuffle_ps(h, h, 1));
	float a = _mm_cvtss_f32(h);
	for (; i < n; i++)
		a = fabsf(x[i]) > a ? fabsf(x[i]) : a;
	return a;
}

/* exp as tlm_exp_portable computes it, eight lanes at a time. */
static inline __m256 avx_exp(__m256 x)
{
	x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(TLM_EXP_LO)), _mm256_set1_ps(TLM_EXP_HI));
	__m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(TLM_LOG2E)),
				   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
	__m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(TLM_LN2_HI), x);
	r = _mm256_fnmadd_ps(n, _mm256_set1_ps(TLM_LN2_LO), r);
	__m256 p = _mm256_set1_ps(TLM_EXP_P0);
	p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(TLM_EXP_P1));
	p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(TLM_EXP_P2));
	p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(TLM_EXP_P3));
	p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(TLM_EXP_P4));
	p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(TLM_EXP_P5));
	p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
	__m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
	return _mm256_mul_ps(p, _mm256_castsi256_ps(e));
}

static float avx_dot(const float *a, const float *b, int n)
{
	__m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
	int i = 0;
	for (; i + 16 <= n; i += 16) {
		s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
		s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
	}
	for (; i + 8 <= n; i += 8)
		s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
	float s = avx_hsum(_mm256_add_ps(s0, s1));
	for (; i < n; i++)
		s += a[i] * b[i];
	return s;
}

/* out = inv * sum_t att[t] v_t for heads of nb * 8 values: one pass over
 * the values with the whole output in registers (nb is a constant in each
 * inlined copy). */
static inline __attribute__((always_inline)) void
avx_wsum(const float *att, const float *v, int stride, int n, float inv, float *out, const int nb)
{
	/* Two sets of sums, even and odd positions, halve the wait on each
	 * fused multiply-add's latency. */
	__m256 o[8], e[8];
#pragma GCC unroll 8
	for (int j = 0; j < nb; j++)
		o[j] = e[j] = _mm256_setzero_ps();
	int t = 0;
	for (; t + 2 <= n; t += 2) {
		const __m256 a = _mm256_set1_ps(att[t]), b = _mm256_set1_ps(att[t + 1]);
		const float *vt = v + (size_t)t * stride;
#pragma GCC unroll 8
		for (int j = 0; j < nb; j++) {
			e[j] = _mm256_fmadd_ps(a, _mm256_loadu_ps(vt + 8 * j), e[j]);
			o[j] = _mm256_fmadd_ps(b, _mm256_loadu_ps(vt + stride + 8 * j), o[j]);
		}
	}
	if (t < n) {
		const __m256 a = _mm256_set1_ps(att[t]);
		const float *vt = v + (size_t)t * stride;
#pragma GCC unroll 8
		for (int j = 0; j < nb; j++)
			e[j] = _mm256_fmadd_ps(a, _mm256_loadu_ps(vt + 8 * j), e[j]);
	}
#pragma GCC unroll 8
	for (int j = 0; j < nb; j++)
		_mm256_storeu_ps(out + 8 * j, _mm256_mul_ps(_mm256_add_ps(e[j], o[j]), _mm256_set1_ps(inv)));
}

/* out = softmax(scale * q.k_t) weighted sum of v_t, for t < n. */
static void avx_attention(const float *q, const float *k, const float *v, int stride, int n,
			  int hd, float scale, float *att, float *out)
{
	const int hd8 = hd / 8 * 8;
	int t = 0;

	/* Four positions at a time; one hadd tree finishes their sums. */
	for (; t + 4 <= n && hd8 == hd; t += 4) {
		const float *k0 = k + (size_t)t * stride;
		__m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
		for (int i = 0; i < hd; i += 8) {
			__m256 qi = _mm256_loadu_ps(q + i);
			a0 = _mm256_fmadd_ps(qi, _mm256_loadu_ps(k0 + i), a0);
			a1 = _mm256_fmadd_ps(qi, _mm256_loadu_ps(k0 + stride + i), a1);
			a2 = _mm256_fmadd_ps(qi, _mm256_loadu_ps(k0 + 2 * stride + i), a2);
			a3 = _mm256_fmadd_ps(qi, _mm256_loadu_ps(k0 + 3 * stride + i), a3);
		}
		__m256 h = _mm256_hadd_ps(_mm256_hadd_ps(a0, a1), _mm256_hadd_ps(a2, a3));
		__m128 s = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
		_mm_storeu_ps(att + t, _mm_mul_ps(s, _mm_set1_ps(scale)));
	}
	for (; t < n; t++)
		att[t] = avx_dot(q, k + (size_t)t * stride, hd) * scale;

	__m256 mx = _mm256_set1_ps(att[0]);
	for (t = 0; t + 8 <= n; t += 8)
		mx = _mm256_max_ps(mx, _mm256_loadu_ps(att + t));
	__m128 m4 = _mm_max_ps(_mm256_castps256_ps128(mx), _mm256_extractf128_ps(mx, 1));
	m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
	m4 = _mm_max_ss(m4, _mm_shuffle_ps(m4, m4, 1));
	float max = _mm_cvtss_f32(m4);
	for (; t < n; t++)
		max = att[t] > max ? att[t] : max;

	__m256 sum8 = _mm256_setzero_ps(), vmax = _mm256_set1_ps(max);
	for (t = 0; t + 8 <= n; t += 8) {
		__m256 e = avx_exp(_mm256_sub_ps(_mm256_loadu_ps(att + t), vmax));
		_mm256_storeu_ps(att + t, e);
		sum8 = _mm256_add_ps(sum8, e);
	}
	float sum = avx_hsum(sum8);
	for (; t < n; t++) {
		att[t] = tlm_exp_portable(att[t] - max);
		sum += att[t];
	}
	const float inv = 1.0f / sum;
	if (hd % 8 == 0 && hd <= 64) {
		switch (hd / 8) {
		case 1: avx_wsum(att, v, stride, n, inv, out, 1); return;
		case 2: avx_wsum(att, v, stride, n, inv, out, 2); return;
		case 3: avx_wsum(att, v, stride, n, inv, out, 3); return;
		case 4: avx_wsum(att, v, stride, n, inv, out, 4); return;
		case 5: avx_wsum(att, v, stride, n, inv, out, 5); return;
		case 6: avx_wsum(att, v, stride, n, inv, out, 6); return;
		case 7: avx_wsum(att, v, stride, n, inv, out, 7); return;
		default: avx_wsum(att, v, stride, n, inv, out, 8); return;
		}
	}
	for (int i = 0; i < hd; i++) {
		float o = 0.0f;
		for (t = 0; t < n; t++)
			o += att[t] * v[(size_t)t * stride + i];
		out[i] = o * inv;
	}
}

/* Two passes: the maximum, then where it first occurs.  NaNs are skipped,
 * as in the portable loop: maxps returns its second operand when either is
 * a NaN, and that operand is the running maximum, which starts at -inf. */
static int avx_argmax(const float *x, int n)
{
	if (n < 16)
		return tlm_argmax_portable(x, n);
	__m256 m = _mm256_set1_ps(-INFINITY);
	int i = 0;
	for (; i + 8 <= n; i += 8)
		m = _mm256_max_ps(_mm256_loadu_ps(x + i), m);
	__m128 h = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
	h = _mm_max_ps(h, _mm_movehl_ps(h, h));
	h = _mm_max_ss(h, _mm_shuffle_ps(h, h, 1));
	float best = _mm_cvtss_f32(h);
	for (; i < n; i++)
		best = x[i] > best ? x[i] : best;
	const __m256 b = _mm256_set1_ps(best);
	for (i = 0; i + 8 <= n; i += 8) {
		int mask = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(x + i), b, _CMP_EQ_OQ));
		if (mask)
			return i + __builtin_ctz((unsigned)mask);
	}
	for (; i < n; i++)
		if (x[i] == best)
			return i;
	return tlm_argmax_portable(x, n);
}

static void avx_silu_mul(float *h, const float *g, const float *u, int n)
{
	int i = 0;
	for (; i + 8 <= n; i += 8) {
		__m256 gv = _mm256_loadu_ps(g + i);
		__m256 e = avx_exp(_mm256_sub_ps(_mm256_setzero_ps(), gv));
		__m256 s = _mm256_div_ps(gv, _mm256_add_ps(_mm256_set1_ps(1.0f), e));
		_mm256_storeu_ps(h + i, _mm256_mul_ps(s, _mm256_loadu_ps(u + i)));
	}
	for (; i < n; i++)
		h[i] = g[i] / (1.0f + tlm_exp_portable(-g[i])) * u[i];
}

#endif
