/* kernels_neon.c: the arm64 path (Advanced SIMD, which every AArch64 CPU
 * has: the Raspberry Pi 3, 4 and 5 and their kind).
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Int8 products: vmull_s8 widens 8 weight-input pairs to exact int16
 * products (|w x| <= 128 * 127 < 2^15) and vpadalq_s16 adds neighbouring
 * pairs into int32 lanes, so a group's sum is exact; the input needs no
 * rearranging (aux is unused).  The older Cortex-A53 and A72 have no SDOT
 * instruction, so this path does without it.
 */
#include <config.h>

#include <arm_neon.h>
#include <math.h>

#include "engine/kernels.h"

static void quantize(const float *x, int n, struct tlm_qx *qx)
{
	float32x4_t m = vdupq_n_f32(0.0f);
	int i = 0;
	for (; i + 4 <= n; i += 4)
		m = vmaxnmq_f32(m, vabsq_f32(vld1q_f32(x + i)));   /* NaNs skipped */
	float amax = vmaxnmvq_f32(m);
	for (; i < n; i++)
		amax = fabsf(x[i]) > amax ? fabsf(x[i]) : amax;
	const float inv = tlm_quant_set(amax, n, qx);
	const float32x4_t vinv = vdupq_n_f32(inv);
	const int16x8_t lim = vdupq_n_s16(127);

	for (i = 0; i + 8 <= n; i += 8) {
		/* vcvtnq rounds half to even, as lrintf does in the portable path */
		int32x4_t a = vcvtnq_s32_f32(vmulq_f32(vld1q_f32(x + i), vinv));
		int32x4_t b = vcvtnq_s32_f32(vmulq_f32(vld1q_f32(x + i + 4), vinv));
		int16x8_t ab = vcombine_s16(vqmovn_s32(a), vqmovn_s32(b));
		ab = vmaxq_s16(vminq_s16(ab, lim), vnegq_s16(lim));
		vst1_s8(qx->q + i, vmovn_s16(ab));
	}
	for (; i < n; i++) {
		long v = lrintf(x[i] * inv);
		qx->q[i] = (int8_t)(v > 127 ? 127 : v < -127 ? -127 : v);
	}
}

/* The exact int32 sum of one group of gs weights (a multiple of 32). */
static inline int32_t group_sum(const int8_t *w, const int8_t *x, int gs)
{
	int32x4_t a0 = vdupq_n_s32(0), a1 = vdupq_n_s32(0);
	for (int i = 0; i < gs; i += 32) {
		int8x16_t w0 = vld1q_s8(w + i), x0 = vld1q_s8(x + i);
		int8x16_t w1 = vld1q_s8(w + i + 16), x1 = vld1q_s8(x + i + 16);
		a0 = vpadalq_s16(a0, vmull_s8(vget_low_s8(w0), vget_low_s8(x0)));
		a1 = vpadalq_s16(a1, vmull_high_s8(w0, x0));
		a0 = vpadalq_s16(a0, vmull_s8(vget_low_s8(w1), vget_low_s8(x1)));
		a1 = vpadalq_s16(a1, vmull_high_s8(w1, x1));
	}
	return vaddvq_s32(vaddq_s32(a0, a1));
}

static void matvec_q8(const struct tlm_tensor *t, int gs, const struct tlm_qx *qx,
		      float *y, int r0, int r1)
{
	const int n = t->cols, ng = n / gs;
	const int8_t *x = qx->q;

	for (int r = r0; r < r1; r++) {
		const int8_t *row = (const int8_t *)t->data + (size_t)r * n;
		const float *sc = t->scales + (size_t)r * ng;
		float32x4_t f = vdupq_n_f32(0.0f);
		int g = 0;
		/* four groups' sums scaled by four consecutive scales at once */
		for (; g + 4 <= ng; g += 4) {
			int32_t s[4] = { group_sum(row + g * gs, x + g * gs, gs),
					 group_sum(row + (g + 1) * gs, x + (g + 1) * gs, gs),
					 group_sum(row + (g + 2) * gs, x + (g + 2) * gs, gs),
					 group_sum(row + (g + 3) * gs, x + (g + 3) * gs, gs) };
			f = vfmaq_f32(f, vcvtq_f32_s32(vld1q_s32(s)), vld1q_f32(sc + g));
		}
		float acc = vaddvq_f32(f);
		for (; g < ng; g++)
			acc += (float)group_sum(row + g * gs, x + g * gs, gs) * sc[g];
		y[r - r0] = acc * qx->scale;
	}
}

