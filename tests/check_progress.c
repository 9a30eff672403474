/* check_progress.c: profiles and progress storage (doc/progress-format.md):
 * names, folders, the log's round trip, damaged and future files, failures
 * of the disk, two writers at once, the mastery rules and the review
 * schedule on scripted histories, and "practice next" on the real bank.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * The log is checked here by a parser of its own, written from the format
 * document, so that the library cannot agree with itself about a mistake.
 * The kill -9 loop is tests/progress-crash.test.
 */
#include <config.h>

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tutor/tutor.h"
#include "testlib.h"

#define T0 INT64_C(1772442000)   /* 2026-03-02T09:00:00Z */

/* The message that contains `want`, or NULL. */
static const char *msgs_find(const struct msgs *m, const char *want)
{
	for (int i = 0; i < m->n; i++)
		if (strstr(m->v[i], want))
			return m->v[i];
	return NULL;
}

/* ---- Files ---- */

static void append_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "ab");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static char *path2(const char *a, const char *b)
{
	char buf[2048];
	snprintf(buf, sizeof buf, "%s/%s", a, b);
	return strdup(buf);
}

static char *path3(const char *a, const char *b, const char *c)
{
	char buf[2048];
	snprintf(buf, sizeof buf, "%s/%s/%s", a, b, c);
	return strdup(buf);
}

/* ---- An independent reader of the log format ---- */

struct line {
	char kind[16];
	int nf;
	char f[16][400];           /* fields, text fields unescaped */
	int crc_ok;
};

static int hexv(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void unesc(const char *s, char *out, size_t cap)
{
	size_t w = 0;
	for (; *s && w + 1 < cap; s++) {
		if (*s != '\\') {
			out[w++] = *s;
			continue;
		}
		s++;
		if (*s == 't')
			out[w++] = '\t';
		else if (*s == 'n')
			out[w++] = '\n';
		else if (*s == 'r')
			out[w++] = '\r';
		else if (*s == '\\')
			out[w++] = '\\';
		else if (*s == 'x' && hexv(s[1]) >= 0 && hexv(s[2]) >= 0) {
			out[w++] = (char)(hexv(s[1]) << 4 | hexv(s[2]));
			s += 2;
		} else
			ck_abort_msg("bad escape in the log: \\%c", *s);
	}
	out[w] = 0;
}

/* Splits the log's lines (after the header) into `out`; returns how many. */
static int parse_log(const char *path, struct line *out, int max)
{
	char *text = read_file(path, NULL);
	int n = 0;
	char *save = NULL;
	char *l = strtok_r(text, "\n", &save);
	ck_assert_ptr_nonnull(l);
	ck_assert_str_eq(l, "tinyllm-progress 1");
	while ((l = strtok_r(NULL, "\n", &save)) && n < max) {
		struct line *x = &out[n++];
		memset(x, 0, sizeof *x);
		char *tab = strrchr(l, '\t');
		ck_assert_ptr_nonnull(tab);
		char want[16];
		snprintf(want, sizeof want, "%08x", (unsigned)tlm_crc32(0, l, (size_t)(tab - l)));
		x->crc_ok = !strcmp(tab + 1, want);
		*tab = 0;
		char *p = l;
		for (;;) {
			char *t = strchr(p, '\t');
			if (t)
				*t = 0;
			ck_assert_int_lt(x->nf, 16);
			unesc(p, x->f[x->nf], sizeof x->f[x->nf]);
			x->nf++;
			if (!t)
				break;
			p = t + 1;
		}
		snprintf(x->kind, sizeof x->kind, "%.15s", x->f[0]);
	}
	free(text);
	return n;
}

/* ---- Helpers over the API ---- */

static struct tut_progress *open_ok(const char *data, const char *name, struct msgs *m)
{
	struct tut_progress *pr = NULL;
	char err[600] = "";
	int rc = tut_progress_open(data, name, &pr, msgs_add, m, err, sizeof err);
	ck_assert_msg(rc == 0, "open %s: %s", name, err);
	ck_assert_ptr_nonnull(pr);
	return pr;
}

static int64_t clock_now = T0;

static void rec_full(struct tut_progress *pr, const char *lesson, int ex, const char *skill,
		     int correct, int hints, int model, const char *given)
{
	struct tut_attempt a;
	char err[600] = "";
	memset(&a, 0, sizeof a);
	a.when = clock_now;
	clock_now += 17;
	snprintf(a.lesson, sizeof a.lesson, "%s", lesson);
	a.exercise = ex;
	snprintf(a.skill, sizeof a.skill, "%s", skill);
	snprintf(a.given, sizeof a.given, "%s", given);
	a.correct = correct;
	a.seconds = 9;
	a.hints = hints;
	a.model_help = model;
	ck_assert_msg(tut_progress_record(pr, &a, err, sizeof err) == 0, "record: %s", err);
}

/* A right answer on the child's own, a right one with help, a wrong one. */
static void right(struct tut_progress *pr, const char *skill)
{
	rec_full(pr, "", 0, skill, 1, 0, 0, "ok");
}

static void helped(struct tut_progress *pr, const char *skill)
{
	rec_full(pr, "", 0, skill, 1, 0, 1, "ok");
}

static void wrong(struct tut_progress *pr, const char *skill)
{
	rec_full(pr, "", 0, skill, 0, 0, 0, "no");
}

static enum tut_mastery level(const struct tut_progress *pr, const char *skill)
{
	struct tut_skill_progress sp;
	tut_progress_skill(pr, skill, &sp);
	return sp.mastery;
}

#define ck_level(pr, skill, want)                                                               \
	do {                                                                                    \
		enum tut_mastery got_ = level((pr), (skill));                                   \
		ck_assert_msg(got_ == (want), "%s is %s, expected %s (line %d)", (skill),       \
			      tut_mastery_name(got_), tut_mastery_name(want), __LINE__);        \
	} while (0)

/* ---- Names ---- */

START_TEST(test_names_good)
{
	static const char *good[] = {
		"Ann", "李明", "José", "Mary Jane", "a", "Zoë-2", "o'brien", "Ана",
		"1234567890123456789012345678901234567890",      /* 40 characters */
		"ÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖÜ",                /* 31 characters, 62 bytes */
		"A.B", "_x_", "🙂",
	};
	char err[200];
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		err[0] = 0;
		ck_assert_msg(tut_profile_name_check(good[i], err, sizeof err) == 0, "'%s' refused: %s",
			      good[i], err);
	}
}
END_TEST

START_TEST(test_names_bad)
{
	static const struct {
		const char *name, *why;
	} bad[] = {
		{ "", "empty" },
		{ ".", "'.'" },
		{ "..", "'.'" },
		{ ".hidden", "'.'" },
		{ "a/b", "'/'" },
		{ "../x", "'.'" },
		{ "x/../y", "'/'" },
		{ "a\tb", "control" },
		{ "a\nb", "control" },
		{ "a\x7f", "control" },
		{ "a\xc2\x85", "control" },                 /* U+0085, C1 */
		{ "a\xff", "UTF-8" },
		{ "\xc0\xaf", "UTF-8" },                    /* overlong '/' */
		{ "\xed\xa0\x80", "UTF-8" },                /* a surrogate */
		{ " Ann", "space" },
		{ "Ann ", "space" },
		{ "Ann.", "'.'" },
		{ "12345678901234567890123456789012345678901", "40 characters" },
		{ "李明李明李明李明李明李明李明李明李明李明李明李明李明李明李明李明李明李明李明李明李明李明", "bytes" },
		{ "a\\b", "\\" },
		{ "a:b", ":" },
		{ "a\xe2\x80\xae" "b", "invisible" },       /* U+202E, right-to-left override */
		{ "a\xe2\x80\x8b" "b", "invisible" },       /* U+200B, zero width space */
	};
	char err[200];
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		err[0] = 0;
		ck_assert_msg(tut_profile_name_check(bad[i].name, err, sizeof err) == -1,
			      "name %zu accepted", i);
		ck_assert_msg(strstr(err, bad[i].why) != NULL, "name %zu: '%s' does not say %s", i, err,
			      bad[i].why);
	}
	ck_assert_int_eq(tut_profile_name_check(NULL, err, sizeof err), -1);
}
END_TEST

/* ---- Folders ---- */

START_TEST(test_dirs)
{
	char out[512], err[300];
	unsetenv("XDG_DATA_HOME");
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", "/home/ann/", 1);
	ck_assert_int_eq(tut_data_dir(NULL, out, sizeof out, err, sizeof err), 0);
	ck_assert_str_eq(out, "/home/ann/.local/share/tinyllm");
	ck_assert_int_eq(tut_state_dir(out, sizeof out, err, sizeof err), 0);
	ck_assert_str_eq(out, "/home/ann/.local/state/tinyllm");

	setenv("XDG_DATA_HOME", "/srv/data", 1);
	setenv("XDG_STATE_HOME", "/srv/state/", 1);
	ck_assert_int_eq(tut_data_dir(NULL, out, sizeof out, err, sizeof err), 0);
	ck_assert_str_eq(out, "/srv/data/tinyllm");
	ck_assert_int_eq(tut_state_dir(out, sizeof out, err, sizeof err), 0);
	ck_assert_str_eq(out, "/srv/state/tinyllm");

	/* The XDG spec: relative paths are ignored. */
	setenv("XDG_DATA_HOME", "rel/data", 1);
	ck_assert_int_eq(tut_data_dir(NULL, out, sizeof out, err, sizeof err), 0);
	ck_assert_str_eq(out, "/home/ann/.local/share/tinyllm");

	/* A class folder wins over everything. */
	ck_assert_int_eq(tut_data_dir("/mnt/class5b/", out, sizeof out, err, sizeof err), 0);
	ck_assert_str_eq(out, "/mnt/class5b");
	ck_assert_int_eq(tut_data_dir("", out, sizeof out, err, sizeof err), -1);

	/* No home: a clear message, not a path under "/". */
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	err[0] = 0;
	ck_assert_int_eq(tut_data_dir(NULL, out, sizeof out, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "HOME") && strstr(err, "--class-dir"), "%s", err);
	unsetenv("XDG_STATE_HOME");
	ck_assert_int_eq(tut_state_dir(out, sizeof out, err, sizeof err), -1);

	/* Too small a buffer. */
	setenv("HOME", "/home/ann", 1);
	ck_assert_int_eq(tut_data_dir(NULL, out, 10, err, sizeof err), -1);
}
END_TEST

