/* tokenizer.c: the byte-level BPE tokenizer: checking the model file's
 * tokenizer section, encoding text, and a synthetic English tokenizer for
 * random models.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * The section is read in place from the mapped file: the tokenizer keeps
 * pointers into it, so every offset and length is checked against the
 * section's size before it is followed.  Merges live in an open-addressing
 * hash table keyed by (left, right); encoding splits the text into short
 * pre-tokens and merges inside each one, so the cost stays linear in the
 * text for ordinary prose.
 */
#include <config.h>

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/internal.h"
#include "i18n.h"

#define MAX_TOKEN_LEN 256
#define MAX_VOCAB 1048576
#define MIN_VOCAB (256 + TLM_N_SPECIAL)
#define NO_MERGE UINT32_MAX

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

static const char *const role_names[TLM_N_SPECIAL] = {
	"<|question|>", "<|reasoning|>", "<|answer|>", "<|end|>"
};

/* ---- Byte classes and pre-tokens ---------------------------------------- */

enum { C_D, C_N, C_S, C_L, C_P };

#define CLASS_OF(b) ((b) >= '0' && (b) <= '9' ? C_D : (b) == '\n' ? C_N : (b) == ' ' ? C_S : \
		     (b) >= 0x80 || ((b) >= 'a' && (b) <= 'z') || ((b) >= 'A' && (b) <= 'Z') ? \
		     C_L : C_P)
#define CLASS4(b) CLASS_OF(b), CLASS_OF((b) + 1), CLASS_OF((b) + 2), CLASS_OF((b) + 3)
#define CLASS16(b) CLASS4(b), CLASS4((b) + 4), CLASS4((b) + 8), CLASS4((b) + 12)
#define CLASS64(b) CLASS16(b), CLASS16((b) + 16), CLASS16((b) + 32), CLASS16((b) + 48)

/* A table: pre-tokenizing is the encoder's inner loop. */
static const uint8_t class_table[256] = { CLASS64(0), CLASS64(64), CLASS64(128), CLASS64(192) };

static inline int byte_class(uint8_t b)
{
	return class_table[b];
}

static inline size_t run_end(const uint8_t *s, size_t n, size_t i, int c)
{
	while (i < n && byte_class(s[i]) == c)
		i++;
	return i;
}

/* End of the pre-token that starts at s[i] (doc/model-format.md).  The
 * loader uses it too: a merged token is valid exactly when it is one whole
 * pre-token by itself. */
static size_t pretoken_end(const uint8_t *s, size_t n, size_t i)
{
	int c = byte_class(s[i]);

	if (c == C_D || c == C_N)
		return i + 1;
	if (c != C_S)
		return run_end(s, n, i, c);
	size_t j = run_end(s, n, i, C_S);
	if (j == n)
		return j;
	c = byte_class(s[j]);
	if (c != C_L && c != C_P)
		return j;
	/* The last space goes with the word, the others stand alone. */
	if (j - 1 > i)
		return j - 1;
	return run_end(s, n, j, c);
}

/* ---- Merge table -------------------------------------------------------- */

static inline uint32_t pair_hash(uint32_t l, uint32_t r)
{
	uint64_t x = ((uint64_t)l << 32 | r) * 0x9E3779B97F4A7C15ull;
	return (uint32_t)(x >> 32) ^ (uint32_t)(x >> 13);
}

static inline const struct tlm_merge_slot *find_merge(const struct tlm_tokenizer *t,
						       uint32_t l, uint32_t r)
{
	uint32_t i = pair_hash(l, r) & t->slot_mask;

	for (;;) {
		const struct tlm_merge_slot *s = &t->slots[i];
		if (s->result == NO_MERGE)
			return NULL;
		if (s->left == l && s->right == r)
			return s;
		i = (i + 1) & t->slot_mask;
	}
}

/* Inserts a merge, or returns the slot already holding its pair. */
static struct tlm_merge_slot *insert_merge(struct tlm_tokenizer *t, uint32_t l, uint32_t r,
					   uint32_t rank, uint32_t result)
{
	uint32_t i = pair_hash(l, r) & t->slot_mask;

	for (;;) {
		struct tlm_merge_slot *s = &t->slots[i];
		if (s->result == NO_MERGE) {
			s->left = l;
			s->right = r;
			s->rank = rank;
			s->result = result;
			return NULL;
		}
		if (s->left == l && s->right == r)
			return s;
		i = (i + 1) & t->slot_mask;
	}
}

/* ---- Loading ------------------------------------------------------------ */

struct loader {
	const uint8_t *sec;
	size_t size;
	const char *name;
	uint64_t base;
	char *err;
	size_t errlen;
	uint32_t max_len;      /* max_token_len from the header */
	uint32_t n_merged;     /* kind-0 tokens seen */
	uint32_t longest;      /* longest token seen */
};

static int tok_fail(const struct loader *ld, size_t off, const char *fmt, ...) PRINTF_LIKE(3, 4);

