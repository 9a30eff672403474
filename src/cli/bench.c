/* bench.c: `tinyllm bench`: the engine's speed, memory and start-up time,
 * one figure per line.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Single runs swing with address-space layout and the other core's load;
 * tests/bench.sh runs this in several fresh processes and takes medians.
 */
#include <config.h>

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "engine/engine.h"
#include "i18n.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void bench_usage(FILE *f)
{
	fprintf(f, _("Usage: %s bench [--model FILE | --random SPEC] [OPTION]...\n"), program_name);
	fputs(_("Measure load time, time to first token, prefill and decode speed and peak\n"
		"memory, one figure per line.\n\n"
		"  -m, --model FILE     benchmark this model file (default: the installed model)\n"
		"  -r, --random SPEC    a random model, SPEC like dim=320,layers=8,heads=8,\n"
		"                       kv_heads=8,ffn=864,vocab=4096,ctx=512,group=32\n"
		"                       (group=0: fp32 weights); defaults are those shown\n"
		"      --save FILE      also write the random model to FILE\n"
		"  -t, --threads N      engine threads (default 1)\n"
		"  -n, --tokens N       tokens to decode (default 256)\n"
		"  -p, --prompt N       prompt tokens before decoding (default: a word\n"
		"                       problem as the tutor would ask it)\n"
		"  -k, --kernel NAME    portable, sse2, avx2, avx512, neon or auto (default auto)\n"
		"  -h, --help           display this help and exit\n"), f);
}

static int parse_spec(const char *spec, struct tlm_config *c)
{
	*c = (struct tlm_config){ .dim = 320, .n_layers = 8, .n_heads = 8, .n_kv_heads = 0,
				  .hidden_dim = 864, .vocab_size = 4096, .max_seq_len = 512,
				  .group_size = 32, .rope_theta = 10000.0f, .norm_eps = 1e-5f };
	char *copy = strdup(spec), *save = NULL;
	int rc = 0;
	if (!copy)
		return -1;
	for (char *kv = strtok_r(copy, ",", &save); kv && !rc; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');
		long v;
		if (!eq || parse_int(eq + 1, 0, 1 << 20, &v)) {
			rc = -1;
			break;
		}
		*eq = 0;
		if (!strcmp(kv, "dim")) c->dim = (int)v;
		else if (!strcmp(kv, "layers")) c->n_layers = (int)v;
		else if (!strcmp(kv, "heads")) c->n_heads = (int)v;
		else if (!strcmp(kv, "kv_heads")) c->n_kv_heads = (int)v;
		else if (!strcmp(kv, "ffn")) c->hidden_dim = (int)v;
		else if (!strcmp(kv, "vocab")) c->vocab_size = (int)v;
		else if (!strcmp(kv, "ctx")) c->max_seq_len = (int)v;
		else if (!strcmp(kv, "group")) c->group_size = (int)v;
		else rc = -1;
	}
	free(copy);
	if (c->n_kv_heads == 0)
		c->n_kv_heads = c->n_heads;
	c->quantized = c->group_size != 0;
	return rc;
}

static int write_file(const char *path, const void *data, size_t size)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
	/* never writable by others, whatever the umask */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0664);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	int bad = fwrite(data, 1, size, f) != size;
	bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Greedy, as the tutor decodes. */
static int argmax(const float *x, int n)
{
	static struct tlm_sampler greedy;
	return tlm_sample(&greedy, x, n, NULL);
}