START_TEST(test_missing_home)
{
	char *tmp = tmpdir();
	char *home = path2(tmp, "gone");
	char data[512], err[600] = "";
	struct tut_progress *pr = NULL;
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", home, 1);
	ck_assert_int_eq(tut_data_dir(NULL, data, sizeof data, err, sizeof err), 0);
	ck_assert_int_eq(tut_profile_create(data, "Ann", err, sizeof err), -1);
	ck_assert_msg(strstr(err, "home folder") && strstr(err, home), "%s", err);
	err[0] = 0;
	ck_assert_int_eq(tut_progress_open(data, "Ann", &pr, NULL, NULL, err, sizeof err), -1);
	ck_assert_ptr_null(pr);
	ck_assert_msg(strstr(err, "does not exist"), "%s", err);
	struct stat st;
	ck_assert_int_eq(stat(home, &st), -1);          /* the home was not made up */
	rm_rf(tmp);
	free(home);
	free(tmp);
}
END_TEST

START_TEST(test_profiles)
{
	char *tmp = tmpdir();
	char *data = path3(tmp, "share", "tinyllm");   /* two levels missing */
	char err[600] = "", **names = NULL;
	struct stat st;

	ck_assert_int_eq(tut_profiles_list(data, &names, err, sizeof err), 0);
	tut_profiles_free(names, 0);

	static const char *who[] = { "李明", "José", "Ann", "Bob" };
	for (int i = 0; i < 4; i++)
		ck_assert_msg(tut_profile_create(data, who[i], err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(stat(data, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0700);
	char *dir = path2(data, "José"), *log = path3(data, "José", "attempts.log");
	ck_assert_int_eq(lstat(dir, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_int_eq(st.st_mode & 07777, 0700);
	ck_assert_int_eq(lstat(log, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	char *text = read_file(log, NULL);
	ck_assert_str_eq(text, "tinyllm-progress 1\n");
	free(text);

	/* Not profiles: a file, a folder without a log, a hidden folder. */
	char *junk = path2(data, "notes.txt");
	write_file(junk, "x", 1);
	char *empty = path2(data, "Empty");
	ck_assert_int_eq(mkdir(empty, 0700), 0);
	char *hidden = path2(data, ".cache");
	ck_assert_int_eq(mkdir(hidden, 0700), 0);

	int n = tut_profiles_list(data, &names, err, sizeof err);
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(names[0], "Ann");
	ck_assert_str_eq(names[1], "Bob");
	ck_assert_str_eq(names[2], "José");
	ck_assert_str_eq(names[3], "李明");
	tut_profiles_free(names, n);

	err[0] = 0;
	ck_assert_int_eq(tut_profile_create(data, "Ann", err, sizeof err), -1);
	ck_assert_msg(strstr(err, "already"), "%s", err);
	err[0] = 0;
	ck_assert_int_eq(tut_profile_create(data, "../evil", err, sizeof err), -1);
	ck_assert_msg(strstr(err, "name"), "%s", err);
	ck_assert_int_eq(stat(tmp, &st), 0);
	char *evil = path2(tmp, "share/evil");
	ck_assert_int_eq(stat(evil, &st), -1);

	/* An open makes the summary, 0600 too. */
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(data, "José", &m);
	char *sum = path3(data, "José", "summary.tsv");
	ck_assert_int_eq(stat(sum, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	tut_progress_close(pr);
	ck_assert_int_eq(m.n, 0);

	/* A profile opened before it was created is created by the open. */
	pr = open_ok(data, "Cleo", &m);
	tut_progress_close(pr);
	n = tut_profiles_list(data, &names, err, sizeof err);
	ck_assert_int_eq(n, 5);
	tut_profiles_free(names, n);

	msgs_free(&m);
	rm_rf(tmp);
	free(tmp), free(data), free(dir), free(log), free(junk), free(empty), free(hidden);
	free(evil), free(sum);
}
END_TEST

/* A class folder is group-writable by design: profiles there are 0770
 * folders (keeping the set-group-id bit) with 0660 files. */
START_TEST(test_class_dir)
{
	char *tmp = tmpdir();
	char *data = path2(tmp, "class5b");
	char err[600] = "";
	struct stat st;
	ck_assert_int_eq(mkdir(data, 0700), 0);
	ck_assert_int_eq(chmod(data, 02770), 0);
	mode_t old = umask(022);
	ck_assert_msg(tut_profile_create(data, "Ann", err, sizeof err) == 0, "%s", err);
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(data, "Ann", &m);
	tut_progress_close(pr);
	umask(old);
	char *dir = path2(data, "Ann"), *log = path3(data, "Ann", "attempts.log");
	char *sum = path3(data, "Ann", "summary.tsv");
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0770);
	ck_assert_int_eq(st.st_mode & S_ISGID, S_ISGID);
	ck_assert_int_eq(stat(log, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0660);
	ck_assert_int_eq(stat(sum, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0660);
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp), free(data), free(dir), free(log), free(sum);
}
END_TEST

/* ---- The log ---- */

START_TEST(test_roundtrip)
{
	char *tmp = tmpdir();
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(tmp, "José", &m);
	ck_assert_int_eq(tut_progress_session(pr), 1);

	static const char *given[] = {
		"42", "a\tb\nc\\d\re", "½ and 李明 \xf0\x9f\x99\x82", "\x01\x1b[31m", "bad \xff\xfe utf8",
		"", "back\\slash\\t not a tab", "x\\x41",
	};
	int n = (int)(sizeof given / sizeof *given);
	for (int i = 0; i < n; i++) {
		struct tut_attempt a;
		char err[600];
		memset(&a, 0, sizeof a);
		a.when = T0 + i * 61;
		snprintf(a.lesson, sizeof a.lesson, "g2-lesson-%d", i);
		a.exercise = i * 3;
		snprintf(a.skill, sizeof a.skill, i % 2 ? "add_column" : "sub_column");
		snprintf(a.given, sizeof a.given, "%s", given[i]);
		a.correct = i % 3 != 0;
		a.seconds = 10 + i;
		a.hints = i % 4;
		a.model_help = i == 5;
		ck_assert_msg(tut_progress_record(pr, &a, err, sizeof err) == 0, "%s", err);
	}
	tut_progress_close(pr);

	/* The file, read by the format's own rules. */
	char *log = path3(tmp, "José", "attempts.log");
	static struct line l[64];
	int k = parse_log(log, l, 64);
	ck_assert_int_eq(k, n + 1);
	ck_assert_str_eq(l[0].kind, "session");
	ck_assert_int_eq(l[0].nf, 4);
	ck_assert_str_eq(l[0].f[1], "1");
	ck_assert_str_eq(l[0].f[3], "José");
	ck_assert(l[0].crc_ok);
	for (int i = 0; i < n; i++) {
		struct line *x = &l[i + 1];
		char want[64];
		ck_assert(x->crc_ok);
		ck_assert_str_eq(x->kind, "attempt");
		ck_assert_int_eq(x->nf, 13);
		ck_assert_str_eq(x->f[1], "1");
		snprintf(want, sizeof want, "%d", i + 1);
		ck_assert_str_eq(x->f[2], want);
		time_t t = (time_t)(T0 + i * 61);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
		ck_assert_str_eq(x->f[3], want);
		ck_assert_str_eq(x->f[4], "José");
		snprintf(want, sizeof want, "g2-lesson-%d", i);
		ck_assert_str_eq(x->f[5], want);
		snprintf(want, sizeof want, "%d", i * 3);
		ck_assert_str_eq(x->f[6], want);
		ck_assert_str_eq(x->f[7], i % 2 ? "add_column" : "sub_column");
		ck_assert_str_eq(x->f[8], i % 3 != 0 ? "right" : "wrong");
		snprintf(want, sizeof want, "%d", 10 + i);
		ck_assert_str_eq(x->f[9], want);
		snprintf(want, sizeof want, "%d", i % 4);
		ck_assert_str_eq(x->f[10], want);
		ck_assert_str_eq(x->f[11], i == 5 ? "model" : "-");
		ck_assert_str_eq(x->f[12], given[i]);
	}
	/* Human-readable: no raw control bytes, valid UTF-8 only. */
	char *text = read_file(log, NULL);
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		ck_assert_msg(*p >= 0x20 || *p == '\t' || *p == '\n', "raw byte %02x in the log", *p);
	ck_assert_ptr_null(strstr(text, "\xff"));
	free(text);

	/* The reader agrees: figures from the log alone. */
	pr = open_ok(tmp, "José", &m);
	ck_assert_int_eq(tut_progress_session(pr), 2);
	struct tut_skill_progress sp;
	tut_progress_skill(pr, "add_column", &sp);     /* i = 1, 3, 5, 7 */
	ck_assert_int_eq(sp.attempts, 4);
	ck_assert_int_eq(sp.correct, 3);                /* i = 3 is wrong */
	ck_assert_int_eq(sp.seconds, 11 + 13 + 15 + 17);
	ck_assert_int_eq(sp.last_seen, T0 + 7 * 61);
	ck_assert_int_eq(sp.box, 1);                    /* a wrong answer in session 1 */
	ck_assert_int_eq(sp.due_session, 2);
	tut_progress_skill(pr, "sub_column", &sp);      /* i = 0, 2, 4, 6 */
	ck_assert_int_eq(sp.attempts, 4);
	ck_assert_int_eq(sp.correct, 2);
	tut_progress_skill(pr, "no_such_skill", &sp);
	ck_assert_int_eq(sp.attempts, 0);
	ck_assert_int_eq(sp.mastery, TUT_M_NEW);
	ck_assert_int_eq(sp.box, 0);
	tut_progress_close(pr);
	ck_assert_msg(m.n == 0, "unexpected reports:%s", msgs_text(&m));
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp), free(log);
}
END_TEST

START_TEST(test_bad_attempts)
{
	char *tmp = tmpdir();
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(tmp, "Ann", &m);
	struct tut_attempt a;
	char err[600];
	memset(&a, 0, sizeof a);
	a.when = T0;
	err[0] = 0;
	ck_assert_int_eq(tut_progress_record(pr, &a, err, sizeof err), -1);   /* no skill */
	ck_assert_msg(strstr(err, "skill"), "%s", err);
	snprintf(a.skill, sizeof a.skill, "count");
	a.seconds = -1;
	ck_assert_int_eq(tut_progress_record(pr, &a, err, sizeof err), -1);
	a.seconds = 1000000;                             /* a day at most */
	a.correct = 7;
	ck_assert_int_eq(tut_progress_record(pr, &a, err, sizeof err), 0);
	memset(a.given, 'x', sizeof a.given);            /* not terminated */
	ck_assert_int_eq(tut_progress_record(pr, &a, err, sizeof err), -1);
	struct tut_skill_progress sp;
	tut_progress_skill(pr, "count", &sp);
	ck_assert_int_eq(sp.attempts, 1);
	ck_assert_int_eq(sp.correct, 1);
	ck_assert_int_eq(sp.seconds, 86400);
	tut_progress_close(pr);
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp);
}
END_TEST

START_TEST(test_sessions)
{
	char *tmp = tmpdir();
	struct msgs m = { 0 };
	for (int i = 1; i <= 4; i++) {
		struct tut_progress *pr = open_ok(tmp, "Ann", &m);
		ck_assert_int_eq(tut_progress_session(pr), i);
		if (i == 2)
			right(pr, "count");
		tut_progress_close(pr);
	}
	char *log = path3(tmp, "Ann", "attempts.log");
	static struct line l[16];
	int k = parse_log(log, l, 16);
	ck_assert_int_eq(k, 5);
	ck_assert_str_eq(l[0].f[1], "1");
	ck_assert_str_eq(l[1].f[1], "2");
	ck_assert_str_eq(l[2].kind, "attempt");
	ck_assert_str_eq(l[2].f[1], "2");               /* the attempt names its session */
	ck_assert_str_eq(l[3].f[1], "3");
	ck_assert_str_eq(l[4].f[1], "4");
	ck_assert_int_eq(m.n, 0);
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp), free(log);
}
END_TEST

/* Five answers in session 1, then damage: the middle line spoilt by hand,
 * half a line at the end as a crash leaves it. */
START_TEST(test_damaged_lines)
{
	char *tmp = tmpdir();
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(tmp, "Ann", &m);
	for (int i = 0; i < 5; i++)
		rec_full(pr, "g1-count-to-20", i, "count", 1, 0, 0, "7");
	tut_progress_close(pr);
	char *log = path3(tmp, "Ann", "attempts.log");
	size_t len;
	char *text = read_file(log, &len);
	/* lines: 1 header, 2 session, 3..7 attempts */
	char *l5 = text;
	for (int i = 0; i < 4; i++)
		l5 = strchr(l5, '\n') + 1;
	char *seven = strstr(l5, "\t7\t");
	ck_assert_ptr_nonnull(seven);
	seven[1] = '8';                                  /* the child "answered" 8 */
	char *last = text + len - 1;
	while (last > text && last[-1] != '\n')
		last--;
	size_t half = strlen(last) / 2;
	char *torn = malloc(half + 1);
	memcpy(torn, last, half);
	torn[half] = 0;
	write_file(log, text, len);
	append_file(log, torn);                          /* line 8, no '\n' */

	pr = open_ok(tmp, "Ann", &m);
	ck_assert_msg(m.n == 2, "reports:%s", msgs_text(&m));
	char want[1200];
	snprintf(want, sizeof want, "%s:5: damaged line (checksum mismatch); skipped", log);
	ck_assert_msg(msgs_find(&m, want), "no '%s' in:%s", want, msgs_text(&m));
	snprintf(want, sizeof want, "%s:8: incomplete last line", log);
	ck_assert_msg(msgs_find(&m, want), "no '%s' in:%s", want, msgs_text(&m));
	struct tut_skill_progress sp;
	tut_progress_skill(pr, "count", &sp);
	ck_assert_int_eq(sp.attempts, 4);
	ck_assert_int_eq(tut_progress_session(pr), 2);

	/* The next line starts on a line of its own, never glued to the torn one. */
	rec_full(pr, "g1-count-to-20", 9, "count", 1, 0, 0, "after");
	tut_progress_close(pr);
	char *now = read_file(log, NULL);
	snprintf(want, sizeof want, "%s\nsession\t2\t", torn);
	ck_assert_msg(strstr(now, want) != NULL, "the torn line was not ended:\n%s", now);
	msgs_free(&m);
	pr = open_ok(tmp, "Ann", &m);
	tut_progress_skill(pr, "count", &sp);
	ck_assert_int_eq(sp.attempts, 5);
	ck_assert_msg(m.n == 2, "reports:%s", msgs_text(&m));
	snprintf(want, sizeof want, "%s:8: damaged line", log);
	ck_assert_msg(msgs_find(&m, want), "no '%s' in:%s", want, msgs_text(&m));
	tut_progress_close(pr);

	msgs_free(&m);
	rm_rf(tmp);
	free(tmp), free(log), free(text), free(torn), free(now);
}
END_TEST

/* What a teacher may do by hand: comments, blank lines, Windows line ends,
 * a line written with "-" for its checksum; and what must be refused. */
START_TEST(test_hand_edits)
{
	char *tmp = tmpdir();
	char err[600];
	ck_assert_int_eq(tut_profile_create(tmp, "Ann", err, sizeof err), 0);
	char *log = path3(tmp, "Ann", "attempts.log");
	char line[600], good[700];
	/* a good line, checksum and all */
	snprintf(line, sizeof line,
		 "attempt\t1\t1\t2026-03-02T09:00:00Z\tAnn\tg1-count-to-20\t0\tcount\tright\t5\t0\t-\t7");
	snprintf(good, sizeof good, "%s\t%08x\n", line, (unsigned)tlm_crc32(0, line, strlen(line)));
	char big[6000];
	memset(big, 'z', sizeof big - 2);
	big[sizeof big - 2] = '\n';
	big[sizeof big - 1] = 0;
	append_file(log, "session\t1\t2026-03-02T08:59:00Z\tAnn\t-\n");                  /* 2 */
	append_file(log, good);                                                           /* 3 */
	append_file(log, "# Ann was ill on Tuesday; her answers are below.\n");          /* 4 */
	append_file(log, "\n");                                                           /* 5 */
	append_file(log, "attempt\t1\t2\t2026-03-02T09:01:00Z\tAnn\tg1-count-to-20\t1\tcount\t"
			 "wrong\t5\t0\t-\t6\t-\r\n");                                      /* 6 */
	append_file(log, good);                                                           /* 7: a copy */
	append_file(log, "attempt\t1\t3\t2026-02-30T09:01:00Z\tAnn\tx\t1\tcount\tright\t5\t0\t-\t6\t-\n"); /* 8 */
	append_file(log, "attempt\t1\t4\t2026-03-02T09:01:00Z\tAnn\tx\t1\tcount\tmaybe\t5\t0\t-\t6\t-\n"); /* 9 */
	append_file(log, "attempt\t1\t5\t2026-03-02T09:01:00Z\tAnn\tx\t1\tcount\tright\t5\t0\t-\t\\q\t-\n"); /* 10 */
	append_file(log, "attempt\t1\t6\t2026-03-02T09:01:00Z\tAnn\tx\t-1\tcount\tright\t5\t0\t-\t6\t-\n"); /* 11 */
	append_file(log, "attempt\t1\t7\t2026-03-02T09:01:00Z\tAnn\tx\t1\t\tright\t5\t0\t-\t6\t-\n"); /* 12 */
	append_file(log, "badge\t1\tgold star\t-\n");                                     /* 13 */
	append_file(log, big);                                                            /* 14 */
	append_file(log, "attempt\t1\t8\t2026-03-02T09:01:00Z\tAnn\tx\t1\tcount\tright\t5\t0\t-\t6\n"); /* 15 */
	{
		/* a NUL in the middle of line 16 (as a crash on some file systems leaves) */
		FILE *f = fopen(log, "ab");
		fwrite("attempt\t1\t9\0\0\0\0\n", 1, 16, f);
		fclose(f);
	}
	append_file(log, "attempt\t1\t10\t2026-03-02T09:02:00Z\tAnn\tx\t1\tcount\tright\t5\t0\tmodel\t8\t-\n"); /* 17 */

	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(tmp, "Ann", &m);
	struct tut_skill_progress sp;
	tut_progress_skill(pr, "count", &sp);
	ck_assert_int_eq(sp.attempts, 3);               /* lines 3, 6 and 17 */
	ck_assert_int_eq(sp.correct, 2);
	ck_assert_int_eq(tut_progress_session(pr), 2);
	static const struct {
		int line;
		const char *what;
	} want[] = {
		{ 7, "written twice" }, { 8, "damaged attempt" }, { 9, "damaged attempt" },
		{ 10, "damaged attempt" }, { 11, "damaged attempt" }, { 12, "damaged attempt" },
		{ 13, "unknown kind" }, { 14, "longer than" }, { 15, "checksum" }, { 16, "NUL" },
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		char w[1200];
		snprintf(w, sizeof w, "%s:%d: ", log, want[i].line);
		const char *got = msgs_find(&m, w);
		ck_assert_msg(got && strstr(got, want[i].what), "line %d: expected '%s' in:%s",
			      want[i].line, want[i].what, msgs_text(&m));
	}
	ck_assert_msg(m.n == (int)(sizeof want / sizeof *want), "reports:%s", msgs_text(&m));
	tut_progress_close(pr);
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp), free(log);
}
END_TEST

/* Random damage anywhere after the header never crashes the reader, never
 * makes it refuse the file, and never invents answers. */
START_TEST(test_random_damage)
{
	char *tmp = tmpdir();
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(tmp, "Ann", &m);
	for (int i = 0; i < 40; i++)
		rec_full(pr, "g1-count-to-20", i, i % 2 ? "count" : "compare", i % 3 != 0, i % 5 == 0,
			 i % 7 == 0, i % 4 ? "12" : "a\tb\\c");
	tut_progress_close(pr);
	char *log = path3(tmp, "Ann", "attempts.log");
	size_t len;
	char *orig = read_file(log, &len);
	size_t hl = strlen("tinyllm-progress 1\n");
	uint64_t r = 88172645463325252u;
	for (int round = 0; round < 150; round++) {
		char *t = malloc(len + 64);
		memcpy(t, orig, len);
		size_t n = len;
		int edits = 1 + round % 6;
		for (int e = 0; e < edits; e++) {
			r ^= r << 13, r ^= r >> 7, r ^= r << 17;
			size_t at = hl + (size_t)(r >> 8) % (n - hl);
			switch ((r >> 3) % 4) {
			case 0: t[at] = (char)(r >> 40); break;          /* any byte */
			case 1: t[at] = "\t\n\\\r"[(r >> 40) % 4]; break;
			case 2: n = at; break;                           /* cut */
			default: memmove(t + at, t + at + 1, n - at - 1); n--; break;
			}
			if (n <= hl + 1)
				break;
		}
		write_file(log, t, n);
		msgs_free(&m);
		pr = open_ok(tmp, "Ann", &m);
		struct tut_skill_progress a, b;
		tut_progress_skill(pr, "count", &a);
		tut_progress_skill(pr, "compare", &b);
		ck_assert_int_le(a.attempts + b.attempts, 40);
		tut_progress_close(pr);
		free(t);
	}
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp), free(log), free(orig);
}
END_TEST

/* ---- The summary ---- */

/* The summary without its "sessions" line, which every open changes. */
static char *summary_body(const char *path)
{
	char *t = read_file(path, NULL);
	char *s = strstr(t, "\nsessions\t");
	ck_assert_ptr_nonnull(s);
	char *e = strchr(s + 1, '\n');
	memmove(s, e, strlen(e) + 1);
	return t;
}

START_TEST(test_summary)
{
	clock_now = T0;
	char *tmp = tmpdir();
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(tmp, "Ann", &m);
	right(pr, "count");
	right(pr, "count");
	wrong(pr, "count");
	right(pr, "count");
	right(pr, "add_within20");
	right(pr, "zz_future_skill");
	tut_progress_close(pr);
	char *sum = path3(tmp, "Ann", "summary.tsv");
	char *text = read_file(sum, NULL);
	ck_assert_msg(!strncmp(text, "tinyllm-summary 1\n", 18), "%s", text);
	ck_assert_ptr_nonnull(strstr(text, "\nsessions\t1\n"));
	char want[200];
	snprintf(want, sizeof want, "\ncount\tfamiliar\t4\t3\t36\t2026-03-02T09:0");
	ck_assert_msg(strstr(text, want), "no '%s' in:\n%s", want + 1, text);
	/* curriculum order: count before add_within20; unknown skills last */
	char *c = strstr(text, "\ncount\t"), *a = strstr(text, "\nadd_within20\t");
	char *z = strstr(text, "\nzz_future_skill\tattempted\t1\t1\t");
	ck_assert(c && a && z && c < a && a < z);
	free(text);
	char *body = summary_body(sum);

	/* Deleted: made again from the log. */
	ck_assert_int_eq(unlink(sum), 0);
	pr = open_ok(tmp, "Ann", &m);
	tut_progress_close(pr);
	char *again = summary_body(sum);
	ck_assert_str_eq(again, body);
	free(again);
	ck_assert_int_eq(m.n, 0);

	/* Lying: the log wins, silently (a crash can leave a summary behind). */
	text = read_file(sum, NULL);
	char *p = strstr(text, "\tfamiliar\t4\t3\t");
	ck_assert_ptr_nonnull(p);
	memcpy(p, "\tmastered\t9\t9\t", 14);
	write_file(sum, text, strlen(text));
	free(text);
	pr = open_ok(tmp, "Ann", &m);
	tut_progress_close(pr);
	again = summary_body(sum);
	ck_assert_str_eq(again, body);
	free(again);
	ck_assert_int_eq(m.n, 0);

	/* Garbage: reported and made again. */
	write_file(sum, "\x89PNG\r\n\x1a\n", 8);
	pr = open_ok(tmp, "Ann", &m);
	tut_progress_close(pr);
	again = summary_body(sum);
	ck_assert_str_eq(again, body);
	free(again);
	ck_assert_msg(m.n == 1 && strstr(m.v[0], "summary.tsv is damaged"), "%s", msgs_text(&m));
	msgs_free(&m);

	/* From a newer version: left alone. */
	write_file(sum, "tinyllm-summary 9\nnew things\n", 29);
	pr = open_ok(tmp, "Ann", &m);
	tut_progress_close(pr);
	text = read_file(sum, NULL);
	ck_assert_str_eq(text, "tinyllm-summary 9\nnew things\n");
	free(text);
	ck_assert_msg(m.n == 1 && strstr(m.v[0], "newer"), "%s", msgs_text(&m));

	msgs_free(&m);
	rm_rf(tmp);
	free(tmp), free(sum), free(body);
}
END_TEST

/* ---- Files that must not be touched ---- */

static void refused_untouched(const char *tmp, const char *content, size_t len, const char *want1,
			      const char *want2)
{
	char err[600];
	ck_assert_int_eq(tut_profile_create(tmp, "Ann", err, sizeof err), 0);
	char *log = path3(tmp, "Ann", "attempts.log");
	char *sum = path3(tmp, "Ann", "summary.tsv");
	write_file(log, content, len);
	struct stat before, after;
	ck_assert_int_eq(stat(log, &before), 0);
	struct tut_progress *pr = NULL;
	struct msgs m = { 0 };
	err[0] = 0;
	ck_assert_int_eq(tut_progress_open(tmp, "Ann", &pr, msgs_add, &m, err, sizeof err), -1);
	ck_assert_ptr_null(pr);
	ck_assert_msg(strstr(err, log) && strstr(err, want1) && strstr(err, want2), "%s", err);
	size_t n;
	char *now = read_file(log, &n);
	ck_assert_uint_eq(n, len);
	ck_assert(!memcmp(now, content, len));
	ck_assert_int_eq(stat(log, &after), 0);
	ck_assert_int_eq(after.st_mtime, before.st_mtime);
	ck_assert_int_eq(access(sum, F_OK), -1);        /* nothing written beside it */
	ck_assert_int_eq(m.n, 0);
	free(now), free(log), free(sum);
	msgs_free(&m);
}

START_TEST(test_future_version)
{
	char *tmp = tmpdir();
	static const char future[] = "tinyllm-progress 2\nattempt\tv2\tsomething new\t00000000\n";
	refused_untouched(tmp, future, sizeof future - 1, "newer", "format 2");
	rm_rf(tmp);
	free(tmp);
}
END_TEST

START_TEST(test_not_progress)
{
	char *tmp = tmpdir();
	static const char other[] = "Dear diary,\nthis is not a log.\n";
	refused_untouched(tmp, other, sizeof other - 1, ":1: not a TinyLLM progress file",
			  "tinyllm-progress 1");
	rm_rf(tmp);
	free(tmp);
}
END_TEST

/* An empty log (creation cut short where there are no hard links) is
 * mended: nothing in it could be lost. */
START_TEST(test_empty_log)
{
	char *tmp = tmpdir();
	char err[600];
	ck_assert_int_eq(tut_profile_create(tmp, "Ann", err, sizeof err), 0);
	char *log = path3(tmp, "Ann", "attempts.log");
	write_file(log, "tinyllm-prog", 12);
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(tmp, "Ann", &m);
	ck_assert_int_eq(tut_progress_session(pr), 1);
	tut_progress_close(pr);
	char *text = read_file(log, NULL);
	ck_assert_msg(!strncmp(text, "tinyllm-progress 1\nsession\t1\t", 29), "%s", text);
	free(text);
	/* and a symbolic link in the log's place is not followed */
	char *target = path2(tmp, "elsewhere");
	write_file(target, "tinyllm-progress 1\n", 19);
	ck_assert_int_eq(unlink(log), 0);
	ck_assert_int_eq(symlink(target, log), 0);
	err[0] = 0;
	ck_assert_int_eq(tut_progress_open(tmp, "Ann", &pr, NULL, NULL, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "symbolic link"), "%s", err);
	text = read_file(target, NULL);
	ck_assert_str_eq(text, "tinyllm-progress 1\n");
	free(text);
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp), free(log), free(target);
}
END_TEST

/* ---- Reading without writing (tut_progress_read, for reports) ---- */

struct snap {
	char *path, *data;
	size_t len;
	int exists;
	struct stat st;
};

static void snap_take(struct snap *s, char *path)
{
	s->path = path;
	s->exists = stat(path, &s->st) == 0;
	s->data = s->exists ? read_file(path, &s->len) : NULL;
}

/* The file is as it was: there or not, the same bytes, size and time. */
static void snap_same(const struct snap *s)
{
	struct stat st;
	int exists = stat(s->path, &st) == 0;
	ck_assert_msg(exists == s->exists, "%s %s", s->path, exists ? "was made" : "went away");
	if (exists) {
		size_t n;
		char *now = read_file(s->path, &n);
		ck_assert_msg(n == s->len && (size_t)st.st_size == s->len && !memcmp(now, s->data, n),
			      "%s changed", s->path);
		ck_assert_int_eq(st.st_mtime, s->st.st_mtime);
		ck_assert_int_eq(st.st_ino, s->st.st_ino);
		free(now);
	}
	free(s->data);
	free(s->path);
}

static void figures_eq(const struct tut_skill_progress *a, const struct tut_skill_progress *b,
		       const char *skill)
{
	ck_assert_msg(a->mastery == b->mastery && a->attempts == b->attempts &&
		      a->correct == b->correct && a->seconds == b->seconds &&
		      a->last_seen == b->last_seen && a->box == b->box &&
		      a->due_session == b->due_session, "%s: the figures differ", skill);
}

static struct tut_progress *read_ok(const char *data, const char *name, struct msgs *m)
{
	struct tut_progress *pr = NULL;
	char err[600] = "";
	int rc = tut_progress_read(data, name, &pr, msgs_add, m, err, sizeof err);
	ck_assert_msg(rc == 0, "read %s: %s", name, err);
	ck_assert_ptr_nonnull(pr);
	return pr;
}

START_TEST(test_read_only)
{
	clock_now = T0;
	char *tmp = tmpdir();
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(tmp, "Ann", &m);
	right(pr, "count");
	right(pr, "count");
	wrong(pr, "count");
	helped(pr, "add_within20");
	right(pr, "zz_future_skill");
	tut_progress_close(pr);
	pr = open_ok(tmp, "Ann", &m);
	right(pr, "count");
	wrong(pr, "add_within20");
	tut_progress_close(pr);
	char *log = path3(tmp, "Ann", "attempts.log");
	append_file(log, "attempt\tdamaged\n# a note\n");
	/* A summary that lies (left by a crash): open would make it again. */
	char *sum = path3(tmp, "Ann", "summary.tsv");
	char *text = read_file(sum, NULL);
	char *p = strstr(text, "\ncount\t");
	ck_assert_ptr_nonnull(p);
	memcpy(p + 7, "mastered", 8);
	write_file(sum, text, strlen(text));
	free(text);
	msgs_free(&m);

	static const char *ids[] = { "count", "add_within20", "zz_future_skill", "compare" };
	struct tut_skill_progress got[4], want[4];
	for (int round = 0; round < 2; round++) {
		struct snap s[3];
		snap_take(&s[0], path3(tmp, "Ann", "attempts.log"));
		snap_take(&s[1], path3(tmp, "Ann", "summary.tsv"));
		snap_take(&s[2], path3(tmp, "Ann", "summary.tsv.tmp"));
		pr = read_ok(tmp, "Ann", &m);
		ck_assert_int_eq(tut_progress_session(pr), 3);
		for (int i = 0; i < 4; i++)
			tut_progress_skill(pr, ids[i], &got[i]);
		struct tut_attempt a;
		char err[600] = "";
		memset(&a, 0, sizeof a);
		a.when = T0;
		snprintf(a.skill, sizeof a.skill, "count");
		a.correct = 1;
		ck_assert_int_eq(tut_progress_record(pr, &a, err, sizeof err), -1);
		ck_assert_msg(strstr(err, "read-only") && strstr(err, log), "%s", err);
		struct tut_skill_progress after;
		tut_progress_skill(pr, "count", &after);
		figures_eq(&after, &got[0], "count after record");   /* nothing kept in memory */
		tut_progress_close(pr);
		for (int i = 0; i < 3; i++)
			snap_same(&s[i]);
		ck_assert_msg(m.n == 1 && strstr(m.v[0], ":11: damaged line (checksum mismatch)"), "%s",
			      msgs_text(&m));
		msgs_free(&m);
		/* and without a summary, none is made */
		if (round == 0)
			ck_assert_int_eq(unlink(sum), 0);
	}
	ck_assert_int_eq(got[0].attempts, 4);
	ck_assert_int_eq(got[0].correct, 3);
	ck_assert_int_eq(got[0].seconds, 36);
	ck_assert_int_eq(got[0].last_seen, T0 + 5 * 17);
	ck_assert_int_eq(got[0].mastery, TUT_M_FAMILIAR);
	ck_assert_int_eq(got[1].attempts, 2);
	ck_assert_int_eq(got[2].attempts, 1);
	ck_assert_int_eq(got[3].attempts, 0);

	/* The same figures as a real open, which then starts session 3. */
	pr = open_ok(tmp, "Ann", &m);
	ck_assert_int_eq(tut_progress_session(pr), 3);
	for (int i = 0; i < 4; i++) {
		tut_progress_skill(pr, ids[i], &want[i]);
		figures_eq(&got[i], &want[i], ids[i]);
	}
	tut_progress_close(pr);
	ck_assert_msg(m.n == 1 && strstr(m.v[0], ":11: damaged line (checksum mismatch)"), "%s", msgs_text(&m));
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp), free(log), free(sum);
}
END_TEST

START_TEST(test_read_missing)
{
	char *tmp = tmpdir();
	char err[600];
	struct tut_progress *pr = NULL;
	char *data = path2(tmp, "class");
	/* no data folder, no profile folder, a folder without a log */
	for (int step = 0; step < 3; step++) {
		if (step == 1)
			ck_assert_int_eq(mkdir(data, 0700), 0);
		if (step == 2) {
			char *dir = path2(data, "Ann");
			ck_assert_int_eq(mkdir(dir, 0700), 0);
			free(dir);
		}
		err[0] = 0;
		ck_assert_int_eq(tut_progress_read(data, "Ann", &pr, NULL, NULL, err, sizeof err), -1);
		ck_assert_ptr_null(pr);
		ck_assert_msg(strstr(err, "no profile named Ann"), "%s", err);
		DIR *d = opendir(tmp);
		int n = 0;
		struct dirent *de;
		while (d && (de = readdir(d)))
			n += de->d_name[0] != '.';
		if (d)
			closedir(d);
		ck_assert_int_eq(n, step == 0 ? 0 : 1);     /* nothing made */
	}
	char *ann = path3(tmp, "class", "Ann");
	DIR *d = opendir(ann);
	ck_assert_ptr_nonnull(d);
	struct dirent *de;
	while ((de = readdir(d)))
		ck_assert_msg(de->d_name[0] == '.', "%s made in the profile", de->d_name);
	closedir(d);
	ck_assert_int_eq(tut_progress_read(data, "../x", &pr, NULL, NULL, err, sizeof err), -1);
	ck_assert_ptr_null(pr);
	/* a symbolic link in the log's place is not followed */
	char *log = path2(ann, "attempts.log");
	char *target = path2(tmp, "elsewhere");
	write_file(target, "tinyllm-progress 1\n", 19);
	ck_assert_int_eq(symlink(target, log), 0);
	ck_assert_int_eq(tut_progress_read(data, "Ann", &pr, NULL, NULL, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "symbolic link"), "%s", err);
	/* nor does a FIFO there hang the reader */
	ck_assert_int_eq(unlink(log), 0);
	ck_assert_int_eq(mkfifo(log, 0600), 0);
	ck_assert_int_eq(tut_progress_read(data, "Ann", &pr, NULL, NULL, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "not a regular file"), "%s", err);
	rm_rf(tmp);
	free(tmp), free(data), free(ann), free(log), free(target);
}
END_TEST

/* Refused and left as they are, by the reader too; an empty log (which
 * open would mend) is a profile with no answers, and stays empty. */
START_TEST(test_read_refused)
{
	static const struct {
		const char *content, *want;
	} cases[] = {
		{ "tinyllm-progress 99\nattempt\tv99\t-\n", "newer TinyLLM (progress format 99" },
		{ "Dear diary,\n", ":1: not a TinyLLM progress file" },
	};
	char *tmp = tmpdir();
	char err[600];
	ck_assert_int_eq(tut_profile_create(tmp, "Ann", err, sizeof err), 0);
	char *log = path3(tmp, "Ann", "attempts.log");
	for (int i = 0; i < 2; i++) {
		struct snap s[2];
		write_file(log, cases[i].content, strlen(cases[i].content));
		snap_take(&s[0], strdup(log));
		snap_take(&s[1], path3(tmp, "Ann", "summary.tsv"));
		struct tut_progress *pr = NULL;
		struct msgs m = { 0 };
		err[0] = 0;
		ck_assert_int_eq(tut_progress_read(tmp, "Ann", &pr, msgs_add, &m, err, sizeof err), -1);
		ck_assert_ptr_null(pr);
		ck_assert_msg(strstr(err, log) && strstr(err, cases[i].want), "%s", err);
		ck_assert_int_eq(m.n, 0);
		snap_same(&s[0]);
		snap_same(&s[1]);
	}
	for (int len = 0; len <= 12; len += 12) {
		struct snap s;
		write_file(log, "tinyllm-prog", (size_t)len);
		snap_take(&s, strdup(log));
		struct msgs m = { 0 };
		struct tut_progress *pr = read_ok(tmp, "Ann", &m);
		ck_assert_int_eq(tut_progress_session(pr), 1);
		struct tut_skill_progress sp;
		tut_progress_skill(pr, "count", &sp);
		ck_assert_int_eq(sp.attempts, 0);
		tut_progress_close(pr);
		snap_same(&s);
		ck_assert_int_eq(m.n, 0);
	}
	rm_rf(tmp);
	free(tmp), free(log);
}
END_TEST

/* A writer in the middle of an append: the reader waits for the line to be
 * whole instead of reporting it cut off. */
START_TEST(test_read_while_writing)
{
	char *tmp = tmpdir();
	char err[600];
	ck_assert_int_eq(tut_profile_create(tmp, "Ann", err, sizeof err), 0);
	char *log = path3(tmp, "Ann", "attempts.log");
	int ready[2];
	ck_assert_int_eq(pipe(ready), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		static const char half1[] = "attempt\t1\t1\t2026-03-02T09:00:00Z\tAnn\t\t0\tco";
		static const char half2[] = "unt\tright\t5\t0\t-\t7\t-\n";
		struct flock fl;
		int fd = open(log, O_WRONLY | O_APPEND);
		memset(&fl, 0, sizeof fl);
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		if (fd < 0 || fcntl(fd, F_SETLKW, &fl) < 0)
			_exit(1);
		if (write(ready[1], "x", 1) != 1 || write(fd, half1, sizeof half1 - 1) < 0)
			_exit(2);
		usleep(300000);
		if (write(fd, half2, sizeof half2 - 1) < 0)
			_exit(3);
		_exit(0);                 /* the lock goes with the process */
	}
	char c;
	close(ready[1]);
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	close(ready[0]);
	struct msgs m = { 0 };
	struct tut_progress *pr = read_ok(tmp, "Ann", &m);
	struct tut_skill_progress sp;
	tut_progress_skill(pr, "count", &sp);
	ck_assert_int_eq(sp.attempts, 1);
	ck_assert_int_eq(sp.seconds, 5);
	tut_progress_close(pr);
	ck_assert_msg(m.n == 0, "%s", msgs_text(&m));
	int st;
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp), free(log);
}
END_TEST

/* ---- The disk failing ---- */

START_TEST(test_file_size_limit)
{
	char *tmp = tmpdir();
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(tmp, "Ann", &m);
	rec_full(pr, "g1-count-to-20", 0, "count", 1, 0, 0, "one");
	rec_full(pr, "g1-count-to-20", 1, "count", 1, 0, 0, "two");
	char *log = path3(tmp, "Ann", "attempts.log");
	size_t len;
	char *before = read_file(log, &len);

	/* Room for part of a line only: the write starts, then fails. */
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit old, lim;
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = (rlim_t)len + 30;
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	struct tut_attempt a;
	char err[600] = "";
	memset(&a, 0, sizeof a);
	a.when = T0 + 100;
	snprintf(a.skill, sizeof a.skill, "count");
	snprintf(a.lesson, sizeof a.lesson, "g1-count-to-20");
	a.correct = 1;
	snprintf(a.given, sizeof a.given, "three");
	char err2[600] = "";
	int rc1 = tut_progress_record(pr, &a, err, sizeof err);
	snprintf(a.given, sizeof a.given, "four");
	int rc2 = tut_progress_record(pr, &a, err2, sizeof err2);
	size_t len2;
	char *during = read_file(log, &len2);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	ck_assert_int_eq(rc1, -1);
	ck_assert_msg(strstr(err, log) && strstr(err, "file size limit") && strstr(err, "1 answer kept"),
		      "%s", err);
	ck_assert_int_eq(rc2, -1);
	ck_assert_msg(strstr(err2, "2 answers kept"), "%s", err2);
	ck_assert_uint_eq(len2, len);                    /* nothing half-written left */
	ck_assert(!memcmp(before, during, len));
	/* practice goes on: the waiting answers count already */
	struct tut_skill_progress sp;
	tut_progress_skill(pr, "count", &sp);
	ck_assert_int_eq(sp.attempts, 4);

	/* Room again: the waiting answers go first, in order. */
	snprintf(a.given, sizeof a.given, "five");
	ck_assert_msg(tut_progress_record(pr, &a, err, sizeof err) == 0, "%s", err);
	tut_progress_close(pr);
	static struct line l[16];
	int k = parse_log(log, l, 16);
	ck_assert_int_eq(k, 6);
	static const char *order[] = { "one", "two", "three", "four", "five" };
	for (int i = 0; i < 5; i++) {
		ck_assert(l[i + 1].crc_ok);
		ck_assert_str_eq(l[i + 1].f[12], order[i]);
	}
	pr = open_ok(tmp, "Ann", &m);
	tut_progress_skill(pr, "count", &sp);
	ck_assert_int_eq(sp.attempts, 5);
	tut_progress_close(pr);
	ck_assert_msg(m.n == 0, "%s", msgs_text(&m));
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp), free(log), free(before), free(during);
}
END_TEST

