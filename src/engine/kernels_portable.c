/* kernels_portable.c: plain C kernels, the reference every SIMD path must
 * match and the path any CPU can run.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <math.h>

#include "engine/kernels.h"

float tlm_quant_scale(const float *x, int n, struct tlm_qx *qx)
{
	float amax = 0.0f;
	for (int i = 0; i < n; i++) {
		float a = fabsf(x[i]);
		amax = a > amax ? a : amax;
	}
	return tlm_quant_set(amax, n, qx);
}

float tlm_quant_set(float amax, int n, struct tlm_qx *qx)
{
	qx->n = n;
	qx->scale = amax / 127.0f;
	return amax > 0.0f ? 127.0f / amax : 0.0f;
}

void tlm_quantize_portable(const float *x, int n, struct tlm_qx *qx)
{
	float inv = tlm_quant_scale(x, n, qx);
	for (int i = 0; i < n; i++) {
		/* lrintf rounds half to even in the default mode, as the
		 * SIMD conversions and numpy's rint do. */
		long v = lrintf(x[i] * inv);
		qx->q[i] = (int8_t)(v > 127 ? 127 : v < -127 ? -127 : v);
	}
}

/* One group's exact int32 sum (gs * 127 * 127 fits easily). */
static inline int32_t group_dot(const int8_t *w, const int8_t *x, int gs)
{
	int32_t dot = 0;
	for (int i = 0; i < gs; i++)
		dot += (int32_t)w[i] * x[i];
	return dot;
}

/* Every shipped model has groups of 32: with the count known, the
 * compiler unrolls (and may vectorise) the inner loop, which is most of
 * the time spent on a PC without SIMD kernels. */
static inline int32_t group_dot32(const int8_t *w, const int8_t *x)
{
	int32_t dot = 0;
	for (int i = 0; i < 32; i++)
		dot += (int32_t)w[i] * x[i];
	return dot;
}

static void matvec_q8(const struct tlm_tensor *w, int gs, const struct tlm_qx *qx,
		      float *y, int r0, int r1)
{
	const int n = w->cols, ng = n / gs;
	const int8_t *x = qx->q;

	for (int r = r0; r < r1; r++) {
		const int8_t *row = (const int8_t *)w->data + (size_t)r * n;
		const float *sc = w->scales + (size_t)r * ng;
		float acc = 0.0f;
		for (int g = 0; g < ng; g++) {
			const int8_t *wg = row + g * gs, *xg = x + g * gs;
			acc += (float)(gs == 32 ? group_dot32(wg, xg) : group_dot(wg, xg, gs)) * sc[g];
		}
		y[r - r0] = acc * qx->scale;
	}
}

/* Four partial sums break the dependency chain of the adds. */
float tlm_dot_portable(const float *a, const float *b, int n)
{
	float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	int i = 0;
	for (; i + 4 <= n; i += 4) {
		s0 += a[i] * b[i];
		s1 += a[i + 1] * b[i + 1];
		s2 += a[i + 2] * b[i + 2];
		s3 += a[i + 3] * b[i + 3];
	}
	for (; i < n; i++)
		s0 += a[i] * b[i];
	return (s0 + s1) + (s2 + s3);
}

static void attention(const float *q, const float *k, const float *v, int stride, int n,
		      int hd, float scale, float *att, float *out)
{
	float max = -INFINITY, sum = 0.0f;
	for (int t = 0; t < n; t++) {
		att[t] = tlm_dot_portable(q, k + (size_t)t * stride, hd) * scale;
		max = att[t] > max ? att[t] : max;
	}
	for (int t = 0; t < n; t++) {
		att[t] = tlm_exp_portable(att[t] - max);
		sum += att[t];
	}
	const float inv = 1.0f / sum;
	for (int i = 0; i < hd; i++)
		out[i] = 0.0f;
	for (int t = 0; t < n; t++) {
		const float a = att[t], *vt = v + (size_t)t * stride;
		for (int i = 0; i < hd; i++)
			out[i] += a * vt[i];
	}
	for (int i = 0; i < hd; i++)
		out[i] *= inv;
}

void tlm_silu_mul_portable(float *h, const float *g, const float *u, int n)
{
	for (int i = 0; i < n; i++)
		h[i] = g[i] / (1.0f + tlm_exp_portable(-g[i])) * u[i];
}

int tlm_argmax_portable(const float *x, int n)
{
	/* NaN logits (only a model whose activations overflow gives them)
	 * are never chosen; all NaN gives 0. */
	int best = 0;
	while (best < n - 1 && isnan(x[best]))
		best++;
	float max = x[best];
	for (int i = best + 1; i < n; i++)
		if (x[i] > max) {
			max = x[i];
			best = i;
		}
	return isnan(max) ? 0 : best;
}

const struct tlm_kernels tlm_kernels_portable = {
	.id = TLM_KERNEL_PORTABLE,
	.quantize = tlm_quantize_portable,
	.matvec_q8 = matvec_q8,
	.dot = tlm_dot_portable,
	.attention = attention,
	.argmax = tlm_argmax_portable,
	.silu_mul = tlm_silu_mul_portable,
	.row_bias = NULL,
};
