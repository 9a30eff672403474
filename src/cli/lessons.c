/* lessons.c: `tinyllm lessons list|check`: show the lesson bank, and check
 * lesson files the way a compiler checks sources.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 */
#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "i18n.h"
#include "tutor/tutor.h"

/* Where the bank is, found the way the model is (see find_data). */
static char *find_lessons(const char *opt, char *err, size_t errlen)
{
	return find_data(opt, "TINYLLM_LESSONS", "lessons", 1,
			 _("no lesson bank found; looked in $%s (unset)"),
			 _("use --dir DIR or set TINYLLM_LESSONS"), err, errlen);
}

static void to_stderr(void *user, const char *msg)
{
	(void)user;
	fprintf(stderr, "%s\n", msg);
}

static void lessons_usage(FILE *f)
{
	fprintf(f, _("Usage: %s lessons list [--dir DIR]\n"
		     "  or:  %s lessons check [--dir DIR] [FILE]...\n"), program_name, program_name);
	fputs(_("Show the lesson bank by grade and skill (list), or check lesson files and\n"
		"report every problem as FILE:LINE: message (check).  With no FILE, check\n"
		"checks the whole bank, including prerequisites and every answer against its\n"
		"check computation.  The format is described in tinyllm-lessons(5).\n\n"
		"  -d, --dir DIR          the lesson bank (default: $TINYLLM_LESSONS, then the\n"
		"                         installed bank)\n"
		"  -h, --help             display this help and exit\n\n"
		"Exit status: 0 no problems, 1 problems found, 2 bad usage.\n"), f);
}

static int count_exercises(const struct tut_bank *b)
{
	int n = 0;
	for (int i = 0; i < b->n; i++)
		n += b->lessons[i].n_ex;
	return n;
}

static int skill_index(const struct tut_skill *s)
{
	int n;
	const struct tut_skill *all = tut_skills(&n);
	return s ? (int)(s - all) : n;
}

static void list_lesson(const struct tut_lesson *l)
{
	int gen = tut_lesson_count(l) - l->n_ex;
	printf("    %-26s %s", l->id, l->title);
	if (gen > 0)
		printf(_(" (%d + %d generated)"), l->n_ex, gen);
	else
		printf(" (%d)", l->n_ex);
	if (l->n_prereq) {
		printf(_("; after %s"), l->prereq[0]);
		for (int k = 1; k < l->n_prereq; k++)
			printf(", %s", l->prereq[k]);
	}
	putchar('\n');
}

/* By grade, then by skill in curriculum order, then in bank order. */
static void list_bank(const struct tut_bank *b)
{
	int n_skills;
	const struct tut_skill *all = tut_skills(&n_skills);
	int covered = 0;
	for (int s = 0; s < n_skills; s++)
		for (int i = 0; i < b->n; i++)
			if (b->lessons[i].skill == &all[s]) {
				covered++;
				break;
			}
	for (int g = 1; g <= 6; g++) {
		int shown = 0;
		for (int s = 0; s <= n_skills; s++) {
			int head = 0;
			for (int i = 0; i < b->n; i++) {
				const struct tut_lesson *l = &b->lessons[i];
				if (l->grade != g || skill_index(l->skill) != s)
					continue;
				if (!shown++)
					printf(_("Grade %d\n"), g);
				if (!head++)
					printf("  %s (%s)\n", s < n_skills ? _(all[s].title) : "?",
					       s < n_skills ? all[s].id : "?");
				list_lesson(l);
			}
		}
	}
	int ex = count_exercises(b);
	printf(ngettext("%d lesson", "%d lessons", b->n), b->n);
	printf(ngettext(", %d exercise", ", %d exercises", ex), ex);
	printf(_(", %d of %d skills\n"), covered, n_skills);
}

static int cmd_list(const char *dir_opt)
{
	char err[PATH_MAX * 3 + 200];
	char *dir = find_lessons(dir_opt, err, sizeof err);
	if (!dir) {
		fprintf(stderr, "%s: %s\n", program_name, err);
		return EXIT_FAIL;
	}
	struct tut_bank b = { NULL, 0 };
	int problems = tut_bank_load(dir, &b, to_stderr, NULL);
	list_bank(&b);
	if (problems)
		fprintf(stderr, ngettext("%s: %d problem in the lesson bank %s (see 'lessons check')\n",
					 "%s: %d problems in the lesson bank %s (see 'lessons check')\n", problems),
			program_name, problems, dir);
	tut_bank_free(&b);
	free(dir);
	if (fflush(stdout) || ferror(stdout))
		return EXIT_FAIL;
	return problems ? EXIT_FAIL : EXIT_OK;
}

static int cmd_check(const char *dir_opt, char **files, int n_files)
{
	struct tut_bank b = { NULL, 0 };
	int problems = 0;
	char *dir = NULL;
	if (n_files == 0) {
		char err[PATH_MAX * 3 + 200];
		dir = find_lessons(dir_opt, err, sizeof err);
		if (!dir) {
			fprintf(stderr, "%s: %s\n", program_name, err);
			return EXIT_FAIL;
		}
		problems += tut_bank_load(dir, &b, to_stderr, NULL);
		problems += tut_bank_check_translations(&b, dir, to_stderr, NULL);
	}
	for (int i = 0; i < n_files; i++)
		problems += tut_lesson_file_load(files[i], &b, to_stderr, NULL);
	problems += tut_bank_verify(&b, to_stderr, NULL);
	int ex = count_exercises(&b);
	if (dir)
		printf("%s: ", dir);
	else
		printf(ngettext("%d file: ", "%d files: ", n_files), n_files);
	printf(ngettext("%d lesson", "%d lessons", b.n), b.n);
	printf(ngettext(", %d exercise", ", %d exercises", ex), ex);
	printf(ngettext(", %d problem\n", ", %d problems\n", problems), problems);
	tut_bank_free(&b);
	free(dir);
	if (fflush(stdout) || ferror(stdout))
		return EXIT_FAIL;
	return problems ? EXIT_FAIL : EXIT_OK;
}

int cmd_lessons(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dir = NULL;
	int c;

	/* Options may come before or after the action: getopt moves the
	 * action and the files to the end. */
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'h': lessons_usage(stdout); return EXIT_OK;
		default: lessons_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, _("%s lessons: say 'list' or 'check'\n"), program_name);
		lessons_usage(stderr);
		return EXIT_USAGE;
	}
	const char *what = argv[optind++];
	if (!strcmp(what, "list")) {
		if (optind < argc) {
			fprintf(stderr, _("%s lessons list: unexpected argument '%s'\n"), program_name, argv[optind]);
			return EXIT_USAGE;
		}
		return cmd_list(dir);
	}
	if (strcmp(what, "check")) {
		fprintf(stderr, _("%s lessons: unknown action '%s' (use list or check)\n"), program_name, what);
		return EXIT_USAGE;
	}
	if (dir && optind < argc) {
		fprintf(stderr, _("%s lessons check: give FILEs or --dir, not both\n"), program_name);
		return EXIT_USAGE;
	}
	return cmd_check(dir, argv + optind, argc - optind);
}
