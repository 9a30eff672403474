/* check_generate.c: streaming generation and sampling.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * A random model emits random tokens, many of them single bytes >= 0x80,
 * so its output is full of split and invalid UTF-8: a good test of the
 * streamer.  The expected text is rebuilt independently from greedy
 * decoding through tlm_forward.
 */
#include <config.h>

#include <check.h>
#include <pthread.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "testlib.h"

static void *img;
static struct tlm_model *model;

static void setup(void)
{
	model = random_model(11, &img);
}

static void teardown(void)
{
	tlm_model_close(model);
	free(img);
}

struct sink {
	char text[8192];
	size_t len;
	int pieces;
	int stop_after;          /* >0: ask to stop after this many pieces */
	atomic_int *cancel_after_piece;
	int bad_utf8;
};

/* Every piece must be whole, valid UTF-8 on its own. */
static int valid_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		int len = s[i] < 0x80 ? 1 : (s[i] & 0xE0) == 0xC0 ? 2 : (s[i] & 0xF0) == 0xE0 ? 3
			: (s[i] & 0xF8) == 0xF0 ? 4 : 0;
		if (!len || i + (size_t)len > n)
			return 0;
		for (int k = 1; k < len; k++)
			if ((s[i + (size_t)k] & 0xC0) != 0x80)
				return 0;
		i += (size_t)len;
	}
	return 1;
}

static int collect(void *user, const char *text, size_t len)
{
	struct sink *s = user;
	if (!valid_utf8((const unsigned char *)text, len))
		s->bad_utf8++;
	if (s->len + len < sizeof s->text) {
		memcpy(s->text + s->len, text, len);
		s->len += len;
		s->text[s->len] = 0;
	}
	s->pieces++;
	if (s->cancel_after_piece && s->pieces == 3)
		atomic_store(s->cancel_after_piece, 1);
	return s->stop_after && s->pieces >= s->stop_after;
}

/* The greedy token ids after `prompt`, computed without tlm_generate. */
static int greedy(const int *prompt, int n, int *out, int max)
{
	char err[TLM_ERRLEN];
	struct tlm_ctx *c;
	ck_assert_int_eq(tlm_ctx_new(model, 1, &c, err, sizeof err), 0);
	const float *l = tlm_prefill(c, prompt, n, 0);
	int k = 0, end = tlm_token_special(model, TLM_TOK_END);
	while (k < max && n + k < small_cfg.max_seq_len) {
		int best = 0;
		for (int i = 1; i < small_cfg.vocab_size; i++)
			if (l[i] > l[best])
				best = i;
		if (best == end)
			break;
		out[k] = best;
		l = tlm_forward(c, best, n + k);
		k++;
	}
	tlm_ctx_free(c);
	return k;
}

/* Concatenated token bytes with invalid UTF-8 replaced as the streamer
 * does: each byte that does not start a whole valid character. */
static size_t expected_text(const int *ids, int n, char *out, size_t cap)
{
	unsigned char raw[8192];
	size_t len = 0, w = 0;
	for (int i = 0; i < n; i++) {
		size_t l;
		const char *b = tlm_token_bytes(model, ids[i], &l);
		memcpy(raw + len, b, l);
		len += l;
	}
	for (size_t i = 0; i < len && w + 4 < cap;) {
		unsigned c = raw[i];
		int k = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
			: c >= 0xF0 && c <= 0xF4 ? 4 : -1;
		int ok = k > 0 && i + (size_t)k <= len;
		for (int j = 1; ok && j < k; j++) {
			unsigned d = raw[i + (size_t)j];
			unsigned lo = 0x80, hi = 0xBF;
			if (j == 1 && c == 0xE0) lo = 0xA0;
			if (j == 1 && c == 0xED) hi = 0x9F;
			if (j == 1 && c == 0xF0) lo = 0x90;
			if (j == 1 && c == 0xF4) hi = 0x8F;
			ok = d >= lo && d <= hi;
		}
		if (ok) {
			memcpy(out + w, raw + i, (size_t)k);
			w += (size_t)k;
			i += (size_t)k;
		} else {
			memcpy(out + w, "\xEF\xBF\xBD", 3);
			w += 3;
			i++;
		}
	}
	out[w] = 0;
	return w;
}

static int prompt(int *ids, int cap)
{
	int n = tlm_prompt_question(model, "What is 47 + 38?", ids, cap);
	ck_assert_int_gt(n, 2);
	return n;
}

