/* main.c: the tinyllm program: options and subcommands that wire the
 * engine, the tutor and the interface together.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "i18n.h"

const char *program_name = "tinyllm";

static void usage(FILE *f)
{
	fprintf(f, _("Usage: %s [OPTION]... [COMMAND [ARG]...]\n"), program_name);
	fputs(_("An offline reasoning tutor for primary-school math and logic.\n\n"), f);
	fputs(_("Commands:\n"
		"  ask QUESTION     stream the model's step-by-step reasoning for QUESTION\n"
		"  bench            measure the engine's speed, memory and start-up time\n"
		"  lessons list|check [FILE]...\n"
		"                   show the lesson bank, or check lesson files\n"
		"  datagen          write training examples (JSON lines) from the solvers\n"
		"  eval             measure a model's accuracy by level, grade and skill\n\n"), f);
	fputs(_("Options:\n"
		"  -h, --help       display this help and exit\n"
		"  -V, --version    output version information and exit\n\n"), f);
	fprintf(f, _("Run '%s COMMAND --help' for a command's options.\n"), program_name);
	fputs(_("Environment: TINYLLM_MODEL (the model file), TINYLLM_KERNEL (portable, sse2,\n"
		"avx2, avx512: force a kernel path).\n"), f);
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
#if ENABLE_NLS
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
#endif
	if (argc < 2) {
		/* The interactive tutor is the next piece of work; until it
		 * lands, say so rather than pretend. */
		fprintf(stderr, _("%s: the interactive tutor is not available in this version yet.\n"
				  "Try: %s ask \"12 + 30\"\n"), program_name, program_name);
		usage(stderr);
		return EXIT_USAGE;
	}
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
	fprintf(stderr, _("%s: unknown command or option '%s'\n"), program_name, cmd);
	fprintf(stderr, _("Try '%s --help' for more information.\n"), program_name);
	return EXIT_USAGE;
}
