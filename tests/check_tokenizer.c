/* check_tokenizer.c: the tokenizer section's checks, pre-tokenization, BPE
 * merging, lossless round trips and the synthetic tokenizer.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Tests go through internal.h (tlm_tokenizer_load and friends) so they need
 * no model file; the public wrappers are tried on a bare struct tlm_model
 * holding only a tokenizer.
 */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/internal.h"
#include "tlmfile.h"

#define NAME "test.tlm"
#define PREFIX NAME ": tokenizer at offset "

/* Check's ck_assert records its place on every call, which costs a system
 * call; loops over megabytes use this, which only reports failures. */
#define REQUIRE(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

/* ---- Fixtures ----------------------------------------------------------- */

/* A tiny vocabulary whose encodings can be worked out by hand.  Ids: bytes
 * 0..255, roles 256..259, then these merges from 260 on. */
static const struct tf_pair tiny_pairs[] = {
	{ "t", "h" },       /* 260 th */
	{ "th", "e" },      /* 261 the */
	{ " ", "the" },     /* 262 " the" */
	{ " the", "m" },    /* 263 " them" */
	{ "h", "e" },       /* 264 he: later than t+h, so "the" is th+e */
	{ " ", " " },       /* 265 "  " */
	{ "a", "a" },       /* 266 aa */
	{ "b", "c" },       /* 267 bc: earlier than a+b */
	{ "a", "b" },       /* 268 ab */
	{ ",", "," },       /* 269 ,, */
	{ " ", "," },       /* 270 " ," */
	{ " ", "a" },       /* 271 " a" */
	{ "\xc3", "\xa9" }, /* 272 é */
};
#define N_TINY ((int)(sizeof tiny_pairs / sizeof tiny_pairs[0]))

struct fixture {
	struct tf_buf sec;
	struct tlm_tokenizer tok;
	int vocab;
};

static void load_or_die(struct fixture *f)
{
	char err[TLM_ERRLEN] = "";
	int rc = tlm_tokenizer_load(&f->tok, f->sec.data, f->sec.len, f->vocab, NAME, 0, err,
				    sizeof err);
	ck_assert_msg(rc == 0, "load failed: %s", err);
}

static void tiny_load(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	ck_assert_uint_gt(tf_tok_section(&f->sec, NULL, 4, tiny_pairs, N_TINY), 0);
	f->vocab = 260 + N_TINY;
	load_or_die(f);
}

static void synth_load(struct fixture *f, int vocab)
{
	size_t size = tlm_tokenizer_synth(vocab, NULL, 0);

	memset(f, 0, sizeof *f);
	ck_assert_uint_gt(size, 0);
	tf_put_zeros(&f->sec, size);
	ck_assert_uint_eq(tlm_tokenizer_synth(vocab, f->sec.data, size), size);
	f->vocab = vocab;
	load_or_die(f);
}

static void fixture_free(struct fixture *f)
{
	tlm_tokenizer_free(&f->tok);
	tf_buf_free(&f->sec);
}

/* ---- Helpers ------------------------------------------------------------ */

/* Encodes into a malloc'd array, checking that a sizing call with cap 0
 * agrees with the real one. */
static int *encode(const struct tlm_tokenizer *t, const void *s, size_t len, int *n)
{
	int need = tlm_tokenizer_encode(t, s, len, NULL, 0);
	ck_assert_int_ge(need, 0);
	int *ids = malloc(((size_t)need + 1) * sizeof *ids);
	ck_assert(ids != NULL);
	ck_assert_int_eq(tlm_tokenizer_encode(t, s, len, ids, need), need);
	*n = need;
	return ids;
}

static void assert_round_trip(const struct tlm_tokenizer *t, const void *s, size_t len)
{
	int n;
	int *ids = encode(t, s, len, &n);
	char *out = malloc(len + 1);
	size_t w = 0;

	ck_assert(out != NULL);
	for (int i = 0; i < n; i++) {
		REQUIRE(ids[i] >= 0 && ids[i] < t->n_tokens, "id %d out of range", ids[i]);
		REQUIRE(t->tok_kind[ids[i]] != 2, "role token %d from text", ids[i]);
		REQUIRE(w + t->tok_len[ids[i]] <= len, "decoding runs past %zu bytes", len);
		memcpy(out + w, t->tok_bytes[ids[i]], t->tok_len[ids[i]]);
		w += t->tok_len[ids[i]];
	}
	REQUIRE(w == len, "decoded %zu bytes of %zu", w, len);
	REQUIRE(memcmp(out, s, len) == 0, "decoding differs from the text");
	free(out);
	free(ids);
}

static void assert_ids(const struct tlm_tokenizer *t, const char *s, const int *want, int n_want)
{
	int n;
	int *ids = encode(t, s, strlen(s), &n);
	char got[512] = "";

	for (int i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof got - strlen(got), " %d", ids[i]);
	ck_assert_msg(n == n_want, "\"%s\": %d ids (%s), want %d", s, n, got, n_want);
	for (int i = 0; i < n; i++)
		ck_assert_msg(ids[i] == want[i], "\"%s\": id %d is %d, want %d (got%s)", s, i,
			      ids[i], want[i], got);
	free(ids);
}

#define ASSERT_IDS(t, s, ...) do { \
	const int want_[] = { __VA_ARGS__ }; \
	assert_ids((t), (s), want_, (int)(sizeof want_ / sizeof want_[0])); \
} while (0)