int cmd_bench(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "random", required_argument, NULL, 'r' },
		{ "save", required_argument, NULL, 's' },
		{ "threads", required_argument, NULL, 't' },
		{ "tokens", required_argument, NULL, 'n' },
		{ "prompt", required_argument, NULL, 'p' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *model_opt = NULL, *random_spec = NULL, *save = NULL, *kernel = "auto";
	long threads = 1, tokens = 256, prompt_n = 0;
	char err[TLM_ERRLEN];
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "m:r:t:n:p:k:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': model_opt = optarg; break;
		case 'r': random_spec = optarg; break;
		case 's': save = optarg; break;
		case 'k': kernel = optarg; break;
		case 't':
		case 'n':
		case 'p': {
			long v;
			if (parse_int(optarg, c == 'p' ? 1 : c == 't' ? 1 : 1, c == 't' ? 64 : 65536, &v)) {
				fprintf(stderr, _("%s bench: bad number '%s'\n"), program_name, optarg);
				return EXIT_USAGE;
			}
			*(c == 't' ? &threads : c == 'n' ? &tokens : &prompt_n) = v;
			break;
		}
		case 'h': bench_usage(stdout); return EXIT_OK;
		default: bench_usage(stderr); return EXIT_USAGE;
		}
	}
	if (model_opt && random_spec) {
		fprintf(stderr, _("%s bench: give --model or --random, not both\n"), program_name);
		return EXIT_USAGE;
	}
	enum tlm_kernel k = TLM_KERNEL_AUTO;
	static const char *const knames[] = { "auto", "portable", "sse2", "avx2", "avx512", "neon" };
	const int nk = (int)(sizeof knames / sizeof knames[0]);
	for (k = 0; (int)k < nk && strcmp(kernel, knames[k]); k++)
		;
	if ((int)k == nk) {
		fprintf(stderr, _("%s bench: unknown kernel '%s'\n"), program_name, kernel);
		return EXIT_USAGE;
	}
	if (tlm_kernel_select(k, err, sizeof err)) {
		fprintf(stderr, "%s: %s\n", program_name, err);
		return EXIT_FAIL;
	}

	int rc = EXIT_FAIL;
	void *image = NULL;
	char *path = NULL;
	struct tlm_model *m = NULL;
	struct tlm_ctx *ctx = NULL;
	int *ids = NULL;
	size_t size = 0;
	struct tlm_config rc_cfg;
	double t_load;

	if (random_spec) {
		if (parse_spec(random_spec, &rc_cfg)) {
			fprintf(stderr, _("%s bench: bad --random spec '%s'\n"), program_name, random_spec);
			return EXIT_USAGE;
		}
		if (!(image = tlm_random_image(&rc_cfg, 1, &size, err, sizeof err))) {
			fprintf(stderr, "%s: %s\n", program_name, err);
			return EXIT_FAIL;
		}
		if (save && write_file(save, image, size)) {
			fprintf(stderr, _("%s: cannot write %s\n"), program_name, save);
			goto out;
		}
		t_load = now();
		if (tlm_model_open_memory(image, size, "random model", &m, err, sizeof err))
			goto fail;
	} else {
		if (!(path = find_model(model_opt, err, sizeof err)))
			goto fail;
		t_load = now();
		if (tlm_model_open(path, &m, err, sizeof err))
			goto fail;
	}
	if (tlm_ctx_new(m, (int)threads, &ctx, err, sizeof err))
		goto fail;
	const double load_s = now() - t_load;
	const struct tlm_config *cf = tlm_model_config(m);
	/* By default the prompt the tutor would build for a word problem;
	 * with --prompt N, that text repeated or cut to N tokens. */
	static const char text[] = "Maria has 47 red apples and 38 green apples. "
				   "How many apples does she have in all?";
	const int cap = cf->max_seq_len;
	if (!(ids = malloc(sizeof *ids * (size_t)cap)))
		goto out;
	if (prompt_n == 0) {
		prompt_n = tlm_prompt_question(m, text, ids, cap);
		if (prompt_n < 1 || prompt_n >= cap) {
			fprintf(stderr, _("%s bench: the prompt does not fit the context (%d)\n"),
				program_name, cf->max_seq_len);
			goto out;
		}
	} else {
		int have = 0;
		while (have < prompt_n) {
			int got = tlm_tokenize(m, text, sizeof text - 1, ids + have, (int)(prompt_n - have));
			if (got <= 0)
				break;
			have += got < prompt_n - have ? got : (int)(prompt_n - have);
		}
	}
	if (prompt_n + tokens > cf->max_seq_len)
		tokens = cf->max_seq_len - prompt_n;
	if (prompt_n >= cf->max_seq_len || tokens < 1) {
		fprintf(stderr, _("%s bench: the prompt does not fit the context (%d)\n"),
			program_name, cf->max_seq_len);
		goto out;
	}
	double t0 = now();
	const float *logits = tlm_prefill(ctx, ids, (int)prompt_n, 0);
	int tok = argmax(logits, cf->vocab_size);
	const double first_s = now() - t0;
	const double prefill_s = first_s;

	t0 = now();
	for (long i = 0; i < tokens; i++) {
		logits = tlm_forward(ctx, tok, (int)(prompt_n + i));
		tok = argmax(logits, cf->vocab_size);
	}
	const double decode_s = now() - t0;

	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("model: %s (dim=%d layers=%d heads=%d kv_heads=%d ffn=%d vocab=%d ctx=%d), "
	       "%.2fM parameters, %s, %.1f MB\n",
	       random_spec ? "random" : path, cf->dim, cf->n_layers, cf->n_heads, cf->n_kv_heads,
	       cf->hidden_dim, cf->vocab_size, cf->max_seq_len, tlm_model_n_params(m) / 1e6,
	       cf->quantized ? "int8" : "fp32", tlm_model_file_size(m) / 1e6);
	printf("kernel: %s\n", tlm_kernel_name(tlm_kernel_current()));
	printf("threads: %ld\n", threads);
	printf("prompt: %ld tokens, then %ld decoded\n", prompt_n, tokens);
	printf("load: %.2f ms\n", load_s * 1e3);
	printf("first token: %.2f ms\n", first_s * 1e3);
	printf("load + first token: %.2f ms\n", (load_s + first_s) * 1e3);
	printf("prefill: %.0f tok/s\n", prompt_n / prefill_s);
	printf("decode: %.0f tok/s\n", tokens / decode_s);
	printf("peak RSS: %.1f MB\n", ru.ru_maxrss / 1024.0);
	rc = fflush(stdout) ? EXIT_FAIL : EXIT_OK;
	goto out;
fail:
	fprintf(stderr, "%s: %s\n", program_name, err);
out:
	free(ids);
	tlm_ctx_free(ctx);
	tlm_model_close(m);
	free(image);
	free(path);
	return rc;
}
