/* datagen.c: `tinyllm datagen`: training examples from the exact solvers,
 * one JSON object per line (doc/reasoning-format.md).
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * --output writes a temporary file beside FILE and renames it into place,
 * so FILE is either the old one or the whole new one, never half of it,
 * even when the run is interrupted.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "i18n.h"
#include "tutor/tutor.h"

static atomic_int cancel;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&cancel, 1);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int write_line(void *user, const char *line, size_t len)
{
	FILE *f = user;
	if (atomic_load(&cancel))
		return 1;
	return fwrite(line, 1, len, f) != len;
}

static void datagen_usage(FILE *f)
{
	fprintf(f, _("Usage: %s datagen [OPTION]...\n"), program_name);
	fputs(_("Write training examples made by the exact solvers, one JSON object per line.\n"
		"The same options always give the same output.\n\n"
		"  -s, --split NAME       train, valid or test (default train); a question\n"
		"                         belongs to exactly one split\n"
		"  -n, --count N          how many examples (default 1000)\n"
		"  -S, --seed S           random seed (default 1)\n"
		"  -g, --grades LIST      only these grades, e.g. 1,2 (default all, 1 to 6)\n"
		"  -k, --skills LIST      only these skills, e.g. add_column,money\n"
		"  -l, --levels LIST      only these levels: basic, symbolic, multi\n"
		"  -c, --curriculum       order the examples simple to complex (by grade,\n"
		"                         level and difficulty)\n"
		"  -o, --output FILE      write to FILE (replaced whole at the end) instead of\n"
		"                         standard output\n"
		"  -h, --help             display this help and exit\n\n"
		"A last line on standard error gives the count and the speed.\n"), f);
}

/* Any seed from 0 to 2^64 - 1, decimal digits only. */
static int parse_seed(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		uint64_t d = (uint64_t)(*s - '0');
		if (v > UINT64_MAX / 10 || (v == UINT64_MAX / 10 && d > UINT64_MAX % 10))
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* "1,2,5" -> bits 1, 2 and 5. */
static int parse_grades(const char *s, unsigned *mask)
{
	*mask = 0;
	char *copy = strdup(s), *save = NULL;
	int rc = copy ? 0 : -1;
	for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t && !rc; t = strtok_r(NULL, ",", &save)) {
		long g;
		if (parse_int(t, 1, 6, &g))
			rc = -1;
		else
			*mask |= 1u << g;
	}
	free(copy);
	return rc || !*mask ? -1 : 0;
}

static int parse_levels(const char *s, unsigned *mask)
{
	static const char *const names[] = { "basic", "symbolic", "multi" };
	*mask = 0;
	char *copy = strdup(s), *save = NULL;
	int rc = copy ? 0 : -1;
	for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t && !rc; t = strtok_r(NULL, ",", &save)) {
		int found = -1;
		for (int i = 0; i < TUT_N_LEVELS; i++)
			if (!strcmp(t, names[i]))
				found = i;
		if (found < 0)
			rc = -1;
		else
			*mask |= 1u << found;
	}
	free(copy);
	return rc || !*mask ? -1 : 0;
}

/* Every id must be a skill; returns the first that is not, or NULL. */
static const char *bad_skill(const char *list, char *buf, size_t cap)
{
	const char *s = list;
	for (;;) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		snprintf(buf, cap, "%.*s", (int)n, s);
		if (n == 0 || n >= cap || !tut_skill_find(buf))
			return buf;
		if (!e)
			return NULL;
		s = e + 1;
	}
}

/* 163934 -> "163,934" */
static void grouped(long v, char *buf, size_t cap)
{
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%ld", v);
	size_t w = 0;
	for (int i = 0; i < n && w + 2 < cap; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[w++] = ',';
		buf[w++] = digits[i];
	}
	buf[w] = 0;
}