static uint64_t rng_next(uint64_t *s)
{
	/* splitmix64: reproducible across platforms. */
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static const char english[] =
	"Tom has three more marbles than Anna. Together they have seventeen "
	"marbles, so how many does each child have? Let us think step by step: "
	"if Anna has x marbles, then Tom has x plus three, and the total is two "
	"x plus three.\n";

/* ---- Round trips -------------------------------------------------------- */

static void round_trip_both(const void *s, size_t len)
{
	struct fixture a, b;

	tiny_load(&a);
	synth_load(&b, 4096);
	assert_round_trip(&a.tok, s, len);
	assert_round_trip(&b.tok, s, len);
	fixture_free(&a);
	fixture_free(&b);
}

START_TEST(round_trip_ascii)
{
	round_trip_both(english, strlen(english));
	round_trip_both("", 0);
	round_trip_both(" ", 1);
	round_trip_both("   leading and trailing   ", 26);
	round_trip_both("tabs\tand\r\nCRLF,,, ;;; !!!  ?", 28);
}
END_TEST

START_TEST(round_trip_digits)
{
	const char *s = "0123456789 12 + 30 = 42, 3.14159 and 1,000,000\n2026";
	round_trip_both(s, strlen(s));
}
END_TEST

START_TEST(round_trip_cjk)
{
	const char *s = "小明有 12 个苹果。他吃了 3 个，还剩几个？";
	round_trip_both(s, strlen(s));
}
END_TEST

START_TEST(round_trip_emoji)
{
	const char *s = "Great job! \xf0\x9f\x8e\x89\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd "
			"caf\xc3\xa9 na\xc3\xafve \xe2\x9c\x93";
	round_trip_both(s, strlen(s));
}
END_TEST

START_TEST(round_trip_invalid_utf8)
{
	const char s[] = "bad \xff\xfe continuation \x80\x80 truncated \xe4\xb8 end \xc0\xaf";
	round_trip_both(s, sizeof s - 1);
}
END_TEST

START_TEST(round_trip_all_byte_values)
{
	unsigned char all[512];
	struct fixture f;
	uint64_t seed = 7;

	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	for (int i = 0; i < 256; i++)
		all[256 + i] = (unsigned char)(255 - i);
	round_trip_both(all, sizeof all);
	/* A single byte is always its byte token. */
	tiny_load(&f);
	for (int i = 0; i < 256; i++) {
		unsigned char c = (unsigned char)i;
		int id;
		ck_assert_int_eq(tlm_tokenizer_encode(&f.tok, (const char *)&c, 1, &id, 1), 1);
		ck_assert_int_eq(id, i);
	}
	fixture_free(&f);
	/* Random byte strings, NULs included. */
	synth_load(&f, 1000);
	for (int k = 0; k < 200; k++) {
		unsigned char buf[300];
		size_t n = rng_next(&seed) % sizeof buf;
		for (size_t i = 0; i < n; i++)
			buf[i] = (unsigned char)rng_next(&seed);
		assert_round_trip(&f.tok, buf, n);
	}
	fixture_free(&f);
}
END_TEST

/* ---- Digits and role tokens --------------------------------------------- */

START_TEST(digits_one_token_each)
{
	const char *s = "In 1984, 2 + 2 = 4; 0.5 * 100000 = 50000. x9y8z7\n31415926535";
	struct fixture f;
	int n_digits = 0, n;

	synth_load(&f, 8192);
	int *ids = encode(&f.tok, s, strlen(s), &n);
	for (int i = 0; i < n; i++) {
		const uint8_t *p = f.tok.tok_bytes[ids[i]];
		int len = f.tok.tok_len[ids[i]];
		for (int k = 0; k < len; k++)
			if (p[k] >= '0' && p[k] <= '9') {
				ck_assert_int_eq(len, 1);
				ck_assert_int_eq(ids[i], f.tok.byte_token[p[k]]);
				n_digits++;
			}
	}
	int want = 0;
	for (const char *c = s; *c; c++)
		want += *c >= '0' && *c <= '9';
	ck_assert_int_eq(n_digits, want);
	free(ids);
	fixture_free(&f);
}
END_TEST

START_TEST(role_tokens_never_from_text)
{
	const char *s = "<|question|>What is 2+2?<|reasoning|>...<|answer|>4<|end|><|end|>";
	struct fixture f[2];

	tiny_load(&f[0]);
	synth_load(&f[1], 4096);
	for (int k = 0; k < 2; k++) {
		int n;
		int *ids = encode(&f[k].tok, s, strlen(s), &n);
		for (int i = 0; i < n; i++) {
			ck_assert_int_ne(f[k].tok.tok_kind[ids[i]], 2);
			for (int r = 0; r < TLM_N_SPECIAL; r++)
				ck_assert_int_ne(ids[i], f[k].tok.special[r]);
		}
		assert_round_trip(&f[k].tok, s, strlen(s));
		free(ids);
		ck_assert_int_eq(f[k].tok.special[TLM_TOK_QUESTION], 256);
		ck_assert_int_eq(f[k].tok.special[TLM_TOK_END], 259);
		fixture_free(&f[k]);
	}
}
END_TEST

/* ---- Exact encodings on the tiny tokenizer ------------------------------ */

START_TEST(pretokenization_exact_ids)
{
	struct fixture f;

	tiny_load(&f);
	/* " " before a digit stays alone; each digit alone. */
	ASSERT_IDS(&f.tok, "the them 42", 261, 263, ' ', '4', '2');
	/* A word takes only the last space of a run. */
	ASSERT_IDS(&f.tok, "  the", ' ', 262);
	ASSERT_IDS(&f.tok, "   the", 265, 262);
	ASSERT_IDS(&f.tok, "  a", ' ', 271);
	ASSERT_IDS(&f.tok, "a  ", 'a', 265);
	/* Punctuation runs take a space too, and split from letters. */
	ASSERT_IDS(&f.tok, "x,,, ,", 'x', 269, ',', 270);
	ASSERT_IDS(&f.tok, "  ,", ' ', 270);
	ASSERT_IDS(&f.tok, "\t the", '\t', 262);
	ASSERT_IDS(&f.tok, "the,the", 261, ',', 261);
	/* Newlines are alone and take no space. */
	ASSERT_IDS(&f.tok, "the\nthe", 261, '\n', 261);
	ASSERT_IDS(&f.tok, " \n the", ' ', '\n', 262);
	/* Bytes >= 0x80 are letters: é merges inside the word. */
	ASSERT_IDS(&f.tok, "caf\xc3\xa9", 'c', 'a', 'f', 272);
	ASSERT_IDS(&f.tok, " \xc3\xa9", ' ', 272);
	/* Role names are plain text. */
	ASSERT_IDS(&f.tok, "<|end|>", '<', '|', 'e', 'n', 'd', '|', '>');
	fixture_free(&f);
}
END_TEST

START_TEST(merge_priority_and_leftmost)
{
	struct fixture f;

	tiny_load(&f);
	/* t+h (rank 0) beats h+e (rank 4), then th+e applies. */
	ASSERT_IDS(&f.tok, "the", 261);
	ASSERT_IDS(&f.tok, "he", 264);
	ASSERT_IDS(&f.tok, "ahe", 'a', 264);
	/* b+c (rank 7) beats a+b (rank 8) even though a+b is further left. */
	ASSERT_IDS(&f.tok, "abc", 'a', 267);
	ASSERT_IDS(&f.tok, "ab", 268);
	/* Overlapping a+a: the leftmost place merges first. */
	ASSERT_IDS(&f.tok, "aaa", 266, 'a');
	ASSERT_IDS(&f.tok, "aaaa", 266, 266);
	ASSERT_IDS(&f.tok, "aaaaa", 266, 266, 'a');
	ASSERT_IDS(&f.tok, ",,,", 269, ',');
	fixture_free(&f);
}
END_TEST

START_TEST(cap_limits_writes_not_count)
{
	struct fixture f;
	int ids[4] = { -7, -7, -7, -7 };

	tiny_load(&f);
	ck_assert_int_eq(tlm_tokenizer_encode(&f.tok, "the them 42", 11, ids, 2), 5);
	ck_assert_int_eq(ids[0], 261);
	ck_assert_int_eq(ids[1], 263);
	ck_assert_int_eq(ids[2], -7);
	ck_assert_int_eq(tlm_tokenizer_encode(&f.tok, "the them 42", 11, NULL, 0), 5);
	ck_assert_int_eq(tlm_tokenizer_encode(&f.tok, "the", 3, ids, -1), 1);
	ck_assert_int_eq(tlm_tokenizer_encode(&f.tok, NULL, 0, NULL, 0), 0);
	fixture_free(&f);
}
END_TEST

/* ---- Against a plain reading of the spec -------------------------------- */

struct ref_merge {
	uint32_t l, r, rank, result;
};

static int ref_cmp(const void *a, const void *b)
{
	const struct ref_merge *x = a, *y = b;
	if (x->l != y->l)
		return x->l < y->l ? -1 : 1;
	return x->r < y->r ? -1 : x->r > y->r;
}

static const struct ref_merge *ref_find(const struct ref_merge *m, size_t n, uint32_t l,
					uint32_t r)
{
	struct ref_merge key = { l, r, 0, 0 };
	return bsearch(&key, m, n, sizeof key, ref_cmp);
}

static int ref_class(uint8_t b)
{
	if (b >= '0' && b <= '9')
		return 'D';
	if (b == '\n')
		return 'N';
	if (b == ' ')
		return 'S';
	if (b >= 0x80 || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))
		return 'L';
	return 'P';
}