static int tok_fail(const struct loader *ld, size_t off, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	if (!ld->err || !ld->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, _(fmt), ap);
	va_end(ap);
	snprintf(ld->err, ld->errlen, _("%s: tokenizer at offset %llu: %s"), ld->name,
		 (unsigned long long)(ld->base + off), what);
	return -1;
}

static int check_header(struct loader *ld, int vocab_size, uint32_t *n_tokens,
			uint32_t *n_merges)
{
	const uint8_t *p = ld->sec;

	if (ld->size < TLM_TOK_HEADER)
		return tok_fail(ld, 0, "header truncated: %zu bytes, need %d", ld->size,
			    TLM_TOK_HEADER);
	*n_tokens = tlm_rd32(p);
	*n_merges = tlm_rd32(p + 4);
	ld->max_len = tlm_rd32(p + 8);
	if ((int64_t)*n_tokens != (int64_t)vocab_size)
		return tok_fail(ld, 0, "n_tokens %u differs from vocab_size %d", *n_tokens, vocab_size);
	if (*n_tokens < MIN_VOCAB)
		return tok_fail(ld, 0, "n_tokens %u is fewer than the %d byte and role tokens",
			    *n_tokens, MIN_VOCAB);
	if (*n_tokens > MAX_VOCAB)
		return tok_fail(ld, 0, "n_tokens %u is over the limit of %d", *n_tokens, MAX_VOCAB);
	if (*n_merges > *n_tokens)
		return tok_fail(ld, 4, "n_merges %u is more than n_tokens %u", *n_merges, *n_tokens);
	if (ld->max_len < 1 || ld->max_len > MAX_TOKEN_LEN)
		return tok_fail(ld, 8, "max_token_len %u is not in 1..%d", ld->max_len, MAX_TOKEN_LEN);
	if (tlm_rd32(p + 12))
		return tok_fail(ld, 12, "reserved field is %u, not 0", tlm_rd32(p + 12));
	return 0;
}

static int alloc_tables(struct tlm_tokenizer *t, uint32_t n_tokens, uint32_t n_merges)
{
	uint32_t n_slots = 16;

	while (n_slots < 2 * n_merges)
		n_slots *= 2;
	t->n_tokens = (int)n_tokens;
	t->n_merges = (int)n_merges;
	t->tok_bytes = malloc(n_tokens * sizeof *t->tok_bytes);
	t->tok_len = malloc(n_tokens * sizeof *t->tok_len);
	t->tok_kind = malloc(n_tokens * sizeof *t->tok_kind);
	t->slots = malloc(n_slots * sizeof *t->slots);
	if (!t->tok_bytes || !t->tok_len || !t->tok_kind || !t->slots)
		return -1;
	for (uint32_t i = 0; i < n_slots; i++)
		t->slots[i].result = NO_MERGE;
	t->slot_mask = n_slots - 1;
	for (int b = 0; b < 256; b++)
		t->byte_token[b] = -1;
	for (int r = 0; r < TLM_N_SPECIAL; r++)
		t->special[r] = -1;
	return 0;
}

static int check_byte_token(struct loader *ld, struct tlm_tokenizer *t, uint32_t i, size_t rec)
{
	uint8_t b;

	if (t->tok_len[i] != 1)
		return tok_fail(ld, rec + 2, "byte token %u has length %u, not 1", i, t->tok_len[i]);
	b = t->tok_bytes[i][0];
	if (t->byte_token[b] >= 0)
		return tok_fail(ld, rec + 4, "token %u: byte 0x%02x already has byte token %d", i, b,
			    t->byte_token[b]);
	t->byte_token[b] = (int)i;
	return 0;
}

static int check_role_token(struct loader *ld, struct tlm_tokenizer *t, uint32_t i, size_t rec)
{
	for (int r = 0; r < TLM_N_SPECIAL; r++) {
		if (strlen(role_names[r]) != t->tok_len[i] ||
		    memcmp(role_names[r], t->tok_bytes[i], t->tok_len[i]))
			continue;
		if (t->special[r] >= 0)
			return tok_fail(ld, rec, "token %u: role token %s repeats token %d", i,
				    role_names[r], t->special[r]);
		t->special[r] = (int)i;
		return 0;
	}
	return tok_fail(ld, rec + 4, "token %u: kind 2 but its bytes are not a role token name", i);
}

static int check_merged_token(struct loader *ld, struct tlm_tokenizer *t, uint32_t i, size_t rec)
{
	const uint8_t *p = t->tok_bytes[i];
	size_t n = t->tok_len[i];

	if (n < 2)
		return tok_fail(ld, rec + 2, "merged token %u has length %zu, under 2", i, n);
	for (size_t k = 0; k < n; k++) {
		if (byte_class(p[k]) == C_D)
			return tok_fail(ld, rec + 4 + k, "merged token %u contains a digit", i);
		if (byte_class(p[k]) == C_N)
			return tok_fail(ld, rec + 4 + k, "merged token %u contains a newline", i);
	}
	if (pretoken_end(p, n, 0) != n)
		return tok_fail(ld, rec + 4, "merged token %u crosses a pre-token boundary", i);
	ld->n_merged++;
	return 0;
}

