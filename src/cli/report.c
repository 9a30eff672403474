/* report.c: `tinyllm report`: the class's progress for teachers, one row
 * per student and skill practised, as a table for the terminal or as CSV
 * for a spreadsheet.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * A report only reads: profiles are opened with tut_progress_read, which
 * starts no session and writes nothing, so running it during a lesson
 * changes neither a child's session count nor their reviews.  Names are
 * typed by children and end up in spreadsheets, so CSV fields that a
 * spreadsheet would take for a formula are defused.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistr.h>
#include <uniwidth.h>

#include "cli/cli.h"
#include "i18n.h"
#include "tutor/tutor.h"

/* The table's mastery words, for translators (tut_mastery_name's order). */
static const char *const mastery_words[] = {
	N_("new"), N_("attempted"), N_("familiar"), N_("proficient"), N_("mastered"),
};

enum { C_STUDENT, C_GRADES, C_SKILL, C_MASTERY, C_ACCURACY, C_ATTEMPTS, C_TIME, C_LAST, NCOL };

#define CELL_MAX 160

/* One row: a student and a skill, or (skill NULL) a student with no answers. */
struct row {
	char student[TUT_NAME_MAX];
	const struct tut_skill *skill;
	struct tut_skill_progress sp;
};

struct rows {
	struct row *v;
	int n, cap;
};

static int rows_add(struct rows *r, const char *student, const struct tut_skill *skill,
		    const struct tut_skill_progress *sp)
{
	if (r->n == r->cap) {
		int cap = r->cap ? r->cap * 2 : 64;
		struct row *v = realloc(r->v, sizeof *v * (size_t)cap);
		if (!v)
			return -1;
		r->v = v;
		r->cap = cap;
	}
	struct row *w = &r->v[r->n++];
	snprintf(w->student, sizeof w->student, "%s", student);
	w->skill = skill;
	if (sp)
		w->sp = *sp;
	else
		memset(&w->sp, 0, sizeof w->sp);
	return 0;
}

/* Damage in a log: said, and the exit status says so too, so that a
 * script (or a teacher's cron job) notices. */
static int damage_reported;

static void to_stderr(void *user, const char *msg)
{
	(void)user;
	fprintf(stderr, "%s\n", msg);
	damage_reported = 1;
}

static void report_usage(FILE *f)
{
	fprintf(f, _("Usage: %s report [--class-dir DIR] [--profile NAME] [--csv]\n"), program_name);
	fputs(_("Show the students' progress, for teachers: one row per student and skill\n"
		"practised (skills in curriculum order), with the level reached, the share\n"
		"of right answers, the number of answers, the time spent, and when the\n"
		"skill was last practised (local time).  A student with no answers yet gets\n"
		"one row saying so.  Reading changes nothing in the students' files.\n\n"
		"      --class-dir DIR    the class folder (default: this account's own\n"
		"                         progress, $XDG_DATA_HOME/tinyllm)\n"
		"  -p, --profile NAME     only this student\n"
		"      --csv              comma-separated values for a spreadsheet: UTF-8,\n"
		"                         a header row, lines ending in CR LF (RFC 4180);\n"
		"                         a field starting with = + - @ gets a ' in front,\n"
		"                         so that no name is taken for a formula\n"
		"  -h, --help             display this help and exit\n\n"
		"Damaged lines in a student's log are reported as FILE:LINE: message, and\n"
		"the rest of the log is still counted.  With no students yet, a message\n"
		"says so (and CSV has only its header row); exit status 0.\n\n"
		"Exit status: 0 done, 1 a damaged line was reported or a student's progress\n"
		"could not be read (the others are still shown), the class folder or the\n"
		"student does not exist, or the report could not be written; 2 bad usage.\n"), f);
}

/* ---- Cells -------------------------------------------------------------- */