/* Step 2 of the spec, literally: find the best pair, merge it, repeat. */
static void ref_merge_piece(const struct ref_merge *m, size_t n_m, const uint8_t *s, size_t len,
			    int *out, int *n_out)
{
	uint32_t *id = malloc(len * sizeof *id);
	size_t n = len;

	for (size_t k = 0; k < len; k++)
		id[k] = s[k];   /* byte tokens have id = byte in these tokenizers */
	for (;;) {
		const struct ref_merge *best = NULL;
		size_t at = 0;
		for (size_t k = 0; k + 1 < n; k++) {
			const struct ref_merge *e = ref_find(m, n_m, id[k], id[k + 1]);
			if (e && (!best || e->rank < best->rank)) {
				best = e;
				at = k;
			}
		}
		if (!best)
			break;
		id[at] = best->result;
		memmove(id + at + 1, id + at + 2, (n - at - 2) * sizeof *id);
		n--;
	}
	for (size_t k = 0; k < n; k++)
		out[(*n_out)++] = (int)id[k];
	free(id);
}

static int ref_encode(const struct ref_merge *m, size_t n_m, const uint8_t *s, size_t n,
		      int *out)
{
	int n_out = 0;
	size_t i = 0;

	while (i < n) {
		int c = ref_class(s[i]);
		size_t j = i + 1;
		if (c == 'S') {
			while (j < n && s[j] == ' ')
				j++;
			if (j < n && (ref_class(s[j]) == 'L' || ref_class(s[j]) == 'P')) {
				if (j - 1 > i) {
					ref_merge_piece(m, n_m, s + i, j - 1 - i, out, &n_out);
					i = j - 1;
				}
				c = ref_class(s[j]);
				for (j = i + 1; j < n && ref_class(s[j]) == c; j++)
					;
			}
		} else if (c == 'L' || c == 'P') {
			while (j < n && ref_class(s[j]) == c)
				j++;
		}
		ref_merge_piece(m, n_m, s + i, j - i, out, &n_out);
		i = j;
	}
	return n_out;
}