/* The same, with the limit hit while the log is opened (the session line). */
START_TEST(test_file_size_limit_open)
{
	char *tmp = tmpdir();
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(tmp, "Ann", &m);
	right(pr, "count");
	tut_progress_close(pr);
	char *log = path3(tmp, "Ann", "attempts.log");
	size_t len;
	char *before = read_file(log, &len);
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit old, lim;
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = (rlim_t)len + 5;
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	char err[600] = "";
	int rc = tut_progress_open(tmp, "Ann", &pr, msgs_add, &m, err, sizeof err);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(err, log) && strstr(err, "limit"), "%s", err);
	size_t len2;
	char *after = read_file(log, &len2);
	ck_assert_uint_eq(len2, len);
	ck_assert(!memcmp(before, after, len));
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp), free(log), free(before), free(after);
}
END_TEST

/* Runs fn as an ordinary user: permissions do not stop root.  Returns fn's
 * result, or 77 when there is no way to become one. */
static int as_user(int (*fn)(const char *), const char *dir)
{
	if (geteuid() != 0)
		return fn(dir);
	char cmd[2200];
	snprintf(cmd, sizeof cmd, "chown -R 65534:65534 '%s'", dir);
	if (system(cmd) != 0)
		return 77;
	chmod(dir, 0755);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0 || geteuid() == 0)
			_exit(77);
		_exit(fn(dir));
	}
	int st;
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

