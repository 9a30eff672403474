/* forward.c: the transformer's forward pass, one token at a time.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Llama as in the paper: x = embed(token); per layer
 *   x += Wo · attention(rope(Wq·n(x)), rope(Wk·n(x)), Wv·n(x))
 *   x += W2 · (silu(W1·n(x)) * W3·n(x))
 * with n = RMSNorm, then logits = embed · n(x) (tied weights).
 *
 * Every thread of the context's pool runs the whole pass on its own share of
 * rows and heads ("SPMD"), meeting at four barriers per layer.  Small
 * vector work (norms, quantizing the input of a product) is repeated by each
 * thread rather than shared, because a barrier costs more than the work.
 */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "engine/kernels.h"
#include "i18n.h"
#include "engine/pool.h"

struct scratch {                /* one per thread */
	float *xb;              /* normalised x, or the vector being multiplied */
	float *att;             /* attention scores, max_seq_len */
	float *y;               /* product output before a residual add */
	struct tlm_qx qx;
};

struct tlm_ctx {
	const struct tlm_model *m;
	struct tlm_config c;
	struct tlm_pool *pool;
	int nth;
	float *kv;              /* [pos][layer][key, value][kv_dim] */
	size_t kv_bytes;
	int kv_stride;          /* floats from one position to the next */
	float *x;               /* the residual stream */
	float *qkv;             /* this token's queries, keys and values */
	float *heads;           /* attention output, n_heads * head_dim */
	float *hb;              /* SwiGLU output, hidden_dim */
	float *logits;
	float *freq;            /* rotary frequencies, head_dim / 2 */
	float *rope_cos, *rope_sin; /* this position's, head_dim / 2 */
	struct scratch *s;
	/* the task's arguments */
	int pos, want_logits;
	int solo;               /* tokens left to run on one thread (see run) */
	int waited;             /* consecutive team tokens that waited on a thread */
};

static void *zalloc(size_t n)
{
	void *p = NULL;
	n = (n + 63) / 64 * 64;
	if (n && (p = aligned_alloc(64, n)))
		memset(p, 0, n);
	return p;
}