static struct ref_merge *ref_merges(const struct fixture *f, size_t *n)
{
	const uint8_t *p = f->sec.data + tf_tok_merges(f->sec.data);
	struct ref_merge *m = malloc(((size_t)f->tok.n_merges + 1) * sizeof *m);

	*n = (size_t)f->tok.n_merges;
	for (size_t j = 0; j < *n; j++, p += 12)
		m[j] = (struct ref_merge){ tlm_rd32(p), tlm_rd32(p + 4), (uint32_t)j,
					   tlm_rd32(p + 8) };
	qsort(m, *n, sizeof *m, ref_cmp);
	return m;
}

/* Text built from letters, spaces and punctuation with long runs, so both
 * the short and the long (heap) merging paths are exercised. */
static size_t random_text(uint64_t *seed, char *buf, size_t cap)
{
	static const char alphabet[] = "etaoinshrdlucmfwypvbgkqjxz   ,.!-'\"\n0123456789ETAO\xc3\xa9";
	size_t n = rng_next(seed) % cap;
	int mode = (int)(rng_next(seed) % 4);
	/* Mode 0: short words; 1: long a/b runs; 2: anything; 3: one long word. */

	for (size_t i = 0; i < n; i++) {
		if (mode == 0)
			buf[i] = "aeth "[rng_next(seed) % 5];
		else if (mode == 1)
			buf[i] = "ab,  "[rng_next(seed) % (i % 300 < 200 ? 2 : 5)];
		else if (mode == 2)
			buf[i] = alphabet[rng_next(seed) % (sizeof alphabet - 1)];
		else
			buf[i] = "etaoinshr"[rng_next(seed) % 9];
	}
	return n;
}

static void compare_with_reference(const struct fixture *f, uint64_t seed, int rounds)
{
	size_t n_m;
	struct ref_merge *m = ref_merges(f, &n_m);
	char text[1200];
	int want[1200];

	for (int k = 0; k < rounds; k++) {
		size_t len = random_text(&seed, text, sizeof text);
		int n_want = ref_encode(m, n_m, (const uint8_t *)text, len, want);
		int n;
		int *ids = encode(&f->tok, text, len, &n);
		REQUIRE(n == n_want, "round %d: %d ids, want %d", k, n, n_want);
		for (int i = 0; i < n; i++)
			REQUIRE(ids[i] == want[i], "round %d: id %d is %d, want %d", k, i, ids[i],
				want[i]);
		free(ids);
	}
	free(m);
}

START_TEST(encoding_matches_reference)
{
	struct fixture f;

	tiny_load(&f);
	compare_with_reference(&f, 1, 300);
	fixture_free(&f);
	synth_load(&f, 4096);
	compare_with_reference(&f, 2, 300);
	fixture_free(&f);
}
END_TEST

START_TEST(long_runs_stay_fast)
{
	const size_t n = 1 << 20;
	char *s = malloc(n);
	struct fixture f;
	static const char fill[] = { 'a', ' ', ',', 'e' };

	ck_assert(s != NULL);
	synth_load(&f, 4096);
	for (int k = 0; k < 4; k++) {
		clock_t t0 = clock();
		if (k < 3)
			memset(s, fill[k], n);
		else
			for (size_t i = 0; i < n; i++)
				s[i] = "theanswer"[i % 9];
		assert_round_trip(&f.tok, s, n);
		/* Generous even under sanitizers; quadratic would take hours. */
		ck_assert((double)(clock() - t0) / CLOCKS_PER_SEC < 30.0);
	}
	fixture_free(&f);
	free(s);
}
END_TEST

/* ---- The synthetic tokenizer -------------------------------------------- */

START_TEST(synth_validates_at_each_size)
{
	static const int sizes[] = { 260, 261, 300, 1000, 4096, 8192, 32000 };

	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		struct fixture f;
		synth_load(&f, sizes[k]);
		ck_assert_int_eq(f.tok.n_tokens, sizes[k]);
		ck_assert_int_eq(f.tok.n_merges, sizes[k] - 260);
		for (int b = 0; b < 256; b++)
			ck_assert_int_eq(f.tok.byte_token[b], b);
		for (int r = 0; r < TLM_N_SPECIAL; r++)
			ck_assert_int_eq(f.tok.special[r], 256 + r);
		assert_round_trip(&f.tok, english, strlen(english));
		fixture_free(&f);
	}
}
END_TEST

START_TEST(synth_is_deterministic_and_sized)
{
	size_t size = tlm_tokenizer_synth(4096, NULL, 0);
	uint8_t *a = malloc(size), *b = malloc(size), *small = malloc(size - 1);

	ck_assert(a != NULL);
	ck_assert(b != NULL);
	ck_assert(small != NULL);
	ck_assert_uint_eq(tlm_tokenizer_synth(4096, a, size), size);
	ck_assert_uint_eq(tlm_tokenizer_synth(4096, b, size), size);
	ck_assert(memcmp(a, b, size) == 0);
	/* Too small a buffer: the size comes back and nothing is written. */
	memset(small, 0xAA, size - 1);
	ck_assert_uint_eq(tlm_tokenizer_synth(4096, small, size - 1), size);
	for (size_t i = 0; i < size - 1; i++)
		REQUIRE(small[i] == 0xAA, "byte %zu written", i);
	ck_assert_uint_eq(tlm_tokenizer_synth(259, NULL, 0), 0);
	ck_assert_uint_eq(tlm_tokenizer_synth(0, NULL, 0), 0);
	ck_assert_uint_eq(tlm_tokenizer_synth(-5, NULL, 0), 0);
	ck_assert_uint_eq(tlm_tokenizer_synth(1048577, NULL, 0), 0);
	free(a);
	free(b);
	free(small);
}
END_TEST

