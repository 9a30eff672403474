/* model.c: mapping and validating a .tlm model file (doc/model-format.md).
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * The file is never trusted: every field is range-checked and every offset
 * and size is checked against the file before anything is read through it.
 * Structure is checked only after the checksum, so a crafted file with a
 * correct checksum still meets every rule, and an accidentally damaged one
 * gets the plainest message.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/kernels.h"
#include "i18n.h"

static pthread_mutex_t bias_lock = PTHREAD_MUTEX_INITIALIZER;

static int fail(char *err, size_t errlen, const char *name, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "%s: ", name);
	if (n < 0 || (size_t)n >= errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, _(fmt), ap);
	va_end(ap);
	return -1;
}

static float rdf32(const uint8_t *p)
{
	uint32_t u = tlm_rd32(p);
	float f;
	memcpy(&f, &u, sizeof f);
	return f;
}

struct hdr {
	uint32_t version, header_size, dim, n_layers, n_heads, n_kv_heads, hidden_dim,
		 vocab_size, max_seq_len, group_size, n_tensors, flags, checksum;
	float rope_theta, norm_eps;
	uint64_t table_off, tok_off, tok_size, file_size;
};

static void read_header(const uint8_t *b, struct hdr *h)
{
	h->version = tlm_rd32(b + 8);
	h->header_size = tlm_rd32(b + 12);
	h->dim = tlm_rd32(b + 16);
	h->n_layers = tlm_rd32(b + 20);
	h->n_heads = tlm_rd32(b + 24);
	h->n_kv_heads = tlm_rd32(b + 28);
	h->hidden_dim = tlm_rd32(b + 32);
	h->vocab_size = tlm_rd32(b + 36);
	h->max_seq_len = tlm_rd32(b + 40);
	h->group_size = tlm_rd32(b + 44);
	h->rope_theta = rdf32(b + 48);
	h->norm_eps = rdf32(b + 52);
	h->n_tensors = tlm_rd32(b + 56);
	h->flags = tlm_rd32(b + 60);
	h->table_off = tlm_rd64(b + 64);
	h->tok_off = tlm_rd64(b + 72);
	h->tok_size = tlm_rd64(b + 80);
	h->file_size = tlm_rd64(b + 88);
	h->checksum = tlm_rd32(b + 96);
}

static int check_header(const struct hdr *h, const uint8_t *b, const char *name,
			char *err, size_t errlen)
{
	if (h->dim < 8 || h->dim > 8192 || h->dim % 8)
		return fail(err, errlen, name, "bad header: dim = %u (must be 8..8192, a multiple of 8)", h->dim);
	if (h->n_layers < 1 || h->n_layers > 256)
		return fail(err, errlen, name, "bad header: n_layers = %u (must be 1..256)", h->n_layers);
	if (h->n_heads < 1 || h->n_heads > h->dim || h->dim % h->n_heads || (h->dim / h->n_heads) % 2)
		return fail(err, errlen, name, "bad header: n_heads = %u (must divide dim = %u "
			    "into heads of even size)", h->n_heads, h->dim);
	if (h->n_kv_heads < 1 || h->n_kv_heads > h->n_heads || h->n_heads % h->n_kv_heads)
		return fail(err, errlen, name, "bad header: n_kv_heads = %u (must divide n_heads = %u)",
			    h->n_kv_heads, h->n_heads);
	if (h->hidden_dim < 8 || h->hidden_dim > 65536 || h->hidden_dim % 8)
		return fail(err, errlen, name, "bad header: hidden_dim = %u (must be 8..65536, "
			    "a multiple of 8)", h->hidden_dim);
	if (h->vocab_size < 256 + TLM_N_SPECIAL || h->vocab_size > (1u << 20))
		return fail(err, errlen, name, "bad header: vocab_size = %u (must be %d..1048576)",
			    h->vocab_size, 256 + TLM_N_SPECIAL);
	if (h->max_seq_len < 1 || h->max_seq_len > 65536)
		return fail(err, errlen, name, "bad header: max_seq_len = %u (must be 1..65536)",
			    h->max_seq_len);
	if (h->group_size != 0 && ((h->group_size != 32 && h->group_size != 64 && h->group_size != 128) ||
				   h->dim % h->group_size || h->hidden_dim % h->group_size))
		return fail(err, errlen, name, "bad header: group_size = %u (must be 0, or 32, 64 or 128 "
			    "dividing dim and hidden_dim)", h->group_size);
	if (!isfinite(h->rope_theta) || !(h->rope_theta > 0.0f))
		return fail(err, errlen, name, "bad header: rope_theta is not a positive number");
	if (!isfinite(h->norm_eps) || !(h->norm_eps > 0.0f) || !(h->norm_eps < 1.0f))
		return fail(err, errlen, name, "bad header: norm_eps is not in (0, 1)");
	if (h->n_tensors != 2 + 6 * h->n_layers)
		return fail(err, errlen, name, "bad header: n_tensors = %u (expected %u for %u layers)",
			    h->n_tensors, 2 + 6 * h->n_layers, h->n_layers);
	if (h->flags != 0)
		return fail(err, errlen, name, "bad header: unknown flags 0x%x", h->flags);
	for (int i = 100; i < TLM_HEADER_SIZE; i++)
		if (b[i])
			return fail(err, errlen, name, "bad header: reserved byte at offset %d is not zero", i);
	if (h->table_off != TLM_HEADER_SIZE)
		return fail(err, errlen, name, "bad header: tensor table at offset %llu (must be %d)",
			    (unsigned long long)h->table_off, TLM_HEADER_SIZE);
	return 0;
}

/* One expected tensor: its name and shape follow from the header. */
struct want {
	char name[32];
	int rows, cols;
	int is_norm;
	struct tlm_tensor *dst;
	const float **norm_dst;
};