/* Reads token record i at *pos and moves *pos past it. */
static int read_token(struct loader *ld, struct tlm_tokenizer *t, uint32_t i, size_t *pos)
{
	size_t rec = *pos;
	const uint8_t *p = ld->sec + rec;
	uint8_t kind;
	uint16_t len;

	if (ld->size - rec < 4)
		return tok_fail(ld, rec, "token %u record truncated", i);
	kind = p[0];
	len = tlm_rd16(p + 2);
	if (kind > 2)
		return tok_fail(ld, rec, "token %u has kind %u, not 0, 1 or 2", i, kind);
	if (p[1])
		return tok_fail(ld, rec + 1, "token %u reserved byte is %u, not 0", i, p[1]);
	if (len > ld->max_len)
		return tok_fail(ld, rec + 2, "token %u length %u exceeds max_token_len %u", i, len,
			    ld->max_len);
	if (ld->size - rec - 4 < len)
		return tok_fail(ld, rec + 4, "token %u bytes truncated: length %u, %zu bytes left", i,
			    len, ld->size - rec - 4);
	t->tok_bytes[i] = p + 4;
	t->tok_len[i] = len;
	t->tok_kind[i] = kind;
	if (len > ld->longest)
		ld->longest = len;
	*pos = rec + 4 + len;
	if (kind == 1)
		return check_byte_token(ld, t, i, rec);
	if (kind == 2)
		return check_role_token(ld, t, i, rec);
	return check_merged_token(ld, t, i, rec);
}

/* What can only be judged once every token has been read. */
static int check_coverage(struct loader *ld, const struct tlm_tokenizer *t, uint32_t n_merges)
{
	for (int b = 0; b < 256; b++)
		if (t->byte_token[b] < 0)
			return tok_fail(ld, TLM_TOK_HEADER, "no byte token for byte 0x%02x", b);
	for (int r = 0; r < TLM_N_SPECIAL; r++)
		if (t->special[r] < 0)
			return tok_fail(ld, TLM_TOK_HEADER, "role token %s missing", role_names[r]);
	if (ld->longest != ld->max_len)
		return tok_fail(ld, 8, "max_token_len %u but the longest token has %u bytes",
			    ld->max_len, ld->longest);
	if (ld->n_merged != n_merges)
		return tok_fail(ld, 4, "n_merges %u but there are %u merged (kind 0) tokens", n_merges,
			    ld->n_merged);
	return 0;
}

/* A merge operand must already exist: a byte, or an earlier merge's result. */
static int check_operand(struct loader *ld, const struct tlm_tokenizer *t, const int32_t *maker,
			 uint32_t j, size_t off, int right, uint32_t id)
{
	if (t->tok_kind[id] == 2)
		return right ? tok_fail(ld, off, "merge %u: right token %u is a role token", j, id)
			     : tok_fail(ld, off, "merge %u: left token %u is a role token", j, id);
	if (t->tok_kind[id] == 0 && maker[id] < 0)
		return right ? tok_fail(ld, off, "merge %u: right token %u is not a byte or an earlier "
					"merge's result", j, id)
			     : tok_fail(ld, off, "merge %u: left token %u is not a byte or an earlier "
					"merge's result", j, id);
	return 0;
}

static int check_merge(struct loader *ld, struct tlm_tokenizer *t, int32_t *maker, uint32_t j,
		       size_t off)
{
	const uint8_t *p = ld->sec + off;
	uint32_t l = tlm_rd32(p), r = tlm_rd32(p + 4), res = tlm_rd32(p + 8);
	uint32_t n = (uint32_t)t->n_tokens;
	const struct tlm_merge_slot *dup;

	if (l >= n)
		return tok_fail(ld, off, "merge %u: left token %u out of range", j, l);
	if (r >= n)
		return tok_fail(ld, off + 4, "merge %u: right token %u out of range", j, r);
	if (res >= n)
		return tok_fail(ld, off + 8, "merge %u: result token %u out of range", j, res);
	if (t->tok_kind[res] != 0)
		return tok_fail(ld, off + 8, "merge %u: result %u is not a merged (kind 0) token", j, res);
	if (maker[res] >= 0)
		return tok_fail(ld, off + 8, "merge %u: token %u is already the result of merge %d", j,
			    res, maker[res]);
	if (check_operand(ld, t, maker, j, off, 0, l) ||
	    check_operand(ld, t, maker, j, off + 4, 1, r))
		return -1;
	if ((size_t)t->tok_len[l] + t->tok_len[r] != t->tok_len[res] ||
	    memcmp(t->tok_bytes[res], t->tok_bytes[l], t->tok_len[l]) ||
	    memcmp(t->tok_bytes[res] + t->tok_len[l], t->tok_bytes[r], t->tok_len[r]))
		return tok_fail(ld, off + 8, "merge %u: result %u's bytes are not left %u's then right %u's",
			    j, res, l, r);
	dup = insert_merge(t, l, r, j, res);
	if (dup)
		return tok_fail(ld, off, "merge %u: duplicate pair (%u, %u), also merge %u", j, l, r,
			    dup->rank);
	maker[res] = (int32_t)j;
	return 0;
}

