/* cli.h: the subcommands of the tinyllm program.
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later. */
#ifndef TLM_CLI_H
#define TLM_CLI_H

#include <stddef.h>

/* Exit codes, as tinyllm(1) documents them. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

extern const char *program_name;

int cmd_ask(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_lessons(int argc, char **argv);
int cmd_datagen(int argc, char **argv);
int cmd_eval(int argc, char **argv);
/* Progress of a class or one student, read-only: a table or CSV. */
int cmd_report(int argc, char **argv);
/* The interactive tutor; `plain` forces the line-oriented interface. */
int cmd_tutor(int argc, char **argv, int plain);

/* Finds the model: `opt` (--model) first, then $TINYLLM_MODEL, then the
 * installed and build-tree locations.  On failure writes into `err` a
 * message listing every place it looked, and returns NULL.  The result is
 * malloc'd. */
char *find_model(const char *opt, char *err, size_t errlen);

/* The same search for any installed data: `opt`, then $env_name, then
 * $(pkgdatadir)/name, then beside the build tree (name under model/ for
 * files, at the top for directories).  `not_found` words the error, a
 * whole (translated) sentence with one %s for the variable; `hint` ends it. */
char *find_data(const char *opt, const char *env_name, const char *name, int want_dir,
		const char *not_found, const char *hint, char *err, size_t errlen);

/* Settings from the configuration files (config.c); empty strings and 0
 * where a file does not set them. */
struct settings {
	char class_dir[4096];
	char model[4096];
	char lessons[4096];
	long threads;
};

/* Reads $(sysconfdir)/tinyllm.conf then the user's file (or only
 * $TINYLLM_CONFIG).  0, or -1 with "FILE:LINE: message" in err. */
int load_settings(struct settings *s, char *err, size_t errlen);

/* Parses a whole decimal number in [lo, hi]; 0 on success. */
int parse_int(const char *s, long lo, long hi, long *out);

#endif
