/* kernels_sse2.c: the x86-64 baseline, which every 64-bit PC has.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * SSE2 has no byte multiply, so products go through pmaddwd on 16-bit
 * lanes.  The input is widened once per product into `aux`: for each run
 * of 16 values, the 8 even-indexed ones then the 8 odd-indexed ones as
 * int16.  A weight row then needs no unpacking (see dot16).
 */
#include <config.h>

#include <emmintrin.h>
#include <math.h>
#include <xmmintrin.h>

#include "engine/kernels.h"

static float amax4(const float *x, int n)
{
	const __m128 mask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
	__m128 m = _mm_setzero_ps();
	int i = 0;
	for (; i + 4 <= n; i += 4)
		m = _mm_max_ps(_mm_and_ps(_mm_loadu_ps(x + i), mask), m);  /* NaNs skipped */
	m = _mm_max_ps(m, _mm_movehl_ps(m, m));
	m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
	float a = _mm_cvtss_f32(m);
	for (; i < n; i++)
		a = fabsf(x[i]) > a ? fabsf(x[i]) : a;
	return a;
}

static void quantize(const float *x, int n, struct tlm_qx *qx)
{
	const __m128 inv = _mm_set1_ps(tlm_quant_set(amax4(x, n), n, qx));
	int16_t *w = qx->aux;
	int i = 0;

	for (; i + 16 <= n; i += 16) {
		__m128i a = _mm_cvtps_epi32(_mm_mul_ps(_mm_loadu_ps(x + i), inv));
		__m128i b = _mm_cvtps_epi32(_mm_mul_ps(_mm_loadu_ps(x + i + 4), inv));
		__m128i c = _mm_cvtps_epi32(_mm_mul_ps(_mm_loadu_ps(x + i + 8), inv));
		__m128i d = _mm_cvtps_epi32(_mm_mul_ps(_mm_loadu_ps(x + i + 12), inv));
		__m128i ab = _mm_packs_epi32(a, b), cd = _mm_packs_epi32(c, d);
		_mm_storeu_si128((__m128i *)(qx->q + i), _mm_packs_epi16(ab, cd));
		/* Evens then odds: in each 32-bit lane the even value is the
		 * low half, so a shift pair or one shift sign-extends it. */
		__m128i ev = _mm_packs_epi32(_mm_srai_epi32(_mm_slli_epi32(ab, 16), 16),
					     _mm_srai_epi32(_mm_slli_epi32(cd, 16), 16));
		__m128i od = _mm_packs_epi32(_mm_srai_epi32(ab, 16), _mm_srai_epi32(cd, 16));
		_mm_store_si128((__m128i *)(w + i), ev);
		_mm_store_si128((__m128i *)(w + i + 8), od);
	}
	for (; i < n; i++) {
		/* n is a multiple of 8 in every model; a tail is only a guard */
		float v = x[i] * _mm_cvtss_f32(inv);
		int q = _mm_cvtss_si32(_mm_set_ss(v));
		qx->q[i] = (int8_t)(q > 127 ? 127 : q < -127 ? -127 : q);
		w[i] = qx->q[i];
	}
}

/* 16 weights times the matching 16 inputs, times 256: masking keeps each
 * odd byte in place as odd * 256, and one shift makes even * 256, both
 * exact int16 values, so no sign extension is needed.  The 256 comes off
 * with the row's final scale (a power of two, so exactly).  Sums stay far
 * inside int32: 128 weights * 127 * 127 * 256 < 2^30. */
static inline __m128i dot16(const int8_t *w, const int16_t *x, __m128i hi_bytes)
{
	__m128i v = _mm_loadu_si128((const __m128i *)w);
	__m128i odd = _mm_and_si128(v, hi_bytes);
	__m128i even = _mm_slli_epi16(v, 8);
	return _mm_add_epi32(_mm_madd_epi16(even, _mm_load_si128((const __m128i *)x)),
			     _mm_madd_epi16(odd, _mm_load_si128((const __m128i *)(x + 8))));
}

static inline float hsum(__m128 v)
{
	v = _mm_add_ps(v, _mm_movehl_ps(v, v));
	v = _mm_add_ss(v, _mm_shuffle_ps(v, v, 1));
	return _mm_cvtss_f32(v);
}

/* The int32 sums of group g of a row (gs weights, a multiple of 32). */
static inline __m128i group_sum(const int8_t *w, const int16_t *x, int g, int gs, __m128i hi_bytes)
{
	__m128i a = _mm_setzero_si128();
	for (int i = g * gs; i < (g + 1) * gs; i += 32)
		a = _mm_add_epi32(a, _mm_add_epi32(dot16(w + i, x + i, hi_bytes),
						   dot16(w + i + 16, x + i + 16, hi_bytes)));
	return a;
}

/* One row.  Four groups' lane sums are transposed into one vector of four
 * group totals, so a single conversion and multiply by four consecutive
 * scales serves them all. */
