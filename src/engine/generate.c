/* generate.c: streaming text generation.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Tokens are byte strings, so one character can arrive split over two
 * tokens; and a stop string can arrive split too.  Text is therefore held
 * back until it is whole UTF-8 and cannot be the start of a stop string,
 * and only then handed to the caller.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/internal.h"
#include "i18n.h"

#define PREFILL_CHUNK 16

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Length of the valid UTF-8 sequence starting at s (n bytes available):
 * > 0 a whole character, 0 a valid but unfinished start, -1 invalid. */
static int utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	int len;
	unsigned char lo = 0x80, hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;       /* no overlong forms */
		if (c == 0xED)
			hi = 0x9F;       /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;
		if (c == 0xF4)
			hi = 0x8F;       /* nothing past U+10FFFF */
	} else
		return -1;
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return 0;
		if (s[i] < (i == 1 ? lo : 0x80) || s[i] > (i == 1 ? hi : 0xBF))
			return -1;
	}
	return len;
}

struct out {
	char *pend;          /* generated text not yet emitted */
	size_t len, cap;
	char *clean;         /* scratch for the sanitised text */
	size_t clean_cap;
	const char *const *stop;
	tlm_emit_fn emit;
	void *user;
	int stopped_by_callback;
	int emitted_any;
};

static int append(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		size_t cap = (o->len + n + 1) * 2;
		char *p = realloc(o->pend, cap);
		if (!p)
			return -1;
		o->pend = p;
		o->cap = cap;
	}
	memcpy(o->pend + o->len, s, n);
	o->len += n;
	o->pend[o->len] = 0;
	return 0;
}

/* Emits the first n bytes of pend, each invalid byte (and an unfinished
 * character, which only a final flush sends) replaced by U+FFFD.  Returns
 * 1 if the callback asked to stop, -1 on error. */
static int flush(struct out *o, size_t n)
{
	const unsigned char *s = (const unsigned char *)o->pend;
	size_t w = 0, i = 0;

	if (n == 0)
		return 0;
	if (o->clean_cap < n * 3 + 1) {
		char *p = realloc(o->clean, n * 3 + 1);
		if (!p)
			return -1;
		o->clean = p;
		o->clean_cap = n * 3 + 1;
	}
	while (i < n) {
		int k = utf8_seq(s + i, n - i);
		if (k > 0) {
			memcpy(o->clean + w, s + i, (size_t)k);
			w += (size_t)k;
			i += (size_t)k;
		} else {
			memcpy(o->clean + w, "\xEF\xBF\xBD", 3);
			w += 3;
			i++;
		}
	}
	memmove(o->pend, o->pend + n, o->len - n + 1);
	o->len -= n;
	o->emitted_any = 1;
	if (o->emit && o->emit(o->user, o->clean, w)) {
		o->stopped_by_callback = 1;
		return 1;
	}
	return 0;
}

/* How much of pend may go out now: not an unfinished character at its
 * end, not a tail that may grow into a stop string. */
static size_t safe_len(const struct out *o)
{
	const unsigned char *s = (const unsigned char *)o->pend;
	size_t n = o->len, hold = 0;

	/* An unfinished character can only be the last 1-3 bytes. */
	for (size_t back = 1; back <= 3 && back <= n; back++) {
		size_t at = n - back;
		if ((s[at] & 0xC0) != 0x80) {
			if (utf8_seq(s + at, back) == 0)
				n = at;
			break;
		}
	}
	for (const char *const *st = o->stop; st && *st; st++) {
		size_t sl = strlen(*st);
		for (size_t k = sl > 1 ? sl - 1 : 0; k > hold; k--)
			if (k <= o->len && memcmp(o->pend + o->len - k, *st, k) == 0) {
				hold = k;
				break;
			}
	}
	return o->len - hold < n ? o->len - hold : n;
}

/* Returns 1 to stop (a stop string is complete and the text before it
 * emitted, or the callback asked), 0 to go on, -1 on error. */
static int push(struct out *o, const char *bytes, size_t n)
{
	if (append(o, bytes, n))
		return -1;
	for (const char *const *st = o->stop; st && *st; st++) {
		if (!**st)
			continue;
		char *hit = strstr(o->pend, *st);
		if (hit && (size_t)(hit - o->pend) < o->len) {
			size_t before = (size_t)(hit - o->pend);
			if (flush(o, before) < 0)
				return -1;
			return 1;
		}
	}
	return flush(o, safe_len(o));
}

