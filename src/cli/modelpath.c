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

static int readable(const char *p)
{
	return access(p, R_OK) == 0;
}

char *find_model(const char *opt, char *err, size_t errlen)
{
	char tried[2][PATH_MAX + 32];
	int n = 0;
	const char *env = getenv("TINYLLM_MODEL");

	if (opt)
		return strdup(opt);     /* the loader names it if it is bad */
	if (env && *env)
		return strdup(env);
	snprintf(tried[n++], sizeof tried[0], "%s/%s", PKGDATADIR, MODEL_FILE);
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		exe[len] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			/* src/tinyllm in a build tree; ../model beside it */
			snprintf(tried[n++], sizeof tried[0], "%s/../model/%s", exe, MODEL_FILE);
		}
	}
	for (int i = 0; i < n; i++)
		if (readable(tried[i]))
			return strdup(tried[i]);
	int w = snprintf(err, errlen, _("no model found; looked in $TINYLLM_MODEL (unset)"));
	for (int i = 0; i < n && w > 0 && (size_t)w < errlen; i++)
		w += snprintf(err + w, errlen - (size_t)w, ", %s", tried[i]);
	if (w > 0 && (size_t)w < errlen)
		snprintf(err + w, errlen - (size_t)w, "%s",
			 _(" (use --model FILE or set TINYLLM_MODEL)"));
	return NULL;
}