static int step_fail(int step, const char *err)
{
	fprintf(stderr, "read-only step %d failed: %s\n", step, err);
	return step;
}

/* A read-only data folder: no new profile; an existing one whose folder
 * and log are read-only: refused clearly, nothing changed. */
static int readonly_scenario(const char *tmp)
{
	char data[1200], log[1400], err[600] = "";
	struct tut_progress *pr = NULL;
	snprintf(data, sizeof data, "%s/data", tmp);
	snprintf(log, sizeof log, "%s/Ann/attempts.log", data);
	if (tut_profile_create(data, "Ann", err, sizeof err) < 0)
		return step_fail(1, err);
	if (tut_progress_open(data, "Ann", &pr, NULL, NULL, err, sizeof err) < 0)
		return step_fail(2, err);
	right(pr, "count");
	tut_progress_close(pr);
	char before[4096];
	int fd = open(log, O_RDONLY);
	ssize_t n = read(fd, before, sizeof before);
	close(fd);

	char ann[1300];
	snprintf(ann, sizeof ann, "%s/Ann", data);
	chmod(log, 0400);
	chmod(ann, 0500);
	chmod(data, 0500);
	err[0] = 0;
	if (tut_profile_create(data, "Bob", err, sizeof err) == 0 || !strstr(err, "no permission"))
		return step_fail(3, err);
	err[0] = 0;
	if (tut_progress_open(data, "Bob", &pr, NULL, NULL, err, sizeof err) == 0 ||
	    !strstr(err, "no permission"))
		return step_fail(4, err);
	err[0] = 0;
	if (tut_progress_open(data, "Ann", &pr, NULL, NULL, err, sizeof err) == 0 ||
	    !strstr(err, log) || !strstr(err, "no permission") || !strstr(err, "will not be saved"))
		return step_fail(5, err);
	char after[4096];
	fd = open(log, O_RDONLY);
	ssize_t k = read(fd, after, sizeof after);
	close(fd);
	if (k != n || memcmp(before, after, (size_t)n))
		return step_fail(6, "the log changed");

	/* The folder read-only but the log writable: answers are saved,
	 * only the summary cannot be renewed (reported, not fatal). */
	chmod(log, 0600);
	struct msgs m = { 0 };
	err[0] = 0;
	if (tut_progress_open(data, "Ann", &pr, msgs_add, &m, err, sizeof err) < 0)
		return step_fail(7, err);
	if (!msgs_find(&m, "cannot update") || !msgs_find(&m, "summary.tsv"))
		return step_fail(8, msgs_text(&m));
	struct tut_attempt a;
	memset(&a, 0, sizeof a);
	snprintf(a.skill, sizeof a.skill, "count");
	if (tut_progress_record(pr, &a, err, sizeof err) < 0)
		return step_fail(9, err);
	tut_progress_close(pr);
	msgs_free(&m);
	chmod(data, 0700);
	chmod(ann, 0700);
	return 0;
}