/* 75 s is "1:15", 3725 s is "1:02:05". */
static void format_duration(long s, char *out, size_t cap)
{
	if (s < 0)
		s = 0;
	if (s < 3600)
		snprintf(out, cap, "%ld:%02ld", s / 60, s % 60);
	else
		snprintf(out, cap, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
}

/* Right answers in per cent, one decimal, rounded half up; integers only,
 * so the figure is the same on every machine. */
static void format_accuracy(int correct, int attempts, char *out, size_t cap)
{
	long long tenths = attempts > 0 ? ((long long)correct * 2000 + attempts) / (2LL * attempts) : 0;
	snprintf(out, cap, "%lld.%lld", tenths / 10, tenths % 10);
}

static void format_when(int64_t t, char *out, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (t <= 0 || !localtime_r(&tt, &tm) || !strftime(out, cap, "%Y-%m-%d %H:%M", &tm))
		snprintf(out, cap, "-");
}

static void format_grades(const struct tut_skill *s, char *out, size_t cap)
{
	if (s->grade_min == s->grade_max)
		snprintf(out, cap, "%d", s->grade_min);
	else
		snprintf(out, cap, "%d-%d", s->grade_min, s->grade_max);
}

/* The table's cells for a row (the CSV has its own, see write_csv). */
static void table_cells(const struct row *r, char c[NCOL][CELL_MAX])
{
	const struct tut_skill_progress *sp = &r->sp;
	for (int i = 0; i < NCOL; i++)
		c[i][0] = 0;
	snprintf(c[C_STUDENT], CELL_MAX, "%s", r->student);
	if (!r->skill) {
		snprintf(c[C_SKILL], CELL_MAX, "%s", _("(no answers yet)"));
		return;
	}
	format_grades(r->skill, c[C_GRADES], CELL_MAX);
	snprintf(c[C_SKILL], CELL_MAX, "%s", _(r->skill->title));
	int m = (int)sp->mastery;
	snprintf(c[C_MASTERY], CELL_MAX, "%s",
		 m >= 0 && m <= TUT_M_MASTERED ? _(mastery_words[m]) : tut_mastery_name(sp->mastery));
	format_accuracy(sp->correct, sp->attempts, c[C_ACCURACY], CELL_MAX - 1);
	strcat(c[C_ACCURACY], "%");
	snprintf(c[C_ATTEMPTS], CELL_MAX, "%d", sp->attempts);
	format_duration(sp->seconds, c[C_TIME], CELL_MAX);
	format_when(sp->last_seen, c[C_LAST], CELL_MAX);
}

/* ---- The table ---------------------------------------------------------- */

/* Columns on screen, not bytes: a Chinese character takes two. */
static int width_of(const char *s)
{
	int w = u8_strwidth((const uint8_t *)s, "UTF-8");
	return w < 0 ? (int)strlen(s) : w;
}

static void put_cell(const char *s, int width, int right, int last)
{
	int pad = width - width_of(s);
	if (right)
		printf("%*s", pad > 0 ? pad : 0, "");
	fputs(s, stdout);
	if (!right && !last)
		printf("%*s", pad > 0 ? pad : 0, "");
	if (!last)
		fputs("  ", stdout);
}

static void write_table(const struct rows *r)
{
	static const int right[NCOL] = { [C_ACCURACY] = 1, [C_ATTEMPTS] = 1, [C_TIME] = 1 };
	char head[NCOL][CELL_MAX];
	char c[NCOL][CELL_MAX];
	int width[NCOL];
	snprintf(head[C_STUDENT], CELL_MAX, "%s", _("Student"));
	snprintf(head[C_GRADES], CELL_MAX, "%s", _("Grades"));
	snprintf(head[C_SKILL], CELL_MAX, "%s", _("Skill"));
	snprintf(head[C_MASTERY], CELL_MAX, "%s", _("Mastery"));
	snprintf(head[C_ACCURACY], CELL_MAX, "%s", _("Accuracy"));
	snprintf(head[C_ATTEMPTS], CELL_MAX, "%s", _("Attempts"));
	snprintf(head[C_TIME], CELL_MAX, "%s", _("Time"));
	snprintf(head[C_LAST], CELL_MAX, "%s", _("Last seen"));
	for (int j = 0; j < NCOL; j++)
		width[j] = width_of(head[j]);
	for (int i = 0; i < r->n; i++) {
		table_cells(&r->v[i], c);
		for (int j = 0; j < NCOL; j++) {
			int w = width_of(c[j]);
			/* "(no answers yet)" may run over the columns after it,
			 * which are empty in its row. */
			if (!r->v[i].skill && j == C_SKILL)
				continue;
			if (w > width[j])
				width[j] = w;
		}
	}
	for (int j = 0; j < NCOL; j++)
		put_cell(head[j], width[j], right[j], j == NCOL - 1);
	putchar('\n');
	for (int i = 0; i < r->n; i++) {
		table_cells(&r->v[i], c);
		if (!r->v[i].skill) {
			put_cell(c[C_STUDENT], width[C_STUDENT], 0, 0);
			put_cell(c[C_GRADES], width[C_GRADES], 0, 0);
			put_cell(c[C_SKILL], 0, 0, 1);
		} else {
			for (int j = 0; j < NCOL; j++)
				put_cell(c[j], width[j], right[j], j == NCOL - 1);
		}
		putchar('\n');
	}
}

/* ---- CSV (RFC 4180) ------------------------------------------------------ */

/* One field: a leading = + - @ tab or CR would make a spreadsheet run the
 * field as a formula, so it gets an apostrophe first (OWASP's advice);
 * then quotes when it holds a comma, a quote, CR or LF, quotes doubled. */
static void csv_field(const char *s, int first)
{
	if (!first)
		putchar(',');
	int guard = s[0] && strchr("=+-@\t\r", s[0]) != NULL;
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		putchar('"');
	if (guard)
		putchar('\'');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	if (quote)
		putchar('"');
}

static void csv_end(void)
{
	fputs("\r\n", stdout);
}

/* The header stays in English whatever the language, so that a school's
 * spreadsheet finds its columns by name. */
static void write_csv(const struct rows *r)
{
	static const char *const head[] = {
		"student", "skill", "grades", "title", "mastery", "accuracy", "attempts",
		"right", "time", "seconds", "last_seen",
	};
	for (size_t j = 0; j < sizeof head / sizeof *head; j++)
		csv_field(head[j], j == 0);
	csv_end();
	for (int i = 0; i < r->n; i++) {
		const struct row *w = &r->v[i];
		const struct tut_skill_progress *sp = &w->sp;
		char grades[32] = "", acc[32] = "", n[32], ok[32], t[32], secs[32], when[64] = "";
		if (w->skill) {
			format_grades(w->skill, grades, sizeof grades);
			format_accuracy(sp->correct, sp->attempts, acc, sizeof acc);
			if (sp->last_seen > 0)
				format_when(sp->last_seen, when, sizeof when);
		}
		snprintf(n, sizeof n, "%d", sp->attempts);
		snprintf(ok, sizeof ok, "%d", sp->correct);
		format_duration(sp->seconds, t, sizeof t);
		snprintf(secs, sizeof secs, "%ld", sp->seconds);
		csv_field(w->student, 1);
		csv_field(w->skill ? w->skill->id : "", 0);
		csv_field(grades, 0);
		csv_field(w->skill ? w->skill->title : "", 0);
		csv_field(tut_mastery_name(sp->mastery), 0);
		csv_field(acc, 0);
		csv_field(n, 0);
		csv_field(ok, 0);
		csv_field(t, 0);
		csv_field(secs, 0);
		csv_field(when, 0);
		csv_end();
	}
}

/* ---- Gathering ----------------------------------------------------------- */

/* One student's rows, read without changing anything.  -1 when their log
 * cannot be read at all (said on stderr; the others still go on). */
static int gather(const char *dir, const char *name, struct rows *r)
{
	char err[PATH_MAX * 2 + 300];
	struct tut_progress *pr = NULL;
	if (tut_progress_read(dir, name, &pr, to_stderr, NULL, err, sizeof err) < 0) {
		fprintf(stderr, _("%s report: %s; %s is left out\n"), program_name, err, name);
		return -1;
	}
	int n_skills, rows = 0, rc = 0;
	const struct tut_skill *skills = tut_skills(&n_skills);
	for (int i = 0; i < n_skills && rc == 0; i++) {
		struct tut_skill_progress sp;
		tut_progress_skill(pr, skills[i].id, &sp);
		if (sp.attempts > 0) {
			rc = rows_add(r, name, &skills[i], &sp);
			rows++;
		}
	}
	if (rc == 0 && rows == 0)
		rc = rows_add(r, name, NULL, NULL);
	tut_progress_close(pr);
	if (rc < 0) {
		fprintf(stderr, _("%s report: out of memory\n"), program_name);
		exit(EXIT_FAIL);
	}
	return 0;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "class-dir", required_argument, NULL, 'c' },
		{ "csv", no_argument, NULL, 'C' },
		{ "profile", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *class_dir = NULL, *only = NULL;
	int csv = 0, c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "p:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': class_dir = optarg; break;
		case 'C': csv = 1; break;
		case 'p': only = optarg; break;
		case 'h': report_usage(stdout); return ferror(stdout) ? EXIT_FAIL : EXIT_OK;
		default: report_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("%s report: unexpected argument '%s'\n"), program_name, argv[optind]);
		fprintf(stderr, _("Try '%s report --help' for more information.\n"), program_name);
		return EXIT_USAGE;
	}
	char err[PATH_MAX + 300];
	if (only && tut_profile_name_check(only, err, sizeof err) < 0) {
		fprintf(stderr, _("%s report: '%s' cannot be a profile: %s\n"), program_name, only, err);
		return EXIT_USAGE;
	}
	struct settings set;   /* a lab's class folder, set once by the admin */
	if (load_settings(&set, err, sizeof err)) {
		fprintf(stderr, "%s report: %s\n", program_name, err);
		return EXIT_USAGE;
	}
	if (!class_dir && set.class_dir[0])
		class_dir = set.class_dir;
	char dir[PATH_MAX];
	if (tut_data_dir(class_dir, dir, sizeof dir, err, sizeof err) < 0) {
		fprintf(stderr, "%s report: %s\n", program_name, err);
		return EXIT_FAIL;
	}
	/* A class folder that is not there is a mistyped path, not an empty
	 * class; the account's own folder is made only when a child first
	 * practises. */
	struct stat st;
	if (class_dir && stat(dir, &st) < 0) {
		fprintf(stderr, _("%s report: cannot read the class folder %s: %s\n"), program_name, dir,
			strerror(errno));
		return EXIT_FAIL;
	}
	if (class_dir && !S_ISDIR(st.st_mode)) {
		fprintf(stderr, _("%s report: %s is not a folder\n"), program_name, dir);
		return EXIT_FAIL;
	}

	tzset();                  /* "last seen" in the local time (TZ) */
	struct rows r = { NULL, 0, 0 };
	int status = EXIT_OK;
	if (only) {
		if (gather(dir, only, &r) < 0)
			status = EXIT_FAIL;
	} else {
		char **names = NULL;
		int n = tut_profiles_list(dir, &names, err, sizeof err);
		if (n < 0) {
			fprintf(stderr, "%s report: %s\n", program_name, err);
			return EXIT_FAIL;
		}
		if (n == 0)
			fprintf(stderr, _("%s report: no students in %s yet\n"), program_name, dir);
		for (int i = 0; i < n; i++)
			if (gather(dir, names[i], &r) < 0)
				status = EXIT_FAIL;
		tut_profiles_free(names, n);
	}
	if (csv)
		write_csv(&r);
	else if (r.n > 0)
		write_table(&r);
	free(r.v);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, _("%s report: cannot write the report: %s\n"), program_name,
			strerror(errno));
		return EXIT_FAIL;
	}
	return damage_reported ? EXIT_FAIL : status;
}