static float dot(const float *a, const float *b, int n)
{
	float32x4_t s0 = vdupq_n_f32(0.0f), s1 = vdupq_n_f32(0.0f);
	int i = 0;
	for (; i + 8 <= n; i += 8) {
		s0 = vfmaq_f32(s0, vld1q_f32(a + i), vld1q_f32(b + i));
		s1 = vfmaq_f32(s1, vld1q_f32(a + i + 4), vld1q_f32(b + i + 4));
	}
	float s = vaddvq_f32(vaddq_f32(s0, s1));
	for (; i < n; i++)
		s += a[i] * b[i];
	return s;
}

/* tlm_exp_portable, four lanes at a time. */
static inline float32x4_t exp4(float32x4_t x)
{
	/* maxnm/minnm take the number over a NaN, as x86's maxps does here */
	x = vminnmq_f32(vmaxnmq_f32(x, vdupq_n_f32(TLM_EXP_LO)), vdupq_n_f32(TLM_EXP_HI));
	int32x4_t ni = vcvtnq_s32_f32(vmulq_f32(x, vdupq_n_f32(TLM_LOG2E)));
	float32x4_t nf = vcvtq_f32_s32(ni);
	float32x4_t r = vsubq_f32(x, vmulq_f32(nf, vdupq_n_f32(TLM_LN2_HI)));
	r = vsubq_f32(r, vmulq_f32(nf, vdupq_n_f32(TLM_LN2_LO)));
	float32x4_t p = vdupq_n_f32(TLM_EXP_P0);
	p = vaddq_f32(vmulq_f32(p, r), vdupq_n_f32(TLM_EXP_P1));
	p = vaddq_f32(vmulq_f32(p, r), vdupq_n_f32(TLM_EXP_P2));
	p = vaddq_f32(vmulq_f32(p, r), vdupq_n_f32(TLM_EXP_P3));
	p = vaddq_f32(vmulq_f32(p, r), vdupq_n_f32(TLM_EXP_P4));
	p = vaddq_f32(vmulq_f32(p, r), vdupq_n_f32(TLM_EXP_P5));
	p = vaddq_f32(vmulq_f32(p, vmulq_f32(r, r)), vaddq_f32(r, vdupq_n_f32(1.0f)));
	int32x4_t e = vshlq_n_s32(vaddq_s32(ni, vdupq_n_s32(127)), 23);
	return vmulq_f32(p, vreinterpretq_f32_s32(e));
}

static void attention(const float *q, const float *k, const float *v, int stride, int n,
		      int hd, float scale, float *att, float *out)
{
	float max = -INFINITY;
	for (int t = 0; t < n; t++) {
		att[t] = dot(q, k + (size_t)t * stride, hd) * scale;
		max = att[t] > max ? att[t] : max;
	}
	float32x4_t s4 = vdupq_n_f32(0.0f), vmax = vdupq_n_f32(max);
	int t = 0;
	for (; t + 4 <= n; t += 4) {
		float32x4_t e = exp4(vsubq_f32(vld1q_f32(att + t), vmax));
		vst1q_f32(att + t, e);
		s4 = vaddq_f32(s4, e);
	}
	float sum = vaddvq_f32(s4);
	for (; t < n; t++) {
		att[t] = tlm_exp_portable(att[t] - max);
		sum += att[t];
	}
	const float inv = 1.0f / sum;
	int i = 0;
	for (; i + 4 <= hd; i += 4) {
		float32x4_t o = vdupq_n_f32(0.0f);
		for (t = 0; t < n; t++)
			o = vfmaq_n_f32(o, vld1q_f32(v + (size_t)t * stride + i), att[t]);
		vst1q_f32(out + i, vmulq_n_f32(o, inv));
	}
	for (; i < hd; i++) {
		float o = 0.0f;
		for (t = 0; t < n; t++)
			o += att[t] * v[(size_t)t * stride + i];
		out[i] = o * inv;
	}
}

static void silu_mul(float *h, const float *g, const float *u, int n)
{
	int i = 0;
	for (; i + 4 <= n; i += 4) {
		float32x4_t gv = vld1q_f32(g + i);
		float32x4_t e = exp4(vnegq_f32(gv));
		float32x4_t s = vdivq_f32(gv, vaddq_f32(vdupq_n_f32(1.0f), e));
		vst1q_f32(h + i, vmulq_f32(s, vld1q_f32(u + i)));
	}
	tlm_silu_mul_portable(h + i, g + i, u + i, n - i);
}

const struct tlm_kernels tlm_kernels_neon = {
	.id = TLM_KERNEL_NEON,
	.quantize = quantize,
	.matvec_q8 = matvec_q8,
	.dot = dot,
	.attention = attention,
	.argmax = tlm_argmax_portable,
	.silu_mul = silu_mul,
	.row_bias = NULL,
};