static float row_dot(const int8_t *w, const float *s, const int16_t *x, int n, int gs,
		     __m128i hi_bytes)
{
	const int ng = n / gs;
	__m128 f = _mm_setzero_ps();
	int g = 0;

	for (; g + 4 <= ng; g += 4) {
		__m128 a = _mm_castsi128_ps(group_sum(w, x, g, gs, hi_bytes));
		__m128 b = _mm_castsi128_ps(group_sum(w, x, g + 1, gs, hi_bytes));
		__m128 c = _mm_castsi128_ps(group_sum(w, x, g + 2, gs, hi_bytes));
		__m128 d = _mm_castsi128_ps(group_sum(w, x, g + 3, gs, hi_bytes));
		_MM_TRANSPOSE4_PS(a, b, c, d);
		__m128i t = _mm_add_epi32(_mm_add_epi32(_mm_castps_si128(a), _mm_castps_si128(b)),
					  _mm_add_epi32(_mm_castps_si128(c), _mm_castps_si128(d)));
		f = _mm_add_ps(f, _mm_mul_ps(_mm_cvtepi32_ps(t), _mm_loadu_ps(s + g)));
	}
	for (; g < ng; g++)
		f = _mm_add_ps(f, _mm_mul_ps(_mm_cvtepi32_ps(group_sum(w, x, g, gs, hi_bytes)),
					     _mm_set1_ps(s[g])));
	return hsum(f);
}

static void matvec_q8(const struct tlm_tensor *t, int gs, const struct tlm_qx *qx,
		      float *y, int r0, int r1)
{
	const int n = t->cols, ng = n / gs;
	const __m128i hi_bytes = _mm_set1_epi16((short)0xff00);
	const float scale = qx->scale * (1.0f / 256.0f);

	for (int r = r0; r < r1; r++)
		y[r - r0] = row_dot((const int8_t *)t->data + (size_t)r * n, t->scales + (size_t)r * ng,
				    qx->aux, n, gs, hi_bytes) * scale;
}

static float dot(const float *a, const float *b, int n)
{
	__m128 s0 = _mm_setzero_ps(), s1 = _mm_setzero_ps();
	int i = 0;
	for (; i + 8 <= n; i += 8) {
		s0 = _mm_add_ps(s0, _mm_mul_ps(_mm_loadu_ps(a + i), _mm_loadu_ps(b + i)));
		s1 = _mm_add_ps(s1, _mm_mul_ps(_mm_loadu_ps(a + i + 4), _mm_loadu_ps(b + i + 4)));
	}
	float s = hsum(_mm_add_ps(s0, s1));
	for (; i < n; i++)
		s += a[i] * b[i];
	return s;
}

/* tlm_exp_portable, four lanes at a time. */
static inline __m128 exp4(__m128 x)
{
	x = _mm_min_ps(_mm_max_ps(x, _mm_set1_ps(TLM_EXP_LO)), _mm_set1_ps(TLM_EXP_HI));
	__m128i ni = _mm_cvtps_epi32(_mm_mul_ps(x, _mm_set1_ps(TLM_LOG2E)));
	__m128 n = _mm_cvtepi32_ps(ni);
	__m128 r = _mm_sub_ps(x, _mm_mul_ps(n, _mm_set1_ps(TLM_LN2_HI)));
	r = _mm_sub_ps(r, _mm_mul_ps(n, _mm_set1_ps(TLM_LN2_LO)));
	__m128 p = _mm_set1_ps(TLM_EXP_P0);
	p = _mm_add_ps(_mm_mul_ps(p, r), _mm_set1_ps(TLM_EXP_P1));
	p = _mm_add_ps(_mm_mul_ps(p, r), _mm_set1_ps(TLM_EXP_P2));
	p = _mm_add_ps(_mm_mul_ps(p, r), _mm_set1_ps(TLM_EXP_P3));
	p = _mm_add_ps(_mm_mul_ps(p, r), _mm_set1_ps(TLM_EXP_P4));
	p = _mm_add_ps(_mm_mul_ps(p, r), _mm_set1_ps(TLM_EXP_P5));
	p = _mm_add_ps(_mm_mul_ps(p, _mm_mul_ps(r, r)), _mm_add_ps(r, _mm_set1_ps(1.0f)));
	__m128i e = _mm_slli_epi32(_mm_add_epi32(ni, _mm_set1_epi32(127)), 23);
	return _mm_mul_ps(p, _mm_castsi128_ps(e));
}

/* out = inv * sum_t att[t] v_t with the whole head (nb * 4 values) in
 * registers: one pass over the values (nb is a constant in each copy). */
