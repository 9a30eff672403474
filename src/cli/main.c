/* main.c: the tinyllm program: options and subcommands that wire the
 * engine, the tutor and the interface together.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "i18n.h"

const char *program_name = "tinyllm";

static void usage(FILE *f)
{
	fprintf(f, _("Usage: %s [OPTION]...\n"
		     "  or:  %s COMMAND [ARG]...\n"), program_name, program_name);
	fputs(_("An offline reasoning tutor for primary-school math and logic.  With no\n"
		"command, start the tutor (full screen on a terminal, plain text otherwise).\n\n"), f);
	fputs(_("Commands:\n"
		"  ask QUESTION     stream the model's step-by-step reasoning for QUESTION\n"
		"  bench            measure the engine's speed, memory and start-up time\n"
		"  lessons list|check [FILE]...\n"
		"                   show the lesson bank, or check lesson files\n"
		"  datagen          write training examples (JSON lines) from the solvers\n"
		"  eval             measure a model's accuracy by level, grade and skill\n"
		"  report           the students' progress, for teachers (a table, or CSV)\n\n"), f);
	fputs(_("Tutor options:\n"
		"      --plain            plain lines of text (screen readers, scripts)\n"
		"  -p, --profile NAME     practise as NAME (created when new)\n"
		"      --lesson ID        start with lesson ID\n"
		"      --class-dir DIR    keep progress in a shared class folder DIR\n"
		"      --lessons DIR      the lesson bank (default: $TINYLLM_LESSONS, then the\n"
		"                         installed lessons)\n"
		"  -m, --model FILE       the model file (default: $TINYLLM_MODEL, then the\n"
		"                         installed model)\n"
		"      --no-model         practise without the model (solvers' help only)\n"
		"  -t, --threads N        threads for the model (default 1)\n"
		"      --seed N           seed for generated exercises (default 0)\n"
		"  -h, --help             display this help and exit\n"
		"  -V, --version          output version information and exit\n\n"), f);
	fprintf(f, _("Run '%s COMMAND --help' for a command's options.\n"), program_name);
	fputs(_("Environment: TINYLLM_MODEL (the model file), TINYLLM_LESSONS (the lesson bank),\n"
		"TINYLLM_CONFIG (the settings file), TINYLLM_KERNEL (portable, sse2, avx2,\n"
		"avx512: force a kernel path), NO_COLOR, XDG_DATA_HOME and XDG_STATE_HOME\n"
		"(where progress and history are kept), LANG and LANGUAGE (the language).\n"), f);
	fprintf(f, _("Report bugs to: %s\n"), PACKAGE_BUGREPORT);
}

static void version(void)
{
	printf("%s (%s) %s\n", program_name, PACKAGE_NAME, PACKAGE_VERSION);
	puts("Copyright (C) 2026 The TinyLLM authors.");
	puts(_("License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
	       "This is free software: you are free to change and redistribute it.\n"
	       "There is NO WARRANTY, to the extent permitted by law."));
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* A file-size limit must fail a write (progress is kept in memory and
	 * retried), not kill the program. */
	signal(SIGXFSZ, SIG_IGN);
#if ENABLE_NLS
	/* TINYLLM_LOCALEDIR lets translators and the tests try catalogs
	 * without installing them. */
	const char *localedir = getenv("TINYLLM_LOCALEDIR");
	bindtextdomain(PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	textdomain(PACKAGE);
#endif
	if (argc < 2)
		return cmd_tutor(argc, argv, 0);
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage(stdout);
		return ferror(stdout) ? EXIT_FAIL : EXIT_OK;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		version();
		return EXIT_OK;
	}
	if (!strcmp(cmd, "ask"))
		return cmd_ask(argc - 1, argv + 1);
	if (!strcmp(cmd, "bench"))
		return cmd_bench(argc - 1, argv + 1);
	if (!strcmp(cmd, "lessons"))
		return cmd_lessons(argc - 1, argv + 1);
	if (!strcmp(cmd, "datagen"))
		return cmd_datagen(argc - 1, argv + 1);
	if (!strcmp(cmd, "eval"))
		return cmd_eval(argc - 1, argv + 1);
	if (!strcmp(cmd, "report"))
		return cmd_report(argc - 1, argv + 1);
	if (cmd[0] == '-')   /* the tutor's own options */
		return cmd_tutor(argc, argv, 0);
	fprintf(stderr, _("%s: unknown command or option '%s'\n"), program_name, cmd);
	fprintf(stderr, _("Try '%s --help' for more information.\n"), program_name);
	return EXIT_USAGE;
}
