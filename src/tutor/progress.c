/* progress.c: profiles and a child's progress (doc/progress-format.md):
 * where the files live, the append-only attempt log, the summary derived
 * from it, the mastery rules and the review schedule.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Progress is the one thing the program writes, and lab PCs are switched
 * off mid-answer, so every write is either an append of whole lines to the
 * log (one write(), then fsync, under an fcntl lock, which also works on
 * NFS) or a temp file renamed over the old one.  Nothing here ever rewrites
 * the log.  Each line carries a CRC-32, so a line cut off by a crash or
 * spoilt by hand is found, reported as "FILE:LINE: ..." and skipped; the
 * rest is always kept.  The state in memory is exactly what the log says:
 * after each append the handle reads everything new in the log, its own
 * lines and another instance's alike, in file order.
 *
 * fcntl locks belong to the process and are dropped when any descriptor of
 * the file is closed, so a handle keeps one descriptor on its log for
 * everything and never opens the log a second time.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tutor/internal.h"
#include "i18n.h"

#define FORMAT_VERSION 1
#define LOG_MAGIC "tinyllm-progress"
#define SUMMARY_MAGIC "tinyllm-summary"
#define LOG_NAME "attempts.log"
#define SUMMARY_NAME "summary.tsv"
#define SUMMARY_TMP "summary.tsv.tmp"

#define PATH_CAP 4096
#define NAME_CHARS_MAX 40
#define LINE_CAP 4096           /* longer lines in a log are reported and skipped */
#define FIELDS_MAX 16
#define REPORTS_MAX 20          /* damaged lines reported by one open */
#define SKILLS_MAX 2000         /* different skill ids kept (bounds a hostile log) */
#define LESSONS_MAX 20000
#define PENDING_MAX 10000       /* answers waiting for the disk */
#define PROFILES_MAX 100000

/* Field limits: a line outside them is damaged. */
#define SESSION_MAX 1000000000
#define SEQ_MAX 2000000000
#define EXERCISE_MAX 1000000
#define SECONDS_MAX 86400       /* longer answers (the child left) count as a day */
#define HINTS_MAX 1000
#define TIME_MAX INT64_C(253402300799) /* 9999-12-31T23:59:59Z */

/* Mastery (doc/progress-format.md, "Mastery"). */
#define FAMILIAR_RIGHT 3        /* right answers in all */
#define FAMILIAR_WINDOW 5       /* and this many of the last FAMILIAR_WINDOW ... */
#define FAMILIAR_RECENT 3       /* ... right */
#define PROFICIENT_WINDOW 6
#define PROFICIENT_RECENT 5     /* right on their own among the last 6 */
#define LESSON_DONE_RIGHT 5     /* right answers on their own that finish a lesson */

/* Leitner boxes: sessions from the last practice until a review is due. */
#define BOXES 5
static const int box_interval[BOXES] = { 1, 2, 4, 8, 16 };

/* ---- Small helpers ---------------------------------------------------- */

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, _(fmt), ap);
	va_end(ap);
}

/* Joins a directory and a name; -1 when the result would not fit. */
static int join(char *out, size_t cap, const char *dir, const char *name)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	int w = snprintf(out, cap, "%.*s/%s", (int)n, dir, name);
	return w < 0 || (size_t)w >= cap ? -1 : 0;
}

/* write() all of it; a short count is carried on until an error. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Makes a rename or a new name in `dir` durable.  Some file systems cannot
 * fsync a directory (EINVAL); there is nothing more to do on those. */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	while (fsync(fd) < 0 && errno == EINTR)
		;
	close(fd);
}

static void parent_of(const char *path, char *out, size_t cap)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	while (n > 0 && path[n - 1] != '/')
		n--;
	while (n > 1 && path[n - 1] == '/')
		n--;
	if (n == 0)
		snprintf(out, cap, ".");
	else
		snprintf(out, cap, "%.*s", (int)n, path);
}

/* ---- Time: "2026-03-02T09:15:40Z" ------------------------------------- */

static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void format_time(int64_t t, char *out, size_t cap)
{
	int64_t days = t / 86400, secs = t % 86400;
	/* civil_from_days (H. Hinnant), for 1970..9999 */
	int64_t z = days + 719468;
	int64_t era = z / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, (int)m, (int)d,
		 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

static int digits(const char *s, int n, int *v)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

static int parse_time(const char *s, int64_t *t)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h, mi, se;
	if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != 'Z')
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d) ||
	    digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) || digits(s + 17, 2, &se))
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || se > 59)
		return -1;
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -1;
	*t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}

/* ---- Escaping text fields --------------------------------------------- */

/* Appends s escaped so that it holds no tab, newline or control character
 * and is valid UTF-8: \\ \t \n \r, and \xHH for any other control byte or
 * a byte that is not part of valid UTF-8. */
static int put_escaped(char *out, size_t cap, size_t *len, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), w = *len;
	for (size_t i = 0; i < n;) {
		char e[5];
		size_t k = 0;
		unsigned c = p[i];
		size_t seq = c >= 0x80 ? tut_utf8_seq(p + i, n - i) : 1;
		if (c == '\\')
			e[0] = '\\', e[1] = '\\', k = 2;
		else if (c == '\t')
			e[0] = '\\', e[1] = 't', k = 2;
		else if (c == '\n')
			e[0] = '\\', e[1] = 'n', k = 2;
		else if (c == '\r')
			e[0] = '\\', e[1] = 'r', k = 2;
		else if (c < 0x20 || c == 0x7F || seq == 0) {
			snprintf(e, sizeof e, "\\x%02x", c);
			k = 4;
			seq = 1;
		}
		if (k) {
			if (w + k >= cap)
				return -1;
			memcpy(out + w, e, k);
			w += k;
			i++;
		} else {
			if (w + seq >= cap)
				return -1;
			memcpy(out + w, p + i, seq);
			w += seq;
			i += seq;
		}
	}
	out[w] = 0;
	*len = w;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Undoes put_escaped into out (cap bytes with the NUL); -1 on a bad escape,
 * a NUL byte, or when it does not fit. */
static int unescape(const char *s, char *out, size_t cap)
{
	size_t w = 0;
	for (size_t i = 0; s[i]; i++) {
		char c = s[i];
		if (c == '\\') {
			char e = s[++i];
			if (e == '\\')
				c = '\\';
			else if (e == 't')
				c = '\t';
			else if (e == 'n')
				c = '\n';
			else if (e == 'r')
				c = '\r';
			else if (e == 'x') {
				int hi = s[i + 1] ? hexval(s[i + 1]) : -1;
				int lo = hi >= 0 && s[i + 2] ? hexval(s[i + 2]) : -1;
				if (lo < 0 || (hi == 0 && lo == 0))
					return -1;
				c = (char)(hi << 4 | lo);
				i += 2;
			} else
				return -1;
		}
		if (w + 1 >= cap)
			return -1;
		out[w++] = c;
	}
	out[w] = 0;
	return 0;
}

/* ---- Profile names ----------------------------------------------------- */

/* Characters that would be invisible or reorder the text around them, so
 * that two names looking the same on screen are different folders. */
static int invisible(unsigned cp)
{
	return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || cp == 0x00AD;
}

static unsigned decode(const unsigned char *p, size_t k)
{
	if (k == 1)
		return p[0];
	unsigned cp = p[0] & (0x7F >> k);
	for (size_t i = 1; i < k; i++)
		cp = cp << 6 | (p[i] & 0x3F);
	return cp;
}