START_TEST(test_readonly)
{
	char *tmp = tmpdir();
	int rc = as_user(readonly_scenario, tmp);
	if (rc == 77)
		fprintf(stderr, "test_readonly: running as root with no way to become another user; "
				"the read-only folder was not tested\n");
	else
		ck_assert_msg(rc == 0, "read-only scenario failed at step %d", rc);
	rm_rf(tmp);
	free(tmp);
}
END_TEST

/* ---- Two writers at once ---- */

#define WRITERS 3
#define EACH 60

START_TEST(test_concurrent)
{
	char *tmp = tmpdir();
	static const char *skills[WRITERS] = { "count", "compare", "place_value" };
	pid_t pid[WRITERS];
	for (int w = 0; w < WRITERS; w++) {
		pid[w] = fork();
		ck_assert_int_ge(pid[w], 0);
		if (pid[w] == 0) {
			struct tut_progress *pr = NULL;
			char err[600];
			if (tut_progress_open(tmp, "Ann", &pr, NULL, NULL, err, sizeof err) < 0)
				_exit(1);
			for (int i = 0; i < EACH; i++) {
				struct tut_attempt a;
				memset(&a, 0, sizeof a);
				a.when = T0 + i;
				snprintf(a.skill, sizeof a.skill, "%s", skills[w]);
				snprintf(a.given, sizeof a.given, "w%d-%d", w, i);
				a.correct = i % 2;
				if (tut_progress_record(pr, &a, err, sizeof err) < 0)
					_exit(2);
			}
			tut_progress_close(pr);
			_exit(0);
		}
	}
	for (int w = 0; w < WRITERS; w++) {
		int st;
		ck_assert_int_eq(waitpid(pid[w], &st, 0), pid[w]);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer %d failed", w);
	}
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(tmp, "Ann", &m);
	ck_assert_msg(m.n == 0, "%s", msgs_text(&m));
	ck_assert_int_eq(tut_progress_session(pr), WRITERS + 1);
	for (int w = 0; w < WRITERS; w++) {
		struct tut_skill_progress sp;
		tut_progress_skill(pr, skills[w], &sp);
		ck_assert_int_eq(sp.attempts, EACH);
		ck_assert_int_eq(sp.correct, EACH / 2);
	}
	tut_progress_close(pr);

	char *log = path3(tmp, "Ann", "attempts.log");
	static struct line l[WRITERS * EACH + 16];
	int k = parse_log(log, l, WRITERS * EACH + 16);
	ck_assert_int_eq(k, WRITERS * EACH + WRITERS + 1);
	static char seen[WRITERS][EACH];
	int sess_seen[WRITERS + 2] = { 0 };
	memset(seen, 0, sizeof seen);
	for (int i = 0; i < k; i++) {
		ck_assert(l[i].crc_ok);
		if (!strcmp(l[i].kind, "session")) {
			int s = atoi(l[i].f[1]);
			ck_assert(s >= 1 && s <= WRITERS + 1);
			ck_assert_int_eq(sess_seen[s]++, 0);     /* every session its own number */
			continue;
		}
		int w, j;
		ck_assert_int_eq(sscanf(l[i].f[12], "w%d-%d", &w, &j), 2);
		ck_assert_int_eq(seen[w][j]++, 0);
	}
	for (int w = 0; w < WRITERS; w++)
		for (int j = 0; j < EACH; j++)
			ck_assert_msg(seen[w][j] == 1, "w%d-%d missing", w, j);
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp), free(log);
}
END_TEST