static inline __attribute__((always_inline)) void
wsum(const float *att, const float *v, int stride, int n, __m128 inv, float *out, const int nb)
{
	__m128 o[12];
#pragma GCC unroll 12
	for (int j = 0; j < nb; j++)
		o[j] = _mm_setzero_ps();
	for (int t = 0; t < n; t++) {
		const __m128 a = _mm_set1_ps(att[t]);
		const float *vt = v + (size_t)t * stride;
#pragma GCC unroll 12
		for (int j = 0; j < nb; j++)
			o[j] = _mm_add_ps(o[j], _mm_mul_ps(a, _mm_loadu_ps(vt + 4 * j)));
	}
#pragma GCC unroll 12
	for (int j = 0; j < nb; j++)
		_mm_storeu_ps(out + 4 * j, _mm_mul_ps(o[j], inv));
}

static void attention(const float *q, const float *k, const float *v, int stride, int n,
		      int hd, float scale, float *att, float *out)
{
	int t = 0;

	/* Four positions at a time; a 4x4 transpose finishes their sums. */
	for (; t + 4 <= n && hd % 4 == 0; t += 4) {
		const float *k0 = k + (size_t)t * stride;
		__m128 a0 = _mm_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
		for (int i = 0; i < hd; i += 4) {
			__m128 qi = _mm_loadu_ps(q + i);
			a0 = _mm_add_ps(a0, _mm_mul_ps(qi, _mm_loadu_ps(k0 + i)));
			a1 = _mm_add_ps(a1, _mm_mul_ps(qi, _mm_loadu_ps(k0 + stride + i)));
			a2 = _mm_add_ps(a2, _mm_mul_ps(qi, _mm_loadu_ps(k0 + 2 * stride + i)));
			a3 = _mm_add_ps(a3, _mm_mul_ps(qi, _mm_loadu_ps(k0 + 3 * stride + i)));
		}
		_MM_TRANSPOSE4_PS(a0, a1, a2, a3);
		__m128 s = _mm_add_ps(_mm_add_ps(a0, a1), _mm_add_ps(a2, a3));
		_mm_storeu_ps(att + t, _mm_mul_ps(s, _mm_set1_ps(scale)));
	}
	for (; t < n; t++)
		att[t] = dot(q, k + (size_t)t * stride, hd) * scale;

	float max = att[0], sum = 0.0f;
	for (t = 1; t < n; t++)
		max = att[t] > max ? att[t] : max;
	__m128 s4 = _mm_setzero_ps(), vmax = _mm_set1_ps(max);
	for (t = 0; t + 4 <= n; t += 4) {
		__m128 e = exp4(_mm_sub_ps(_mm_loadu_ps(att + t), vmax));
		_mm_storeu_ps(att + t, e);
		s4 = _mm_add_ps(s4, e);
	}
	sum = hsum(s4);
	for (; t < n; t++) {
		att[t] = tlm_exp_portable(att[t] - max);
		sum += att[t];
	}
	const __m128 inv = _mm_set1_ps(1.0f / sum);

	if (hd % 4 == 0 && hd <= 48) {
		switch (hd / 4) {
		case 1: wsum(att, v, stride, n, inv, out, 1); return;
		case 2: wsum(att, v, stride, n, inv, out, 2); return;
		case 3: wsum(att, v, stride, n, inv, out, 3); return;
		case 4: wsum(att, v, stride, n, inv, out, 4); return;
		case 5: wsum(att, v, stride, n, inv, out, 5); return;
		case 6: wsum(att, v, stride, n, inv, out, 6); return;
		case 7: wsum(att, v, stride, n, inv, out, 7); return;
		case 8: wsum(att, v, stride, n, inv, out, 8); return;
		case 9: wsum(att, v, stride, n, inv, out, 9); return;
		case 10: wsum(att, v, stride, n, inv, out, 10); return;
		case 11: wsum(att, v, stride, n, inv, out, 11); return;
		default: wsum(att, v, stride, n, inv, out, 12); return;
		}
	}
	for (int i = 0; i < hd; i++) {
		float o = 0.0f;
		for (t = 0; t < n; t++)
			o += att[t] * v[(size_t)t * stride + i];
		out[i] = o * _mm_cvtss_f32(inv);
	}
}

static void silu_mul(float *h, const float *g, const float *u, int n)
{
	int i = 0;
	for (; i + 4 <= n; i += 4) {
		__m128 gv = _mm_loadu_ps(g + i);
		__m128 e = exp4(_mm_sub_ps(_mm_setzero_ps(), gv));
		__m128 s = _mm_div_ps(gv, _mm_add_ps(_mm_set1_ps(1.0f), e));
		_mm_storeu_ps(h + i, _mm_mul_ps(s, _mm_loadu_ps(u + i)));
	}
	tlm_silu_mul_portable(h + i, g + i, u + i, n - i);
}

const struct tlm_kernels tlm_kernels_sse2 = {
	.id = TLM_KERNEL_SSE2,
	.quantize = quantize,
	.matvec_q8 = matvec_q8,
	.dot = dot,
	.attention = attention,
	.argmax = tlm_argmax_portable,
	.silu_mul = silu_mul,
	.row_bias = NULL,
};