struct span {
	uint64_t lo, hi;
	int tensor;
	int is_float;      /* F32 data or Q8 scales, not int8 weights */
};

/* Reverses the bytes of each 4-byte word: little-endian floats to a
 * big-endian host's order. */
static void swap32(uint8_t *p, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i += 4) {
		uint8_t a = p[i], b = p[i + 1];
		p[i] = p[i + 3];
		p[i + 1] = p[i + 2];
		p[i + 2] = b;
		p[i + 3] = a;
	}
}

static int cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int load_tensors(struct tlm_model *m, const struct hdr *h, int swap_floats, char *err,
			size_t errlen)
{
	const struct tlm_config *c = &m->cfg;
	const int nt = (int)h->n_tensors;
	const int qkv = (c->n_heads + 2 * c->n_kv_heads) * c->head_dim;
	const uint64_t table_end = TLM_HEADER_SIZE + (uint64_t)nt * TLM_TENSOR_ENTRY;
	struct want *w = calloc((size_t)nt, sizeof *w);
	struct span *sp = calloc((size_t)nt * 2, sizeof *sp);
	int nsp = 0, rc = -1, type0 = -1;

	if (!w || !sp) {
		fail(err, errlen, m->name, "out of memory");
		goto out;
	}
	snprintf(w[0].name, 32, "tok_embeddings");
	w[0].rows = c->vocab_size; w[0].cols = c->dim; w[0].dst = &m->embed;
	snprintf(w[1].name, 32, "norm");
	w[1].rows = 1; w[1].cols = c->dim; w[1].is_norm = 1; w[1].norm_dst = &m->final_norm;
	for (int l = 0; l < c->n_layers; l++) {
		struct want *v = w + 2 + 6 * l;
		struct tlm_layer *L = &m->layers[l];
		static const char *const part[6] = { "attn_norm", "wqkv", "wo", "ffn_norm", "w13", "w2" };
		for (int k = 0; k < 6; k++)
			snprintf(v[k].name, 32, "layers.%d.%s", l, part[k]);
		v[0].rows = 1; v[0].cols = c->dim; v[0].is_norm = 1; v[0].norm_dst = &L->attn_norm;
		v[1].rows = qkv; v[1].cols = c->dim; v[1].dst = &L->wqkv;
		v[2].rows = c->dim; v[2].cols = c->n_heads * c->head_dim; v[2].dst = &L->wo;
		v[3].rows = 1; v[3].cols = c->dim; v[3].is_norm = 1; v[3].norm_dst = &L->ffn_norm;
		v[4].rows = 2 * c->hidden_dim; v[4].cols = c->dim; v[4].dst = &L->w13;
		v[5].rows = c->dim; v[5].cols = c->hidden_dim; v[5].dst = &L->w2;
	}

	for (int i = 0; i < nt; i++) {
		const uint8_t *e = m->base + TLM_HEADER_SIZE + (size_t)i * TLM_TENSOR_ENTRY;
		char nm[33];
		uint64_t at = TLM_HEADER_SIZE + (uint64_t)i * TLM_TENSOR_ENTRY;
		memcpy(nm, e, 32);
		nm[32] = 0;
		if (memchr(e, 0, 32) == NULL || strcmp(nm, w[i].name) != 0) {
			fail(err, errlen, m->name, "tensor %d (offset %llu): expected \"%s\", found \"%.32s\"",
			     i, (unsigned long long)at, w[i].name, nm);
			goto out;
		}
		for (size_t k = strlen(nm); k < 32; k++)
			if (e[k]) {
				fail(err, errlen, m->name, "tensor %s: name is not NUL-padded", w[i].name);
				goto out;
			}
		uint32_t type = tlm_rd32(e + 32), rows = tlm_rd32(e + 36), cols = tlm_rd32(e + 40);
		uint64_t doff = tlm_rd64(e + 48), soff = tlm_rd64(e + 56);
		if (tlm_rd32(e + 44) != 0) {
			fail(err, errlen, m->name, "tensor %s: reserved field is not zero", w[i].name);
			goto out;
		}
		if (type != TLM_TYPE_F32 && type != TLM_TYPE_Q8) {
			fail(err, errlen, m->name, "tensor %s: unknown type %u", w[i].name, type);
			goto out;
		}
		if (w[i].is_norm && type != TLM_TYPE_F32) {
			fail(err, errlen, m->name, "tensor %s: norm weights must be F32", w[i].name);
			goto out;
		}
		if (!w[i].is_norm) {
			if (type0 < 0)
				type0 = (int)type;
			if ((int)type != type0) {
				fail(err, errlen, m->name, "tensor %s: type %s differs from the other matrices",
				     w[i].name, type == TLM_TYPE_Q8 ? "Q8" : "F32");
				goto out;
			}
		}
		if (rows != (uint32_t)w[i].rows || cols != (uint32_t)w[i].cols) {
			fail(err, errlen, m->name, "tensor %s: shape %ux%u does not match the header "
			     "(expected %dx%d)", w[i].name, rows, cols, w[i].rows, w[i].cols);
			goto out;
		}
		if (type == TLM_TYPE_Q8 && (h->group_size == 0 || cols % h->group_size)) {
			fail(err, errlen, m->name, "tensor %s: Q8 needs a group_size dividing %u", w[i].name, cols);
			goto out;
		}
		/* rows, cols <= 2^20 * 2^13 here, so these products fit. */
		uint64_t n = (uint64_t)rows * cols;
		uint64_t dbytes = type == TLM_TYPE_F32 ? n * 4 : n;
		uint64_t sbytes = type == TLM_TYPE_Q8 ? n / h->group_size * 4 : 0;
		if (doff % TLM_ALIGN || (type == TLM_TYPE_Q8 && soff % TLM_ALIGN)) {
			fail(err, errlen, m->name, "tensor %s: data is not %d-byte aligned", w[i].name, TLM_ALIGN);
			goto out;
		}
		if (type == TLM_TYPE_F32 && soff != 0) {
			fail(err, errlen, m->name, "tensor %s: an F32 tensor has no scales", w[i].name);
			goto out;
		}
		if (doff < table_end || doff > h->tok_off || dbytes > h->tok_off - doff ||
		    (type == TLM_TYPE_Q8 && (soff < table_end || soff > h->tok_off || sbytes > h->tok_off - soff))) {
			fail(err, errlen, m->name, "tensor %s: data out of bounds (offset %llu, %llu bytes)",
			     w[i].name, (unsigned long long)doff, (unsigned long long)dbytes);
			goto out;
		}
		sp[nsp++] = (struct span){ doff, doff + dbytes, i, type == TLM_TYPE_F32 };
		if (sbytes)
			sp[nsp++] = (struct span){ soff, soff + sbytes, i, 1 };
		if (w[i].is_norm) {
			*w[i].norm_dst = (const float *)(m->base + doff);
		} else {
			struct tlm_tensor *t = w[i].dst;
			t->type = (int)type;
			t->rows = (int)rows;
			t->cols = (int)cols;
			t->data = m->base + doff;
			t->scales = type == TLM_TYPE_Q8 ? (const float *)(m->base + soff) : NULL;
			t->row_bias = NULL;
			m->n_params += (long long)n;
		}
		if (w[i].is_norm)
			m->n_params += (long long)n;
	}
	qsort(sp, (size_t)nsp, sizeof *sp, cmp_span);
	for (int i = 1; i < nsp; i++)
		if (sp[i].lo < sp[i - 1].hi) {
			fail(err, errlen, m->name, "tensors %s and %s overlap", w[sp[i - 1].tensor].name,
			     w[sp[i].tensor].name);
			goto out;
		}
	m->cfg.quantized = type0 == TLM_TYPE_Q8;
	/* A NaN or an infinity among the weights would reach every
	 * activation, and no reasoning from such a model is worth showing.
	 * (Finite weights can still overflow; the kernels survive that.)  Read
	 * in the file's byte order, before any swap, so every host agrees. */
	for (int i = 0; i < nsp; i++) {
		if (!sp[i].is_float)
			continue;
		for (uint64_t at = sp[i].lo; at < sp[i].hi; at += 4) {
			const float f = rdf32(m->base + at);
			if (!isfinite(f)) {
				fail(err, errlen, m->name, isnan(f) ?
				     N_("tensor %s: the float at offset %llu is not a number (NaN)") :
				     N_("tensor %s: the float at offset %llu is infinite"),
				     w[sp[i].tensor].name, (unsigned long long)at);
				goto out;
			}
		}
	}
	/* Floats (F32 tensors, Q8 scales) into host order, now that every
	 * region is known to be in bounds and apart from the others. */
	if (m->own && swap_floats)
		for (int i = 0; i < nsp; i++)
			if (sp[i].is_float)
				swap32(m->own + sp[i].lo, (size_t)(sp[i].hi - sp[i].lo));
	rc = 0;
out:
	free(w);
	free(sp);
	return rc;
}