/* A log put back from a backup with mv while in use: the handle's file is
 * no longer the profile's, so it refuses to write into the void. */
START_TEST(test_replaced_log)
{
	char *tmp = tmpdir();
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(tmp, "Ann", &m);
	right(pr, "count");
	char *log = path3(tmp, "Ann", "attempts.log");
	char *backup = path2(tmp, "backup.log");
	size_t len;
	char *text = read_file(log, &len);
	write_file(backup, text, len);
	ck_assert_int_eq(rename(backup, log), 0);
	struct tut_attempt a;
	char err[600] = "";
	memset(&a, 0, sizeof a);
	snprintf(a.skill, sizeof a.skill, "count");
	ck_assert_int_eq(tut_progress_record(pr, &a, err, sizeof err), -1);
	ck_assert_msg(strstr(err, log) && strstr(err, "replaced") && strstr(err, "1 answer kept"),
		      "%s", err);
	tut_progress_close(pr);
	char *now = read_file(log, NULL);
	ck_assert_str_eq(now, text);                     /* the backup untouched by close */
	free(now);
	pr = open_ok(tmp, "Ann", &m);                     /* a new start saves again */
	right(pr, "count");
	struct tut_skill_progress sp;
	tut_progress_skill(pr, "count", &sp);
	ck_assert_int_eq(sp.attempts, 2);
	tut_progress_close(pr);
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp), free(log), free(backup), free(text);
}
END_TEST