static int read_merges(struct loader *ld, struct tlm_tokenizer *t, size_t pos)
{
	uint32_t n_merges = (uint32_t)t->n_merges;
	uint64_t need = (uint64_t)n_merges * 12;
	size_t left = ld->size - pos;
	int32_t *maker;
	int rc = 0;

	if (left < need)
		return tok_fail(ld, pos, "merges truncated: %u merges need %llu bytes, %zu left",
			    n_merges, (unsigned long long)need, left);
	if (left > need)
		return tok_fail(ld, pos + (size_t)need, "%llu trailing bytes after the merges",
			    (unsigned long long)(left - need));
	maker = malloc((size_t)t->n_tokens * sizeof *maker);
	if (!maker)
		return tok_fail(ld, pos, "out of memory");
	for (int i = 0; i < t->n_tokens; i++)
		maker[i] = -1;
	for (uint32_t j = 0; j < n_merges && !rc; j++)
		rc = check_merge(ld, t, maker, j, pos + (size_t)j * 12);
	free(maker);
	return rc;
}

int tlm_tokenizer_load(struct tlm_tokenizer *t, const uint8_t *sec, size_t size,
		       int vocab_size, const char *name, uint64_t base,
		       char *err, size_t errlen)
{
	struct loader ld = { sec, size, name ? name : "(memory)", base, err, errlen, 0, 0, 0 };
	uint32_t n_tokens = 0, n_merges = 0;
	size_t pos = TLM_TOK_HEADER;

	memset(t, 0, sizeof *t);
	if (!sec && size)
		return tok_fail(&ld, 0, "no data");
	if (check_header(&ld, vocab_size, &n_tokens, &n_merges))
		return -1;
	if (alloc_tables(t, n_tokens, n_merges)) {
		tok_fail(&ld, 0, "out of memory for %u tokens", n_tokens);
		goto bad;
	}
	for (uint32_t i = 0; i < n_tokens; i++)
		if (read_token(&ld, t, i, &pos))
			goto bad;
	if (check_coverage(&ld, t, n_merges) || read_merges(&ld, t, pos))
		goto bad;
	t->max_token_len = (int)ld.max_len;
	return 0;
bad:
	tlm_tokenizer_free(t);
	return -1;
}

void tlm_tokenizer_free(struct tlm_tokenizer *t)
{
	if (!t)
		return;
	free(t->tok_bytes);
	free(t->tok_len);
	free(t->tok_kind);
	free(t->slots);
	memset(t, 0, sizeof *t);
}

/* ---- Encoding ----------------------------------------------------------- */

/* Pre-tokens up to this long merge in place on the stack; longer ones
 * (runs of letters or spaces with no break) use a heap of candidate pairs,
 * so a megabyte without a space costs O(n log n), not O(n^2). */
#define SHORT_MAX 128

struct sink {
	int *ids;
	int cap;
	int n;
};

static inline int emit(struct sink *o, int id)
{
	if (o->n == INT_MAX)
		return -1;
	if (o->n < o->cap)
		o->ids[o->n] = id;
	o->n++;
	return 0;
}

static inline uint32_t pair_rank(const struct tlm_tokenizer *t, uint32_t l, uint32_t r,
				 uint32_t *result)
{
	const struct tlm_merge_slot *s = find_merge(t, l, r);

	if (!s)
		return NO_MERGE;
	*result = s->result;
	return s->rank;
}

/* One token of a short pre-token and the merge it makes with the next. */
struct piece {
	uint32_t id;
	uint32_t rank;     /* NO_MERGE when none, and for the last piece */
	uint32_t result;
};

static inline void rank_pair(const struct tlm_tokenizer *t, struct piece *p)
{
	p->rank = pair_rank(t, p[0].id, p[1].id, &p->result);
}

static int encode_short(const struct tlm_tokenizer *t, const uint8_t *s, size_t m,
			struct sink *o)
{
	struct piece p[SHORT_MAX];
	size_t n = m;