START_TEST(prompt_has_role_tokens)
{
	int ids[64];
	int n = prompt(ids, 64);
	ck_assert_int_eq(ids[0], tlm_token_special(model, TLM_TOK_QUESTION));
	ck_assert_int_eq(ids[n - 1], tlm_token_special(model, TLM_TOK_REASONING));
	ck_assert(tlm_token_is_special(model, ids[0]));
	ck_assert(!tlm_token_is_special(model, ids[1]));
	/* Too small a buffer: the needed count, nothing written past it. */
	int small[3] = { -7, -7, -7 };
	ck_assert_int_eq(tlm_prompt_question(model, "What is 47 + 38?", small, 2), n);
	ck_assert_int_eq(small[2], -7);
}
END_TEST

START_TEST(streams_whole_characters_matching_greedy)
{
	char err[TLM_ERRLEN];
	int ids[64], toks[128];
	int n = prompt(ids, 64);
	int k = greedy(ids, n, toks, 60);
	char want[8192];
	expected_text(toks, k, want, sizeof want);

	struct tlm_ctx *c;
	ck_assert_int_eq(tlm_ctx_new(model, 2, &c, err, sizeof err), 0);
	struct sink s = { 0 };
	struct tlm_gen_opts o = { .max_tokens = 60 };
	struct tlm_gen_stats st;
	ck_assert_msg(tlm_generate(c, ids, n, &o, collect, &s, &st, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(s.bad_utf8, 0);
	ck_assert_str_eq(s.text, want);
	ck_assert_int_eq(st.n_generated, k);
	ck_assert_int_eq(st.n_prompt, n);
	ck_assert_int_eq(st.stop, k == 60 ? TLM_STOP_LIMIT : TLM_STOP_END);
	ck_assert(st.decode_s >= 0 && st.first_token_s >= 0);
	tlm_ctx_free(c);
}
END_TEST

START_TEST(stop_string_cuts_output)
{
	char err[TLM_ERRLEN];
	int ids[64], toks[128];
	int n = prompt(ids, 64);
	int k = greedy(ids, n, toks, 60);
	char want[8192];
	size_t wl = expected_text(toks, k, want, sizeof want);
	ck_assert_int_gt((int)wl, 12);
	/* A stop string taken from the expected text past its start: three
	 * ASCII bytes (stop strings match the model's bytes, before invalid
	 * ones become U+FFFD). */
	char stop[8];
	size_t at = wl / 3;
	while (at + 3 < wl && !((unsigned char)want[at] < 0x80 && (unsigned char)want[at + 1] < 0x80 &&
				(unsigned char)want[at + 2] < 0x80))
		at++;
	ck_assert_msg(at + 3 < wl, "no ASCII run in the sample output");
	memcpy(stop, want + at, 3);
	stop[3] = 0;
	const char *stops[] = { "never appears", stop, NULL };
	char *first = strstr(want, stop);
	struct tlm_ctx *c;
	ck_assert_int_eq(tlm_ctx_new(model, 1, &c, err, sizeof err), 0);
	struct sink s = { 0 };
	struct tlm_gen_opts o = { .max_tokens = 60, .stop = stops };
	struct tlm_gen_stats st;
	ck_assert_int_eq(tlm_generate(c, ids, n, &o, collect, &s, &st, err, sizeof err), 0);
	ck_assert_int_eq(st.stop, TLM_STOP_STRING);
	ck_assert_uint_eq(s.len, (size_t)(first - want));
	ck_assert_int_eq(memcmp(s.text, want, s.len), 0);
	tlm_ctx_free(c);
}
END_TEST

START_TEST(token_limit_callback_and_cancel)
{
	char err[TLM_ERRLEN];
	int ids[64];
	int n = prompt(ids, 64);
	struct tlm_ctx *c;
	struct tlm_gen_stats st;
	ck_assert_int_eq(tlm_ctx_new(model, 1, &c, err, sizeof err), 0);

	struct sink s1 = { 0 };
	struct tlm_gen_opts o = { .max_tokens = 5 };
	ck_assert_int_eq(tlm_generate(c, ids, n, &o, collect, &s1, &st, err, sizeof err), 0);
	ck_assert(st.stop == TLM_STOP_LIMIT || st.stop == TLM_STOP_END);
	ck_assert_int_le(st.n_generated, 5);

	struct sink s2 = { .stop_after = 2 };
	o.max_tokens = 100;
	ck_assert_int_eq(tlm_generate(c, ids, n, &o, collect, &s2, &st, err, sizeof err), 0);
	if (st.stop != TLM_STOP_END) {
		ck_assert_int_eq(st.stop, TLM_STOP_CALLBACK);
		ck_assert_int_eq(s2.pieces, 2);
	}

	/* Cancelled from the callback (as another thread would): the very
	 * next token is not computed. */
	atomic_int cancel = 0;
	struct sink s3 = { .cancel_after_piece = &cancel };
	o.cancel = &cancel;
	ck_assert_int_eq(tlm_generate(c, ids, n, &o, collect, &s3, &st, err, sizeof err), 0);
	if (st.stop != TLM_STOP_END) {
		ck_assert_int_eq(st.stop, TLM_STOP_CANCEL);
		ck_assert_int_eq(s3.pieces, 3);
	}
	/* Already cancelled: nothing runs. */
	struct sink s4 = { 0 };
	ck_assert_int_eq(tlm_generate(c, ids, n, &o, collect, &s4, &st, err, sizeof err), 0);
	ck_assert_int_eq(st.stop, TLM_STOP_CANCEL);
	ck_assert_int_eq(st.n_generated, 0);
	tlm_ctx_free(c);
}
END_TEST

struct canceller {
	atomic_int *flag;
	int delay_ms;
};

static void *cancel_later(void *arg)
{
	struct canceller *c = arg;
	struct timespec ts = { 0, (long)c->delay_ms * 1000000L };
	nanosleep(&ts, NULL);
	atomic_store(c->flag, 1);
	return NULL;
}

struct late {
	atomic_int *flag;
	int after_cancel;     /* pieces that arrived after the flag was set */
};

static int count_late(void *user, const char *text, size_t len)
{
	struct late *l = user;
	(void)text;
	(void)len;
	if (atomic_load(l->flag))
		l->after_cancel++;
	return 0;
}

/* Another thread cancels mid-generation: it stops within one token. */
START_TEST(cancel_from_another_thread)
{
	static const struct tlm_config long_ctx = {
		.dim = 64, .n_layers = 2, .n_heads = 4, .n_kv_heads = 4, .hidden_dim = 96,
		.vocab_size = 300, .max_seq_len = 4096, .group_size = 32, .quantized = 1,
		.rope_theta = 10000.0f, .norm_eps = 1e-5f,
	};
	char err[TLM_ERRLEN];
	size_t size;
	void *im = tlm_random_image(&long_ctx, 5, &size, err, sizeof err);
	struct tlm_model *m;
	struct tlm_ctx *c;
	ck_assert_int_eq(tlm_model_open_memory(im, size, "long", &m, err, sizeof err), 0);
	ck_assert_int_eq(tlm_ctx_new(m, 1, &c, err, sizeof err), 0);
	atomic_int flag = 0;
	struct canceller cc = { &flag, 20 };
	struct late l = { &flag, 0 };
	int ids[2] = { 'a', 'b' };
	struct tlm_gen_opts o = { .max_tokens = 4000, .cancel = &flag };
	struct tlm_gen_stats st;
	pthread_t th;
	ck_assert_int_eq(pthread_create(&th, NULL, cancel_later, &cc), 0);
	ck_assert_int_eq(tlm_generate(c, ids, 2, &o, count_late, &l, &st, err, sizeof err), 0);
	pthread_join(th, NULL);
	/* This model's greedy text never reaches the end token in 4,000
	 * tokens, which take far longer than 20 ms. */
	ck_assert_int_eq(st.stop, TLM_STOP_CANCEL);
	ck_assert_int_lt(st.n_generated, 4000);
	ck_assert_int_le(l.after_cancel, 1);
	tlm_ctx_free(c);
	tlm_model_close(m);
	free(im);
}
END_TEST

START_TEST(context_end_and_bad_prompts)
{
	char err[TLM_ERRLEN];
	struct tlm_ctx *c;
	struct tlm_gen_stats st;
	struct tlm_gen_opts o = { 0 };
	int ids[128];
	ck_assert_int_eq(tlm_ctx_new(model, 1, &c, err, sizeof err), 0);
	for (int i = 0; i < 128; i++)
		ids[i] = 'a';
	ck_assert_int_eq(tlm_generate(c, ids, 128, &o, collect, NULL, &st, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "the prompt has 128 tokens"), "%s", err);
	ck_assert_int_eq(tlm_generate(c, ids, 0, &o, collect, NULL, &st, err, sizeof err), -1);
	ids[3] = 99999;
	ck_assert_int_eq(tlm_generate(c, ids, 10, &o, collect, NULL, &st, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "out of range"), "%s", err);
	/* No limit: it runs to the context's end (or the end token). */
	ids[3] = 'a';
	struct sink s = { 0 };
	ck_assert_int_eq(tlm_generate(c, ids, 120, &o, collect, &s, &st, err, sizeof err), 0);
	ck_assert(st.stop == TLM_STOP_CONTEXT || st.stop == TLM_STOP_END);
	ck_assert_int_le(st.n_prompt + st.n_generated, small_cfg.max_seq_len + 1);
	tlm_ctx_free(c);
}
END_TEST

START_TEST(sampler_greedy_and_seeded)
{
	float logits[6] = { 0.1f, 2.0f, -1.0f, 1.9f, 0.0f, 2.0f };
	struct tlm_sampler s;
	tlm_sampler_init(&s, 0.0f, 1.0f, 1);
	ck_assert_int_eq(tlm_sample(&s, logits, 6, NULL), 1);    /* first of the ties */
	int a[50], b[50], counts[6] = { 0 };
	tlm_sampler_init(&s, 1.0f, 1.0f, 42);
	for (int i = 0; i < 50; i++)
		a[i] = tlm_sample(&s, logits, 6, NULL);
	tlm_sampler_init(&s, 1.0f, 1.0f, 42);
	for (int i = 0; i < 50; i++)
		b[i] = tlm_sample(&s, logits, 6, NULL);
	ck_assert_mem_eq(a, b, sizeof a);
	/* top-p 0.5 keeps only the two tokens at 2.0 (together ~0.57). */
	tlm_sampler_init(&s, 1.0f, 0.5f, 7);
	for (int i = 0; i < 2000; i++)
		counts[tlm_sample(&s, logits, 6, NULL)]++;
	ck_assert_int_eq(counts[0] + counts[2] + counts[3] + counts[4], 0);
	ck_assert_int_gt(counts[1], 800);
	ck_assert_int_gt(counts[5], 800);
	/* Temperature 1 over all six: the 1.9 token shows up too. */
	memset(counts, 0, sizeof counts);
	tlm_sampler_init(&s, 1.0f, 1.0f, 9);
	for (int i = 0; i < 4000; i++)
		counts[tlm_sample(&s, logits, 6, NULL)]++;
	ck_assert_int_gt(counts[3], 600);
	ck_assert_int_gt(counts[2], 0);
	/* A tiny top-p still returns the most likely token. */
	tlm_sampler_init(&s, 1.0f, 0.01f, 3);
	int t = tlm_sample(&s, logits, 6, NULL);
	ck_assert(t == 1 || t == 5);
}
END_TEST

/* Logits from a model whose activations overflowed: a NaN never gets
 * chosen, an infinity always does, and all NaN still gives a valid id
 * (top-p once kept no candidate there and read before its array). */
START_TEST(sampler_non_finite_logits)
{
	float logits[6] = { NAN, 1.0f, NAN, 3.0f, 2.0f, -INFINITY };
	struct tlm_sampler s;
	int counts[6] = { 0 };
	tlm_sampler_init(&s, 0.0f, 1.0f, 1);
	ck_assert_int_eq(tlm_sample(&s, logits, 6, NULL), 3);
	for (int k = 0; k < 2; k++) {
		tlm_sampler_init(&s, 1.0f, k ? 0.9f : 1.0f, 5);
		for (int i = 0; i < 2000; i++)
			counts[tlm_sample(&s, logits, 6, NULL)]++;
	}
	ck_assert_int_eq(counts[0] + counts[2] + counts[5], 0);
	ck_assert_int_gt(counts[4], 100);
	logits[1] = INFINITY;
	tlm_sampler_init(&s, 1.0f, 0.5f, 5);
	ck_assert_int_eq(tlm_sample(&s, logits, 6, NULL), 1);
	for (int i = 0; i < 6; i++)
		logits[i] = NAN;
	for (int k = 0; k < 3; k++) {
		tlm_sampler_init(&s, k ? 1.0f : 0.0f, k == 2 ? 0.5f : 1.0f, 5);
		ck_assert_int_eq(tlm_sample(&s, logits, 6, NULL), 0);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("generate");
	TCase *tc = tcase_create("generate");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, prompt_has_role_tokens);
	tcase_add_test(tc, streams_whole_characters_matching_greedy);
	tcase_add_test(tc, stop_string_cuts_output);
	tcase_add_test(tc, token_limit_callback_and_cancel);
	tcase_add_test(tc, cancel_from_another_thread);
	tcase_add_test(tc, context_end_and_bad_prompts);
	tcase_add_test(tc, sampler_greedy_and_seeded);
	tcase_add_test(tc, sampler_non_finite_logits);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