START_TEST(synth_compresses_english)
{
	struct fixture f;
	int n;

	synth_load(&f, 4096);
	int *ids = encode(&f.tok, english, strlen(english), &n);
	/* Common words are whole tokens: well under one token per 2 bytes. */
	ck_assert_int_lt(n * 2, (int)strlen(english));
	free(ids);
	fixture_free(&f);
}
END_TEST

/* ---- Public wrappers ---------------------------------------------------- */

START_TEST(public_wrappers)
{
	struct fixture f;
	struct tlm_model m;
	int ids[8];
	size_t len;
	const char *p;

	tiny_load(&f);
	memset(&m, 0, sizeof m);
	m.tok = f.tok;
	ck_assert_int_eq(tlm_tokenize(&m, "the them", 8, ids, 8), 2);
	ck_assert_int_eq(ids[1], 263);
	p = tlm_token_bytes(&m, 263, &len);
	ck_assert_uint_eq(len, 5);
	ck_assert(memcmp(p, " them", 5) == 0);
	p = tlm_token_bytes(&m, 'x', &len);
	ck_assert_uint_eq(len, 1);
	ck_assert_int_eq(p[0], 'x');
	for (int r = 0; r < TLM_N_SPECIAL; r++) {
		int id = tlm_token_special(&m, (enum tlm_special)r);
		ck_assert_int_eq(id, 256 + r);
		ck_assert_int_eq(tlm_token_is_special(&m, id), 1);
		p = tlm_token_bytes(&m, id, &len);
		ck_assert_uint_eq(len, 0);
		ck_assert_str_eq(p, "");
	}
	ck_assert_int_eq(tlm_token_is_special(&m, 'a'), 0);
	ck_assert_int_eq(tlm_token_is_special(&m, 260), 0);
	ck_assert_int_eq(tlm_token_is_special(&m, -1), 0);
	ck_assert_int_eq(tlm_token_is_special(&m, f.vocab), 0);
	p = tlm_token_bytes(&m, -1, &len);
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(p, "");
	p = tlm_token_bytes(&m, f.vocab, &len);
	ck_assert_uint_eq(len, 0);
	ck_assert_int_eq(tlm_token_special(&m, TLM_N_SPECIAL), -1);
	fixture_free(&f);
}
END_TEST

START_TEST(free_is_idempotent)
{
	struct fixture f;

	tiny_load(&f);
	tlm_tokenizer_free(&f.tok);
	ck_assert(f.tok.slots == NULL);
	ck_assert_int_eq(f.tok.n_tokens, 0);
	tlm_tokenizer_free(&f.tok);
	tlm_tokenizer_free(NULL);
	tf_buf_free(&f.sec);
}
END_TEST

/* ---- Broken sections ---------------------------------------------------- */

/* Each case builds the tiny two-merge section (or its own), breaks it and
 * names a phrase its message must hold; no two cases share a message. */
static const struct tf_pair the_pairs[] = { { "t", "h" }, { "th", "e" } };

struct broken {
	struct tf_buf sec;
	int vocab;
};

static void base_section(struct broken *b)
{
	memset(b, 0, sizeof *b);
	ck_assert_uint_gt(tf_tok_section(&b->sec, NULL, 4, the_pairs, 2), 0);
	b->vocab = 262;
}

static void custom_section(struct broken *b, const char *const *roles, int n_roles,
			   const struct tf_pair *pairs, int n_pairs)
{
	memset(b, 0, sizeof *b);
	ck_assert_uint_gt(tf_tok_section(&b->sec, roles, n_roles, pairs, n_pairs), 0);
	b->vocab = 256 + n_roles + n_pairs;
}

static uint8_t *rec(struct broken *b, int i)
{
	return b->sec.data + tf_tok_record(b->sec.data, i);
}

static uint8_t *merge_rec(struct broken *b, int j)
{
	return b->sec.data + tf_tok_merges(b->sec.data) + 12 * (size_t)j;
}

