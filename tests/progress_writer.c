/* progress_writer.c: the helper of progress-crash.test and
 * progress-diskfull.test, which writes a child's progress in a loop, checks
 * progress files by a reader of its own, and fills a small disk.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 *   progress_writer write DATA PROFILE [MAX]
 *       records up to MAX answers (default 1000), printing "ack ID end"
 *       after tut_progress_record returned 0 for answer ID, never before
 *   progress_writer check DATA PROFILE
 *       reads the profile's files by the format's rules, prints "have ID"
 *       for every whole answer line, and checks that the library reads the
 *       same (answers counted, damaged lines reported); 0 when all agree
 *   progress_writer fill DATA PROFILE FILLER
 *       on a small file system: fills it with FILLER, records until the
 *       disk is full, checks the failure (clear message, log unchanged,
 *       answers kept), frees FILLER and checks the kept answers are saved
 *   progress_writer
 *       (as `make check` runs every check program) tests the checker
 *       itself: it must find every answer and notice a lost or damaged one,
 *       or the crash test would prove nothing.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tutor/tutor.h"

/* The writer's skills; the checker counts only these. */
static const char *const skills[] = { "count", "compare", "add_within20" };
#define N_SKILLS 3

/* Answers of many lengths, so that lines cross page boundaries. */
static const char *const pads[] = {
	"", "12", "a\tb\\c", "½ and 李明", "a much longer answer, to make the line cross a page of the file",
	"\x01\x02", "x",
};
#define N_PADS (sizeof pads / sizeof *pads)

static void to_stderr(void *user, const char *msg)
{
	(void)user;
	fprintf(stderr, "%s\n", msg);
}

static void count_report(void *user, const char *msg)
{
	(void)msg;
	(*(int *)user)++;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 65536, n = 0, k;
	char *buf = malloc(cap);
	while (buf && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += k;
		if (n + 1 == cap) {
			char *nb = realloc(buf, cap *= 2);
			if (!nb)
				free(buf);
			buf = nb;
		}
	}
	fclose(f);
	if (buf)
		buf[n] = 0;
	*len = n;
	return buf;
}

/* ---- write ---- */

static int fill_attempt(struct tut_attempt *a, int session, int i)
{
	memset(a, 0, sizeof *a);
	a->when = (int64_t)time(NULL);
	snprintf(a->lesson, sizeof a->lesson, "g1-count-to-20");
	a->exercise = i % 10;
	snprintf(a->skill, sizeof a->skill, "%s", skills[i % N_SKILLS]);
	snprintf(a->given, sizeof a->given, "s%d-%d|%s", session, i, pads[(size_t)i % N_PADS]);
	a->correct = i % 3 != 0;
	a->seconds = i % 50;
	a->hints = i % 4 == 0;
	a->model_help = i % 5 == 0;
	return 0;
}

static int do_write(const char *data, const char *profile, int max)
{
	struct tut_progress *pr;
	char err[600];
	if (tut_progress_open(data, profile, &pr, to_stderr, NULL, err, sizeof err) < 0) {
		fprintf(stderr, "progress_writer: %s\n", err);
		return 1;
	}
	int session = tut_progress_session(pr);
	for (int i = 1; i <= max; i++) {
		struct tut_attempt a;
		fill_attempt(&a, session, i);
		if (tut_progress_record(pr, &a, err, sizeof err) < 0) {
			fprintf(stderr, "progress_writer: %s\n", err);
			return 2;
		}
		printf("ack s%d-%d end\n", session, i);
		fflush(stdout);
	}
	tut_progress_close(pr);
	return 0;
}

/* ---- check ---- */