	for (size_t k = 0; k < n; k++)
		p[k].id = (uint32_t)t->byte_token[s[k]];
	for (size_t k = 0; k + 1 < n; k++)
		rank_pair(t, &p[k]);
	p[n - 1].rank = NO_MERGE;
	for (;;) {
		uint32_t best = NO_MERGE;
		size_t at = 0;
		for (size_t k = 0; k + 1 < n; k++)
			if (p[k].rank < best) {
				best = p[k].rank;
				at = k;
			}
		if (best == NO_MERGE)
			break;
		p[at].id = p[at].result;
		memmove(p + at + 1, p + at + 2, (n - at - 2) * sizeof *p);
		n--;
		if (at + 1 < n)
			rank_pair(t, &p[at]);
		else
			p[at].rank = NO_MERGE;
		if (at > 0)
			rank_pair(t, &p[at - 1]);
	}
	for (size_t k = 0; k < n; k++)
		if (emit(o, (int)p[k].id))
			return -1;
	return 0;
}

/* A candidate merge of the node at `pos` with its successor.  Positions are
 * byte offsets, so ordering by (rank, pos) picks the leftmost place of the
 * highest-priority merge. */
struct cand {
	uint32_t rank;
	uint32_t pos;
};

static inline int cand_less(struct cand a, struct cand b)
{
	return a.rank < b.rank || (a.rank == b.rank && a.pos < b.pos);
}

static void heap_push(struct cand *h, size_t *n, struct cand c)
{
	size_t i = (*n)++;

	while (i > 0 && cand_less(c, h[(i - 1) / 2])) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = c;
}

static struct cand heap_pop(struct cand *h, size_t *n)
{
	struct cand top = h[0], last = h[--*n];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= *n)
			break;
		if (c + 1 < *n && cand_less(h[c + 1], h[c]))
			c++;
		if (!cand_less(h[c], last))
			break;
		h[i] = h[c];
		i = c;
	}
	if (*n)
		h[i] = last;
	return top;
}

struct chain {
	uint32_t *id;    /* token at each live node; NO_MERGE when merged away */
	uint32_t *next;  /* next live node, or m */
	uint32_t *prev;  /* previous live node, or NO_MERGE */
	struct cand *heap;
	size_t n_heap;
	uint32_t m;
};

static void push_pair(const struct tlm_tokenizer *t, struct chain *c, uint32_t p)
{
	uint32_t q = c->next[p], res;

	if (q >= c->m)
		return;
	uint32_t rank = pair_rank(t, c->id[p], c->id[q], &res);
	if (rank != NO_MERGE)
		heap_push(c->heap, &c->n_heap, (struct cand){ rank, p });
}

/* Pops the next live candidate and applies it; 0 when none is left.  An
 * entry is stale when its pair changed since it was pushed; because each
 * rank belongs to one pair, the pair now at `pos` having the same rank is
 * proof that the entry still holds. */
static int merge_next(const struct tlm_tokenizer *t, struct chain *c)
{
	while (c->n_heap) {
		struct cand e = heap_pop(c->heap, &c->n_heap);
		uint32_t p = e.pos, q = c->next[p], res = 0;
		if (c->id[p] == NO_MERGE || q >= c->m ||
		    pair_rank(t, c->id[p], c->id[q], &res) != e.rank)
			continue;
		c->id[p] = res;
		c->id[q] = NO_MERGE;
		c->next[p] = c->next[q];
		if (c->next[q] < c->m)
			c->prev[c->next[q]] = p;
		if (c->prev[p] != NO_MERGE)
			push_pair(t, c, c->prev[p]);
		push_pair(t, c, p);
		return 1;
	}
	return 0;
}

static int encode_long(const struct tlm_tokenizer *t, const uint8_t *s, size_t m,
		       struct sink *o)
{
	struct chain c;
	int rc = 0;

	/* Node indices are 32-bit; each merge pushes at most two candidates. */
	if (m >= UINT32_MAX / 4)
		return -1;
	c.m = (uint32_t)m;
	c.n_heap = 0;
	c.id = malloc(m * sizeof *c.id);
	c.next = malloc(m * sizeof *c.next);
	c.prev = malloc(m * sizeof *c.prev);
	c.heap = malloc(3 * m * sizeof *c.heap);
	if (!c.id || !c.next || !c.prev || !c.heap) {
		rc = -1;
		goto out;
	}
	for (uint32_t k = 0; k < c.m; k++) {
		c.id[k] = (uint32_t)t->byte_token[s[k]];
		c.next[k] = k + 1;
		c.prev[k] = k ? k - 1 : NO_MERGE;
	}
	for (uint32_t k = 0; k + 1 < c.m; k++)
		push_pair(t, &c, k);
	while (merge_next(t, &c))
		;
	for (uint32_t k = 0; k < c.m && !rc; k = c.next[k])
		rc = emit(o, (int)c.id[k]);
out:
	free(c.id);
	free(c.next);
	free(c.prev);
	free(c.heap);
	return rc;
}