int tut_profile_name_check(const char *name, char *err, size_t errlen)
{
	if (!name || !*name) {
		set_err(err, errlen, "a name cannot be empty");
		return -1;
	}
	size_t n = strlen(name);
	if (n >= TUT_NAME_MAX) {
		set_err(err, errlen, "a name can be at most %d bytes long", TUT_NAME_MAX - 1);
		return -1;
	}
	if (name[0] == '.') {
		set_err(err, errlen, "a name cannot start with '.'");
		return -1;
	}
	if (name[0] == ' ' || name[n - 1] == ' ') {
		set_err(err, errlen, "a name cannot start or end with a space");
		return -1;
	}
	if (name[n - 1] == '.') {
		set_err(err, errlen, "a name cannot end with '.'");
		return -1;
	}
	const unsigned char *p = (const unsigned char *)name;
	int chars = 0;
	for (size_t i = 0; i < n;) {
		size_t k = tut_utf8_seq(p + i, n - i);
		if (k == 0) {
			set_err(err, errlen, "a name must be valid UTF-8 text");
			return -1;
		}
		unsigned cp = decode(p + i, k);
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
			set_err(err, errlen, "a name cannot contain control characters");
			return -1;
		}
		if (invisible(cp)) {
			set_err(err, errlen, "a name cannot contain invisible characters (U+%04X)", cp);
			return -1;
		}
		if (cp == '/') {
			set_err(err, errlen, "a name cannot contain '/'");
			return -1;
		}
		if (cp < 0x80 && strchr("\\:*?\"<>|", (int)cp)) {
			set_err(err, errlen, "a name cannot contain any of \\ : * ? \" < > |");
			return -1;
		}
		chars++;
		i += k;
	}
	if (chars > NAME_CHARS_MAX) {
		set_err(err, errlen, "a name can be at most %d characters long", NAME_CHARS_MAX);
		return -1;
	}
	return 0;
}

/* ---- Where the files are ------------------------------------------------ */

static int xdg_dir(const char *var, const char *fallback, char *out, size_t cap, char *err,
		   size_t errlen)
{
	const char *v = getenv(var);
	int w;
	/* The XDG spec: a relative path in the variable is ignored. */
	if (v && v[0] == '/') {
		size_t n = strlen(v);
		while (n > 1 && v[n - 1] == '/')
			n--;
		w = snprintf(out, cap, "%.*s/tinyllm", (int)n, v);
	} else {
		const char *home = getenv("HOME");
		if (!home || home[0] != '/') {
			set_err(err, errlen, "HOME is not set to a folder, so there is nowhere to keep "
					     "progress (set %s or HOME, or use --class-dir DIR)", var);
			return -1;
		}
		size_t n = strlen(home);
		while (n > 1 && home[n - 1] == '/')
			n--;
		w = snprintf(out, cap, "%.*s/%s/tinyllm", (int)n, home, fallback);
	}
	if (w < 0 || (size_t)w >= cap) {
		if (fallback[7] == 'h')
			set_err(err, errlen, "the path of the data folder is too long");
		else
			set_err(err, errlen, "the path of the state folder is too long");
		return -1;
	}
	return 0;
}

int tut_data_dir(const char *class_dir, char *out, size_t cap, char *err, size_t errlen)
{
	if (class_dir) {
		size_t n = strlen(class_dir);
		if (n == 0) {
			set_err(err, errlen, "the class folder is empty");
			return -1;
		}
		while (n > 1 && class_dir[n - 1] == '/')
			n--;
		if (n >= cap) {
			set_err(err, errlen, "the class folder's path is too long");
			return -1;
		}
		memcpy(out, class_dir, n);
		out[n] = 0;
		return 0;
	}
	return xdg_dir("XDG_DATA_HOME", ".local/share", out, cap, err, errlen);
}

int tut_state_dir(char *out, size_t cap, char *err, size_t errlen)
{
	return xdg_dir("XDG_STATE_HOME", ".local/state", out, cap, err, errlen);
}

static int same_dir(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	while (na > 1 && a[na - 1] == '/')
		na--;
	while (nb > 1 && b[nb - 1] == '/')
		nb--;
	return na == nb && !memcmp(a, b, na);
}

/* mkdir -p with mode 0700, except that a missing home folder is an error:
 * creating it would hide a broken account behind an empty home. */
static int make_dirs(const char *path, int depth, char *err, size_t errlen)
{
	struct stat st;
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		set_err(err, errlen, "%s is not a folder", path);
		return -1;
	}
	if (errno != ENOENT) {
		set_err(err, errlen, "cannot use the folder %s: %s", path, strerror(errno));
		return -1;
	}
	const char *home = getenv("HOME");
	if (home && *home && same_dir(path, home)) {
		set_err(err, errlen, "the home folder %s does not exist, so progress cannot be saved",
			path);
		return -1;
	}
	if (depth > 64) {
		set_err(err, errlen, "cannot create the folder %s: too deep", path);
		return -1;
	}
	char parent[PATH_CAP];
	parent_of(path, parent, sizeof parent);
	if (strcmp(parent, path) && make_dirs(parent, depth + 1, err, errlen) < 0)
		return -1;
	if (mkdir(path, 0700) < 0 && errno != EEXIST) {
		set_err(err, errlen, "cannot create the folder %s: %s", path, strerror(errno));
		return -1;
	}
	sync_dir(parent);
	return 0;
}

/* A class folder, set up by a teacher to be shared by the class group, is
 * group-writable; its profiles are then shared with the group too. */
static int is_shared(const char *data_dir, int *setgid)
{
	struct stat st;
	if (stat(data_dir, &st) < 0)
		return 0;
	*setgid = (st.st_mode & S_ISGID) != 0;
	return (st.st_mode & S_IWGRP) != 0;
}