static int parse(struct tlm_model *m, int swap_floats, char *err, size_t errlen)
{
	const uint8_t *b = m->base;
	struct hdr h;

	if (m->size < TLM_HEADER_SIZE)
		return fail(err, errlen, m->name, "truncated: %zu bytes, shorter than the %d-byte header",
			    m->size, TLM_HEADER_SIZE);
	if (memcmp(b, TLM_MAGIC, 8) != 0)
		return fail(err, errlen, m->name, "not a TinyLLM model file (bad magic)");
	read_header(b, &h);
	if (h.version != TLM_VERSION)
		return fail(err, errlen, m->name, "model format version %u is not supported "
			    "(this program reads version %d)", h.version, TLM_VERSION);
	if (h.header_size != TLM_HEADER_SIZE)
		return fail(err, errlen, m->name, "bad header: header_size = %u (must be %d)",
			    h.header_size, TLM_HEADER_SIZE);
	if (h.file_size > m->size)
		return fail(err, errlen, m->name, "truncated: the header says %llu bytes, the file has %zu",
			    (unsigned long long)h.file_size, m->size);
	if (h.file_size < m->size)
		return fail(err, errlen, m->name, "%llu unexpected bytes after the end of the model",
			    (unsigned long long)(m->size - h.file_size));

	static const uint8_t zero4[4];
	uint32_t crc = tlm_crc32(0, b, 96);
	crc = tlm_crc32(crc, zero4, 4);
	crc = tlm_crc32(crc, b + 100, m->size - 100);
	if (crc != h.checksum)
		return fail(err, errlen, m->name, "checksum mismatch (file says %08x, contents give %08x): "
			    "the file is damaged", h.checksum, crc);
	if (check_header(&h, b, m->name, err, errlen))
		return -1;

	struct tlm_config *c = &m->cfg;
	c->dim = (int)h.dim;
	c->n_layers = (int)h.n_layers;
	c->n_heads = (int)h.n_heads;
	c->n_kv_heads = (int)h.n_kv_heads;
	c->head_dim = c->dim / c->n_heads;
	c->hidden_dim = (int)h.hidden_dim;
	c->vocab_size = (int)h.vocab_size;
	c->max_seq_len = (int)h.max_seq_len;
	c->group_size = (int)h.group_size;
	c->rope_theta = h.rope_theta;
	c->norm_eps = h.norm_eps;

	uint64_t table_end = TLM_HEADER_SIZE + (uint64_t)h.n_tensors * TLM_TENSOR_ENTRY;
	if (table_end > m->size)
		return fail(err, errlen, m->name, "truncated: the tensor table ends at %llu, past the "
			    "end of the file", (unsigned long long)table_end);
	if (h.tok_off < table_end || h.tok_off > m->size || h.tok_size > m->size - h.tok_off)
		return fail(err, errlen, m->name, "bad header: tokenizer at offset %llu, size %llu is "
			    "outside the file", (unsigned long long)h.tok_off,
			    (unsigned long long)h.tok_size);

	m->layers = calloc((size_t)c->n_layers, sizeof *m->layers);
	if (!m->layers)
		return fail(err, errlen, m->name, "out of memory");
	if (load_tensors(m, &h, swap_floats, err, errlen))
		return -1;
	return tlm_tokenizer_load(&m->tok, b + h.tok_off, (size_t)h.tok_size, c->vocab_size,
				  m->name, h.tok_off, err, errlen);
}