static int hexv(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Is `field` (the answer, escaped) one of ours: its id, up to '|'. */
static void answer_id(const char *field, char *out, size_t cap)
{
	size_t w = 0;
	for (; *field && *field != '|' && w + 1 < cap; field++)
		out[w++] = *field;
	out[w] = 0;
}

struct tally {
	int valid;        /* whole answer lines of our skills */
	int bad;          /* damaged lines (each reported once by the library) */
	int sessions;
};

/* One line by the rules of doc/progress-format.md. */
static void check_line(char *s, size_t n, FILE *out, struct tally *t)
{
	if (n == 0 || s[0] == '#')
		return;
	s[n] = 0;
	char *tab = strrchr(s, '\t');
	if (!tab || strlen(tab + 1) != 8 || memchr(s, 0, n)) {
		t->bad++;
		return;
	}
	unsigned want = 0;
	for (int i = 1; i <= 8; i++) {
		int h = hexv(tab[i]);
		if (h < 0) {
			t->bad++;
			return;
		}
		want = want << 4 | (unsigned)h;
	}
	if (want != tlm_crc32(0, s, (size_t)(tab - s))) {
		t->bad++;
		return;
	}
	*tab = 0;
	char *f[16];
	int nf = 0;
	for (char *p = s; nf < 16;) {
		f[nf++] = p;
		char *q = strchr(p, '\t');
		if (!q)
			break;
		*q = 0;
		p = q + 1;
	}
	if (!strcmp(f[0], "session") && nf == 4) {
		t->sessions++;
		return;
	}
	if (strcmp(f[0], "attempt") || nf != 13) {
		t->bad++;
		return;
	}
	char id[64];
	answer_id(f[12], id, sizeof id);
	fprintf(out, "have %s\n", id);
	for (int i = 0; i < N_SKILLS; i++)
		if (!strcmp(f[7], skills[i]))
			t->valid++;
}

static int check_summary(const char *path)
{
	static const char *levels[] = { "new", "attempted", "familiar", "proficient", "mastered" };
	size_t len;
	char *text = read_all(path, &len);
	if (!text) {
		fprintf(stderr, "check: %s: %s\n", path, strerror(errno));
		return -1;
	}
	int rc = 0, line = 0;
	char *save = NULL;
	if (len == 0 || text[len - 1] != '\n') {
		fprintf(stderr, "check: %s: does not end with a whole line\n", path);
		free(text);
		return -1;
	}
	for (char *l = strtok_r(text, "\n", &save); l && !rc; l = strtok_r(NULL, "\n", &save)) {
		line++;
		int fields = 1;
		for (char *p = l; *p; p++)
			fields += *p == '\t';
		if (line == 1)
			rc = strcmp(l, "tinyllm-summary 1") ? -1 : 0;
		else if (l[0] == '#')
			continue;
		else if (!strncmp(l, "sessions\t", 9))
			rc = fields == 2 ? 0 : -1;
		else {
			rc = -1;
			for (int i = 0; i < 5 && fields == 8; i++) {
				char *lv = strchr(l, '\t') + 1;
				if (!strncmp(lv, levels[i], strlen(levels[i])) && lv[strlen(levels[i])] == '\t')
					rc = 0;
			}
		}
		if (rc)
			fprintf(stderr, "check: %s:%d: not a summary line\n", path, line);
	}
	free(text);
	return rc;
}

/* Prints the ids of all whole answers; 0 when the files parse and the
 * library agrees with this reader. */
static int check(const char *data, const char *profile, FILE *out, struct tally *t)
{
	char log[2048], summary[2048];
	snprintf(log, sizeof log, "%s/%s/attempts.log", data, profile);
	snprintf(summary, sizeof summary, "%s/%s/summary.tsv", data, profile);
	memset(t, 0, sizeof *t);
	size_t len;
	char *text = read_all(log, &len);
	if (!text) {
		fprintf(stderr, "check: %s: %s\n", log, strerror(errno));
		return 1;
	}
	if (strncmp(text, "tinyllm-progress 1\n", 19)) {
		fprintf(stderr, "check: %s: no header\n", log);
		free(text);
		return 1;
	}
	size_t start = 19;
	for (size_t i = start; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		check_line(text + start, i - start, out, t);
		start = i + 1;
	}
	free(text);
	int rc = 0;
	if (check_summary(summary) < 0)
		rc = 1;

	/* The library must see the same. */
	struct tut_progress *pr;
	char err[600];
	int reports = 0;
	if (tut_progress_open(data, profile, &pr, count_report, &reports, err, sizeof err) < 0) {
		fprintf(stderr, "check: %s\n", err);
		return 1;
	}
	int counted = 0;
	for (int i = 0; i < N_SKILLS; i++) {
		struct tut_skill_progress sp;
		tut_progress_skill(pr, skills[i], &sp);
		counted += sp.attempts;
	}
	tut_progress_close(pr);
	/* The library reports 20 damaged lines, then says there are more. */
	int want_reports = t->bad > 20 ? 21 : t->bad;
	if (counted != t->valid || reports != want_reports) {
		fprintf(stderr, "check: the library counts %d answers and %d reports; this reader %d and %d\n",
			counted, reports, t->valid, want_reports);
		rc = 1;
	}
	fprintf(stderr, "check: %d answers, %d sessions, %d damaged lines\n", t->valid, t->sessions, t->bad);
	return rc;
}

/* ---- fill ---- */

static int fail(const char *what, const char *detail)
{
	fprintf(stderr, "FAIL: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	return 1;
}

static int do_fill(const char *data, const char *profile, const char *filler)
{
	struct tut_progress *pr;
	char err[600], log[2048];
	snprintf(log, sizeof log, "%s/%s/attempts.log", data, profile);
	if (tut_progress_open(data, profile, &pr, to_stderr, NULL, err, sizeof err) < 0)
		return fail("open", err);
	int fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return fail("filler", strerror(errno));
	static char block[4096];
	for (size_t chunk = sizeof block; chunk >= 1; chunk /= 2)
		while (write(fd, block, chunk) == (ssize_t)chunk)
			;
	close(fd);

	int session = tut_progress_session(pr), saved = 0, i;
	struct tut_attempt a;
	for (i = 1; i < 100000; i++) {
		size_t n0;
		char *before = read_all(log, &n0);
		fill_attempt(&a, session, i);
		int rc = tut_progress_record(pr, &a, err, sizeof err);
		if (rc == 0) {
			saved++;
			free(before);
			continue;
		}
		size_t n1;
		char *after = read_all(log, &n1);
		int same = before && after && n0 == n1 && !memcmp(before, after, n0);
		free(before);
		free(after);
		if (!strstr(err, log) || !strstr(err, "the disk is full") || !strstr(err, "1 answer kept"))
			return fail("the message is not clear", err);
		if (!same)
			return fail("the failed write changed the log", NULL);
		break;
	}
	if (i == 100000)
		return fail("the disk never filled up", NULL);
	fill_attempt(&a, session, ++i);
	if (tut_progress_record(pr, &a, err, sizeof err) == 0 || !strstr(err, "2 answers kept"))
		return fail("the second answer on a full disk", err);
	int want = 0;
	struct tut_skill_progress sp;
	for (int s = 0; s < N_SKILLS; s++) {
		tut_progress_skill(pr, skills[s], &sp);
		want += sp.attempts;
	}
	if (want != saved + 2)
		return fail("the kept answers do not count while they wait", NULL);
	if (unlink(filler) < 0)
		return fail("unlink", strerror(errno));
	fill_attempt(&a, session, ++i);
	if (tut_progress_record(pr, &a, err, sizeof err) < 0)
		return fail("saving after space was freed", err);
	tut_progress_close(pr);

	int reports = 0, got = 0;
	if (tut_progress_open(data, profile, &pr, count_report, &reports, err, sizeof err) < 0)
		return fail("reopen", err);
	for (int s = 0; s < N_SKILLS; s++) {
		tut_progress_skill(pr, skills[s], &sp);
		got += sp.attempts;
	}
	tut_progress_close(pr);
	if (got != saved + 3 || reports != 0) {
		char d[100];
		snprintf(d, sizeof d, "%d answers and %d reports, expected %d and 0", got, reports, saved + 3);
		return fail("after the disk was full", d);
	}
	printf("PASS: %d answers saved, then the disk was full: 2 kept and saved once there was room\n",
	       saved);
	return 0;
}

/* ---- self-test ---- */

static int count_lines(const char *path, const char *prefix)
{
	size_t len;
	char *t = read_all(path, &len);
	int n = 0;
	if (!t)
		return -1;
	for (char *p = t; (p = strstr(p, prefix)); p++)
		if (p == t || p[-1] == '\n')
			n++;
	free(t);
	return n;
}

static int self_test(void)
{
	const char *base = getenv("TMPDIR");
	char dir[512], out[600], log[700];
	snprintf(dir, sizeof dir, "%s/progress_writer.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(dir))
		return fail("mkdtemp", strerror(errno));
	snprintf(out, sizeof out, "%s/out", dir);
	snprintf(log, sizeof log, "%s/Ann/attempts.log", dir);
	int rc = 1;
	struct tally t;
	FILE *f = NULL;
	if (!freopen(out, "w", stdout) || do_write(dir, "Ann", 30) != 0) {
		fail("write", NULL);
		goto out;
	}
	/* every answer found */
	if (!(f = fopen(out, "a")) || check(dir, "Ann", f, &t) != 0 || t.valid != 30 || t.bad != 0) {
		fail("check of a good log", NULL);
		goto out;
	}
	fclose(f);
	f = NULL;
	if (count_lines(out, "have s1-") != 30 || count_lines(out, "ack s1-") != 30) {
		fail("the ids listed", NULL);
		goto out;
	}
	/* a changed answer and a torn line are noticed, and agreed on */
	size_t len;
	char *text = read_all(log, &len);
	char *p = text ? strstr(text, "s1-17|") : NULL;
	if (!p) {
		free(text);
		fail("no answer s1-17 in the log", NULL);
		goto out;
	}
	p[3] = '8';
	FILE *w = fopen(log, "wb");
	fwrite(text, 1, len, w);
	fputs("attempt\t1\t99\t2026", w);
	fclose(w);
	free(text);
	if (!(f = fopen(out, "w")) || check(dir, "Ann", f, &t) != 0 || t.valid != 29 || t.bad != 2) {
		fail("check of a damaged log", NULL);
		goto out;
	}
	fclose(f);
	f = NULL;
	if (count_lines(out, "have s1-17") != 0 || count_lines(out, "have s1-18") != 1) {
		fail("the damaged answer was listed", NULL);
		goto out;
	}
	fprintf(stderr, "PASS: the checker finds every answer and notices a damaged one\n");
	rc = 0;
out:
	if (f)
		fclose(f);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}

int main(int argc, char **argv)
{
	/* As the program does: a file size limit is an error, not a death. */
	signal(SIGXFSZ, SIG_IGN);
	if (argc == 1)
		return self_test();
	if (argc >= 4 && !strcmp(argv[1], "write"))
		return do_write(argv[2], argv[3], argc > 4 ? atoi(argv[4]) : 1000);
	if (argc == 4 && !strcmp(argv[1], "check")) {
		struct tally t;
		return check(argv[2], argv[3], stdout, &t);
	}
	if (argc == 5 && !strcmp(argv[1], "fill"))
		return do_fill(argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: progress_writer [write DATA PROFILE [MAX] | check DATA PROFILE | "
			"fill DATA PROFILE FILLER]\n");
	return 2;
}
