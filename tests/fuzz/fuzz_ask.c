/* fuzz_ask.c: a student's own question, typed into the tutor or given to
 * `tinyllm ask`, on any bytes.
 *
 * The input is the question, then optionally a NUL and a reply to stream
 * in place of the model's (the coach's script), so that both the question
 * solver and the checking of a reply line by line are reached.  Without a
 * reply, a tiny random model answers a few tokens through the real engine.
 * Properties: the shipped model's prompt for the question is well formed
 * or refused as too long; the coach streams text pieces without newlines,
 * whole lines whose pieces came first, and exactly one end.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later. */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "tutor/tutor.h"

static struct tlm_ctx *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char err[TLM_ERRLEN];
	fuzz_shipped_model();
	if (tlm_ctx_new(fuzz_tiny_model(), 1, &ctx, err, sizeof err))
		fuzz_fail(__FILE__, __LINE__, "tlm_ctx_new", "%s", err);
	return 0;
}

static void prompt_check(const char *question)
{
	const struct tlm_model *m = fuzz_shipped_model();
	int cap = tlm_model_config(m)->max_seq_len;
	int *ids = malloc(sizeof *ids * (size_t)cap);
	FUZZ_ASSERT(ids != NULL, "out of memory");
	int n = tlm_prompt_question(m, question, ids, cap);
	FUZZ_ASSERT(n >= 2, "prompt of %d ids", n);
	if (n <= cap)
		FUZZ_ASSERT(ids[0] == tlm_token_special(m, TLM_TOK_QUESTION) &&
			    ids[n - 1] == tlm_token_special(m, TLM_TOK_REASONING),
			    "prompt not wrapped in its role tokens");
	free(ids);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *input = fuzz_string(data, size);
	const char *question = input;
	size_t qlen = strlen(input);
	const char *script = qlen < size ? input + qlen + 1 : NULL;

	prompt_check(question);

	struct tut_coach_opts o = { .ctx = ctx, .model = fuzz_tiny_model(), .script = script,
				    .max_tokens = 6 };
	struct tut_coach *c;
	char err[TLM_ERRLEN];
	if (tut_coach_start(&o, TUT_HELP_ASK, NULL, question, &c, err, sizeof err)) {
		FUZZ_ASSERT(err[0], "refused without a message");
		free(input);
		return 0;
	}
	int done = 0, r = 0;
	size_t pending = 0;      /* text bytes of the line not yet complete */
	while (r >= 0) {
		struct pollfd pfd = { .fd = tut_coach_fd(c), .events = POLLIN };
		int k;
		/* libFuzzer's watchdog alarm interrupts the wait */
		while ((k = poll(&pfd, 1, 30000)) < 0 && errno == EINTR)
			;
		FUZZ_ASSERT(k == 1, "no event within 30 s");
		struct tut_event ev;
		while ((r = tut_coach_next(c, &ev)) == 1) {
			FUZZ_ASSERT(!done, "an event after the end");
			switch (ev.kind) {
			case TUT_EV_TEXT:
				FUZZ_ASSERT(!memchr(ev.text, '\n', ev.len), "a text piece holds a newline");
				pending += ev.len;
				break;
			case TUT_EV_LINE:
				FUZZ_ASSERT(!memchr(ev.text, '\n', ev.len), "a line holds a newline");
				FUZZ_ASSERT(pending == ev.len, "a line of %zu bytes after %zu bytes of text",
					    ev.len, pending);
				pending = 0;
				break;
			case TUT_EV_DONE:
				done = 1;
				FUZZ_ASSERT(ev.outcome >= TUT_TRUSTED && ev.outcome <= TUT_FAILED, "outcome %d",
					    (int)ev.outcome);
				FUZZ_ASSERT(ev.answer != NULL, "no answer string");
				break;
			}
		}
	}
	FUZZ_ASSERT(done, "the stream ended without its end event");
	tut_coach_free(c);
	free(input);
	return 0;
}