static struct tlm_model *model_new(const char *name)
{
	struct tlm_model *m = calloc(1, sizeof *m);
	if (m && !(m->name = strdup(name))) {
		free(m);
		m = NULL;
	}
	return m;
}

int tlm_model_open_converted(const void *data, size_t size, const char *name, int swap,
			     struct tlm_model **out, char *err, size_t errlen)
{
	struct tlm_model *m;

	*out = NULL;
	if (!(m = model_new(name)) || !(m->own = malloc(size ? size : 1))) {
		tlm_model_close(m);
		return fail(err, errlen, name, "out of memory");
	}
	memcpy(m->own, data, size);
	m->base = m->own;
	m->size = size;
	if (parse(m, swap, err, errlen)) {
		tlm_model_close(m);
		return -1;
	}
	*out = m;
	return 0;
}

int tlm_model_open_memory(const void *data, size_t size, const char *name,
			  struct tlm_model **out, char *err, size_t errlen)
{
	struct tlm_model *m;

	*out = NULL;
#ifdef WORDS_BIGENDIAN
	/* The file is little-endian: a big-endian host reads a converted copy. */
	return tlm_model_open_converted(data, size, name, 1, out, err, errlen);
#endif
	if (!(m = model_new(name)))
		return fail(err, errlen, name, "out of memory");
	m->base = data;
	m->size = size;
	if (parse(m, 0, err, errlen)) {
		tlm_model_close(m);
		return -1;
	}
	*out = m;
	return 0;
}