/* One handle learns of another's answers when it writes. */
START_TEST(test_two_handles)
{
	char *tmp = tmpdir();
	struct msgs m = { 0 };
	struct tut_progress *a = open_ok(tmp, "Ann", &m);
	struct tut_progress *b = open_ok(tmp, "Ann", &m);
	ck_assert_int_eq(tut_progress_session(a), 1);
	ck_assert_int_eq(tut_progress_session(b), 2);
	right(a, "count");
	right(b, "count");
	right(a, "count");
	struct tut_skill_progress sp;
	tut_progress_skill(a, "count", &sp);
	ck_assert_int_eq(sp.attempts, 3);
	tut_progress_close(b);
	tut_progress_close(a);
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp);
}
END_TEST

/* ---- Mastery and reviews on scripted histories ---- */

START_TEST(test_mastery_rules)
{
	char *tmp = tmpdir();
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(tmp, "Ann", &m);
	const char *s = "count";
	ck_level(pr, s, TUT_M_NEW);
	wrong(pr, s);
	ck_level(pr, s, TUT_M_ATTEMPTED);
	right(pr, s);
	right(pr, s);
	ck_level(pr, s, TUT_M_ATTEMPTED);                /* 2 right: not yet 3 */
	right(pr, s);
	ck_level(pr, s, TUT_M_FAMILIAR);                 /* 3 right, 3 of the last 4 */
	right(pr, s);
	ck_level(pr, s, TUT_M_FAMILIAR);                 /* 4 of the last 6 on their own */
	right(pr, s);
	ck_level(pr, s, TUT_M_PROFICIENT);               /* 5 of the last 6 */
	right(pr, s);
	ck_level(pr, s, TUT_M_PROFICIENT);               /* never mastered in one session */

	/* Help does not make a skill proficient, but does make it familiar. */
	const char *h = "compare";
	for (int i = 0; i < 8; i++)
		helped(pr, h);
	ck_level(pr, h, TUT_M_FAMILIAR);
	/* Nor do hints. */
	const char *hn = "place_value";
	for (int i = 0; i < 8; i++)
		rec_full(pr, "", 0, hn, 1, 1, 0, "ok");
	ck_level(pr, hn, TUT_M_FAMILIAR);
	/* Familiar needs 3 of the last 5 right. */
	const char *f = "even_odd";
	right(pr, f), right(pr, f), right(pr, f), wrong(pr, f), wrong(pr, f);
	ck_level(pr, f, TUT_M_FAMILIAR);
	wrong(pr, f);
	ck_level(pr, f, TUT_M_ATTEMPTED);
	tut_progress_close(pr);

	/* Session 2: the first answer right on their own: mastered. */
	pr = open_ok(tmp, "Ann", &m);
	ck_level(pr, s, TUT_M_PROFICIENT);               /* the log gives the same */
	right(pr, s);
	ck_level(pr, s, TUT_M_MASTERED);
	wrong(pr, s);
	ck_level(pr, s, TUT_M_MASTERED);                 /* one slip: still 5 of 6 */
	wrong(pr, s);
	ck_level(pr, s, TUT_M_FAMILIAR);                 /* below proficient: not mastered */
	for (int i = 0; i < 5; i++)
		right(pr, s);
	ck_level(pr, s, TUT_M_PROFICIENT);               /* again, but mastering waits */
	tut_progress_close(pr);

	/* Session 3: a first answer with help does not confirm; nor does a
	 * right answer that is not the first of the session. */
	pr = open_ok(tmp, "Ann", &m);
	helped(pr, s);
	ck_level(pr, s, TUT_M_PROFICIENT);
	right(pr, s);
	ck_level(pr, s, TUT_M_PROFICIENT);
	tut_progress_close(pr);

	/* Session 4: confirmed. */
	pr = open_ok(tmp, "Ann", &m);
	right(pr, s);
	ck_level(pr, s, TUT_M_MASTERED);
	tut_progress_close(pr);

	/* The whole history read back gives the same. */
	pr = open_ok(tmp, "Ann", &m);
	ck_level(pr, s, TUT_M_MASTERED);
	ck_level(pr, h, TUT_M_FAMILIAR);
	ck_level(pr, hn, TUT_M_FAMILIAR);
	ck_level(pr, f, TUT_M_ATTEMPTED);
	tut_progress_close(pr);
	ck_assert_int_eq(m.n, 0);
	for (int i = TUT_M_NEW; i <= TUT_M_MASTERED; i++)
		ck_assert_str_ne(tut_mastery_name((enum tut_mastery)i), "?");
	ck_assert_str_eq(tut_mastery_name(TUT_M_MASTERED), "mastered");
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp);
}
END_TEST

/* The history of the Leitner boxes, session by session. */
START_TEST(test_leitner)
{
	char *tmp = tmpdir();
	struct msgs m = { 0 };
	static const struct {
		const char *what;   /* answers this session: r right, h helped, w wrong, - none */
		int box, due;       /* after the session */
	} plan[] = {
		{ "rrr", 1, 2 },    /* 1: new skills start in box 1 */
		{ "r", 2, 4 },      /* 2: first answer right: up */
		{ "-", 2, 4 },      /* 3: not practised: no change */
		{ "rr", 3, 8 },     /* 4: up once per session only */
		{ "r", 4, 13 },     /* 5 */
		{ "rw", 1, 7 },     /* 6: any wrong answer: back to box 1 */
		{ "wr", 1, 8 },     /* 7: a right answer after a wrong one does not lift */
		{ "h", 1, 9 },      /* 8: right with help: stays */
		{ "r", 2, 11 },     /* 9 */
		{ "r", 3, 14 },     /* 10 */
		{ "r", 4, 19 },     /* 11 */
		{ "r", 5, 28 },     /* 12 */
		{ "r", 5, 29 },     /* 13: box 5 is the last */
	};
	for (size_t i = 0; i < sizeof plan / sizeof *plan; i++) {
		struct tut_progress *pr = open_ok(tmp, "Ann", &m);
		ck_assert_int_eq(tut_progress_session(pr), (int)i + 1);
		for (const char *c = plan[i].what; *c; c++) {
			if (*c == 'r')
				right(pr, "count");
			else if (*c == 'h')
				helped(pr, "count");
			else if (*c == 'w')
				wrong(pr, "count");
		}
		struct tut_skill_progress sp;
		tut_progress_skill(pr, "count", &sp);
		ck_assert_msg(sp.box == plan[i].box && sp.due_session == plan[i].due,
			      "session %zu: box %d due %d, expected box %d due %d", i + 1, sp.box,
			      sp.due_session, plan[i].box, plan[i].due);
		tut_progress_close(pr);
	}
	ck_assert_int_eq(m.n, 0);
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp);
}
END_TEST

/* ---- Practice next on the real bank ---- */

static void load_bank(struct tut_bank *b)
{
	struct msgs m = { 0 };
	memset(b, 0, sizeof *b);
	int problems = tut_bank_load(LESSONDIR, b, msgs_add, &m);
	ck_assert_msg(problems == 0, "bank:%s", msgs_text(&m));
	ck_assert_int_gt(b->n, 10);
	msgs_free(&m);
}

/* The documented rule for new work, restated: the first lesson in bank
 * order that is not done, whose skill is not mastered, and each of whose
 * prerequisites is done or has a skill at least proficient. */
struct expect {
	const char *done[16];
	int nd;
	const struct tut_skill *prof[16];     /* proficient or mastered */
	int np;
	const struct tut_skill *mastered[16];
	int nm;
};

static int in_ids(const char *const *v, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v[i], id))
			return 1;
	return 0;
}

static int in_skills(const struct tut_skill *const *v, int n, const struct tut_skill *s)
{
	for (int i = 0; i < n; i++)
		if (v[i] == s)
			return 1;
	return 0;
}

static const struct tut_lesson *first_open(const struct tut_bank *b, const struct expect *e)
{
	for (int i = 0; i < b->n; i++) {
		const struct tut_lesson *l = &b->lessons[i];
		if (in_ids(e->done, e->nd, l->id) || in_skills(e->mastered, e->nm, l->skill))
			continue;
		int ok = 1;
		for (int p = 0; p < l->n_prereq && ok; p++) {
			const struct tut_lesson *q = tut_bank_find(b, l->prereq[p]);
			ok = !q || in_ids(e->done, e->nd, q->id) || in_skills(e->prof, e->np, q->skill);
		}
		if (ok)
			return l;
	}
	return NULL;
}

/* Where a skill first appears in the bank (curriculum order of skills). */
static int first_of(const struct tut_bank *b, const struct tut_skill *s)
{
	for (int i = 0; i < b->n; i++)
		if (b->lessons[i].skill == s)
			return i;
	return -1;
}

static void do_lesson(struct tut_progress *pr, const struct tut_lesson *l, int n)
{
	for (int i = 0; i < n; i++)
		rec_full(pr, l->id, i, l->skill->id, 1, 0, 0, "ok");
}