static void *map_cache(size_t bytes, size_t *mapped)
{
	const size_t huge = 2u << 20;
	*mapped = (bytes + huge - 1) / huge * huge;
	void *p = mmap(NULL, *mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(p, *mapped, MADV_HUGEPAGE);
#endif
	return p;
}

void tlm_ctx_free(struct tlm_ctx *c)
{
	if (!c)
		return;
	tlm_pool_free(c->pool);
	if (c->s)
		for (int t = 0; t < c->nth; t++) {
			free(c->s[t].xb);
			free(c->s[t].att);
			free(c->s[t].y);
			free(c->s[t].qx.q);
			free(c->s[t].qx.aux);
		}
	free(c->s);
	if (c->kv)
		munmap(c->kv, c->kv_bytes);
	free(c->x);
	free(c->qkv);
	free(c->heads);
	free(c->hb);
	free(c->logits);
	free(c->freq);
	free(c->rope_cos);
	free(c->rope_sin);
	free(c);
}

int tlm_ctx_new(const struct tlm_model *m, int n_threads, struct tlm_ctx **out,
		char *err, size_t errlen)
{
	const struct tlm_config *cf = tlm_model_config(m);
	struct tlm_ctx *c;
	int kv_dim = cf->n_kv_heads * cf->head_dim;
	int qkv = (cf->n_heads + 2 * cf->n_kv_heads) * cf->head_dim;
	int widest = cf->dim > cf->hidden_dim ? cf->dim : cf->hidden_dim;
	int ylen = 2 * cf->hidden_dim;
	size_t cache = (size_t)cf->n_layers * (size_t)cf->max_seq_len * (size_t)kv_dim * 2;

	*out = NULL;
	if (n_threads < 1)
		n_threads = 1;
	if (n_threads > 64)
		n_threads = 64;
	if (tlm_kern->row_bias && tlm_model_need_bias(m)) {
		snprintf(err, errlen, _("out of memory preparing the model"));
		return -1;
	}
	if (!(c = calloc(1, sizeof *c)))
		goto oom;
	c->m = m;
	c->c = *cf;
	c->nth = n_threads;
	/* Position-major and mapped lazily, so memory is touched only as the
	 * context fills (a short conversation keeps a small footprint), and
	 * in huge pages where the system has them: each first touch of a small
	 * page costs a fault, many of them a token on some virtual machines. */
	c->kv_stride = cf->n_layers * 2 * kv_dim;
	if (cache > SIZE_MAX / sizeof(float) - (2u << 20) ||
	    !(c->kv = map_cache(cache * sizeof(float), &c->kv_bytes))) {
		snprintf(err, errlen, _("not enough memory for the attention cache (%zu MB)"),
			 cache * sizeof(float) >> 20);
		tlm_ctx_free(c);
		return -1;
	}
	c->x = zalloc(sizeof(float) * (size_t)cf->dim);
	c->qkv = zalloc(sizeof(float) * (size_t)qkv);
	c->heads = zalloc(sizeof(float) * (size_t)(cf->n_heads * cf->head_dim));
	c->hb = zalloc(sizeof(float) * (size_t)cf->hidden_dim);
	c->logits = zalloc(sizeof(float) * (size_t)cf->vocab_size);
	c->freq = zalloc(sizeof(float) * (size_t)(cf->head_dim / 2));
	c->rope_cos = zalloc(sizeof(float) * (size_t)(cf->head_dim / 2));
	c->rope_sin = zalloc(sizeof(float) * (size_t)(cf->head_dim / 2));
	c->s = calloc((size_t)n_threads, sizeof *c->s);
	if (!c->x || !c->qkv || !c->heads || !c->hb || !c->logits || !c->freq ||
	    !c->rope_cos || !c->rope_sin || !c->s)
		goto oom;
	for (int t = 0; t < n_threads; t++) {
		struct scratch *s = &c->s[t];
		s->xb = zalloc(sizeof(float) * (size_t)widest);
		s->att = zalloc(sizeof(float) * (size_t)cf->max_seq_len);
		s->y = zalloc(sizeof(float) * (size_t)(ylen > cf->dim ? ylen : cf->dim));
		s->qx.q = zalloc((size_t)widest + 64);
		s->qx.aux = zalloc(2 * (size_t)widest + 64);
		if (!s->xb || !s->att || !s->y || !s->qx.q || !s->qx.aux)
			goto oom;
	}
	for (int i = 0; i < cf->head_dim / 2; i++)
		c->freq[i] = (float)pow((double)cf->rope_theta, -2.0 * i / cf->head_dim);
	if (!(c->pool = tlm_pool_new(n_threads)))
		goto oom;
	*out = c;
	return 0;
oom:
	snprintf(err, errlen, _("out of memory creating a context"));
	tlm_ctx_free(c);
	return -1;
}

const struct tlm_model *tlm_ctx_model(const struct tlm_ctx *c)
{
	return c->m;
}

/* ---- The pieces ---- */

static void rmsnorm(float *o, const float *x, const float *w, int n, float eps)
{
	float ss = 0.0f;
	for (int i = 0; i < n; i++)
		ss += x[i] * x[i];
	ss = 1.0f / sqrtf(ss / (float)n + eps);
	for (int i = 0; i < n; i++)
		o[i] = w[i] * (ss * x[i]);
}

/* Rotates each (even, odd) pair of a head by its position's angle. */
static void rope(const struct tlm_ctx *c, float *v, int n_heads)
{
	const int hd = c->c.head_dim;
	for (int h = 0; h < n_heads; h++) {
		float *p = v + h * hd;
		for (int i = 0; i < hd / 2; i++) {
			float a = p[2 * i], b = p[2 * i + 1];
			float co = c->rope_cos[i], si = c->rope_sin[i];
			p[2 * i] = a * co - b * si;
			p[2 * i + 1] = a * si + b * co;
		}
	}
}

/* Part [lo, hi) of n items for thread t of nth. */
static void share(int n, int t, int nth, int *lo, int *hi)
{
	*lo = (int)((long long)n * t / nth);
	*hi = (int)((long long)n * (t + 1) / nth);
}

/* Rows [r0, r1) of W times the vector in the thread's scratch: the int8
 * path quantizes the vector once per call (per thread). */
static void matvec(struct scratch *s, const struct tlm_tensor *w, int gs, const float *x,
		   float *y, int r0, int r1, int quantized_ready)
{
	if (r0 >= r1)
		return;
	if (w->type == TLM_TYPE_F32) {
		tlm_matvec_f32(w, x, y, r0, r1);
		return;
	}
	if (!quantized_ready)
		tlm_kern->quantize(x, w->cols, &s->qx);
	tlm_kern->matvec_q8(w, gs, &s->qx, y, r0, r1);
}

static void attend(struct tlm_ctx *c, struct scratch *s, int layer, int h)
{
	const int hd = c->c.head_dim, kv_dim = c->c.n_kv_heads * hd;
	const int kvh = h / (c->c.n_heads / c->c.n_kv_heads);
	const float *k = c->kv + (size_t)layer * 2 * kv_dim + (size_t)kvh * hd;

	tlm_kern->attention(c->qkv + h * hd, k, k + kv_dim, c->kv_stride,
			    c->pos + 1, hd, 1.0f / sqrtf((float)hd), s->att, c->heads + h * hd);
}

static void forward_task(void *arg, int tid, int nth)
{
	struct tlm_ctx *c = arg;
	const struct tlm_config *cf = &c->c;
	const struct tlm_model *m = c->m;
	struct scratch *s = &c->s[tid];
	const int dim = cf->dim, hd = cf->head_dim, gs = cf->group_size;
	const int group = cf->n_heads / cf->n_kv_heads;
	const int kv_dim = cf->n_kv_heads * hd, q_dim = cf->n_heads * hd;
	int kv0, kv1, d0, d1, f0, f1;

	/* Threads own whole key/value heads and their query heads, so a
	 * thread's attention needs only the rows it computed itself. */
	share(cf->n_kv_heads, tid, nth, &kv0, &kv1);
	share(dim, tid, nth, &d0, &d1);
	share(cf->hidden_dim, tid, nth, &f0, &f1);

	for (int l = 0; l < cf->n_layers; l++) {
		const struct tlm_layer *L = &m->layers[l];
		float *kv = c->kv + (size_t)c->pos * c->kv_stride + (size_t)l * 2 * kv_dim;

		rmsnorm(s->xb, c->x, L->attn_norm, dim, cf->norm_eps);
		if (L->wqkv.type == TLM_TYPE_Q8)
			tlm_kern->quantize(s->xb, dim, &s->qx);
		matvec(s, &L->wqkv, gs, s->xb, c->qkv + kv0 * group * hd,
		       kv0 * group * hd, kv1 * group * hd, 1);
		matvec(s, &L->wqkv, gs, s->xb, c->qkv + q_dim + kv0 * hd,
		       q_dim + kv0 * hd, q_dim + kv1 * hd, 1);
		matvec(s, &L->wqkv, gs, s->xb, c->qkv + q_dim + kv_dim + kv0 * hd,
		       q_dim + kv_dim + kv0 * hd, q_dim + kv_dim + kv1 * hd, 1);
		rope(c, c->qkv + kv0 * group * hd, (kv1 - kv0) * group);
		rope(c, c->qkv + q_dim + kv0 * hd, kv1 - kv0);
		memcpy(kv + kv0 * hd, c->qkv + q_dim + kv0 * hd,
		       sizeof(float) * (size_t)((kv1 - kv0) * hd));
		memcpy(kv + kv_dim + kv0 * hd, c->qkv + q_dim + kv_dim + kv0 * hd,
		       sizeof(float) * (size_t)((kv1 - kv0) * hd));
		for (int h = kv0 * group; h < kv1 * group; h++)
			attend(c, s, l, h);
		tlm_pool_barrier(c->pool, tid, nth);

		/* Past the barrier every thread has read x, so it may change. */
		matvec(s, &L->wo, gs, c->heads, s->y, d0, d1, 0);
		for (int i = d0; i < d1; i++)
			c->x[i] += s->y[i - d0];
		tlm_pool_barrier(c->pool, tid, nth);

		rmsnorm(s->xb, c->x, L->ffn_norm, dim, cf->norm_eps);
		if (L->w13.type == TLM_TYPE_Q8)
			tlm_kern->quantize(s->xb, dim, &s->qx);
		matvec(s, &L->w13, gs, s->xb, s->y, f0, f1, 1);
		matvec(s, &L->w13, gs, s->xb, s->y + (f1 - f0),
		       cf->hidden_dim + f0, cf->hidden_dim + f1, 1);
		tlm_kern->silu_mul(c->hb + f0, s->y, s->y + (f1 - f0), f1 - f0);
		tlm_pool_barrier(c->pool, tid, nth);

		matvec(s, &L->w2, gs, c->hb, s->y, d0, d1, 0);
		for (int i = d0; i < d1; i++)
			c->x[i] += s->y[i - d0];
		tlm_pool_barrier(c->pool, tid, nth);
	}
	if (!c->want_logits)
		return;
	int v0, v1;
	share(cf->vocab_size, tid, nth, &v0, &v1);
	rmsnorm(s->xb, c->x, m->final_norm, dim, cf->norm_eps);
	matvec(s, &m->embed, gs, s->xb, c->logits + v0, v0, v1, 0);
}

static void embed(struct tlm_ctx *c, int token)
{
	const struct tlm_tensor *e = &c->m->embed;
	const int dim = c->c.dim;

	if ((unsigned)token >= (unsigned)c->c.vocab_size)
		token = 0;
	if (e->type == TLM_TYPE_F32) {
		memcpy(c->x, (const float *)e->data + (size_t)token * dim, sizeof(float) * (size_t)dim);
		return;
	}
	const int8_t *q = (const int8_t *)e->data + (size_t)token * dim;
	const float *sc = e->scales + (size_t)token * (dim / c->c.group_size);
	for (int i = 0; i < dim; i++)
		c->x[i] = (float)q[i] * sc[i / c->c.group_size];
}

static void run(struct tlm_ctx *c, int token, int pos, int want_logits)
{
	embed(c, token);
	for (int i = 0; i < c->c.head_dim / 2; i++) {
		double a = (double)pos * (double)c->freq[i];
		c->rope_cos[i] = (float)cos(a);
		c->rope_sin[i] = (float)sin(a);
	}
	c->pos = pos;
	c->want_logits = want_logits;
	if (c->nth == 1 || c->solo > 0) {
		/* Results do not depend on the split, so switching is safe. */
		if (c->solo > 0)
			c->solo--;
		forward_task(c, 0, 1);
		return;
	}
	unsigned before = tlm_pool_yields(c->pool);
	tlm_pool_run(c->pool, forward_task, c);
	/* When other programs hold the cores the team waits on threads that
	 * are not running, and one thread is faster: run alone for a while,
	 * then try the team again.  One slow token is only a sleeping worker
	 * waking up; three in a row are contention. */
	c->waited = tlm_pool_yields(c->pool) - before > 4 ? c->waited + 1 : 0;
	if (c->waited >= 3) {
		c->waited = 0;
		c->solo = 128;
	}
}

const float *tlm_forward(struct tlm_ctx *c, int token, int pos)
{
	if (pos < 0 || pos >= c->c.max_seq_len)
		return NULL;
	run(c, token, pos, 1);
	return c->logits;
}

const float *tlm_prefill(struct tlm_ctx *c, const int *tokens, int n, int pos)
{
	if (n < 1 || pos < 0 || pos + n > c->c.max_seq_len)
		return NULL;
	for (int i = 0; i < n; i++)
		run(c, tokens[i], pos + i, i == n - 1);
	return c->logits;
}