int tlm_model_open(const char *path, struct tlm_model **out, char *err, size_t errlen)
{
	struct stat st;
	void *p;
	int fd;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(err, errlen, path, "cannot open model: %s", strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		int e = errno;
		close(fd);
		return fail(err, errlen, path, "not a regular file%s%s", S_ISREG(st.st_mode) ? ": " : "",
			    S_ISREG(st.st_mode) ? strerror(e) : "");
	}
	if (st.st_size < TLM_HEADER_SIZE) {
		close(fd);
		return fail(err, errlen, path, "truncated: %lld bytes, shorter than the %d-byte header",
			    (long long)st.st_size, TLM_HEADER_SIZE);
	}
	if ((uint64_t)st.st_size > SIZE_MAX / 2) {
		close(fd);
		return fail(err, errlen, path, "too large to map on this system");
	}
	int flags = MAP_SHARED;
#ifdef MAP_POPULATE
	flags |= MAP_POPULATE;  /* one pass over the page tables, not a fault per page */
#endif
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, flags, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return fail(err, errlen, path, "cannot map model: %s", strerror(errno));
	if (tlm_model_open_memory(p, (size_t)st.st_size, path, out, err, errlen)) {
		munmap(p, (size_t)st.st_size);
		return -1;
	}
	if ((*out)->own)
		munmap(p, (size_t)st.st_size);   /* it reads its converted copy */
	else
		(*out)->mapped = 1;
	return 0;
}

