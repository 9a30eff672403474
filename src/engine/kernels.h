/* kernels.h: the matrix-vector products, one implementation per CPU path,
 * picked at run time (kernels.c).
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Int8 path: the input vector is quantized once per product to int8 with a
 * single scale (so one float multiply per output row undoes it), and each
 * row's int8 weights carry one float scale per group.  Integer dots are
 * exact; every path computes the same int8 input, so paths differ only in
 * the order of the float sums over groups.
 */
#ifndef TLM_KERNELS_H
#define TLM_KERNELS_H

#include <math.h>

#include "engine/internal.h"

/* A quantized input vector.  `q` holds the int8 values every path uses;
 * `aux` a path's own rearrangement of them (see each kernels_*.c). */
struct tlm_qx {
	int n;
	float scale;       /* x[i] ~= q[i] * scale */
	int8_t *q;         /* n values, 64-byte aligned */
	void *aux;         /* 2 * n bytes, 64-byte aligned */
};

struct tlm_kernels {
	enum tlm_kernel id;
	/* Quantizes x[0..n) into qx: q and scale exactly as tlm_quantize
	 * does, plus this path's aux layout. */
	void (*quantize)(const float *x, int n, struct tlm_qx *qx);
	/* y[r - r0] = sum_i W[r][i] * x[i] for r in [r0, r1), W int8. */
	void (*matvec_q8)(const struct tlm_tensor *w, int group_size,
			  const struct tlm_qx *qx, float *y, int r0, int r1);
	/* a . b for float vectors. */
	float (*dot)(const float *a, const float *b, int n);
	/* One head's attention over positions t < n: att[t] = softmax over t
	 * of scale * q . k_t (k_t = k + t * stride), out = sum att[t] v_t. */
	void (*attention)(const float *q, const float *k, const float *v, int stride, int n,
			  int hd, float scale, float *att, float *out);
	/* The index of the largest of x[0..n), the first one on ties; NaNs
	 * are skipped (0 when every one is NaN). */
	int (*argmax)(const float *x, int n);
	/* h[i] = silu(g[i]) * u[i]: the SwiGLU gate. */
	void (*silu_mul)(float *h, const float *g, const float *u, int n);
	/* When matvec_q8 reads w->row_bias: computes it (NULL otherwise). */
	void (*row_bias)(const struct tlm_tensor *w, int group_size, float *bias);
};

extern const struct tlm_kernels *tlm_kern;

/* The shared rounding: scale = max|x| / 127, q = round-half-even(x * 127 /
 * max|x|).  Returns 127 / max|x| (0 for an all-zero x) and sets qx->scale;
 * fills nothing else. */
float tlm_quant_scale(const float *x, int n, struct tlm_qx *qx);
/* The same from a max|x| the caller found. */
float tlm_quant_set(float amax, int n, struct tlm_qx *qx);
/* The portable quantizer, which SIMD paths may call for their tails. */
void tlm_quantize_portable(const float *x, int n, struct tlm_qx *qx);
float tlm_dot_portable(const float *a, const float *b, int n);
void tlm_silu_mul_portable(float *h, const float *g, const float *u, int n);
int tlm_argmax_portable(const float *x, int n);

/* exp(x) to about 2 ulp: x = n ln2 + r, |r| <= ln2 / 2, a degree-7 series
 * for e^r, then 2^n in the exponent bits.  Every path uses these same
 * steps, so their results agree to the last bit or two; libm's expf would
 * be as exact but several times slower in the attention softmax. */
#define TLM_EXP_LO (-87.3f)
#define TLM_EXP_HI 88.3f
#define TLM_LOG2E 1.44269504088896341f
#define TLM_LN2_HI 0.693359375f
#define TLM_LN2_LO (-2.12194440e-4f)
#define TLM_EXP_P0 1.9875691500e-4f
#define TLM_EXP_P1 1.3981999507e-3f
#define TLM_EXP_P2 8.3334519073e-3f
#define TLM_EXP_P3 4.1665795894e-2f
#define TLM_EXP_P4 1.6666665459e-1f
#define TLM_EXP_P5 5.0000001201e-1f

static inline float tlm_exp_portable(float x)
{
	/* In the order of SSE's maxps then minps, so a NaN becomes
	 * TLM_EXP_LO here as in every SIMD path (and never reaches the
	 * conversion to int, where it would be undefined). */
	x = x > TLM_EXP_LO ? x : TLM_EXP_LO;
	x = x < TLM_EXP_HI ? x : TLM_EXP_HI;
	float n = rintf(x * TLM_LOG2E);
	float r = x - n * TLM_LN2_HI;
	r = r - n * TLM_LN2_LO;
	float p = TLM_EXP_P0;
	p = p * r + TLM_EXP_P1;
	p = p * r + TLM_EXP_P2;
	p = p * r + TLM_EXP_P3;
	p = p * r + TLM_EXP_P4;
	p = p * r + TLM_EXP_P5;
	p = p * (r * r) + (r + 1.0f);
	union { uint32_t u; float f; } e = { .u = (uint32_t)((int)n + 127) << 23 };
	return p * e.f;
}
/* y[r - r0] = W[r] . x for a float matrix. */
void tlm_matvec_f32(const struct tlm_tensor *w, const float *x, float *y, int r0, int r1);

extern const struct tlm_kernels tlm_kernels_portable;
#ifdef TLM_X86_SIMD
extern const struct tlm_kernels tlm_kernels_sse2;
extern const struct tlm_kernels tlm_kernels_avx2;
extern const struct tlm_kernels tlm_kernels_avx512;
#endif
#ifdef TLM_ARM_NEON
extern const struct tlm_kernels tlm_kernels_neon;
#endif

#endif