int tlm_tokenizer_encode(const struct tlm_tokenizer *t, const char *text, size_t len,
			 int *ids, int cap)
{
	struct sink o = { ids, ids && cap > 0 ? cap : 0, 0 };
	const uint8_t *s = (const uint8_t *)text;
	size_t i = 0;

	while (i < len) {
		size_t end = pretoken_end(s, len, i);
		int rc;
		if (end - i == 1)
			rc = emit(&o, t->byte_token[s[i]]);
		else if (end - i <= SHORT_MAX)
			rc = encode_short(t, s + i, end - i, &o);
		else
			rc = encode_long(t, s + i, end - i, &o);
		if (rc)
			return -1;
		i = end;
	}
	return o.n;
}

/* ---- Public wrappers (engine.h) ---------------------------------------- */

int tlm_tokenize(const struct tlm_model *m, const char *text, size_t len, int *ids, int cap)
{
	return tlm_tokenizer_encode(&m->tok, text, len, ids, cap);
}

const char *tlm_token_bytes(const struct tlm_model *m, int id, size_t *len)
{
	const struct tlm_tokenizer *t = &m->tok;

	if (id < 0 || id >= t->n_tokens || t->tok_kind[id] == 2) {
		*len = 0;
		return "";
	}
	*len = t->tok_len[id];
	return (const char *)t->tok_bytes[id];
}

int tlm_token_is_special(const struct tlm_model *m, int id)
{
	const struct tlm_tokenizer *t = &m->tok;

	return id >= 0 && id < t->n_tokens && t->tok_kind[id] == 2;
}

int tlm_token_special(const struct tlm_model *m, enum tlm_special which)
{
	if ((int)which < 0 || which >= TLM_N_SPECIAL)
		return -1;
	return m->tok.special[which];
}

/* ---- Synthetic tokenizer ------------------------------------------------ */

/* Plain English of the kind the tutor reads and writes.  Merges learnt from
 * it give random models a tokenizer whose ids look like real ones: common
 * words are single tokens, rare ones fall back to pieces and bytes. */
static const char synth_sample[] =
	"The question asks how many apples are left. First, we read the problem "
	"carefully and write down what we know. There are some apples in the basket, "
	"and then the children take a few of them. To find the answer, we subtract "
	"the number taken from the number at the start. Let us check the answer by "
	"adding the two numbers back together. If the sum is the same as the first "
	"number, then the answer is right.\n"
	"Reasoning step by step helps us think clearly. Each step should follow from "
	"the one before it, and each step should be easy to check. When we are not "
	"sure, we try a smaller example first, and then we come back to the real "
	"question. A good explanation tells the reader why, not only what.\n"
	"Therefore the answer is the difference between the two numbers. Because "
	"the train leaves at the same time every morning, we can work out when it "
	"arrives. The distance is the speed times the time, so the time is the "
	"distance divided by the speed. We should always write the units: meters, "
	"seconds, hours and kilometers.\n"
	"In this lesson we learn about fractions. A fraction has a numerator and a "
	"denominator. The numerator tells us how many parts we have, and the "
	"denominator tells us how many equal parts make the whole. When two "
	"fractions have the same denominator, we can add them by adding their "
	"numerators. Otherwise, we first find a common denominator.\n"
	"Words matter as much as numbers. Read the whole sentence, find the "
	"important information, and ignore what does not matter. Some problems "
	"give more information than we need; others hide a step that we have to "
	"find ourselves. Drawing a picture or making a table often shows the "
	"pattern. Then we can describe the pattern with a rule and test the rule "
	"on a new case.\n"
	"Mary has more books than her brother, but her brother has more pencils. "
	"They decide to share everything equally. How many books does each of "
	"them get? What happens if their friend joins them? These are the kinds "
	"of questions that we will answer together, thinking about each one "
	"slowly and explaining every step. Good thinking is careful, patient and "
	"honest: when we make a mistake, we notice it, correct it, and learn from "
	"it. The teacher said that the students should practice every day, because "
	"practice makes the ideas feel natural. Perimeter is the distance around a "
	"shape; area is the space inside it. Multiplication is repeated addition, "
	"and division is sharing into equal groups. Which is greater, three "
	"quarters or two thirds? Compare them with the same denominator.\n";

#define SYNTH_MAX_LEN 32   /* keeps synthetic tokens word-sized */

struct synth {
	uint8_t *bytes;        /* every token's bytes, back to back */
	size_t n_bytes, cap_bytes;
	uint32_t *off;
	uint16_t *len;
	uint32_t (*merge)[3];
	int n, n_merges, vocab;
	uint32_t *set;         /* token id + 1 by hash of bytes; 0 empty */
	uint32_t set_mask;
};

