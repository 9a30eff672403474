/* modelpath.c: where the program looks for its model.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * An installed program uses $(pkgdatadir); one run from its build tree uses
 * the model beside its source, found from the executable's own path, so a
 * fresh checkout works with no install and no environment.
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "i18n.h"

#define MODEL_FILE "tinyllm.tlm"

int parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int usable(const char *p, int want_dir)
{
	struct stat st;
	if (stat(p, &st) != 0)
		return 0;
	return want_dir ? S_ISDIR(st.st_mode) && access(p, R_OK | X_OK) == 0
			: access(p, R_OK) == 0;
}

char *find_data(const char *opt, const char *env_name, const char *name, int want_dir,
		const char *not_found, const char *hint, char *err, size_t errlen)
{
	char tried[2][PATH_MAX + 32];
	int n = 0;
	const char *env = getenv(env_name);

	if (opt)
		return strdup(opt);     /* the loader names it if it is bad */
	if (env && *env)
		return strdup(env);
	snprintf(tried[n++], sizeof tried[0], "%s/%s", PKGDATADIR, name);
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		exe[len] = 0;
		char *slash = strrchr(exe, '/');
		if (slash && slash - exe >= 4 && !strncmp(slash - 4, "/src", 4)) {
			*slash = 0;
			/* src/tinyllm in a build tree; the data beside src/ (an
			 * installed /usr/bin/tinyllm looks only in pkgdatadir) */
			snprintf(tried[n++], sizeof tried[0], "%s/../%s%s", exe,
				 want_dir ? "" : "model/", name);
		}
	}
	for (int i = 0; i < n; i++)
		if (usable(tried[i], want_dir))
			return strdup(tried[i]);
	int w = snprintf(err, errlen, not_found, env_name);
	for (int i = 0; i < n && w > 0 && (size_t)w < errlen; i++)
		w += snprintf(err + w, errlen - (size_t)w, ", %s", tried[i]);
	if (w > 0 && (size_t)w < errlen)
		snprintf(err + w, errlen - (size_t)w, " (%s)", hint);
	return NULL;
}

char *find_model(const char *opt, char *err, size_t errlen)
{
	return find_data(opt, "TINYLLM_MODEL", MODEL_FILE, 0, _("no model found; looked in $%s (unset)"),
			 _("use --model FILE or set TINYLLM_MODEL"), err, errlen);
}