START_TEST(test_next_bank)
{
	struct tut_bank b;
	load_bank(&b);
	char *tmp = tmpdir();
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(tmp, "Ann", &m);
	struct expect e;
	memset(&e, 0, sizeof e);

	const struct tut_lesson *l1 = tut_progress_next(pr, &b);
	ck_assert_ptr_nonnull(l1);
	ck_assert_ptr_eq(l1, first_open(&b, &e));
	ck_assert_int_eq(l1->n_prereq, 0);
	/* Four right is not done (nor proficient); five is. */
	do_lesson(pr, l1, 4);
	ck_assert_ptr_eq(tut_progress_next(pr, &b), l1);
	do_lesson(pr, l1, 1);
	e.done[e.nd++] = l1->id;
	e.prof[e.np++] = l1->skill;
	const struct tut_lesson *l2 = tut_progress_next(pr, &b);
	ck_assert_ptr_ne(l2, l1);
	ck_assert_ptr_eq(l2, first_open(&b, &e));
	do_lesson(pr, l2, 5);
	e.done[e.nd++] = l2->id;
	e.prof[e.np++] = l2->skill;
	ck_assert_ptr_eq(tut_progress_next(pr, &b), first_open(&b, &e));
	tut_progress_close(pr);

	/* Session 2: the skills practised in session 1 are due (box 1, equally
	 * overdue): the earlier skill in curriculum order first, in the lesson
	 * where it was last practised.  Its first answer masters it. */
	pr = open_ok(tmp, "Ann", &m);
	const struct tut_lesson *want[2] = { l2, NULL };
	if (l1->skill != l2->skill) {
		int one_first = first_of(&b, l1->skill) < first_of(&b, l2->skill);
		want[0] = one_first ? l1 : l2;
		want[1] = one_first ? l2 : l1;
	}
	for (int i = 0; i < 2 && want[i]; i++) {
		ck_assert_ptr_eq(tut_progress_next(pr, &b), want[i]);
		do_lesson(pr, want[i], 1);
		ck_level(pr, want[i]->skill->id, TUT_M_MASTERED);
		e.mastered[e.nm++] = want[i]->skill;
	}
	/* Reviews done: new work again, mastered skills' lessons left out. */
	const struct tut_lesson *l3 = tut_progress_next(pr, &b);
	ck_assert_ptr_nonnull(l3);
	ck_assert_ptr_eq(l3, first_open(&b, &e));
	ck_assert(!in_skills(e.mastered, e.nm, l3->skill));
	tut_progress_close(pr);
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp);
	tut_bank_free(&b);
}
END_TEST

/* A made-up bank of two lessons: B (compare) first, requiring A (count). */
struct mini {
	struct tut_bank b;
	struct tut_lesson l[2];
};

static void mini_bank(struct mini *x)
{
	memset(x, 0, sizeof *x);
	snprintf(x->l[0].id, TUT_ID_MAX, "B");
	x->l[0].skill = tut_skill_find("compare");
	snprintf(x->l[0].prereq[0], TUT_ID_MAX, "A");
	x->l[0].n_prereq = 1;
	snprintf(x->l[1].id, TUT_ID_MAX, "A");
	x->l[1].skill = tut_skill_find("count");
	ck_assert_ptr_nonnull(x->l[0].skill);
	ck_assert_ptr_nonnull(x->l[1].skill);
	x->b.lessons = x->l;
	x->b.n = 2;
}

START_TEST(test_next_rules)
{
	struct mini x;
	mini_bank(&x);
	char *tmp = tmpdir();
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(tmp, "Ann", &m);
	const struct tut_lesson *B = &x.l[0], *A = &x.l[1];
	ck_assert_ptr_eq(tut_progress_next(pr, &x.b), A);      /* B waits for A */
	/* Proficient in A's skill, with answers from elsewhere, opens B even
	 * though lesson A itself is not done; B comes first in the bank. */
	for (int i = 0; i < 4; i++)
		right(pr, "count");
	ck_assert_ptr_eq(tut_progress_next(pr, &x.b), A);      /* familiar is not enough */
	right(pr, "count");
	ck_assert_ptr_eq(tut_progress_next(pr, &x.b), B);
	do_lesson(pr, B, 5);
	ck_assert_ptr_eq(tut_progress_next(pr, &x.b), A);      /* not done yet */
	do_lesson(pr, A, 5);
	/* All done, nothing mastered yet: the first that waits for its
	 * confirmation in a later session. */
	ck_assert_ptr_eq(tut_progress_next(pr, &x.b), B);
	tut_progress_close(pr);

	/* Session 2: both due (box 1, due 2; equally overdue, same box):
	 * curriculum order, B first. */
	pr = open_ok(tmp, "Ann", &m);
	ck_assert_ptr_eq(tut_progress_next(pr, &x.b), B);
	do_lesson(pr, B, 1);
	ck_level(pr, "compare", TUT_M_MASTERED);
	ck_assert_ptr_eq(tut_progress_next(pr, &x.b), A);
	do_lesson(pr, A, 1);
	ck_level(pr, "count", TUT_M_MASTERED);
	ck_assert_ptr_null(tut_progress_next(pr, &x.b));        /* all mastered, none due */
	tut_progress_close(pr);

	/* Box 2 from session 2: due in session 4, not in 3.  Neither is
	 * practised in 4; in 5 both are one session overdue: B first again. */
	for (int i = 3; i <= 4; i++) {
		pr = open_ok(tmp, "Ann", &m);
		if (i == 3)
			ck_assert_ptr_null(tut_progress_next(pr, &x.b));
		else
			ck_assert_ptr_eq(tut_progress_next(pr, &x.b), B);
		tut_progress_close(pr);
	}
	pr = open_ok(tmp, "Ann", &m);
	ck_assert_int_eq(tut_progress_session(pr), 5);
	struct tut_skill_progress c, d;
	tut_progress_skill(pr, "count", &c);
	tut_progress_skill(pr, "compare", &d);
	ck_assert_int_eq(c.box, 2);
	ck_assert_int_eq(c.due_session, 4);
	ck_assert_int_eq(d.box, 2);
	ck_assert_int_eq(d.due_session, 4);
	ck_assert_ptr_eq(tut_progress_next(pr, &x.b), B);
	tut_progress_close(pr);
	ck_assert_int_eq(m.n, 0);
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp);
}
END_TEST

/* Which review first: the most overdue, then the lowest box, both before
 * curriculum order (where B comes first).  The histories are written by
 * hand (checksums "-"), as a teacher could. */
START_TEST(test_review_order)
{
	struct mini x;
	mini_bank(&x);
	char *tmp = tmpdir();
	char err[600];
	ck_assert_int_eq(tut_profile_create(tmp, "Ann", err, sizeof err), 0);
	char *log = path3(tmp, "Ann", "attempts.log");
	/* count seen in session 1 (box 1, due 2); compare in session 2 (box 1,
	 * due 3).  In session 4, count is 2 overdue, compare 1: count (A). */
	append_file(log,
		    "session\t1\t2026-03-02T09:00:00Z\tAnn\t-\n"
		    "attempt\t1\t1\t2026-03-02T09:01:00Z\tAnn\tA\t0\tcount\tright\t5\t0\t-\t1\t-\n"
		    "session\t2\t2026-03-03T09:00:00Z\tAnn\t-\n"
		    "attempt\t2\t1\t2026-03-03T09:01:00Z\tAnn\tB\t0\tcompare\tright\t5\t0\t-\t1\t-\n"
		    "session\t3\t2026-03-04T09:00:00Z\tAnn\t-\n");
	struct msgs m = { 0 };
	struct tut_progress *pr = open_ok(tmp, "Ann", &m);
	ck_assert_int_eq(tut_progress_session(pr), 4);
	ck_assert_ptr_eq(tut_progress_next(pr, &x.b), &x.l[1]);
	tut_progress_close(pr);

	/* Equally overdue: the lower box first.  compare: box 2, due 5 (seen
	 * in 2 and 3); count: box 1, due 5 (wrong in 4).  Session 6. */
	rm_rf(tmp);
	ck_assert_int_eq(mkdir(tmp, 0700), 0);
	ck_assert_int_eq(tut_profile_create(tmp, "Ann", err, sizeof err), 0);
	append_file(log,
		    "attempt\t2\t1\t2026-03-03T09:01:00Z\tAnn\tB\t0\tcompare\tright\t5\t0\t-\t1\t-\n"
		    "attempt\t3\t1\t2026-03-04T09:01:00Z\tAnn\tB\t0\tcompare\tright\t5\t0\t-\t1\t-\n"
		    "attempt\t4\t1\t2026-03-05T09:01:00Z\tAnn\tA\t0\tcount\twrong\t5\t0\t-\t1\t-\n"
		    "session\t5\t2026-03-06T09:00:00Z\tAnn\t-\n");
	pr = open_ok(tmp, "Ann", &m);
	ck_assert_int_eq(tut_progress_session(pr), 6);
	struct tut_skill_progress c, d;
	tut_progress_skill(pr, "count", &c);
	tut_progress_skill(pr, "compare", &d);
	ck_assert_int_eq(d.box, 2);
	ck_assert_int_eq(d.due_session, 5);
	ck_assert_int_eq(c.box, 1);
	ck_assert_int_eq(c.due_session, 5);
	ck_assert_ptr_eq(tut_progress_next(pr, &x.b), &x.l[1]);
	/* Once count is practised, compare's review comes. */
	rec_full(pr, "A", 0, "count", 1, 0, 0, "1");
	ck_assert_ptr_eq(tut_progress_next(pr, &x.b), &x.l[0]);
	tut_progress_close(pr);
	ck_assert_msg(m.n == 0, "%s", msgs_text(&m));
	msgs_free(&m);
	rm_rf(tmp);
	free(tmp), free(log);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("progress");
	TCase *tc = tcase_create("names and folders");
	tcase_add_test(tc, test_names_good);
	tcase_add_test(tc, test_names_bad);
	tcase_add_test(tc, test_dirs);
	tcase_add_test(tc, test_missing_home);
	tcase_add_test(tc, test_profiles);
	tcase_add_test(tc, test_class_dir);
	suite_add_tcase(s, tc);

	tc = tcase_create("the log");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_bad_attempts);
	tcase_add_test(tc, test_sessions);
	tcase_add_test(tc, test_damaged_lines);
	tcase_add_test(tc, test_hand_edits);
	tcase_add_test(tc, test_random_damage);
	tcase_add_test(tc, test_summary);
	tcase_add_test(tc, test_future_version);
	tcase_add_test(tc, test_not_progress);
	tcase_add_test(tc, test_empty_log);
	suite_add_tcase(s, tc);

	tc = tcase_create("reading for reports");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_read_only);
	tcase_add_test(tc, test_read_missing);
	tcase_add_test(tc, test_read_refused);
	tcase_add_test(tc, test_read_while_writing);
	suite_add_tcase(s, tc);

	tc = tcase_create("failures and concurrency");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_file_size_limit);
	tcase_add_test(tc, test_file_size_limit_open);
	tcase_add_test(tc, test_readonly);
	tcase_add_test(tc, test_concurrent);
	tcase_add_test(tc, test_two_handles);
	tcase_add_test(tc, test_replaced_log);
	suite_add_tcase(s, tc);

	tc = tcase_create("mastery and practice next");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_mastery_rules);
	tcase_add_test(tc, test_leitner);
	tcase_add_test(tc, test_next_bank);
	tcase_add_test(tc, test_next_rules);
	tcase_add_test(tc, test_review_order);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