static void br_header_truncated(struct broken *b) { base_section(b); b->sec.len = 15; }
static void br_vocab_mismatch(struct broken *b) { base_section(b); b->vocab = 263; }
static void br_too_few_tokens(struct broken *b)
{
	base_section(b);
	tlm_wr32(b->sec.data, 100);
	b->vocab = 100;
}
static void br_too_many_tokens(struct broken *b)
{
	base_section(b);
	tlm_wr32(b->sec.data, 2000000);
	b->vocab = 2000000;
}
static void br_huge_n_merges(struct broken *b) { base_section(b); tlm_wr32(b->sec.data + 4, 0xFFFFFFFFu); }
static void br_max_len_zero(struct broken *b) { base_section(b); tlm_wr32(b->sec.data + 8, 0); }
static void br_max_len_huge(struct broken *b) { base_section(b); tlm_wr32(b->sec.data + 8, 70000); }
static void br_header_reserved(struct broken *b) { base_section(b); b->sec.data[12] = 1; }
static void br_record_truncated(struct broken *b)
{
	base_section(b);
	b->sec.len = tf_tok_record(b->sec.data, 100) + 3;
}
static void br_bytes_truncated(struct broken *b)
{
	base_section(b);
	b->sec.len = tf_tok_record(b->sec.data, 257) + 6;
}
static void br_bad_kind(struct broken *b) { base_section(b); rec(b, 5)[0] = 3; }
static void br_token_reserved(struct broken *b) { base_section(b); rec(b, 5)[1] = 9; }
static void br_huge_length(struct broken *b) { base_section(b); tlm_wr16(rec(b, 5) + 2, 65535); }
static void br_byte_token_long(struct broken *b) { base_section(b); tlm_wr16(rec(b, 'a') + 2, 2); }
static void br_duplicate_byte(struct broken *b) { base_section(b); rec(b, 1)[4] = 0; }
static void br_unknown_role(struct broken *b) { base_section(b); rec(b, 259)[4 + 4] = 'x'; }
static void br_duplicate_role(struct broken *b)
{
	static const char *const roles[] = { "<|question|>", "<|reasoning|>", "<|answer|>",
					     "<|answer|>" };
	custom_section(b, roles, 4, the_pairs, 2);
}
static void br_missing_role(struct broken *b) { custom_section(b, tf_role_names, 3, the_pairs, 2); }
static void br_max_len_mismatch(struct broken *b) { base_section(b); tlm_wr32(b->sec.data + 8, 20); }
static void br_merge_count(struct broken *b) { base_section(b); tlm_wr32(b->sec.data + 4, 1); }
static void br_merged_short(struct broken *b) { base_section(b); rec(b, 'q')[0] = 0; }
static void br_digit(struct broken *b)
{
	static const struct tf_pair p[] = { { "a", "1" } };
	custom_section(b, NULL, 4, p, 1);
}
static void br_newline(struct broken *b)
{
	static const struct tf_pair p[] = { { "a", "\n" } };
	custom_section(b, NULL, 4, p, 1);
}
static void br_crosses(struct broken *b)
{
	static const struct tf_pair p[] = { { "a", "b" }, { "ab", "," } };
	custom_section(b, NULL, 4, p, 2);
}
static void br_crosses_space(struct broken *b)
{
	static const struct tf_pair p[] = { { "a", " " } };
	custom_section(b, NULL, 4, p, 1);
}
static void br_merges_truncated(struct broken *b) { base_section(b); b->sec.len -= 4; }
static void br_trailing(struct broken *b) { base_section(b); tf_put8(&b->sec, 0); }
static void br_left_range(struct broken *b) { base_section(b); tlm_wr32(merge_rec(b, 0), 0xFFFFFFF0u); }
static void br_right_range(struct broken *b) { base_section(b); tlm_wr32(merge_rec(b, 0) + 4, 262); }
static void br_result_range(struct broken *b) { base_section(b); tlm_wr32(merge_rec(b, 1) + 8, 5000); }
static void br_result_kind(struct broken *b) { base_section(b); tlm_wr32(merge_rec(b, 0) + 8, 't'); }
static void br_result_twice(struct broken *b) { base_section(b); tlm_wr32(merge_rec(b, 1) + 8, 260); }
static void br_role_operand(struct broken *b) { base_section(b); tlm_wr32(merge_rec(b, 0), 256); }
static void br_later_merge(struct broken *b)
{
	uint8_t tmp[12];

	base_section(b);
	memcpy(tmp, merge_rec(b, 0), 12);
	memcpy(merge_rec(b, 0), merge_rec(b, 1), 12);
	memcpy(merge_rec(b, 1), tmp, 12);
}
static void br_bytes_mismatch(struct broken *b) { base_section(b); rec(b, 260)[5] = 'x'; }
static void br_duplicate_pair(struct broken *b)
{
	static const struct tf_pair p[] = { { "t", "h" }, { "t", "h" } };
	custom_section(b, NULL, 4, p, 2);
}
static void br_missing_byte(struct broken *b)
{
	/* Byte 0x7f left out; two merged tokens keep the count at 261. */
	static const char *const merged[] = { "th", "the" };
	struct tf_buf *s = &b->sec;

	memset(b, 0, sizeof *b);
	b->vocab = 261;
	tf_put32(s, 261);
	tf_put32(s, 2);
	tf_put32(s, 13);
	tf_put32(s, 0);
	for (int i = 0; i < 256; i++) {
		if (i == 0x7f)
			continue;
		uint8_t c = (uint8_t)i;
		tf_put32(s, 1u | 1u << 16);
		tf_put_bytes(s, &c, 1);
	}
	for (int r = 0; r < 4; r++) {
		tf_put32(s, 2u | (uint32_t)strlen(tf_role_names[r]) << 16);
		tf_put_bytes(s, tf_role_names[r], strlen(tf_role_names[r]));
	}
	for (int k = 0; k < 2; k++) {
		tf_put32(s, (uint32_t)strlen(merged[k]) << 16);
		tf_put_bytes(s, merged[k], strlen(merged[k]));
	}
	/* Ids above 0x7e are one lower than their byte. */
	tf_put32(s, 't' - 1);
	tf_put32(s, 'h' - 1);
	tf_put32(s, 259);
	tf_put32(s, 259);
	tf_put32(s, 'e');
	tf_put32(s, 260);
}