/* Writes to FILE's temporary twin, then renames; 0 or EXIT_FAIL. */
static int run_to_file(const struct tut_datagen_opts *o, const char *path, char *err, size_t errlen)
{
	size_t len = strlen(path) + 16;
	char *tmp = malloc(len);
	if (!tmp) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return EXIT_FAIL;
	}
	snprintf(tmp, len, "%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		snprintf(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return EXIT_FAIL;
	}
	/* mkstemp makes it private; the result is an ordinary file, but
	 * never one that others may write, whatever the umask */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0664 & ~mask);
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	int rc = tut_datagen(o, write_line, f, err, errlen);
	if (rc == 0 && (fflush(f) || ferror(f) || fsync(fileno(f))))
		rc = -1, snprintf(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
	if (fclose(f) && rc == 0)
		rc = -1, snprintf(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
	if (rc == 0 && rename(tmp, path))
		rc = -1, snprintf(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc ? EXIT_FAIL : EXIT_OK;
}

int cmd_datagen(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "split", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'S' },
		{ "grades", required_argument, NULL, 'g' },
		{ "skills", required_argument, NULL, 'k' },
		{ "levels", required_argument, NULL, 'l' },
		{ "curriculum", no_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tut_datagen_opts o = { .split = TUT_TRAIN, .seed = 1, .count = 1000 };
	const char *output = NULL;
	char err[512], name[80];
	long v;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:n:S:g:k:l:co:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (!strcmp(optarg, "train"))
				o.split = TUT_TRAIN;
			else if (!strcmp(optarg, "valid"))
				o.split = TUT_VALID;
			else if (!strcmp(optarg, "test"))
				o.split = TUT_TEST;
			else {
				fprintf(stderr, _("%s: --split takes train, valid or test, not '%s'\n"),
					program_name, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'n':
			if (parse_int(optarg, 0, 2000000000L, &v)) {
				fprintf(stderr, _("%s: --count takes 0 to 2000000000, not '%s'\n"), program_name, optarg);
				return EXIT_USAGE;
			}
			o.count = v;
			break;
		case 'S':
			if (parse_seed(optarg, &o.seed)) {
				fprintf(stderr, _("%s: --seed takes a whole number, not '%s'\n"), program_name, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'g':
			if (parse_grades(optarg, &o.grades)) {
				fprintf(stderr, _("%s: --grades takes grades 1 to 6 separated by commas, not '%s'\n"),
					program_name, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'k':
			if (bad_skill(optarg, name, sizeof name)) {
				fprintf(stderr, _("%s: --skills: unknown skill '%s'\n"), program_name, name);
				return EXIT_USAGE;
			}
			o.skills = optarg;
			break;
		case 'l':
			if (parse_levels(optarg, &o.levels)) {
				fprintf(stderr, _("%s: --levels takes basic, symbolic and multi separated by commas, not '%s'\n"),
					program_name, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'c': o.curriculum = 1; break;
		case 'o': output = optarg; break;
		case 'h': datagen_usage(stdout); return EXIT_OK;
		default: datagen_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("%s datagen: unexpected argument '%s'\n"), program_name, argv[optind]);
		datagen_usage(stderr);
		return EXIT_USAGE;
	}

	/* Filters that leave nothing to make are a usage error, found before
	 * any output file is touched: a run of no problems checks them. */
	struct tut_datagen_opts dry = o;
	dry.count = 0;
	if (tut_datagen(&dry, write_line, stdout, err, sizeof err)) {
		fprintf(stderr, "%s: %s\n", program_name, err);
		return EXIT_USAGE;
	}

	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	double t0 = now();
	int rc;
	err[0] = 0;
	if (output) {
		rc = run_to_file(&o, output, err, sizeof err);
	} else {
		setvbuf(stdout, NULL, _IOFBF, 1 << 20);
		rc = tut_datagen(&o, write_line, stdout, err, sizeof err) ? EXIT_FAIL : EXIT_OK;
		if (fflush(stdout) || ferror(stdout)) {
			if (rc == EXIT_OK)
				snprintf(err, sizeof err, _("cannot write to standard output: %s"), strerror(errno));
			rc = EXIT_FAIL;
		}
	}
	if (atomic_load(&cancel)) {
		fprintf(stderr, _("%s: datagen interrupted\n"), program_name);
		return 130;
	}
	if (rc) {
		fprintf(stderr, "%s: %s\n", program_name, err);
		return rc;
	}
	double dt = now() - t0;
	char rate[40];
	grouped(dt > 0 ? (long)((double)o.count / dt) : 0, rate, sizeof rate);
	fprintf(stderr, _("datagen: %ld problems in %.2f s (%s problems/s)\n"), o.count, dt, rate);
	return EXIT_OK;
}
