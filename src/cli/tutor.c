/* tutor.c: `tinyllm [OPTION]...`: the interactive tutor, full screen or
 * plain, wired to the lesson bank, the model and the learner's files.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Only the lessons are required.  Without a model the tutor still teaches:
 * answers are graded by the key and worked solutions come from the solvers;
 * without a home directory it still runs, saying that progress is not kept.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "engine/engine.h"
#include "i18n.h"
#include "tutor/tutor.h"
#include "ui/ui.h"

#define SCRIPT_MAX (64 * 1024)

/* The learner's languages, the way gettext picks the interface's: the
 * list in LANGUAGE unless messages are in the C locale, else the name of
 * the LC_MESSAGES locale ("zh_CN.UTF-8"). */
static void learner_languages(char *out, size_t cap)
{
	const char *loc = setlocale(LC_MESSAGES, NULL);
	const char *list = getenv("LANGUAGE");
	out[0] = 0;
	if (!loc || !strcmp(loc, "C") || !strcmp(loc, "POSIX"))
		return;
	snprintf(out, cap, "%s", list && *list ? list : loc);
}

static void to_stderr(void *user, const char *msg)
{
	int *n = user;
	if ((*n)++ < 20)
		fprintf(stderr, "%s: %s\n", program_name, msg);
}

/* The test hook: a reasoning text streamed in place of the model's. */
static char *read_script(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	char *s = malloc(SCRIPT_MAX + 1);
	size_t n = s ? fread(s, 1, SCRIPT_MAX, f) : 0;
	fclose(f);
	if (!s) {
		snprintf(err, errlen, "%s: %s", path, strerror(ENOMEM));
		return NULL;
	}
	s[n] = 0;
	return s;
}

/* Creates dir and its missing parents, 0700. */
static int make_dirs(const char *dir)
{
	char p[4096];
	if (snprintf(p, sizeof p, "%s", dir) >= (int)sizeof p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0700) && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return mkdir(p, 0700) && errno != EEXIST ? -1 : 0;
}