static const struct {
	const char *name;
	void (*make)(struct broken *b);
	const char *want;
} broken_cases[] = {
	{ "header truncated", br_header_truncated, "header truncated: 15 bytes" },
	{ "n_tokens != vocab", br_vocab_mismatch, "n_tokens 262 differs from vocab_size 263" },
	{ "too few tokens", br_too_few_tokens, "fewer than the 260 byte and role tokens" },
	{ "too many tokens", br_too_many_tokens, "over the limit" },
	{ "huge n_merges", br_huge_n_merges, "n_merges 4294967295 is more than n_tokens 262" },
	{ "max_token_len 0", br_max_len_zero, "max_token_len 0 is not in 1..256" },
	{ "max_token_len huge", br_max_len_huge, "max_token_len 70000 is not in 1..256" },
	{ "header reserved", br_header_reserved, "reserved field is 1" },
	{ "record truncated", br_record_truncated, "token 100 record truncated" },
	{ "bytes truncated", br_bytes_truncated, "token 257 bytes truncated" },
	{ "bad kind", br_bad_kind, "token 5 has kind 3" },
	{ "token reserved", br_token_reserved, "token 5 reserved byte is 9" },
	{ "huge length", br_huge_length, "token 5 length 65535 exceeds max_token_len" },
	{ "byte token length", br_byte_token_long, "byte token 97 has length 2" },
	{ "duplicate byte", br_duplicate_byte, "byte 0x00 already has byte token 0" },
	{ "unknown role", br_unknown_role, "token 259: kind 2 but its bytes are not a role" },
	{ "duplicate role", br_duplicate_role, "role token <|answer|> repeats token 258" },
	{ "missing role", br_missing_role, "role token <|end|> missing" },
	{ "missing byte", br_missing_byte, "no byte token for byte 0x7f" },
	{ "max_token_len mismatch", br_max_len_mismatch, "but the longest token has 13 bytes" },
	{ "merge count", br_merge_count, "n_merges 1 but there are 2 merged" },
	{ "merged too short", br_merged_short, "merged token 113 has length 1" },
	{ "digit", br_digit, "merged token 260 contains a digit" },
	{ "newline", br_newline, "merged token 260 contains a newline" },
	{ "crosses L|P", br_crosses, "merged token 261 crosses a pre-token boundary" },
	{ "crosses L|S", br_crosses_space, "merged token 260 crosses a pre-token boundary" },
	{ "merges truncated", br_merges_truncated, "merges truncated: 2 merges need 24 bytes, 20" },
	{ "trailing bytes", br_trailing, "1 trailing bytes after the merges" },
	{ "left out of range", br_left_range, "merge 0: left token 4294967280 out of range" },
	{ "right out of range", br_right_range, "merge 0: right token 262 out of range" },
	{ "result out of range", br_result_range, "merge 1: result token 5000 out of range" },
	{ "result not merged", br_result_kind, "merge 0: result 116 is not a merged (kind 0)" },
	{ "result twice", br_result_twice, "merge 1: token 260 is already the result of merge 0" },
	{ "role operand", br_role_operand, "merge 0: left token 256 is a role token" },
	{ "later merge", br_later_merge, "merge 0: left token 260 is not a byte or an earlier" },
	{ "bytes mismatch", br_bytes_mismatch, "merge 0: result 260's bytes are not left 116's" },
	{ "duplicate pair", br_duplicate_pair, "merge 1: duplicate pair (116, 104), also merge 0" },
};
#define N_BROKEN ((int)(sizeof broken_cases / sizeof broken_cases[0]))

static void load_broken(int i, char *err, size_t errlen)
{
	struct broken b;
	struct tlm_tokenizer t;

	broken_cases[i].make(&b);
	memset(&t, 0x5a, sizeof t);
	int rc = tlm_tokenizer_load(&t, b.sec.data, b.sec.len, b.vocab, NAME, 0, err, errlen);
	ck_assert_msg(rc == -1, "%s: accepted", broken_cases[i].name);
	/* A refused load leaves nothing to free, and freeing is still safe. */
	ck_assert(t.slots == NULL);
	ck_assert(t.tok_bytes == NULL);
	tlm_tokenizer_free(&t);
	tf_buf_free(&b.sec);
}

START_TEST(broken_section_refused)
{
	char err[TLM_ERRLEN] = "";

	load_broken(_i, err, sizeof err);
	ck_assert_msg(strncmp(err, PREFIX, strlen(PREFIX)) == 0, "%s: \"%s\"",
		      broken_cases[_i].name, err);
	ck_assert_msg(strstr(err, broken_cases[_i].want) != NULL, "%s: \"%s\" lacks \"%s\"",
		      broken_cases[_i].name, err, broken_cases[_i].want);
}
END_TEST

START_TEST(broken_messages_distinct)
{
	static char msgs[64][TLM_ERRLEN];

	ck_assert_int_le(N_BROKEN, 64);
	for (int i = 0; i < N_BROKEN; i++) {
		load_broken(i, msgs[i], TLM_ERRLEN);
		for (int k = 0; k < i; k++)
			ck_assert_msg(strcmp(msgs[i], msgs[k]) != 0, "%s and %s: \"%s\"",
				      broken_cases[i].name, broken_cases[k].name, msgs[i]);
	}
}
END_TEST

START_TEST(message_offset_counts_from_file_start)
{
	struct broken b;
	struct tlm_tokenizer t;
	char err[TLM_ERRLEN], want[64];

	base_section(&b);
	rec(&b, 5)[0] = 7;
	ck_assert_int_eq(tlm_tokenizer_load(&t, b.sec.data, b.sec.len, b.vocab, "m.tlm", 4096,
					    err, sizeof err), -1);
	snprintf(want, sizeof want, "m.tlm: tokenizer at offset %zu: ",
		 4096 + tf_tok_record(b.sec.data, 5));
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "\"%s\"", err);
	/* No buffer for the message is fine too. */
	ck_assert_int_eq(tlm_tokenizer_load(&t, b.sec.data, b.sec.len, b.vocab, NULL, 0, NULL, 0),
			 -1);
	ck_assert_int_eq(tlm_tokenizer_load(&t, b.sec.data, 3, b.vocab, NULL, 0, err, 1), -1);
	ck_assert_str_eq(err, "");
	tf_buf_free(&b.sec);
}
END_TEST

