/* eval.c: `tinyllm eval`: which reasoning levels a model supports.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * The model answers held-out problems from every skill (and the lesson
 * bank's fixed exercises) greedily; the exact verifier checks every step and
 * the final answer.  Nothing here trusts the model: a problem counts as
 * solved only when its "Answer:" line matches the key exactly.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "engine/engine.h"
#include "i18n.h"
#include "tutor/tutor.h"

#define MAX_NEW 400

struct tally {
	long n, right;
};

struct totals {
	struct tally level[TUT_N_LEVELS];
	struct tally grade[7];
	struct tally *skill;          /* per skill, tut_skills order */
	struct tally bank;
	long steps_right, steps_wrong, steps_unknown;
	long tokens;
	double seconds;
};

struct text {
	char buf[8192];
	size_t len;
};

static int collect(void *user, const char *s, size_t n)
{
	struct text *t = user;
	if (t->len + n >= sizeof t->buf)
		return 1;   /* a runaway answer: stop it */
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = 0;
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Runs one problem; returns 1 if the final answer is right. */
static int run_one(struct tlm_ctx *ctx, const struct tlm_model *m, const struct tut_problem *p,
		   struct totals *t, int *ids, int cap)
{
	char err[TLM_ERRLEN];
	struct text out = { .len = 0 };
	struct tlm_gen_opts go = { .max_tokens = MAX_NEW };
	struct tlm_gen_stats st;
	struct tut_verdict v;

	int n = tlm_prompt_question(m, p->question, ids, cap);
	if (n < 0 || n >= cap)
		return 0;
	double t0 = now();
	if (tlm_generate(ctx, ids, n, &go, collect, &out, &st, err, sizeof err))
		return 0;
	t->seconds += now() - t0;
	t->tokens += st.n_generated;
	tut_verify(p, out.buf, &v);
	t->steps_right += v.n_right;
	t->steps_wrong += v.n_wrong;
	t->steps_unknown += v.n_unknown;
	return v.has_answer && v.answer_right;
}

static void add(struct tally *t, int ok)
{
	t->n++;
	t->right += ok;
}

static double pct(const struct tally *t)
{
	return t->n ? 100.0 * (double)t->right / (double)t->n : 0.0;
}

static void print_table(const struct totals *t, const struct tut_skill *sk, int nsk)
{
	static const char *const lv[] = { "basic", "symbolic", "multi-step" };
	printf("%-28s %8s %8s\n", _("level"), _("problems"), _("correct"));
	for (int l = 0; l < TUT_N_LEVELS; l++)
		printf("%-28s %8ld %7.1f%%\n", lv[l], t->level[l].n, pct(&t->level[l]));
	printf("\n%-28s %8s %8s\n", _("grade"), _("problems"), _("correct"));
	for (int g = 1; g <= 6; g++)
		if (t->grade[g].n)
			printf("%-28d %8ld %7.1f%%\n", g, t->grade[g].n, pct(&t->grade[g]));
	printf("\n%-28s %8s %8s\n", _("skill"), _("problems"), _("correct"));
	for (int i = 0; i < nsk; i++)
		if (t->skill[i].n)
			printf("%-28s %8ld %7.1f%%\n", sk[i].id, t->skill[i].n, pct(&t->skill[i]));
	if (t->bank.n)
		printf("\n%-28s %8ld %7.1f%%\n", _("lesson bank exercises"), t->bank.n, pct(&t->bank));
	long checked = t->steps_right + t->steps_wrong + t->steps_unknown;
	printf(_("\n%s %.1f%% (%ld of %ld checkable steps; %ld wrong, %ld not checkable)\n"),
	       _("steps that verify:"), checked ? 100.0 * (double)t->steps_right / (double)checked : 0.0,
	       t->steps_right, checked, t->steps_wrong, t->steps_unknown);
	printf("%s %.0f tok/s\n", _("speed:"), t->seconds > 0 ? (double)t->tokens / t->seconds : 0.0);
}

static void print_json(const struct totals *t, const struct tut_skill *sk, int nsk)
{
	long checked = t->steps_right + t->steps_wrong + t->steps_unknown;
	printf("{\"basic\":%.4f,\"symbolic\":%.4f,\"multi_step\":%.4f",
	       pct(&t->level[TUT_BASIC]) / 100, pct(&t->level[TUT_SYMBOLIC]) / 100,
	       pct(&t->level[TUT_MULTI]) / 100);
	printf(",\"problems\":%ld", t->level[0].n + t->level[1].n + t->level[2].n);
	printf(",\"steps_verified\":%.4f", checked ? (double)t->steps_right / (double)checked : 0.0);
	printf(",\"tokens_per_second\":%.0f", t->seconds > 0 ? (double)t->tokens / t->seconds : 0.0);
	printf(",\"grades\":{");
	for (int g = 1, first = 1; g <= 6; g++)
		if (t->grade[g].n) {
			printf("%s\"%d\":%.4f", first ? "" : ",", g, pct(&t->grade[g]) / 100);
			first = 0;
		}
	printf("},\"skills\":{");
	for (int i = 0, first = 1; i < nsk; i++)
		if (t->skill[i].n) {
			printf("%s\"%s\":%.4f", first ? "" : ",", sk[i].id, pct(&t->skill[i]) / 100);
			first = 0;
		}
	printf("}");
	if (t->bank.n)
		printf(",\"lesson_bank\":%.4f", pct(&t->bank) / 100);
	printf("}\n");
}

static void eval_usage(FILE *f)
{
	fprintf(f, _("Usage: %s eval [OPTION]...\n"), program_name);
	fputs(_("Run the model greedily on held-out problems from every skill, check every\n"
		"step and answer exactly, and print accuracy by level, grade and skill.\n\n"
		"  -m, --model FILE     the model file (default: the installed model)\n"
		"      --split NAME     test (default) or valid\n"
		"  -n, --count N        problems per skill (default 20)\n"
		"      --skills LIST    only these skills (comma-separated ids)\n"
		"      --lessons DIR    also the lesson bank's fixed exercises from DIR\n"
		"  -t, --threads N      engine threads (default 1)\n"
		"      --json           print one JSON object (keys basic, symbolic, multi_step)\n"
		"  -h, --help           display this help and exit\n"), f);
}

static int wanted(const char *list, const char *id)
{
	if (!list)
		return 1;
	size_t n = strlen(id);
	for (const char *p = list; (p = strstr(p, id)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == 0))
			return 1;
	return 0;
}

static void report_quiet(void *user, const char *msg)
{
	(void)user;
	fprintf(stderr, "%s\n", msg);
}

int cmd_eval(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "split", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "skills", required_argument, NULL, 'k' },
		{ "lessons", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *model_opt = NULL, *skills_opt = NULL, *lessons = NULL;
	enum tut_split split = TUT_TEST;
	long count = 20, threads = 1;
	int json = 0, c;
	char err[TLM_ERRLEN];

	optind = 1;
	while ((c = getopt_long(argc, argv, "m:n:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm': model_opt = optarg; break;
		case 'k': skills_opt = optarg; break;
		case 'l': lessons = optarg; break;
		case 'j': json = 1; break;
		case 's':
			if (!strcmp(optarg, "test"))
				split = TUT_TEST;
			else if (!strcmp(optarg, "valid"))
				split = TUT_VALID;
			else {
				fprintf(stderr, _("%s eval: --split takes test or valid, not '%s'\n"),
					program_name, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'n':
		case 't':
			if (parse_int(optarg, 1, c == 't' ? 64 : 100000, c == 'n' ? &count : &threads)) {
				fprintf(stderr, _("%s eval: bad number '%s'\n"), program_name, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': eval_usage(stdout); return EXIT_OK;
		default: eval_usage(stderr); return EXIT_USAGE;
		}
	}

	int nsk, rc = EXIT_FAIL;
	const struct tut_skill *sk = tut_skills(&nsk);
	struct totals t = { .skill = calloc((size_t)nsk, sizeof *t.skill) };
	struct tlm_model *m = NULL;
	struct tlm_ctx *ctx = NULL;
	struct tut_bank bank = { 0 };
	int *ids = NULL;
	char *path = find_model(model_opt, err, sizeof err);
	if (!t.skill || !path || tlm_kernel_select(TLM_KERNEL_AUTO, err, sizeof err) ||
	    tlm_model_open(path, &m, err, sizeof err) ||
	    tlm_ctx_new(m, (int)threads, &ctx, err, sizeof err)) {
		fprintf(stderr, "%s: %s\n", program_name, err);
		goto out;
	}
	const int cap = tlm_model_config(m)->max_seq_len;
	if (!(ids = malloc(sizeof *ids * (size_t)cap)))
		goto out;

	struct tut_problem *p = malloc(sizeof *p);
	if (!p)
		goto out;
	for (int i = 0; i < nsk; i++) {
		if (!wanted(skills_opt, sk[i].id))
			continue;
		/* Seeds walk until `count` problems of the split are found; the
		 * split comes from the problem's text, so they are held out. */
		long found = 0;
		for (uint64_t seed = 1; found < count && seed < (uint64_t)count * 400; seed++) {
			int diff = 1 + (int)(seed % TUT_DIFFICULTY_MAX);
			if (tut_generate(&sk[i], seed * 2654435761u + (uint64_t)i, diff, p) ||
			    tut_split_of(p) != split)
				continue;
			int ok = run_one(ctx, m, p, &t, ids, cap);
			add(&t.level[p->level], ok);
			add(&t.grade[p->grade], ok);
			add(&t.skill[i], ok);
			found++;
		}
	}
	if (lessons) {
		tut_bank_load(lessons, &bank, report_quiet, NULL);
		for (int l = 0; l < bank.n; l++)
			for (int e = 0; e < bank.lessons[l].n_ex; e++)
				if (tut_lesson_exercise(&bank.lessons[l], e, 1, p) == 0)
					add(&t.bank, run_one(ctx, m, p, &t, ids, cap));
	}
	free(p);
	if (json)
		print_json(&t, sk, nsk);
	else
		print_table(&t, sk, nsk);
	rc = fflush(stdout) ? EXIT_FAIL : EXIT_OK;
out:
	tut_bank_free(&bank);
	free(ids);
	free(path);
	free(t.skill);
	tlm_ctx_free(ctx);
	tlm_model_close(m);
	return rc;
}