int cmd_tutor(int argc, char **argv, int plain)
{
	static const struct option opts[] = {
		{ "plain", no_argument, NULL, 'P' },
		{ "model", required_argument, NULL, 'm' },
		{ "no-model", no_argument, NULL, 'N' },
		{ "lessons", required_argument, NULL, 'L' },
		{ "lesson", required_argument, NULL, 'l' },
		{ "profile", required_argument, NULL, 'p' },
		{ "class-dir", required_argument, NULL, 'C' },
		{ "threads", required_argument, NULL, 't' },
		{ "seed", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	const char *model_opt = NULL, *lessons_opt = NULL, *class_dir = NULL;
	struct ui_config cfg;
	long threads = 1, seed = 0;
	int no_model = 0, threads_given = 0, c;
	char err[TLM_ERRLEN];
	memset(&cfg, 0, sizeof cfg);

	optind = 1;
	while ((c = getopt_long(argc, argv, "m:p:t:", opts, NULL)) != -1) {
		switch (c) {
		case 'P': plain = 1; break;
		case 'm': model_opt = optarg; break;
		case 'N': no_model = 1; break;
		case 'L': lessons_opt = optarg; break;
		case 'l': cfg.lesson = optarg; break;
		case 'p': cfg.profile = optarg; break;
		case 'C': class_dir = optarg; break;
		case 't':
			if (parse_int(optarg, 1, 64, &threads)) {
				fprintf(stderr, _("%s: --threads takes 1 to 64, not '%s'\n"), program_name, optarg);
				return EXIT_USAGE;
			}
			threads_given = 1;
			break;
		case 'S':
			if (parse_int(optarg, 0, 0x7fffffffL, &seed)) {
				fprintf(stderr, _("%s: --seed takes a whole number, not '%s'\n"), program_name, optarg);
				return EXIT_USAGE;
			}
			break;
		default:
			fprintf(stderr, _("Try '%s --help' for more information.\n"), program_name);
			return EXIT_USAGE;
		}
	}
	struct settings set;
	if (load_settings(&set, err, sizeof err)) {
		fprintf(stderr, "%s: %s\n", program_name, err);
		return EXIT_USAGE;
	}
	/* The command line wins over the files. */
	if (!class_dir && set.class_dir[0])
		class_dir = set.class_dir;
	if (!model_opt && set.model[0])
		model_opt = set.model;
	if (!lessons_opt && set.lessons[0])
		lessons_opt = set.lessons;
	if (!threads_given && set.threads)
		threads = set.threads;
	if (optind < argc) {
		fprintf(stderr, _("%s: unknown command '%s'\n"), program_name, argv[optind]);
		fprintf(stderr, _("Try '%s --help' for more information.\n"), program_name);
		return EXIT_USAGE;
	}
	if (cfg.profile && tut_profile_name_check(cfg.profile, err, sizeof err)) {
		fprintf(stderr, "%s: --profile: %s\n", program_name, err);
		return EXIT_USAGE;
	}
	if (!plain && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		plain = 1;   /* a pipe or a file: the line-oriented tutor */
	else if (!plain && !ui_term_usable(err, sizeof err)) {
		/* TERM=dumb, unset or unknown: a child still gets to practise */
		fprintf(stderr, _("%s: %s; using plain text instead\n"), program_name, err);
		plain = 1;
	}

	int rc = EXIT_FAIL, problems = 0;
	struct tut_bank bank = { 0 };
	struct tlm_model *model = NULL;
	struct tlm_ctx *ctx = NULL;
	char *lessons = NULL, *model_path = NULL, *script = NULL;
	char data_dir[4096], state_dir[4096], model_problem[TLM_ERRLEN];

	lessons = find_data(lessons_opt, "TINYLLM_LESSONS", "lessons", 1,
			    _("no lesson bank found; looked in $%s (unset)"),
			    _("use --lessons DIR or set TINYLLM_LESSONS"), err, sizeof err);
	if (!lessons) {
		fprintf(stderr, "%s: %s\n", program_name, err);
		goto out;
	}
	tut_bank_load(lessons, &bank, to_stderr, &problems);
	char langs[256], lang_used[32];
	learner_languages(langs, sizeof langs);
	tut_bank_translate(&bank, lessons, langs, lang_used, sizeof lang_used, to_stderr, &problems);
	if (problems > 20)
		fprintf(stderr, _("%s: ... %d problems in all; run '%s lessons check'\n"),
			program_name, problems, program_name);
	if (bank.n == 0) {
		fprintf(stderr, _("%s: no usable lessons in %s\n"), program_name, lessons);
		goto out;
	}
	if (cfg.lesson && !tut_bank_find(&bank, cfg.lesson)) {
		fprintf(stderr, _("%s: there is no lesson '%s' in %s\n"), program_name, cfg.lesson, lessons);
		rc = EXIT_USAGE;
		goto out;
	}
	cfg.bank = &bank;

	const char *script_path = getenv("TINYLLM_REASONING_SCRIPT");
	if (script_path && script_path[0]) {
		if (!(script = read_script(script_path, err, sizeof err))) {
			fprintf(stderr, "%s: TINYLLM_REASONING_SCRIPT: %s\n", program_name, err);
			goto out;
		}
		cfg.script = script;
		const char *d = getenv("TINYLLM_REASONING_DELAY_MS");
		long ms = 0;
		if (d && !parse_int(d, 0, 10000, &ms))
			cfg.script_delay_ms = (int)ms;
	}
	model_problem[0] = 0;
	if (no_model) {
		snprintf(model_problem, sizeof model_problem, "%s", _("--no-model was given"));
	} else if (!(model_path = find_model(model_opt, err, sizeof err)) ||
		   tlm_kernel_select(TLM_KERNEL_AUTO, err, sizeof err) ||
		   tlm_model_open(model_path, &model, err, sizeof err) ||
		   tlm_ctx_new(model, (int)threads, &ctx, err, sizeof err)) {
		if (model_opt) {   /* asked for by name: not finding it is an error */
			fprintf(stderr, "%s: %s\n", program_name, err);
			goto out;
		}
		snprintf(model_problem, sizeof model_problem, "%s", err);
		tlm_model_close(model);
		model = NULL;
	}
	cfg.model = model;
	cfg.ctx = ctx;
	cfg.model_problem = model_problem[0] ? model_problem : NULL;

	if (tut_data_dir(class_dir, data_dir, sizeof data_dir, err, sizeof err) == 0)
		cfg.data_dir = data_dir;
	else
		fprintf(stderr, "%s: %s\n", program_name, err);
	if (tut_state_dir(state_dir, sizeof state_dir, err, sizeof err) == 0 && make_dirs(state_dir) == 0)
		cfg.state_dir = state_dir;
	cfg.seed = (uint64_t)seed;
	const char *trace = getenv("TINYLLM_UI_TRACE");
	cfg.trace_path = trace && trace[0] ? trace : NULL;

	rc = plain ? ui_plain(&cfg) : ui_tutor(&cfg);
out:
	tlm_ctx_free(ctx);
	tlm_model_close(model);
	tut_bank_free(&bank);
	free(lessons);
	free(model_path);
	free(script);
	return rc;
}