START_TEST(truncated_at_every_length)
{
	struct broken b;
	char err[TLM_ERRLEN];

	base_section(&b);
	for (size_t len = 0; len < b.sec.len; len++) {
		struct tlm_tokenizer t;
		/* A copy of exactly `len` bytes, so reading past it is caught. */
		uint8_t *cut = malloc(len ? len : 1);
		memcpy(cut, b.sec.data, len);
		int rc = tlm_tokenizer_load(&t, cut, len, b.vocab, NAME, 0, err, sizeof err);
		ck_assert_msg(rc == -1, "accepted %zu of %zu bytes", len, b.sec.len);
		ck_assert_msg(strstr(err, "truncated") != NULL, "%zu bytes: \"%s\"", len, err);
		free(cut);
	}
	tf_buf_free(&b.sec);
}
END_TEST

/* ---- Fuzzing ------------------------------------------------------------ */

static void mutate(uint64_t *seed, uint8_t *p, size_t *len, size_t cap)
{
	int n = 1 + (int)(rng_next(seed) % 4);

	for (int k = 0; k < n && *len; k++) {
		size_t at = rng_next(seed) % *len;
		switch (rng_next(seed) % 6) {
		case 0:
			p[at] = (uint8_t)rng_next(seed);
			break;
		case 1:
			p[at] ^= (uint8_t)(1u << (rng_next(seed) % 8));
			break;
		case 2:
			/* A field-sized value: ids, lengths and counts near limits. */
			if (*len - at >= 4) {
				static const uint32_t v[] = { 0, 1, 255, 256, 259, 260, 261, 300,
							      0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF };
				tlm_wr32(p + at, v[rng_next(seed) % (sizeof v / sizeof v[0])]);
			}
			break;
		case 3:
			*len = at;
			break;
		case 4:
			if (*len < cap)
				p[(*len)++] = (uint8_t)rng_next(seed);
			break;
		default:
			/* Copy a stretch within the section: plausible records. */
			{
				size_t from = rng_next(seed) % *len, n_copy = rng_next(seed) % 16;
				if (from + n_copy <= *len && at + n_copy <= *len)
					memmove(p + at, p + from, n_copy);
			}
			break;
		}
	}
}

static void fuzz_from(const struct tf_buf *good, int vocab, uint64_t seed, int rounds)
{
	size_t cap = good->len + 64;
	uint8_t *p = malloc(cap);
	char err[TLM_ERRLEN];
	int accepted = 0;

	for (int k = 0; k < rounds; k++) {
		struct tlm_tokenizer t;
		size_t len = good->len;
		memcpy(p, good->data, len);
		mutate(&seed, p, &len, cap);
		/* Exact-size copy so that any over-read is an ASan error. */
		uint8_t *exact = malloc(len ? len : 1);
		memcpy(exact, p, len);
		int v = rng_next(&seed) % 50 ? vocab : (int)(rng_next(&seed) % 600);
		if (tlm_tokenizer_load(&t, exact, len, v, NAME, 0, err, sizeof err) == 0) {
			/* Whatever is accepted must still encode losslessly. */
			assert_round_trip(&t, english, strlen(english));
			assert_round_trip(&t, "\xff\x00 x  ,, 12 the\n", 16);
			tlm_tokenizer_free(&t);
			accepted++;
		} else {
			REQUIRE(strncmp(err, PREFIX, strlen(PREFIX)) == 0, "message \"%s\"", err);
		}
		free(exact);
	}
	ck_assert_int_lt(accepted, rounds);
	free(p);
}

START_TEST(random_mutations_never_crash)
{
	struct fixture a, b;

	tiny_load(&a);
	synth_load(&b, 300);
	fuzz_from(&a.sec, a.vocab, 11, 12000);
	fuzz_from(&b.sec, b.vocab, 12, 8000);
	fixture_free(&a);
	fixture_free(&b);
}
END_TEST

/* ---- Suite -------------------------------------------------------------- */

int main(void)
{
	Suite *s = suite_create("tokenizer");
	TCase *tc = tcase_create("tokenizer");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, round_trip_ascii);
	tcase_add_test(tc, round_trip_digits);
	tcase_add_test(tc, round_trip_cjk);
	tcase_add_test(tc, round_trip_emoji);
	tcase_add_test(tc, round_trip_invalid_utf8);
	tcase_add_test(tc, round_trip_all_byte_values);
	tcase_add_test(tc, digits_one_token_each);
	tcase_add_test(tc, role_tokens_never_from_text);
	tcase_add_test(tc, pretokenization_exact_ids);
	tcase_add_test(tc, merge_priority_and_leftmost);
	tcase_add_test(tc, cap_limits_writes_not_count);
	tcase_add_test(tc, encoding_matches_reference);
	tcase_add_test(tc, long_runs_stay_fast);
	tcase_add_test(tc, synth_validates_at_each_size);
	tcase_add_test(tc, synth_is_deterministic_and_sized);
	tcase_add_test(tc, synth_compresses_english);
	tcase_add_test(tc, public_wrappers);
	tcase_add_test(tc, free_is_idempotent);
	tcase_add_loop_test(tc, broken_section_refused, 0, N_BROKEN);
	tcase_add_test(tc, broken_messages_distinct);
	tcase_add_test(tc, message_offset_counts_from_file_start);
	tcase_add_test(tc, truncated_at_every_length);
	tcase_add_test(tc, random_mutations_never_crash);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