void tlm_model_close(struct tlm_model *m)
{
	if (!m)
		return;
	tlm_tokenizer_free(&m->tok);
	if (m->layers)
		for (int l = 0; l < m->cfg.n_layers; l++) {
			free(m->layers[l].wqkv.row_bias);
			free(m->layers[l].wo.row_bias);
			free(m->layers[l].w13.row_bias);
			free(m->layers[l].w2.row_bias);
		}
	free(m->embed.row_bias);
	free(m->layers);
	if (m->mapped)
		munmap((void *)m->base, m->size);
	free(m->own);
	free(m->name);
	free(m);
}

const struct tlm_config *tlm_model_config(const struct tlm_model *m)
{
	return &m->cfg;
}

size_t tlm_model_file_size(const struct tlm_model *m)
{
	return m->size;
}

long long tlm_model_n_params(const struct tlm_model *m)
{
	return m->n_params;
}

/* A kernel that adds 128 to its int8 input (to use unsigned-by-signed dot
 * products) takes the surplus away again with these row constants. */
static int tensor_bias(struct tlm_tensor *t, int gs)
{
	if (t->row_bias || t->type != TLM_TYPE_Q8)
		return 0;
	if (!(t->row_bias = malloc((size_t)t->rows * sizeof *t->row_bias)))
		return -1;
	tlm_kern->row_bias(t, gs, t->row_bias);
	return 0;
}

/* Called by contexts whose kernels need row_bias; the model is shared, so
 * the first caller computes and later ones find it done. */
int tlm_model_need_bias(const struct tlm_model *cm)
{
	struct tlm_model *m = (struct tlm_model *)cm;
	int rc = 0, gs = m->cfg.group_size;

	if (!m->cfg.quantized)
		return 0;
	pthread_mutex_lock(&bias_lock);
	rc |= tensor_bias(&m->embed, gs);
	for (int l = 0; l < m->cfg.n_layers && !rc; l++) {
		rc |= tensor_bias(&m->layers[l].wqkv, gs);
		rc |= tensor_bias(&m->layers[l].wo, gs);
		rc |= tensor_bias(&m->layers[l].w13, gs);
		rc |= tensor_bias(&m->layers[l].w2, gs);
	}
	pthread_mutex_unlock(&bias_lock);
	return rc;
}
