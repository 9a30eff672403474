/* config.c: the settings file, so that a lab admin can point every account
 * at the class folder once instead of on every command line.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Read in order, later ones winning: $(sysconfdir)/tinyllm.conf, then
 * $XDG_CONFIG_HOME/tinyllm/config (default ~/.config/tinyllm/config), or
 * only $TINYLLM_CONFIG when it is set.  The command line wins over both.
 * Lines are "name = value"; '#' starts a comment.  A mistake stops the
 * program with FILE:LINE: rather than being silently ignored, since a
 * mistyped class folder would scatter a class's progress.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "i18n.h"

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = 0;
	return s;
}

static int set(char *dst, size_t cap, const char *v, const char *file, int line,
	       char *err, size_t errlen)
{
	if (!v[0] || strlen(v) >= cap) {
		snprintf(err, errlen, _("%s:%d: the value must be a path of 1 to %zu bytes"), file,
			 line, cap - 1);
		return -1;
	}
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

/* Reads one file; a missing file is fine (0), a bad one is -1. */
static int read_file(const char *path, struct settings *s, int must_exist, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT && !must_exist)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	int line = 0, rc = 0;
	while (rc == 0 && (n = getline(&buf, &cap, f)) >= 0) {
		line++;
		if (n > 8191) {
			snprintf(err, errlen, _("%s:%d: the line is too long"), path, line);
			rc = -1;
			break;
		}
		if (memchr(buf, 0, (size_t)n)) {
			snprintf(err, errlen, _("%s:%d: a NUL byte (this is not a text file)"), path, line);
			rc = -1;
			break;
		}
		char *t = trim(buf);
		if (!t[0] || t[0] == '#')
			continue;
		char *eq = strchr(t, '=');
		if (!eq) {
			snprintf(err, errlen, _("%s:%d: expected 'name = value'"), path, line);
			rc = -1;
			break;
		}
		*eq = 0;
		char *name = trim(t), *value = trim(eq + 1);
		if (!strcmp(name, "class-dir"))
			rc = set(s->class_dir, sizeof s->class_dir, value, path, line, err, errlen);
		else if (!strcmp(name, "model"))
			rc = set(s->model, sizeof s->model, value, path, line, err, errlen);
		else if (!strcmp(name, "lessons"))
			rc = set(s->lessons, sizeof s->lessons, value, path, line, err, errlen);
		else if (!strcmp(name, "threads")) {
			if (parse_int(value, 1, 64, &s->threads)) {
				snprintf(err, errlen, _("%s:%d: threads takes 1 to 64, not '%s'"), path, line, value);
				rc = -1;
			}
		} else {
			snprintf(err, errlen, _("%s:%d: unknown setting '%s' (known: class-dir, model, lessons, threads)"),
				 path, line, name);
			rc = -1;
		}
	}
	if (rc == 0 && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	free(buf);
	fclose(f);
	return rc;
}

int load_settings(struct settings *s, char *err, size_t errlen)
{
	memset(s, 0, sizeof *s);
	const char *only = getenv("TINYLLM_CONFIG");
	if (only && only[0])
		return read_file(only, s, 1, err, errlen);
	if (read_file(SYSCONFDIR "/tinyllm.conf", s, 0, err, errlen))
		return -1;
	char path[4096];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		snprintf(path, sizeof path, "%s/tinyllm/config", xdg);
	else if (home && home[0] == '/')
		snprintf(path, sizeof path, "%s/.config/tinyllm/config", home);
	else
		return 0;
	return read_file(path, s, 0, err, errlen);
}
