/* ask.c: `tinyllm ask QUESTION`: stream the model's reasoning to stdout.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "engine/engine.h"
#include "i18n.h"

static atomic_int cancel;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&cancel, 1);
}

static int emit(void *user, const char *text, size_t len)
{
	(void)user;
	fwrite(text, 1, len, stdout);
	fflush(stdout);
	return ferror(stdout) ? 1 : 0;
}

static void ask_usage(FILE *f)
{
	fprintf(f, _("Usage: %s ask [OPTION]... QUESTION...\n"), program_name);
	fputs(_("Stream the model's step-by-step reasoning and answer for QUESTION.\n\n"
		"  -m, --model FILE       the model file (default: $TINYLLM_MODEL, then the\n"
		"                         installed model)\n"
		"  -t, --threads N        threads for the engine (default 1)\n"
		"  -n, --max-tokens N     stop after N new tokens (default 400)\n"
		"      --temperature T    sample with temperature T (default 0: greedy)\n"
		"      --top-p P          nucleus sampling mass (default 1)\n"
		"      --seed S           random seed for sampling (default 1)\n"
		"  -h, --help             display this help and exit\n"), f);
}

int cmd_ask(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "threads", required_argument, NULL, 't' },
		{ "max-tokens", required_argument, NULL, 'n' },
		{ "temperature", required_argument, NULL, 'T' },
		{ "top-p", required_argument, NULL, 'P' },
		{ "seed", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *model_opt = NULL;
	long threads = 1, max_tokens = 400, seed = 1;
	float temperature = 0.0f, top_p = 1.0f;
	char err[TLM_ERRLEN];
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "m:t:n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': model_opt = optarg; break;
		case 't':
			if (parse_int(optarg, 1, 64, &threads)) {
				fprintf(stderr, _("%s: --threads takes 1 to 64, not '%s'\n"), program_name, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'n':
			if (parse_int(optarg, 1, 65536, &max_tokens)) {
				fprintf(stderr, _("%s: --max-tokens takes 1 to 65536, not '%s'\n"), program_name, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'T': temperature = strtof(optarg, NULL); break;
		case 'P': top_p = strtof(optarg, NULL); break;
		case 'S':
			if (parse_int(optarg, 0, 0x7fffffffL, &seed)) {
				fprintf(stderr, _("%s: --seed takes a whole number, not '%s'\n"), program_name, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': ask_usage(stdout); return EXIT_OK;
		default: ask_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, _("%s ask: no question given\n"), program_name);
		ask_usage(stderr);
		return EXIT_USAGE;
	}
	size_t qlen = 0;
	for (int i = optind; i < argc; i++)
		qlen += strlen(argv[i]) + 1;
	char *question = malloc(qlen + 1);
	if (!question)
		return EXIT_FAIL;
	question[0] = 0;
	for (int i = optind; i < argc; i++) {
		if (i > optind)
			strcat(question, " ");
		strcat(question, argv[i]);
	}

	int rc = EXIT_FAIL;
	struct tlm_model *m = NULL;
	struct tlm_ctx *ctx = NULL;
	int *ids = NULL;
	char *path = find_model(model_opt, err, sizeof err);
	if (!path) {
		fprintf(stderr, "%s: %s\n", program_name, err);
		goto out;
	}
	if (tlm_kernel_select(TLM_KERNEL_AUTO, err, sizeof err) ||
	    tlm_model_open(path, &m, err, sizeof err) ||
	    tlm_ctx_new(m, (int)threads, &ctx, err, sizeof err)) {
		fprintf(stderr, "%s: %s\n", program_name, err);
		goto out;
	}
	const int cap = tlm_model_config(m)->max_seq_len;
	ids = malloc(sizeof *ids * (size_t)cap);
	int n = ids ? tlm_prompt_question(m, question, ids, cap) : -1;
	if (n < 0 || n >= cap) {
		fprintf(stderr, _("%s: the question is too long for the model (%d tokens, at most %d)\n"),
			program_name, n, cap - 1);
		goto out;
	}
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	struct tlm_gen_opts go = { .max_tokens = (int)max_tokens, .cancel = &cancel };
	tlm_sampler_init(&go.sampler, temperature, top_p, (uint64_t)seed);
	struct tlm_gen_stats st;
	if (tlm_generate(ctx, ids, n, &go, emit, NULL, &st, err, sizeof err)) {
		fprintf(stderr, "%s: %s\n", program_name, err);
		goto out;
	}
	putchar('\n');
	if (st.stop == TLM_STOP_LIMIT)
		fprintf(stderr, _("%s: stopped after %d tokens (--max-tokens)\n"), program_name, st.n_generated);
	rc = st.stop == TLM_STOP_CANCEL ? 130 : EXIT_OK;
	if (fflush(stdout) || ferror(stdout))
		rc = EXIT_FAIL;
out:
	free(ids);
	free(path);
	free(question);
	tlm_ctx_free(ctx);
	tlm_model_close(m);
	return rc;
}