static uint32_t bytes_hash(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* The set slot for these bytes: either holding them or empty. */
static uint32_t *set_slot(struct synth *sy, const uint8_t *p, size_t n)
{
	uint32_t i = bytes_hash(p, n) & sy->set_mask;

	for (;;) {
		uint32_t *e = &sy->set[i];
		if (!*e || (sy->len[*e - 1] == n && !memcmp(sy->bytes + sy->off[*e - 1], p, n)))
			return e;
		i = (i + 1) & sy->set_mask;
	}
}

static int synth_add(struct synth *sy, int kind, const uint8_t *p, size_t n)
{
	if (sy->n_bytes + n > sy->cap_bytes) {
		size_t cap = sy->cap_bytes * 2 + n;
		uint8_t *b = realloc(sy->bytes, cap);
		if (!b)
			return -1;
		sy->bytes = b;
		sy->cap_bytes = cap;
	}
	memcpy(sy->bytes + sy->n_bytes, p, n);
	sy->off[sy->n] = (uint32_t)sy->n_bytes;
	sy->len[sy->n] = (uint16_t)n;
	sy->n_bytes += n;
	if (kind == 0)
		*set_slot(sy, p, n) = (uint32_t)sy->n + 1;
	sy->n++;
	return 0;
}

/* Whether left+right would be a fresh token the loader accepts. */
static int synth_can_merge(struct synth *sy, uint32_t l, uint32_t r)
{
	uint8_t buf[2 * SYNTH_MAX_LEN];
	size_t n = (size_t)sy->len[l] + sy->len[r];

	if (n > SYNTH_MAX_LEN)
		return 0;
	memcpy(buf, sy->bytes + sy->off[l], sy->len[l]);
	memcpy(buf + sy->len[l], sy->bytes + sy->off[r], sy->len[r]);
	for (size_t k = 0; k < n; k++)
		if (byte_class(buf[k]) == C_D || byte_class(buf[k]) == C_N)
			return 0;
	return pretoken_end(buf, n, 0) == n && !*set_slot(sy, buf, n);
}

static int synth_merge(struct synth *sy, uint32_t l, uint32_t r)
{
	uint8_t buf[2 * SYNTH_MAX_LEN];
	size_t n = (size_t)sy->len[l] + sy->len[r];

	memcpy(buf, sy->bytes + sy->off[l], sy->len[l]);
	memcpy(buf + sy->len[l], sy->bytes + sy->off[r], sy->len[r]);
	sy->merge[sy->n_merges][0] = l;
	sy->merge[sy->n_merges][1] = r;
	sy->merge[sy->n_merges][2] = (uint32_t)sy->n;
	sy->n_merges++;
	return synth_add(sy, 0, buf, n);
}

/* Pair counts for one round of greedy learning. */
struct pair_count {
	uint32_t l, r, count;
};

static void count_pairs(const uint32_t *seq, size_t n, struct pair_count *tab, uint32_t mask)
{
	for (uint32_t i = 0; i <= mask; i++)
		tab[i].count = 0;
	for (size_t k = 0; k + 1 < n; k++) {
		uint32_t l = seq[k], r = seq[k + 1];
		if (l == NO_MERGE || r == NO_MERGE)
			continue;
		uint32_t i = pair_hash(l, r) & mask;
		while (tab[i].count && (tab[i].l != l || tab[i].r != r))
			i = (i + 1) & mask;
		tab[i].l = l;
		tab[i].r = r;
		tab[i].count++;
	}
}

/* The most frequent pair (ties: smallest ids) seen at least `min` times. */
static int best_pair(struct synth *sy, const struct pair_count *tab, uint32_t mask,
		     uint32_t min, uint32_t *l, uint32_t *r)
{
	const struct pair_count *best = NULL;

	for (uint32_t i = 0; i <= mask; i++) {
		const struct pair_count *c = &tab[i];
		if (c->count < min)
			continue;
		if (best && (c->count < best->count ||
			     (c->count == best->count &&
			      (c->l > best->l || (c->l == best->l && c->r > best->r)))))
			continue;
		if (synth_can_merge(sy, c->l, c->r))
			best = c;
	}
	if (!best)
		return 0;
	*l = best->l;
	*r = best->r;
	return 1;
}

static size_t apply_pair(uint32_t *seq, size_t n, uint32_t l, uint32_t r, uint32_t res)
{
	size_t w = 0;

	for (size_t k = 0; k < n; k++) {
		if (k + 1 < n && seq[k] == l && seq[k + 1] == r) {
			seq[w++] = res;
			k++;
		} else {
			seq[w++] = seq[k];
		}
	}
	return w;
}

/* Greedy BPE over the sample: pre-tokens separated by NO_MERGE.  Pairs
 * seen twice come first; then pairs seen once, so that every word of the
 * sample ends up a single token. */
static int synth_learn(struct synth *sy)
{
	const uint8_t *s = (const uint8_t *)synth_sample;
	size_t len = sizeof synth_sample - 1, n = 0;
	uint32_t mask = 4095, min = 2, l, r;
	uint32_t *seq = malloc(2 * len * sizeof *seq);
	struct pair_count *tab = malloc((mask + 1) * sizeof *tab);
	int rc = 0;

	if (!seq || !tab) {
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < len;) {
		size_t end = pretoken_end(s, len, i);
		for (; i < end; i++)
			seq[n++] = s[i];
		seq[n++] = NO_MERGE;
	}
	while (sy->n < sy->vocab && !rc) {
		count_pairs(seq, n, tab, mask);
		if (!best_pair(sy, tab, mask, min, &l, &r)) {
			if (--min)
				continue;
			break;
		}
		n = apply_pair(seq, n, l, r, (uint32_t)sy->n);
		rc = synth_merge(sy, l, r);
	}
out:
	free(seq);
	free(tab);
	return rc;
}

/* Fills the rest systematically: a space, each letter, then every token so
 * far, extended by each lowercase letter, letters taken most common first
 * so that likely English pieces come before rare ones. */
static int synth_fill(struct synth *sy)
{
	static const char freq[] = "etaoinshrdlcumwfgypbvkjxqz";
	uint32_t lefts[1 + 52];
	uint32_t n_lefts = 0;

	lefts[n_lefts++] = ' ';
	for (int c = 0; c < 26; c++)
		lefts[n_lefts++] = (uint8_t)freq[c];
	for (int c = 0; c < 26; c++)
		lefts[n_lefts++] = (uint8_t)(freq[c] - 'a' + 'A');
	for (uint32_t k = 0; sy->n < sy->vocab; k++) {
		uint32_t l;
		if (k < n_lefts)
			l = lefts[k];
		else if (MIN_VOCAB + (k - n_lefts) < (uint32_t)sy->n)
			l = MIN_VOCAB + (k - n_lefts);
		else
			return -1;
		for (int c = 0; c < 26 && sy->n < sy->vocab; c++) {
			uint32_t r = (uint8_t)freq[c];
			if (synth_can_merge(sy, l, r) && synth_merge(sy, l, r))
				return -1;
		}
	}
	return 0;
}

static int synth_build(struct synth *sy)
{
	uint32_t n_set = 16;
	uint8_t b;

	while (n_set < 2 * (uint32_t)sy->vocab)
		n_set *= 2;
	sy->off = malloc((size_t)sy->vocab * sizeof *sy->off);
	sy->len = malloc((size_t)sy->vocab * sizeof *sy->len);
	sy->merge = malloc((size_t)sy->vocab * sizeof *sy->merge);
	sy->set = calloc(n_set, sizeof *sy->set);
	sy->set_mask = n_set - 1;
	if (!sy->off || !sy->len || !sy->merge || !sy->set)
		return -1;
	for (int i = 0; i < 256; i++) {
		b = (uint8_t)i;
		if (synth_add(sy, 1, &b, 1))
			return -1;
	}
	for (int r = 0; r < TLM_N_SPECIAL; r++)
		if (synth_add(sy, 2, (const uint8_t *)role_names[r], strlen(role_names[r])))
			return -1;
	if (synth_learn(sy) || synth_fill(sy))
		return -1;
	return 0;
}

static size_t synth_size(const struct synth *sy)
{
	return TLM_TOK_HEADER + 4 * (size_t)sy->n + sy->n_bytes + 12 * (size_t)sy->n_merges;
}

static void synth_write(const struct synth *sy, uint8_t *out)
{
	uint8_t *p = out + TLM_TOK_HEADER;
	uint32_t longest = 0;

	for (int i = 0; i < sy->n; i++) {
		int kind = i < 256 ? 1 : i < MIN_VOCAB ? 2 : 0;
		p[0] = (uint8_t)kind;
		p[1] = 0;
		tlm_wr16(p + 2, sy->len[i]);
		memcpy(p + 4, sy->bytes + sy->off[i], sy->len[i]);
		p += 4 + sy->len[i];
		if (sy->len[i] > longest)
			longest = sy->len[i];
	}
	for (int j = 0; j < sy->n_merges; j++, p += 12) {
		tlm_wr32(p, sy->merge[j][0]);
		tlm_wr32(p + 4, sy->merge[j][1]);
		tlm_wr32(p + 8, sy->merge[j][2]);
	}
	tlm_wr32(out, (uint32_t)sy->n);
	tlm_wr32(out + 4, (uint32_t)sy->n_merges);
	tlm_wr32(out + 8, longest);
	tlm_wr32(out + 12, 0);
}

size_t tlm_tokenizer_synth(int vocab_size, uint8_t *out, size_t cap)
{
	struct synth sy;
	size_t size = 0;

	if (vocab_size < MIN_VOCAB || vocab_size > MAX_VOCAB)
		return 0;
	memset(&sy, 0, sizeof sy);
	sy.vocab = vocab_size;
	if (!synth_build(&sy) && sy.n == vocab_size) {
		size = synth_size(&sy);
		if (out && cap >= size)
			synth_write(&sy, out);
	}
	free(sy.bytes);
	free(sy.off);
	free(sy.len);
	free(sy.merge);
	free(sy.set);
	return size;
}