/* ---- Profiles ----------------------------------------------------------- */

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void tut_profiles_free(char **names, int n)
{
	if (!names)
		return;
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int tut_profiles_list(const char *data_dir, char ***names, char *err, size_t errlen)
{
	*names = NULL;
	int n = 0, cap = 16;
	char **v = malloc(sizeof *v * (size_t)cap);
	if (!v) {
		set_err(err, errlen, "out of memory");
		return -1;
	}
	v[0] = NULL;
	DIR *d = opendir(data_dir);
	if (!d) {
		if (errno == ENOENT) {
			*names = v;
			return 0;
		}
		set_err(err, errlen, "cannot read the folder %s: %s", data_dir, strerror(errno));
		free(v);
		return -1;
	}
	struct dirent *de;
	while ((de = readdir(d)) && n < PROFILES_MAX) {
		char sub[PATH_CAP], log[PATH_CAP];
		struct stat st;
		if (tut_profile_name_check(de->d_name, NULL, 0) < 0)
			continue;
		if (join(sub, sizeof sub, data_dir, de->d_name) < 0 ||
		    join(log, sizeof log, sub, LOG_NAME) < 0)
			continue;
		/* A profile is a real folder holding a log; anything else in a
		 * shared class folder is not one. */
		if (lstat(sub, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		if (lstat(log, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (n + 1 >= cap) {
			char **nv = realloc(v, sizeof *v * (size_t)(cap * 2));
			if (!nv)
				break;
			v = nv;
			cap *= 2;
		}
		v[n] = strdup(de->d_name);
		if (!v[n])
			break;
		v[++n] = NULL;
	}
	closedir(d);
	qsort(v, (size_t)n, sizeof *v, cmp_names);
	*names = v;
	return n;
}

/* ---- The log's lines ---------------------------------------------------- */

static const char *mastery_names[] = { "new", "attempted", "familiar", "proficient", "mastered" };

const char *tut_mastery_name(enum tut_mastery m)
{
	if ((int)m < 0 || m > TUT_M_MASTERED)
		return "?";
	return mastery_names[m];
}

/* Appends "\t<crc>\n" for the line in buf[0..*len). */
static int finish_line(char *buf, size_t cap, size_t *len)
{
	uint32_t crc = tlm_crc32(0, buf, *len);
	int w = snprintf(buf + *len, cap - *len, "\t%08x\n", (unsigned)crc);
	if (w < 0 || (size_t)w >= cap - *len)
		return -1;
	*len += (size_t)w;
	return 0;
}

static int format_session(char *buf, size_t cap, int session, int64_t when, const char *profile)
{
	char t[32];
	format_time(when, t, sizeof t);
	int w = snprintf(buf, cap, "session\t%d\t%s\t", session, t);
	if (w < 0 || (size_t)w >= cap)
		return -1;
	size_t len = (size_t)w;
	if (put_escaped(buf, cap, &len, profile) < 0 || finish_line(buf, cap, &len) < 0)
		return -1;
	return (int)len;
}

static int format_attempt(char *buf, size_t cap, int session, int seq, const char *profile,
			  const struct tut_attempt *a)
{
	char t[32];
	size_t len;
	format_time(a->when, t, sizeof t);
	int w = snprintf(buf, cap, "attempt\t%d\t%d\t%s\t", session, seq, t);
	if (w < 0 || (size_t)w >= cap)
		return -1;
	len = (size_t)w;
	if (put_escaped(buf, cap, &len, profile) < 0 || len + 1 >= cap)
		return -1;
	buf[len++] = '\t';
	if (put_escaped(buf, cap, &len, a->lesson) < 0)
		return -1;
	w = snprintf(buf + len, cap - len, "\t%d\t", a->exercise);
	if (w < 0 || (size_t)w >= cap - len)
		return -1;
	len += (size_t)w;
	if (put_escaped(buf, cap, &len, a->skill) < 0)
		return -1;
	w = snprintf(buf + len, cap - len, "\t%s\t%d\t%d\t%s\t", a->correct ? "right" : "wrong",
		     a->seconds, a->hints, a->model_help ? "model" : "-");
	if (w < 0 || (size_t)w >= cap - len)
		return -1;
	len += (size_t)w;
	if (put_escaped(buf, cap, &len, a->given) < 0 || finish_line(buf, cap, &len) < 0)
		return -1;
	return (int)len;
}

/* A decimal number in [lo, hi], digits only.  (Ten digits need 64 bits:
 * long is 32 on some of Debian's architectures.) */
static int parse_int(const char *s, long lo, long hi, int *out)
{
	int64_t v = 0;
	if (!*s || strlen(s) > 10)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* ---- Per-skill and per-lesson state ------------------------------------ */

struct skill_state {
	char id[TUT_ID_MAX];          /* first: the index reads it */
	int attempts, correct;
	long seconds;
	int64_t last_seen;
	int box, last_session, due_session;
	/* the latest answers, bit 0 the newest: right at all / right on their own */
	unsigned recent, recent_own;
	int mastered;                 /* confirmed in a later session, still proficient */
	char last_lesson[TUT_ID_MAX];
};

struct lesson_state {
	char id[TUT_ID_MAX];          /* first: the index reads it */
	int answers, right_own;
};

/* String-keyed index into an array whose elements start with their key. */
struct index {
	int *slot;                    /* element + 1; 0 empty */
	size_t cap;                   /* a power of two */
	int n;
};

static size_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int index_find(const struct index *ix, const void *base, size_t size, const char *key)
{
	if (!ix->cap)
		return -1;
	size_t m = ix->cap - 1;
	for (size_t h = hash_str(key) & m;; h = (h + 1) & m) {
		int v = ix->slot[h];
		if (!v)
			return -1;
		if (!strcmp((const char *)base + (size_t)(v - 1) * size, key))
			return v - 1;
	}
}

static int index_put(struct index *ix, const void *base, size_t size, int i)
{
	if ((size_t)(ix->n + 1) * 2 > ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 64;
		int *slot = calloc(cap, sizeof *slot);
		if (!slot)
			return -1;
		for (size_t j = 0; j < ix->cap; j++) {
			int v = ix->slot[j];
			if (!v)
				continue;
			size_t h = hash_str((const char *)base + (size_t)(v - 1) * size) & (cap - 1);
			while (slot[h])
				h = (h + 1) & (cap - 1);
			slot[h] = v;
		}
		free(ix->slot);
		ix->slot = slot;
		ix->cap = cap;
	}
	size_t h = hash_str((const char *)base + (size_t)i * size) & (ix->cap - 1);
	while (ix->slot[h])
		h = (h + 1) & (ix->cap - 1);
	ix->slot[h] = i + 1;
	ix->n++;
	return 0;
}

/* Attempt lines already taken, by (session, seq, crc): a line written
 * again after a failed fsync whose undo also failed counts once. */
struct seen {
	uint64_t *key;                /* session << 32 | seq; 0 empty */
	uint32_t *crc;
	size_t cap, n;
};

/* 1 when already there (nothing added), 0 when added, -1 out of memory. */
static int seen_add(struct seen *s, int session, int seq, uint32_t crc)
{
	uint64_t k = (uint64_t)session << 32 | (uint32_t)seq;
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		uint64_t *key = calloc(cap, sizeof *key);
		uint32_t *c = calloc(cap, sizeof *c);
		if (!key || !c) {
			free(key);
			free(c);
			return -1;
		}
		for (size_t j = 0; j < s->cap; j++) {
			if (!s->key[j])
				continue;
			size_t h = (size_t)(s->key[j] * 0x9E3779B97F4A7C15u >> 20) & (cap - 1);
			while (key[h])
				h = (h + 1) & (cap - 1);
			key[h] = s->key[j];
			c[h] = s->crc[j];
		}
		free(s->key);
		free(s->crc);
		s->key = key;
		s->crc = c;
		s->cap = cap;
	}
	size_t h = (size_t)(k * 0x9E3779B97F4A7C15u >> 20) & (s->cap - 1);
	for (; s->key[h]; h = (h + 1) & (s->cap - 1))
		if (s->key[h] == k && s->crc[h] == crc)
			return 1;
	s->key[h] = k;
	s->crc[h] = crc;
	s->n++;
	return 0;
}

static int popcount(unsigned x)
{
	int n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
}

static enum tut_mastery level_of(const struct skill_state *s)
{
	if (s->attempts == 0)
		return TUT_M_NEW;
	if (popcount(s->recent_own & ((1u << PROFICIENT_WINDOW) - 1)) >= PROFICIENT_RECENT)
		return s->mastered ? TUT_M_MASTERED : TUT_M_PROFICIENT;
	if (s->correct >= FAMILIAR_RIGHT &&
	    popcount(s->recent & ((1u << FAMILIAR_WINDOW) - 1)) >= FAMILIAR_RECENT)
		return TUT_M_FAMILIAR;
	return TUT_M_ATTEMPTED;
}

/* One answer, in log order: the rules of doc/progress-format.md. */
static void skill_apply(struct skill_state *s, const struct tut_attempt *a, int session)
{
	int own = a->correct && !a->hints && !a->model_help;
	int later = s->attempts > 0 && session > s->last_session;
	int was_proficient = level_of(s) >= TUT_M_PROFICIENT;

	if (s->box == 0 || !a->correct)
		s->box = 1;
	else if (later && own && s->box < BOXES)
		s->box++;
	if (was_proficient && later && own)
		s->mastered = 1;

	if (s->attempts < INT_MAX)
		s->attempts++;
	if (a->correct && s->correct < INT_MAX)
		s->correct++;
	if (s->seconds < LONG_MAX - SECONDS_MAX)
		s->seconds += a->seconds;
	if (a->when > s->last_seen)
		s->last_seen = a->when;
	s->recent = (s->recent << 1 | (a->correct != 0)) & 0xFF;
	s->recent_own = (s->recent_own << 1 | (unsigned)own) & 0xFF;
	if (level_of(s) < TUT_M_PROFICIENT)
		s->mastered = 0;
	if (session > s->last_session)
		s->last_session = session;
	s->due_session = s->last_session + box_interval[s->box - 1];
	if (a->lesson[0])
		snprintf(s->last_lesson, sizeof s->last_lesson, "%s", a->lesson);
}

/* ---- The handle --------------------------------------------------------- */

struct pending {
	char *line;                   /* formatted, with its '\n' */
	size_t len;
	int session;
	struct tut_attempt a;
};

struct tut_progress {
	char dir[PATH_CAP], log[PATH_CAP], summary[PATH_CAP];
	char profile[TUT_NAME_MAX];
	int fd;
	int shared;                   /* class folder: files 0660 */
	int readonly;                 /* tut_progress_read: never writes */
	int session, seq, max_session;

	off_t read_off;               /* bytes of the log taken */
	int lineno;                   /* lines of it taken */
	int partial;                  /* the last line taken had no '\n' */
	int header;                   /* 0 not seen, 1 good, -1 bad, or the newer version */
	int header_version;

	struct skill_state *sk;
	int n_sk, cap_sk;
	struct index sk_ix;
	struct lesson_state *ls;
	int n_ls, cap_ls;
	struct index ls_ix;
	struct seen seen;

	struct pending *q;
	int n_q, cap_q;

	/* only while tut_progress_open runs */
	tut_report_fn report;
	void *user;
	int reports;
	int dropped_skills;
};

static void warn(struct tut_progress *pr, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(struct tut_progress *pr, int line, const char *fmt, ...)
{
	char msg[PATH_CAP + 300];
	va_list ap;
	if (!pr->report || pr->reports > REPORTS_MAX)
		return;
	if (pr->reports++ == REPORTS_MAX) {
		snprintf(msg, sizeof msg, _("%s: more damaged lines; not reported"), pr->log);
		pr->report(pr->user, msg);
		return;
	}
	int w = line > 0 ? snprintf(msg, sizeof msg, "%s:%d: ", pr->log, line)
			 : snprintf(msg, sizeof msg, "%s: ", pr->log);
	if (w < 0 || (size_t)w >= sizeof msg)
		w = 0;
	va_start(ap, fmt);
	vsnprintf(msg + w, sizeof msg - (size_t)w, _(fmt), ap);
	va_end(ap);
	pr->report(pr->user, msg);
}

/* The element keyed `id` of a growing array of `size`-byte elements that
 * start with their key, added zeroed when new; NULL when `max` are in use or
 * memory runs out.  *base may move. */
static void *table_get(void **base, int *n, int *cap, size_t size, int max, struct index *ix,
		       const char *id)
{
	int i = index_find(ix, *base, size, id);
	if (i >= 0)
		return (char *)*base + (size_t)i * size;
	if (*n >= max)
		return NULL;
	if (*n == *cap) {
		int c = *cap ? *cap * 2 : 64;
		void *v = realloc(*base, size * (size_t)c);
		if (!v)
			return NULL;
		*base = v;
		*cap = c;
	}
	char *e = (char *)*base + (size_t)*n * size;
	memset(e, 0, size);
	snprintf(e, TUT_ID_MAX, "%s", id);
	if (index_put(ix, *base, size, *n) < 0)
		return NULL;
	(*n)++;
	return e;
}

static struct skill_state *skill_get(struct tut_progress *pr, const char *id)
{
	void *base = pr->sk;
	struct skill_state *s = table_get(&base, &pr->n_sk, &pr->cap_sk, sizeof *pr->sk, SKILLS_MAX,
					  &pr->sk_ix, id);
	pr->sk = base;
	return s;
}

static struct lesson_state *lesson_get(struct tut_progress *pr, const char *id)
{
	void *base = pr->ls;
	struct lesson_state *l = table_get(&base, &pr->n_ls, &pr->cap_ls, sizeof *pr->ls, LESSONS_MAX,
					   &pr->ls_ix, id);
	pr->ls = base;
	return l;
}

static void take_attempt(struct tut_progress *pr, const struct tut_attempt *a, int session)
{
	struct skill_state *s = skill_get(pr, a->skill);
	if (!s) {
		if (!pr->dropped_skills++)
			warn(pr, 0, "too many different skills; the rest are not counted");
		return;
	}
	skill_apply(s, a, session);
	if (a->lesson[0]) {
		struct lesson_state *l = lesson_get(pr, a->lesson);
		if (l) {
			l->answers++;
			if (a->correct && !a->hints && !a->model_help)
				l->right_own++;
		}
	}
}

static void reset_state(struct tut_progress *pr)
{
	pr->n_sk = pr->n_ls = 0;
	free(pr->sk_ix.slot);
	free(pr->ls_ix.slot);
	free(pr->seen.key);
	free(pr->seen.crc);
	memset(&pr->sk_ix, 0, sizeof pr->sk_ix);
	memset(&pr->ls_ix, 0, sizeof pr->ls_ix);
	memset(&pr->seen, 0, sizeof pr->seen);
	pr->read_off = 0;
	pr->lineno = 0;
	pr->partial = 0;
	pr->header = 0;
}

/* ---- Reading the log ---------------------------------------------------- */

/* The first line: "tinyllm-progress N". */
static void take_header(struct tut_progress *pr, const char *s)
{
	size_t m = strlen(LOG_MAGIC);
	int v;
	if (strncmp(s, LOG_MAGIC, m) || s[m] != ' ' || parse_int(s + m + 1, 0, INT_MAX, &v) < 0) {
		pr->header = -1;
		return;
	}
	pr->header_version = v;
	pr->header = v == FORMAT_VERSION ? 1 : v > FORMAT_VERSION ? -2 : -1;
}

/* One line of the log (no '\n'; NUL-terminated in place). */
static void take_line(struct tut_progress *pr, char *s, size_t n, int line, int at_end)
{
	char *f[FIELDS_MAX];
	int nf = 0;
	if (n > 0 && s[n - 1] == '\r')
		s[--n] = 0;
	if (line == 1) {
		take_header(pr, s);
		return;
	}
	if (n == 0 || s[0] == '#')
		return;
	if (memchr(s, 0, n)) {
		warn(pr, line, "damaged line (it holds NUL bytes); skipped");
		return;
	}
	char *tab = strrchr(s, '\t');
	if (!tab) {
		if (at_end)
			warn(pr, line, "incomplete last line (cut off while it was written); skipped");
		else
			warn(pr, line, "damaged line (not tab-separated); skipped");
		return;
	}
	/* The checksum covers everything before the last tab. */
	const char *c = tab + 1;
	uint32_t crc = tlm_crc32(0, s, (size_t)(tab - s));
	if (strcmp(c, "-")) {
		uint32_t want = 0;
		int ok = strlen(c) == 8;
		for (int i = 0; ok && i < 8; i++) {
			int h = hexval(c[i]);
			ok = h >= 0;
			want = want << 4 | (uint32_t)(ok ? h : 0);
		}
		if (!ok || want != crc) {
			if (at_end)
				warn(pr, line, "incomplete last line (cut off while it was written); skipped");
			else
				warn(pr, line, "damaged line (checksum mismatch); skipped");
			return;
		}
	}
	*tab = 0;
	for (char *p = s;;) {
		if (nf == FIELDS_MAX) {
			nf++;
			break;
		}
		f[nf++] = p;
		char *t = strchr(p, '\t');
		if (!t)
			break;
		*t = 0;
		p = t + 1;
	}
	if (!strcmp(f[0], "session")) {
		int sess;
		int64_t when;
		char prof[TUT_NAME_MAX];
		if (nf != 4 || parse_int(f[1], 1, SESSION_MAX, &sess) < 0 || parse_time(f[2], &when) < 0 ||
		    unescape(f[3], prof, sizeof prof) < 0) {
			warn(pr, line, "damaged session line; skipped");
			return;
		}
		if (sess > pr->max_session)
			pr->max_session = sess;
		return;
	}
	if (!strcmp(f[0], "attempt")) {
		struct tut_attempt a;
		char prof[TUT_NAME_MAX];
		int sess, seq;
		memset(&a, 0, sizeof a);
		if (nf != 13 || parse_int(f[1], 1, SESSION_MAX, &sess) < 0 ||
		    parse_int(f[2], 1, SEQ_MAX, &seq) < 0 || parse_time(f[3], &a.when) < 0 ||
		    unescape(f[4], prof, sizeof prof) < 0 ||
		    unescape(f[5], a.lesson, sizeof a.lesson) < 0 ||
		    parse_int(f[6], 0, EXERCISE_MAX, &a.exercise) < 0 ||
		    unescape(f[7], a.skill, sizeof a.skill) < 0 || !a.skill[0] ||
		    (strcmp(f[8], "right") && strcmp(f[8], "wrong")) ||
		    parse_int(f[9], 0, SECONDS_MAX, &a.seconds) < 0 ||
		    parse_int(f[10], 0, HINTS_MAX, &a.hints) < 0 ||
		    (strcmp(f[11], "model") && strcmp(f[11], "-")) ||
		    unescape(f[12], a.given, sizeof a.given) < 0) {
			warn(pr, line, "damaged attempt line; skipped");
			return;
		}
		a.correct = f[8][0] == 'r';
		a.model_help = f[11][0] == 'm';
		int dup = seen_add(&pr->seen, sess, seq, crc);
		if (dup > 0) {
			warn(pr, line, "attempt %d.%d written twice; counted once", sess, seq);
			return;
		}
		if (sess > pr->max_session)
			pr->max_session = sess;
		take_attempt(pr, &a, sess);
		return;
	}
	/* A later version may add kinds of lines that older ones can skip. */
	warn(pr, line, "unknown kind of line; skipped");
}

/* Takes the log from read_off to its end; stops after a first line that
 * is not our header (pr->header says so, and the caller refuses the file). */
static int read_log(struct tut_progress *pr, char *err, size_t errlen)
{
	struct stat st;
	if (fstat(pr->fd, &st) < 0) {
		set_err(err, errlen, "cannot read %s: %s", pr->log, strerror(errno));
		return -1;
	}
	if (st.st_size < pr->read_off) {
		/* Cut short behind our back (restored from a backup, edited):
		 * start again from what is there now. */
		reset_state(pr);
		pr->max_session = 0;
	}
	if (st.st_size == pr->read_off && pr->read_off > 0)
		return 0;                 /* nothing new: the common case */
	char *line = malloc(LINE_CAP + 1);
	char *buf = malloc(65536);
	if (!line || !buf) {
		free(line);
		free(buf);
		set_err(err, errlen, "out of memory");
		return -1;
	}
	size_t ln = 0;
	int too_long = 0, skip_rest = pr->partial;
	off_t off = pr->read_off;
	int rc = 0;
	for (;;) {
		ssize_t k = pread(pr->fd, buf, 65536, off);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			set_err(err, errlen, "cannot read %s: %s", pr->log, strerror(errno));
			rc = -1;
			break;
		}
		if (k == 0)
			break;
		for (ssize_t i = 0; i < k; i++) {
			char c = buf[i];
			if (skip_rest) {
				/* The rest of a line already taken without its '\n'. */
				if (c == '\n') {
					skip_rest = 0;
					pr->partial = 0;
					pr->read_off = off + i + 1;
				}
				continue;
			}
			if (c != '\n') {
				if (ln < LINE_CAP)
					line[ln++] = c;
				else
					too_long = 1;
				continue;
			}
			line[ln] = 0;
			pr->lineno++;
			if (too_long)
				warn(pr, pr->lineno, "line longer than %d bytes; skipped", LINE_CAP);
			else
				take_line(pr, line, ln, pr->lineno, 0);
			ln = 0;
			too_long = 0;
			pr->read_off = off + i + 1;
			if (pr->lineno == 1 && pr->header != 1)
				goto out;
		}
		off += k;
	}
	if (rc == 0 && (ln > 0 || too_long) && !skip_rest) {
		/* A last line without '\n': cut off, or written by hand. */
		line[ln] = 0;
		pr->lineno++;
		if (too_long)
			warn(pr, pr->lineno, "line longer than %d bytes; skipped", LINE_CAP);
		else
			take_line(pr, line, ln, pr->lineno, 1);
		pr->read_off = off;
		pr->partial = 1;
	}
out:
	free(line);
	free(buf);
	return rc;
}

/* ---- Locks -------------------------------------------------------------- */

static int lock_log(struct tut_progress *pr, short type)
{
	struct flock fl;
	memset(&fl, 0, sizeof fl);
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	for (;;) {
		if (fcntl(pr->fd, F_SETLKW, &fl) == 0)
			return 0;
		if (errno == EINTR)
			continue;
		/* No lock service (an NFS mount without lockd): O_APPEND
		 * still keeps each line whole on a local disk; go on. */
		if (errno == ENOLCK || errno == EOPNOTSUPP || errno == EINVAL) {
			/* A reader can only see a line being written cut off,
			 * which the next reading gets whole: not worth a word. */
			if (type == F_WRLCK)
				warn(pr, 0, "cannot lock the file (%s); two copies of TinyLLM must "
					    "not use this profile at once", strerror(errno));
			return 0;
		}
		return -1;
	}
}

static void unlock_log(struct tut_progress *pr)
{
	struct flock fl;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_UNLCK;
	fl.l_whence = SEEK_SET;
	fcntl(pr->fd, F_SETLK, &fl);
}

/* ---- Writing ------------------------------------------------------------ */

static const char *why(int e)
{
	switch (e) {
	case ENOSPC:
		return _("the disk is full");
	case EDQUOT:
		return _("the disk quota is used up");
	case EFBIG:
		return _("the file size limit is reached");
	case EROFS:
		return _("the disk is read-only");
	case EACCES:
	case EPERM:
		return _("no permission to write");
	default:
		return strerror(e);
	}
}

/* Appends `data` (whole lines) under the write lock, durably: one write(),
 * then fsync.  On failure the file is cut back to its old length, so no
 * partial line is left behind; if even that fails, the partial line has a
 * bad checksum and no '\n', and the next append ends it first. */
static int append_locked(struct tut_progress *pr, const char *data, size_t len, char *err,
			 size_t errlen)
{
	struct stat st;
	if (fstat(pr->fd, &st) < 0) {
		set_err(err, errlen, "cannot save to %s: %s", pr->log, strerror(errno));
		return -1;
	}
	char *buf = malloc(len + 1);
	if (!buf) {
		set_err(err, errlen, "out of memory");
		return -1;
	}
	size_t n = 0;
	char last = '\n';
	if (st.st_size > 0 && pread(pr->fd, &last, 1, st.st_size - 1) != 1)
		last = '\n';
	if (last != '\n')
		buf[n++] = '\n';
	memcpy(buf + n, data, len);
	n += len;
	int rc = write_all(pr->fd, buf, n);
	if (rc == 0)
		while ((rc = fsync(pr->fd)) < 0 && errno == EINTR)
			;
	free(buf);
	if (rc < 0) {
		int e = errno;
		if (ftruncate(pr->fd, st.st_size) == 0)
			(void)fsync(pr->fd);
		set_err(err, errlen, "cannot save to %s: %s", pr->log, why(e));
		errno = e;
		return -1;
	}
	return 0;
}

/* A log moved away or replaced (a backup put back with mv) while open:
 * appends to the old file would be lost without a word. */
static int same_file(struct tut_progress *pr, char *err, size_t errlen)
{
	struct stat held, now;
	if (fstat(pr->fd, &held) == 0 && stat(pr->log, &now) == 0 && held.st_dev == now.st_dev &&
	    held.st_ino == now.st_ino)
		return 0;
	set_err(err, errlen, "cannot save to %s: the file was moved, removed or replaced while in "
			     "use; start TinyLLM again to go on saving", pr->log);
	return -1;
}

/* Writes the queue of answers waiting for the disk, under the lock, and
 * then takes everything new in the log. */
static int flush_locked(struct tut_progress *pr, char *err, size_t errlen)
{
	if (same_file(pr, err, errlen) < 0 || read_log(pr, err, errlen) < 0)
		return -1;
	if (pr->header != 1) {
		set_err(err, errlen, "cannot save to %s: it was changed while in use and is no longer a "
				     "progress log of this version; it is left as it is", pr->log);
		return -1;
	}
	if (pr->n_q > 0) {
		size_t total = 0;
		for (int i = 0; i < pr->n_q; i++)
			total += pr->q[i].len;
		char *all = malloc(total ? total : 1);
		if (!all) {
			set_err(err, errlen, "out of memory");
			return -1;
		}
		size_t w = 0;
		for (int i = 0; i < pr->n_q; i++) {
			memcpy(all + w, pr->q[i].line, pr->q[i].len);
			w += pr->q[i].len;
		}
		int rc = append_locked(pr, all, total, err, errlen);
		free(all);
		if (rc < 0)
			return -1;
		for (int i = 0; i < pr->n_q; i++)
			free(pr->q[i].line);
		pr->n_q = 0;
	}
	return read_log(pr, err, errlen);
}

/* ---- The summary -------------------------------------------------------- */

static int cmp_skill_ids(const void *a, const void *b)
{
	const struct skill_state *x = *(const struct skill_state *const *)a;
	const struct skill_state *y = *(const struct skill_state *const *)b;
	return strcmp(x->id, y->id);
}

/* The summary's text: the known skills in curriculum order, then any others
 * (from another version's curriculum) by name. */
static char *summary_text(const struct tut_progress *pr, size_t *len)
{
	size_t cap = 512 + (size_t)pr->n_sk * (4 * TUT_ID_MAX + 120);
	char *out = malloc(cap);
	const struct skill_state **v = malloc(sizeof *v * (size_t)(pr->n_sk + 1));
	if (!out || !v) {
		free(out);
		free(v);
		return NULL;
	}
	int nv = 0, ns = 0;
	const struct tut_skill *skills = tut_skills(&ns);
	char *used = calloc((size_t)pr->n_sk + 1, 1);
	if (!used) {
		free(out);
		free(v);
		return NULL;
	}
	for (int i = 0; i < ns; i++) {
		int j = index_find(&pr->sk_ix, pr->sk, sizeof *pr->sk, skills[i].id);
		if (j >= 0 && !used[j]) {
			used[j] = 1;
			v[nv++] = &pr->sk[j];
		}
	}
	int known = nv;
	for (int j = 0; j < pr->n_sk; j++)
		if (!used[j])
			v[nv++] = &pr->sk[j];
	free(used);
	qsort(v + known, (size_t)(nv - known), sizeof *v, cmp_skill_ids);

	size_t w = 0;
	int k = snprintf(out, cap,
			 "%s %d\n"
			 "# Made from %s by TinyLLM; when the two disagree, the log is right.\n"
			 "sessions\t%d\n"
			 "# skill\tlevel\tattempts\tright\tseconds\tlast_seen\tbox\tdue_session\n",
			 SUMMARY_MAGIC, FORMAT_VERSION, LOG_NAME, pr->max_session);
	w = (size_t)k;
	for (int i = 0; i < nv; i++) {
		const struct skill_state *s = v[i];
		char t[32];
		size_t at = w;
		format_time(s->last_seen, t, sizeof t);
		if (put_escaped(out, cap, &w, s->id) < 0)
			break;
		k = snprintf(out + w, cap - w, "\t%s\t%d\t%d\t%ld\t%s\t%d\t%d\n",
			     tut_mastery_name(level_of(s)), s->attempts, s->correct, s->seconds, t,
			     s->box, s->due_session);
		if (k < 0 || (size_t)k >= cap - w) {
			w = at;
			break;
		}
		w += (size_t)k;
	}
	free(v);
	*len = w;
	return out;
}

/* Rewrites summary.tsv when it differs from the log, under the log's lock
 * (so the temp file's fixed name is never written by two at once).  The
 * summary is a convenience: failures are reported, never fatal. */
static void write_summary(struct tut_progress *pr)
{
	size_t len;
	char *text = summary_text(pr, &len);
	if (!text)
		return;
	int fd = open(pr->summary, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0) {
		char *old = malloc(len + 2);
		ssize_t k = 0;
		if (old) {
			size_t got = 0;
			while (got < len + 1 && (k = read(fd, old + got, len + 1 - got)) > 0)
				got += (size_t)k;
			size_t m = strlen(SUMMARY_MAGIC);
			int v;
			char head[32];
			size_t h = 0;
			while (h < got && h < sizeof head - 1 && old[h] != '\n')
				head[h] = old[h], h++;
			head[h] = 0;
			if (!strncmp(head, SUMMARY_MAGIC, m) && head[m] == ' ' &&
			    parse_int(head + m + 1, 0, INT_MAX, &v) == 0 && v > FORMAT_VERSION) {
				warn(pr, 0, "%s is from a newer TinyLLM (summary format %d); left as it is",
				     pr->summary, v);
				free(old);
				close(fd);
				free(text);
				return;
			}
			if (got == len && !memcmp(old, text, len)) {
				free(old);
				close(fd);
				free(text);
				return;
			}
			if (strncmp(head, SUMMARY_MAGIC, m) || head[m] != ' ')
				warn(pr, 0, "%s is damaged; made again from the log", pr->summary);
			free(old);
		}
		close(fd);
	}
	char tmp[PATH_CAP];
	if (join(tmp, sizeof tmp, pr->dir, SUMMARY_TMP) < 0) {
		free(text);
		return;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	int rc = fd < 0 ? -1 : 0;
	if (rc == 0 && pr->shared)
		(void)fchmod(fd, 0660);
	if (rc == 0)
		rc = write_all(fd, text, len);
	if (rc == 0)
		while ((rc = fsync(fd)) < 0 && errno == EINTR)
			;
	int e = errno;
	if (fd >= 0 && close(fd) < 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (rc == 0 && rename(tmp, pr->summary) < 0) {
		rc = -1;
		e = errno;
	}
	if (rc < 0) {
		if (fd >= 0)
			unlink(tmp);
		warn(pr, 0, "cannot update %s: %s (the log has everything)", pr->summary, why(e));
	} else {
		sync_dir(pr->dir);
	}
	free(text);
}

/* ---- Creating files ----------------------------------------------------- */

/* Creates the log with its header, whole or not at all: a temp file linked
 * to the final name (link never replaces a log that another copy of the
 * program made meanwhile).  Where hard links are not supported, O_EXCL;
 * a header cut short there is mended by open. */
static int create_log(const char *dir, const char *log, int shared, char *err, size_t errlen)
{
	char header[64], tmp[PATH_CAP], name[64];
	int hl = snprintf(header, sizeof header, "%s %d\n", LOG_MAGIC, FORMAT_VERSION);
	mode_t mode = shared ? 0660 : 0600;
	static unsigned counter;
	snprintf(name, sizeof name, "%s.new.%ld.%u", LOG_NAME, (long)getpid(), counter++);
	if (join(tmp, sizeof tmp, dir, name) < 0) {
		set_err(err, errlen, "the path of %s is too long", log);
		return -1;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0) {
		set_err(err, errlen, "cannot create %s: %s", log, why(errno));
		return -1;
	}
	if (shared)
		(void)fchmod(fd, mode);
	int rc = write_all(fd, header, (size_t)hl);
	if (rc == 0)
		while ((rc = fsync(fd)) < 0 && errno == EINTR)
			;
	int e = errno;
	close(fd);
	if (rc < 0) {
		unlink(tmp);
		set_err(err, errlen, "cannot create %s: %s", log, why(e));
		return -1;
	}
	if (link(tmp, log) < 0) {
		e = errno;
		unlink(tmp);
		if (e == EEXIST)
			return 0;
		if (e != EPERM && e != ENOSYS && e != EOPNOTSUPP && e != EMLINK) {
			set_err(err, errlen, "cannot create %s: %s", log, why(e));
			return -1;
		}
		fd = open(log, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
		if (fd < 0) {
			if (errno == EEXIST)
				return 0;
			set_err(err, errlen, "cannot create %s: %s", log, why(errno));
			return -1;
		}
		if (shared)
			(void)fchmod(fd, mode);
		rc = write_all(fd, header, (size_t)hl);
		if (rc == 0)
			rc = fsync(fd);
		e = errno;
		close(fd);
		if (rc < 0) {
			set_err(err, errlen, "cannot create %s: %s", log, why(e));
			return -1;
		}
	} else {
		unlink(tmp);
	}
	sync_dir(dir);
	return 0;
}

/* The profile's folder (and the data folder); `exist_ok` 0 refuses a
 * profile that is already there. */
static int make_profile(const char *data_dir, const char *name, int exist_ok, char *dir,
			int *shared, char *err, size_t errlen)
{
	int setgid = 0;
	if (tut_profile_name_check(name, err, errlen) < 0)
		return -1;
	if (!data_dir || !*data_dir) {
		set_err(err, errlen, "no data folder given");
		return -1;
	}
	if (join(dir, PATH_CAP, data_dir, name) < 0) {
		set_err(err, errlen, "the path of the profile %s is too long", name);
		return -1;
	}
	if (make_dirs(data_dir, 0, err, errlen) < 0)
		return -1;
	*shared = is_shared(data_dir, &setgid);
	struct stat st;
	if (lstat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			set_err(err, errlen, "%s is not a folder", dir);
			return -1;
		}
		if (!exist_ok) {
			char log[PATH_CAP];
			if (join(log, sizeof log, dir, LOG_NAME) == 0 && lstat(log, &st) == 0) {
				set_err(err, errlen, "there is already a profile named %s", name);
				return -1;
			}
		}
		return 0;
	}
	if (mkdir(dir, *shared ? 0770 : 0700) < 0 && errno != EEXIST) {
		set_err(err, errlen, "cannot create the folder %s: %s", dir, why(errno));
		return -1;
	}
	/* umask may have taken the group's bits off a shared profile. */
	if (*shared)
		(void)chmod(dir, setgid ? 02770 : 0770);
	sync_dir(data_dir);
	return 0;
}

int tut_profile_create(const char *data_dir, const char *name, char *err, size_t errlen)
{
	char dir[PATH_CAP], log[PATH_CAP];
	int shared = 0;
	if (make_profile(data_dir, name, 0, dir, &shared, err, errlen) < 0)
		return -1;
	if (join(log, sizeof log, dir, LOG_NAME) < 0) {
		set_err(err, errlen, "the path of the profile %s is too long", name);
		return -1;
	}
	if (create_log(dir, log, shared, err, errlen) < 0) {
		rmdir(dir);               /* only when empty: never loses a file */
		return -1;
	}
	return 0;
}

/* ---- Opening and closing ------------------------------------------------ */

static void free_all(struct tut_progress *pr)
{
	if (pr->fd >= 0)
		close(pr->fd);
	for (int i = 0; i < pr->n_q; i++)
		free(pr->q[i].line);
	free(pr->q);
	free(pr->sk);
	free(pr->ls);
	free(pr->sk_ix.slot);
	free(pr->ls_ix.slot);
	free(pr->seen.key);
	free(pr->seen.crc);
	free(pr);
}

/* 1 when the log is empty, or holds only the start of its header (creation
 * cut short where hard links are not supported): a profile with nothing in
 * it yet. */
static int short_header(struct tut_progress *pr, char *header, int *hl)
{
	char have[64];
	*hl = snprintf(header, 64, "%s %d\n", LOG_MAGIC, FORMAT_VERSION);
	struct stat st;
	if (fstat(pr->fd, &st) < 0 || st.st_size >= *hl)
		return 0;
	ssize_t k = pread(pr->fd, have, (size_t)st.st_size, 0);
	return k == (ssize_t)st.st_size && !memcmp(have, header, (size_t)k);
}

/* Such a log has nothing to lose, so the header is written again. */
static int mend_header(struct tut_progress *pr, char *err, size_t errlen)
{
	char header[64];
	int hl;
	if (!short_header(pr, header, &hl))
		return 0;
	if (ftruncate(pr->fd, 0) < 0 || write_all(pr->fd, header, (size_t)hl) < 0 || fsync(pr->fd) < 0) {
		set_err(err, errlen, "cannot write %s: %s", pr->log, why(errno));
		return -1;
	}
	return 0;
}

/* After reading: a log of another version or another kind is refused. */
static int check_header(struct tut_progress *pr, char *err, size_t errlen)
{
	if (pr->header == -2) {
		set_err(err, errlen, "%s was written by a newer TinyLLM (progress format %d; this one "
				     "reads format %d); it is left as it is", pr->log,
			pr->header_version, FORMAT_VERSION);
		return -1;
	}
	if (pr->header != 1) {
		set_err(err, errlen, "%s:1: not a TinyLLM progress file (it must start with "
				     "\"%s %d\"); it is left as it is", pr->log, LOG_MAGIC,
			FORMAT_VERSION);
		return -1;
	}
	return 0;
}

static int open_locked(struct tut_progress *pr, char *err, size_t errlen)
{
	if (mend_header(pr, err, errlen) < 0 || read_log(pr, err, errlen) < 0 ||
	    check_header(pr, err, errlen) < 0)
		return -1;
	if (pr->max_session >= SESSION_MAX) {
		set_err(err, errlen, "%s: too many sessions", pr->log);
		return -1;
	}
	pr->session = pr->max_session + 1;
	char line[LINE_CAP];
	int n = format_session(line, sizeof line, pr->session, (int64_t)time(NULL), pr->profile);
	if (n < 0) {
		set_err(err, errlen, "%s: cannot write the session line", pr->log);
		return -1;
	}
	if (append_locked(pr, line, (size_t)n, err, errlen) < 0)
		return -1;
	if (read_log(pr, err, errlen) < 0)
		return -1;
	write_summary(pr);
	return 0;
}

int tut_progress_open(const char *data_dir, const char *profile, struct tut_progress **out,
		      tut_report_fn report, void *user, char *err, size_t errlen)
{
	*out = NULL;
	struct tut_progress *pr = calloc(1, sizeof *pr);
	if (!pr) {
		set_err(err, errlen, "out of memory");
		return -1;
	}
	pr->fd = -1;
	pr->report = report;
	pr->user = user;
	if (make_profile(data_dir, profile, 1, pr->dir, &pr->shared, err, errlen) < 0) {
		free_all(pr);
		return -1;
	}
	snprintf(pr->profile, sizeof pr->profile, "%s", profile);
	if (join(pr->log, sizeof pr->log, pr->dir, LOG_NAME) < 0 ||
	    join(pr->summary, sizeof pr->summary, pr->dir, SUMMARY_NAME) < 0) {
		set_err(err, errlen, "the path of the profile %s is too long", profile);
		free_all(pr);
		return -1;
	}
	for (int tries = 0; pr->fd < 0; tries++) {
		pr->fd = open(pr->log, O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
		if (pr->fd >= 0)
			break;
		if (errno != ENOENT || tries > 0) {
			if (errno == ELOOP)
				set_err(err, errlen, "%s is a symbolic link; not used", pr->log);
			else
				set_err(err, errlen, "cannot open %s: %s; progress will not be saved",
					pr->log, why(errno));
			free_all(pr);
			return -1;
		}
		if (create_log(pr->dir, pr->log, pr->shared, err, errlen) < 0) {
			free_all(pr);
			return -1;
		}
	}
	struct stat st;
	if (fstat(pr->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		set_err(err, errlen, "%s is not a regular file", pr->log);
		free_all(pr);
		return -1;
	}
	if (lock_log(pr, F_WRLCK) < 0) {
		set_err(err, errlen, "cannot lock %s: %s", pr->log, strerror(errno));
		free_all(pr);
		return -1;
	}
	int rc = open_locked(pr, err, errlen);
	unlock_log(pr);
	pr->report = NULL;
	pr->user = NULL;
	if (rc < 0) {
		free_all(pr);
		return -1;
	}
	*out = pr;
	return 0;
}

int tut_progress_read(const char *data_dir, const char *profile, struct tut_progress **out,
		      tut_report_fn report, void *user, char *err, size_t errlen)
{
	*out = NULL;
	if (tut_profile_name_check(profile, err, errlen) < 0)
		return -1;
	if (!data_dir || !*data_dir) {
		set_err(err, errlen, "no data folder given");
		return -1;
	}
	struct tut_progress *pr = calloc(1, sizeof *pr);
	if (!pr) {
		set_err(err, errlen, "out of memory");
		return -1;
	}
	pr->fd = -1;
	pr->readonly = 1;
	pr->report = report;
	pr->user = user;
	snprintf(pr->profile, sizeof pr->profile, "%s", profile);
	if (join(pr->dir, sizeof pr->dir, data_dir, profile) < 0 ||
	    join(pr->log, sizeof pr->log, pr->dir, LOG_NAME) < 0 ||
	    join(pr->summary, sizeof pr->summary, pr->dir, SUMMARY_NAME) < 0) {
		set_err(err, errlen, "the path of the profile %s is too long", profile);
		free_all(pr);
		return -1;
	}
	/* O_NONBLOCK: a FIFO put in the log's place must not hang a report. */
	pr->fd = open(pr->log, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
	if (pr->fd < 0) {
		if (errno == ENOENT)
			set_err(err, errlen, "there is no profile named %s in %s", profile, data_dir);
		else if (errno == ELOOP)
			set_err(err, errlen, "%s is a symbolic link; not used", pr->log);
		else
			set_err(err, errlen, "cannot read %s: %s", pr->log, strerror(errno));
		free_all(pr);
		return -1;
	}
	struct stat st;
	if (fstat(pr->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		set_err(err, errlen, "%s is not a regular file", pr->log);
		free_all(pr);
		return -1;
	}
	int fl = fcntl(pr->fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(pr->fd, F_SETFL, fl & ~O_NONBLOCK);
	/* The read lock waits for a writer's append to be whole. */
	if (lock_log(pr, F_RDLCK) < 0) {
		set_err(err, errlen, "cannot lock %s: %s", pr->log, strerror(errno));
		free_all(pr);
		return -1;
	}
	char header[64];
	int hl, rc = 0;
	if (short_header(pr, header, &hl))
		pr->header = 1;           /* what open would mend: no answers yet */
	else
		rc = read_log(pr, err, errlen) < 0 || check_header(pr, err, errlen) < 0 ? -1 : 0;
	unlock_log(pr);
	pr->report = NULL;
	pr->user = NULL;
	if (rc < 0) {
		free_all(pr);
		return -1;
	}
	pr->session = pr->max_session < SESSION_MAX ? pr->max_session + 1 : SESSION_MAX;
	*out = pr;
	return 0;
}

static int text_ok(const char *s, size_t cap)
{
	return memchr(s, 0, cap) != NULL;
}

int tut_progress_record(struct tut_progress *pr, const struct tut_attempt *a, char *err,
			size_t errlen)
{
	if (pr && pr->readonly) {
		set_err(err, errlen, "cannot save to %s: the profile was opened read-only, for a "
				     "report; the answer is not saved", pr->log);
		return -1;
	}
	if (!pr || !a || !text_ok(a->lesson, sizeof a->lesson) || !text_ok(a->skill, sizeof a->skill) ||
	    !text_ok(a->given, sizeof a->given) || !a->skill[0] || a->exercise < 0 ||
	    a->exercise > EXERCISE_MAX || a->seconds < 0 || a->hints < 0) {
		set_err(err, errlen, "not a valid attempt (no skill, or a number out of range)");
		return -1;
	}
	if (pr->n_q >= PENDING_MAX) {
		set_err(err, errlen, "cannot save to %s: too many answers are waiting to be saved; "
				     "this one is lost", pr->log);
		return -1;
	}
	if (pr->seq >= SEQ_MAX) {
		set_err(err, errlen, "cannot save to %s: too many answers in one session", pr->log);
		return -1;
	}
	struct pending p;
	p.a = *a;
	p.a.correct = a->correct != 0;
	p.a.model_help = a->model_help != 0;
	if (p.a.seconds > SECONDS_MAX)
		p.a.seconds = SECONDS_MAX;
	if (p.a.hints > HINTS_MAX)
		p.a.hints = HINTS_MAX;
	if (p.a.when < 0)
		p.a.when = 0;
	if (p.a.when > TIME_MAX)
		p.a.when = TIME_MAX;
	p.session = pr->session;
	char line[LINE_CAP];
	int n = format_attempt(line, sizeof line, pr->session, pr->seq + 1, pr->profile, &p.a);
	if (n < 0 || !(p.line = malloc((size_t)n))) {
		set_err(err, errlen, "cannot save to %s: out of memory", pr->log);
		return -1;
	}
	memcpy(p.line, line, (size_t)n);
	p.len = (size_t)n;
	if (pr->n_q == pr->cap_q) {
		int cap = pr->cap_q ? pr->cap_q * 2 : 8;
		struct pending *v = realloc(pr->q, sizeof *v * (size_t)cap);
		if (!v) {
			free(p.line);
			set_err(err, errlen, "cannot save to %s: out of memory", pr->log);
			return -1;
		}
		pr->q = v;
		pr->cap_q = cap;
	}
	pr->q[pr->n_q++] = p;
	pr->seq++;
	if (lock_log(pr, F_WRLCK) < 0) {
		set_err(err, errlen, "cannot lock %s: %s (the answer is kept and saved later)",
			pr->log, strerror(errno));
		return -1;
	}
	int rc = flush_locked(pr, err, errlen);
	unlock_log(pr);
	if (rc < 0) {
		size_t k = err ? strlen(err) : 0;
		if (err && k + 1 < errlen)
			snprintf(err + k, errlen - k, " (%d answer%s kept, saved when possible)",
				 pr->n_q, pr->n_q == 1 ? "" : "s");
		return -1;
	}
	return 0;
}

int tut_progress_session(const struct tut_progress *pr)
{
	return pr ? pr->session : 0;
}

/* A skill as the log has it plus the answers still waiting for the disk,
 * so practice adapts even while nothing can be saved. */
static void skill_view(const struct tut_progress *pr, const char *id, struct skill_state *out)
{
	int i = index_find(&pr->sk_ix, pr->sk, sizeof *pr->sk, id);
	if (i >= 0)
		*out = pr->sk[i];
	else {
		memset(out, 0, sizeof *out);
		snprintf(out->id, sizeof out->id, "%s", id);
	}
	for (int j = 0; j < pr->n_q; j++)
		if (!strcmp(pr->q[j].a.skill, id))
			skill_apply(out, &pr->q[j].a, pr->q[j].session);
}

static int lesson_right_own(const struct tut_progress *pr, const char *id)
{
	int i = index_find(&pr->ls_ix, pr->ls, sizeof *pr->ls, id);
	int n = i >= 0 ? pr->ls[i].right_own : 0;
	for (int j = 0; j < pr->n_q; j++) {
		const struct tut_attempt *a = &pr->q[j].a;
		if (!strcmp(a->lesson, id) && a->correct && !a->hints && !a->model_help)
			n++;
	}
	return n;
}

void tut_progress_skill(const struct tut_progress *pr, const char *skill,
			struct tut_skill_progress *out)
{
	memset(out, 0, sizeof *out);
	out->mastery = TUT_M_NEW;
	if (!pr || !skill)
		return;
	struct skill_state s;
	skill_view(pr, skill, &s);
	out->mastery = level_of(&s);
	out->attempts = s.attempts;
	out->correct = s.correct;
	out->seconds = s.seconds;
	out->last_seen = s.last_seen;
	out->box = s.box;
	out->due_session = s.due_session;
}

/* ---- What to practise next ----------------------------------------------- */

static enum tut_mastery lesson_level(const struct tut_progress *pr, const struct tut_lesson *l)
{
	struct skill_state s;
	if (!l->skill)
		return TUT_M_MASTERED;
	skill_view(pr, l->skill->id, &s);
	return level_of(&s);
}

static int lesson_done(const struct tut_progress *pr, const struct tut_lesson *l)
{
	int need = tut_lesson_count(l);
	if (need > LESSON_DONE_RIGHT || need <= 0)
		need = LESSON_DONE_RIGHT;
	return lesson_right_own(pr, l->id) >= need;
}

/* A prerequisite is met when its lesson is done or its skill is at least
 * proficient; one missing from the bank is no obstacle (the bank check
 * reports it). */
static int prereqs_met(const struct tut_progress *pr, const struct tut_bank *b,
		       const struct tut_lesson *l)
{
	for (int i = 0; i < l->n_prereq && i < TUT_PREREQ_MAX; i++) {
		const struct tut_lesson *p = tut_bank_find(b, l->prereq[i]);
		if (p && !lesson_done(pr, p) && lesson_level(pr, p) < TUT_M_PROFICIENT)
			return 0;
	}
	return 1;
}

const struct tut_lesson *tut_progress_next(const struct tut_progress *pr, const struct tut_bank *b)
{
	if (!pr || !b || b->n <= 0)
		return NULL;
	/* 1: reviews due, the most overdue first, then the lowest box, then
	 * curriculum order; each in the lesson where it was last practised. */
	const struct tut_lesson *best = NULL;
	int best_over = 0, best_box = 0;
	for (int i = 0; i < b->n; i++) {
		const struct tut_lesson *l = &b->lessons[i];
		if (!l->skill)
			continue;
		/* each skill once: at its first lesson in the bank */
		int first = 1;
		for (int j = 0; j < i && first; j++)
			if (b->lessons[j].skill == l->skill)
				first = 0;
		if (!first)
			continue;
		struct skill_state s;
		skill_view(pr, l->skill->id, &s);
		if (s.box == 0 || s.due_session > pr->session)
			continue;
		int over = pr->session - s.due_session;
		if (best && (over < best_over || (over == best_over && s.box >= best_box)))
			continue;
		const struct tut_lesson *at = s.last_lesson[0] ? tut_bank_find(b, s.last_lesson) : NULL;
		if (!at || at->skill != l->skill)
			at = l;
		best = at;
		best_over = over;
		best_box = s.box;
	}
	if (best)
		return best;
	/* 2: new work: the first lesson not done, whose skill is not
	 * mastered, and whose prerequisites are met. */
	for (int i = 0; i < b->n; i++) {
		const struct tut_lesson *l = &b->lessons[i];
		if (lesson_level(pr, l) < TUT_M_MASTERED && !lesson_done(pr, l) && prereqs_met(pr, b, l))
			return l;
	}
	/* 3: every lesson done: the first whose skill still waits for its
	 * confirmation in a later session (or slipped back). */
	for (int i = 0; i < b->n; i++)
		if (lesson_level(pr, &b->lessons[i]) < TUT_M_MASTERED)
			return &b->lessons[i];
	return NULL;
}

void tut_progress_close(struct tut_progress *pr)
{
	if (!pr)
		return;
	/* Last try for answers still waiting; the summary brought up to date.
	 * A read-only handle has neither to do. */
	if (!pr->readonly && lock_log(pr, F_WRLCK) == 0) {
		char err[8];
		if (flush_locked(pr, err, sizeof err) == 0)
			write_summary(pr);
		unlock_log(pr);
	}
	free_all(pr);
}