int tlm_prompt_question(const struct tlm_model *m, const char *question, int *ids, int cap)
{
	int n = tlm_tokenize(m, question, strlen(question), cap > 1 ? ids + 1 : NULL,
			     cap > 1 ? cap - 1 : 0);
	if (n < 0)
		return -1;
	if (cap > 0)
		ids[0] = tlm_token_special(m, TLM_TOK_QUESTION);
	if (n + 1 < cap)
		ids[n + 1] = tlm_token_special(m, TLM_TOK_REASONING);
	return n + 2;
}

int tlm_generate(struct tlm_ctx *c, const int *prompt, int n_prompt,
		 const struct tlm_gen_opts *o, tlm_emit_fn emit, void *user,
		 struct tlm_gen_stats *st, char *err, size_t errlen)
{
	const struct tlm_model *m = tlm_ctx_model(c);
	const struct tlm_config *cf = tlm_model_config(m);
	struct tlm_sampler smp = o->sampler;
	struct out out = { .stop = o->stop, .emit = emit, .user = user };
	const int end = tlm_token_special(m, TLM_TOK_END);
	const double t0 = now();
	const float *logits = NULL;
	void *scratch = NULL;
	int pos = 0, rc = 0;

	memset(st, 0, sizeof *st);
	st->n_prompt = n_prompt;
	if (n_prompt < 1 || n_prompt >= cf->max_seq_len) {
		snprintf(err, errlen, _("the prompt has %d tokens; this model takes 1 to %d"),
			 n_prompt, cf->max_seq_len - 1);
		return -1;
	}
	for (int i = 0; i < n_prompt; i++)
		if (prompt[i] < 0 || prompt[i] >= cf->vocab_size) {
			snprintf(err, errlen, _("prompt token %d is out of range"), prompt[i]);
			return -1;
		}
	if (smp.temperature > 0.0f && !(scratch = malloc(sizeof(float) * 2 * (size_t)cf->vocab_size))) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	while (pos < n_prompt) {
		if (o->cancel && atomic_load(o->cancel)) {
			st->stop = TLM_STOP_CANCEL;
			goto done;
		}
		int k = n_prompt - pos < PREFILL_CHUNK ? n_prompt - pos : PREFILL_CHUNK;
		logits = tlm_prefill(c, prompt + pos, k, pos);
		pos += k;
	}
	st->prefill_s = now() - t0;

	const double t1 = now();
	for (;;) {
		if (o->cancel && atomic_load(o->cancel)) {
			st->stop = TLM_STOP_CANCEL;
			break;
		}
		int tok = tlm_sample(&smp, logits, cf->vocab_size, scratch);
		if (tok == end) {
			st->stop = TLM_STOP_END;
			break;
		}
		st->n_generated++;
		size_t len;
		const char *bytes = tlm_token_bytes(m, tok, &len);
		int r = push(&out, bytes, len);
		if (out.emitted_any && st->first_token_s == 0.0)
			st->first_token_s = now() - t0;
		if (r < 0) {
			snprintf(err, errlen, _("out of memory"));
			rc = -1;
			break;
		}
		if (r > 0) {
			st->stop = out.stopped_by_callback ? TLM_STOP_CALLBACK : TLM_STOP_STRING;
			break;
		}
		if (o->max_tokens > 0 && st->n_generated >= o->max_tokens) {
			st->stop = TLM_STOP_LIMIT;
			break;
		}
		if (pos >= cf->max_seq_len) {
			st->stop = TLM_STOP_CONTEXT;
			break;
		}
		logits = tlm_forward(c, tok, pos++);
	}
	st->decode_s = now() - t1;
done:
	if (rc == 0 && st->stop != TLM_STOP_STRING && st->stop != TLM_STOP_CALLBACK &&
	    flush(&out, out.len) > 0)
		st->stop = TLM_STOP_CALLBACK;
	if (st->first_token_s == 0.0)
		st->first_token_s = now() - t0;
	free(out.pend);
	free(out.clean);
	free(scratch);
	return rc;
}
