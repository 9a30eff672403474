/* tutor.h: the whole public API of TinyLLM's tutor module: skills and their
 * problem generators with exact solvers, the step verifier, answer grading,
 * lessons, and training-data generation.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * The tutor knows nothing of curses.  It never uses floating point for an
 * answer or a grade: integers, reduced fractions and exact decimals only.
 * Worked solutions are written in the reasoning format of
 * doc/reasoning-format.md, the one format the generators write, the model
 * learns, the verifier checks and the screen shows.
 */
#ifndef TUT_TUTOR_H
#define TUT_TUTOR_H

#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"

/* ---- Problems --------------------------------------------------------- */

enum tut_level {
	TUT_BASIC,      /* one operation or judgement */
	TUT_SYMBOLIC,   /* fractions, unknowns, logical expressions */
	TUT_MULTI,      /* a chain of two or more steps */
	TUT_N_LEVELS
};

/* How an answer is compared with the key (tut_answer_check). */
enum tut_kind {
	TUT_ANS_NUMBER,   /* an exact number: integer, decimal, fraction or mixed number;
			     equal values match ("0.5" = "1/2"), unless `strict` */
	TUT_ANS_FRACTION, /* a fraction that must also be in lowest terms (or a whole number) */
	TUT_ANS_MONEY,    /* an amount like "$3.50" ("3.5", "$3.50" and "350c" match) */
	TUT_ANS_TIME,     /* a clock time "4:05" or a duration "1 h 25 min" */
	TUT_ANS_WORD,     /* a word or name, compared ignoring case and spaces */
	TUT_ANS_LIST,     /* a comma-separated list, order significant */
	TUT_ANS_CHOICE,   /* one of a fixed set ("true"/"false", "<", ">", "=", "even"/"odd") */
};

#define TUT_QUESTION_MAX 600
#define TUT_STEPS_MAX 2400
#define TUT_ANSWER_MAX 80
#define TUT_UNIT_MAX 24
#define TUT_FACTS_MAX 1200

struct tut_problem {
	char question[TUT_QUESTION_MAX];
	/* The worked solution: step lines separated by '\n', the last one
	 * "Answer: <answer>" (with " <unit>" when there is a unit). */
	char steps[TUT_STEPS_MAX];
	char answer[TUT_ANSWER_MAX];  /* the key, canonical form ("85", "3/4", "$3.50") */
	char unit[TUT_UNIT_MAX];      /* "" or the unit the answer carries ("apples", "cm") */
	/* Logic problems: the statements that follow from the facts, one per
	 * line, normalised (lower case, single spaces, no final period); a
	 * line starting with '!' is a statement that is false.  The verifier
	 * checks "So ..." conclusions against these.  Empty elsewhere. */
	char facts[TUT_FACTS_MAX];
	enum tut_kind kind;
	enum tut_level level;
	int grade;                    /* 1..6 */
	const char *skill;            /* the skill's id (static string) */
	/* A translated lesson's exercise, as the learner sees it; "" when the
	 * exercise is not translated.  The fields above stay English: the
	 * model reads the English question and the verifier checks its steps
	 * against the English key. */
	char shown_question[TUT_QUESTION_MAX];
	char shown_answer[TUT_ANSWER_MAX];
	char shown_unit[TUT_UNIT_MAX];
};

/* The question, answer and unit in the learner's language (the English
 * ones when the exercise is not translated). */
const char *tut_problem_question(const struct tut_problem *p);
const char *tut_problem_answer(const struct tut_problem *p);
const char *tut_problem_unit(const struct tut_problem *p);
/* The learner's answer with its unit, as written ("4 apples", "4个苹果"). */
char *tut_problem_answer_text(const struct tut_problem *p, char *buf, size_t cap);

/* ---- Skills and generators --------------------------------------------- */

/* A seeded generator: the same seed gives the same problem on every host. */
struct tut_rng {
	uint64_t s;
};

void tut_rng_seed(struct tut_rng *r, uint64_t seed);
uint64_t tut_rng_next(struct tut_rng *r);
/* Uniform in [lo, hi] (inclusive). */
int64_t tut_rng_range(struct tut_rng *r, int64_t lo, int64_t hi);

#define TUT_DIFFICULTY_MAX 3   /* difficulty 1 (easiest) .. 3 */

struct tut_skill {
	const char *id;       /* stable: lessons and progress files name it */
	const char *title;    /* for people */
	const char *topic;    /* the menu groups skills by topic */
	int grade_min, grade_max;
	enum tut_level level;
	/* Fills *p with a problem of this skill at `difficulty` (1..3).
	 * Returns 0, or -1 if the arguments are out of range. */
	int (*generate)(struct tut_rng *r, int difficulty, struct tut_problem *p);
};

/* Every skill, in curriculum order (simple to complex). */
const struct tut_skill *tut_skills(int *n);
const struct tut_skill *tut_skill_find(const char *id);

/* Makes one problem of `skill` from `seed` at `difficulty`. */
int tut_generate(const struct tut_skill *skill, uint64_t seed, int difficulty,
		 struct tut_problem *p);

/* ---- Grading ------------------------------------------------------------ */

/* Compares a student's answer with the key, exactly.  Returns 1 right,
 * 0 wrong; tolerant of spaces, case, a trailing period and the unit word
 * (given or not), never of the value.  A translated exercise's answer is
 * right too ("偶数" as well as "even"). */
int tut_answer_check(const struct tut_problem *p, const char *given);

/* ---- The verifier ------------------------------------------------------- */

enum tut_mark {
	TUT_STEP_TEXT,     /* no claim to check (prose) */
	TUT_STEP_RIGHT,    /* every claim on the line holds */
	TUT_STEP_WRONG,    /* a claim is false */
	TUT_STEP_UNKNOWN,  /* looks like a claim, but cannot be checked */
};

struct tut_step {
	enum tut_mark mark;
	int line;          /* 1-based line number in the text */
	int column;        /* wrong steps: 1-based byte column of the error */
	char why[240];     /* wrong steps: a short reason ("7 + 8 is 15, not 16") */
};

struct tut_verdict {
	int n_steps;                 /* lines seen (at most TUT_MAX_STEPS kept) */
	struct tut_step steps[64];
	int n_right, n_wrong, n_unknown;
	int has_answer;              /* an "Answer:" line was found */
	int answer_right;            /* and it matches the key */
};
#define TUT_MAX_STEPS 64

/* Checks a reasoning text line by line.  `p` supplies the key and, for
 * logic, the facts; it may be NULL when checking free text (the student's
 * own question): then only arithmetic claims are checked and there is no
 * key.  Never fails: anything unparsable is TEXT or UNKNOWN. */
void tut_verify(const struct tut_problem *p, const char *text, struct tut_verdict *v);

/* Checks one line (streaming: the tutor marks each line as it completes). */
enum tut_mark tut_verify_line(const struct tut_problem *p, const char *line, struct tut_step *out);

/* ---- Lessons (doc/lesson-format.md) -------------------------------------- */

#define TUT_ID_MAX 64
#define TUT_TITLE_MAX 120
#define TUT_PREREQ_MAX 8
#define TUT_GENREF_MAX 8

struct tut_exercise {
	int line;                          /* where it is in its file */
	char question[TUT_QUESTION_MAX];
	char answer[TUT_ANSWER_MAX];
	char unit[TUT_UNIT_MAX];
	char hint[TUT_QUESTION_MAX];       /* "" when none */
	char check[TUT_QUESTION_MAX];      /* the computation that proves the answer ("47 + 38"), or "" */
	enum tut_kind kind;
};

struct tut_genref {                        /* "make N problems with this generator" */
	const struct tut_skill *skill;
	int difficulty;
	int count;
};

/* A translated exercise's text (lessons/LL_CC/, tut_bank_translate). */
struct tut_shown {
	char question[TUT_QUESTION_MAX];
	char answer[TUT_ANSWER_MAX];
	char unit[TUT_UNIT_MAX];
};

struct tut_lesson {
	char id[TUT_ID_MAX];
	char title[TUT_TITLE_MAX];
	char file[256];
	int line;                          /* of the lesson's first line */
	int grade;
	enum tut_level level;
	const struct tut_skill *skill;
	char prereq[TUT_PREREQ_MAX][TUT_ID_MAX];
	int n_prereq;
	struct tut_exercise *ex;
	int n_ex;
	struct tut_shown *shown;           /* n_ex translations, or NULL */
	struct tut_genref gen[TUT_GENREF_MAX];
	int n_gen;
};

struct tut_bank {
	struct tut_lesson *lessons;
	int n;
};

/* Receives each problem found while reading lessons, as one line
 * "FILE:LINE: message". */
typedef void (*tut_report_fn)(void *user, const char *msg);

/* Reads one lesson file (it may hold several lessons) into `b` (appending).
 * Every problem is reported; returns how many there were (0: the file is
 * good; lessons with problems are not added).  Never crashes on any input. */
int tut_lesson_file_load(const char *path, struct tut_bank *b, tut_report_fn report, void *user);

/* Reads every *.lesson file under `dir` (recursively, in name order), then
 * checks the bank as a whole (unique ids, prerequisites that exist, no
 * prerequisite cycles).  Returns the number of problems reported. */
int tut_bank_load(const char *dir, struct tut_bank *b, tut_report_fn report, void *user);

/* Checks every fixed exercise's answer against its check computation with
 * the exact solvers; returns the number of mismatches reported. */
int tut_bank_verify(const struct tut_bank *b, tut_report_fn report, void *user);

/* Lessons in the learner's language.  `langs` is a list of language
 * codes separated by ':' ("zh_CN", "es:fr", as in $LANGUAGE); for each,
 * DIR/ll_CC then DIR/ll is tried, and the first that exists is read.
 * Each translated lesson replaces the title, questions, hints, answers
 * and units of the English lesson with its id; everything else stays
 * English.  A translation that does not line up with its English lesson
 * (another exercise count, another check, another number) is reported as
 * "FILE:LINE: message" and not used.  `used` receives the directory's
 * language code ("" when none was found).  Returns the problems reported. */
int tut_bank_translate(struct tut_bank *b, const char *dir, const char *langs, char *used,
		       size_t usedlen, tut_report_fn report, void *user);

/* Checks every translation under DIR (each language directory) against
 * the English bank `b` without applying it; returns the problems reported. */
int tut_bank_check_translations(const struct tut_bank *b, const char *dir, tut_report_fn report,
				void *user);

void tut_bank_free(struct tut_bank *b);
const struct tut_lesson *tut_bank_find(const struct tut_bank *b, const char *id);

/* Exercise i of a lesson as a problem (fixed exercises first, then the
 * generated ones, made from `seed`).  The worked solution comes from the
 * solver when the exercise has a check computation or a generator. */
int tut_lesson_exercise(const struct tut_lesson *l, int i, uint64_t seed, struct tut_problem *p);
/* How many exercises tut_lesson_exercise offers. */
int tut_lesson_count(const struct tut_lesson *l);

/* ---- Training data ----------------------------------------------------- */

enum tut_split { TUT_TRAIN, TUT_VALID, TUT_TEST };

/* The split a problem belongs to, from a hash of its normalised question,
 * so the test and valid problems never occur in train. */
enum tut_split tut_split_of(const struct tut_problem *p);

struct tut_datagen_opts {
	enum tut_split split;
	uint64_t seed;
	long count;
	unsigned grades;       /* bit g set: grade g wanted (0: all) */
	unsigned levels;       /* bit l set: level l wanted (0: all) */
	const char *skills;    /* comma-separated skill ids, or NULL for all */
	int curriculum;        /* 1: emit simple to complex (by grade, level, difficulty) */
};

/* Writes `count` examples as JSON lines through `write` (each line with
 * its '\n'; doc/reasoning-format.md gives the fields).  Deterministic for
 * a seed.  Returns 0, or -1 with a message in err. */
int tut_datagen(const struct tut_datagen_opts *o, int (*write)(void *user, const char *line, size_t len),
		void *user, char *err, size_t errlen);

/* One problem as a JSON line (no newline) into buf; returns its length or
 * -1 if cap is too small. */
int tut_problem_json(const struct tut_problem *p, char *buf, size_t cap);

/* ---- Practising a lesson (practice.c) ----------------------------------- */

/* One lesson being practised: which exercise comes next, the grade of each
 * answer (always against the key, never by the model), the score and the
 * streak.  A missed exercise comes back a few exercises later. */
struct tut_practice;

int tut_practice_start(const struct tut_lesson *l, uint64_t seed, struct tut_practice **out);
void tut_practice_free(struct tut_practice *s);
/* The exercise to answer now: fills *p and returns its index in the lesson,
 * or returns -1 when the lesson is finished. */
int tut_practice_current(const struct tut_practice *s, struct tut_problem *p);
/* Grades `given` for the current exercise; returns 1 right, 0 wrong.  A
 * right answer moves on; a wrong one gets one more try, then moves on and
 * the exercise comes back a few exercises later (at most twice). */
int tut_practice_answer(struct tut_practice *s, const char *given);
/* Wrong tries on the current exercise so far (0 or 1). */
int tut_practice_tries(const struct tut_practice *s);
/* Moves on without an answer; the exercise comes back later. */
void tut_practice_skip(struct tut_practice *s);
struct tut_practice_score {
	int answered, right;  /* answers graded so far */
	int streak;           /* right answers in a row, now */
	int best_streak;
	int done, total;      /* exercises finished (answered right or given up on) of all */
	int position, length; /* the current one's place in the queue, and its length
				 (which grows when missed exercises come back) */
};
void tut_practice_score(const struct tut_practice *s, struct tut_practice_score *out);

/* ---- The coach: the model's help, streamed and checked (coach.c) -------- */

/* The model runs in its own thread; its text reaches the caller as events
 * on a descriptor that the caller's poll() loop watches with the keyboard,
 * so the caller never waits for the model.  Each completed line is checked
 * by the verifier; at the end the coach says whether the model's reasoning
 * can be trusted and, when it cannot, gives the solver's worked solution to
 * show instead.  Never call the engine context from elsewhere while a coach
 * runs on it. */

enum tut_help {
	TUT_HELP_HINT,   /* the first step or two of the solution */
	TUT_HELP_SHOW,   /* the whole worked solution */
	TUT_HELP_ASK,    /* the student's own question */
};

struct tut_coach_opts {
	struct tlm_ctx *ctx;             /* the engine (NULL with model NULL: no model) */
	const struct tlm_model *model;
	const char *script;              /* tests: stream this text instead of the model's */
	int script_delay_ms;             /* pause between the script's pieces */
	int max_tokens;                  /* 0: 400 */
};

enum tut_event_kind {
	TUT_EV_TEXT,   /* more text of the line being written */
	TUT_EV_LINE,   /* a line is complete: the whole line and its mark */
	TUT_EV_DONE,   /* the end, with the verdict */
};

enum tut_outcome {
	TUT_TRUSTED,       /* no step wrong and the answer matches the key */
	TUT_WRONG_STEP,    /* a step is wrong (the event's step says which) */
	TUT_WRONG_ANSWER,  /* the steps hold but the answer differs from the key */
	TUT_NO_ANSWER,     /* stopped without an answer line */
	TUT_UNCHECKED,     /* ask: nothing in the reply could be checked */
	TUT_CANCELLED,     /* tut_coach_cancel */
	TUT_FAILED,        /* no model, or the engine failed (the event's text says why) */
};

struct tut_event {
	enum tut_event_kind kind;
	const char *text;          /* TEXT: the new bytes; LINE: the line (no '\n');
				      DONE with TUT_FAILED: the message */
	size_t len;
	struct tut_step step;      /* LINE: its mark; DONE with TUT_WRONG_STEP: the first wrong step */
	enum tut_outcome outcome;  /* DONE */
	/* DONE, when not trusted: the solver's worked solution to show instead
	 * (lines; for a hint only its first steps), or NULL when there is none. */
	const char *solution;
	const char *answer;        /* DONE: the exact answer when known ("" otherwise) */
	double first_token_s;      /* DONE: from the start to the first text */
	int n_tokens;              /* DONE: tokens generated */
};

struct tut_coach;

/* Starts the help `mode` for problem `p` (HINT, SHOW) or for the student's
 * `question` (ASK; p may be NULL).  Returns 0, or -1 with a message. */
int tut_coach_start(const struct tut_coach_opts *o, enum tut_help mode,
		    const struct tut_problem *p, const char *question,
		    struct tut_coach **out, char *err, size_t errlen);
/* Readable when events are waiting. */
int tut_coach_fd(const struct tut_coach *c);
/* The next event, without waiting: 1 when *ev is filled (its pointers valid
 * until the next call), 0 when none is waiting now, -1 after the DONE event.
 * Call it until it returns 0 or -1 each time the descriptor is readable.
 * Every line comes first as TEXT pieces (never holding '\n'), then once
 * whole as LINE; exactly one DONE ends the stream.  A hint's events stop
 * before its answer line (the rest is checked unseen); `answer` is set in
 * every mode, so a caller must not show it for a hint. */
int tut_coach_next(struct tut_coach *c, struct tut_event *ev);
/* Stops generation within one token; text not yet taken is dropped and a
 * DONE event (TUT_CANCELLED) follows. */
void tut_coach_cancel(struct tut_coach *c);
/* Cancels if needed, waits for the thread and frees everything. */
void tut_coach_free(struct tut_coach *c);

/* ---- Profiles and progress (progress.c, doc/progress-format.md) --------- */

#define TUT_NAME_MAX 64        /* bytes of a profile name */

/* 0 when `name` can be a profile name; else -1 with the reason in err.
 * Names stay inside their directory: no '/', no leading '.', no control
 * characters, valid UTF-8, 1 to 40 characters. */
int tut_profile_name_check(const char *name, char *err, size_t errlen);

/* The data directory: `class_dir` when given, else $XDG_DATA_HOME/tinyllm
 * (default ~/.local/share/tinyllm).  The state directory (input history):
 * $XDG_STATE_HOME/tinyllm (default ~/.local/state/tinyllm).  Neither is
 * created here.  0, or -1 with a message. */
int tut_data_dir(const char *class_dir, char *out, size_t cap, char *err, size_t errlen);
int tut_state_dir(char *out, size_t cap, char *err, size_t errlen);

/* The profiles in a data directory, sorted by name: returns how many (0 when
 * the directory does not exist yet) and a malloc'd array, or -1. */
int tut_profiles_list(const char *data_dir, char ***names, char *err, size_t errlen);
void tut_profiles_free(char **names, int n);
/* Creates a profile (and the data directory, 0700, when missing). */
int tut_profile_create(const char *data_dir, const char *name, char *err, size_t errlen);

struct tut_attempt {
	int64_t when;                 /* Unix time */
	char lesson[TUT_ID_MAX];
	int exercise;                 /* index in the lesson */
	char skill[TUT_ID_MAX];
	char given[TUT_ANSWER_MAX];   /* the student's answer */
	int correct;
	int seconds;                  /* time taken */
	int hints;                    /* hints used */
	int model_help;               /* the model's help was shown */
};

enum tut_mastery { TUT_M_NEW, TUT_M_ATTEMPTED, TUT_M_FAMILIAR, TUT_M_PROFICIENT,
		   TUT_M_MASTERED };
const char *tut_mastery_name(enum tut_mastery m);

struct tut_skill_progress {
	enum tut_mastery mastery;
	int attempts, correct;
	long seconds;
	int64_t last_seen;            /* 0: never */
	int box;                      /* Leitner box (1..5), 0 when never seen */
	int due_session;              /* session in which it is next due for review */
};

struct tut_progress;

/* Opens one profile's progress (creating its files), reading its log: torn
 * or corrupt lines are reported ("FILE:LINE: ...") and skipped, never the
 * rest; a file from a future version is refused, never overwritten.  Each
 * open starts a new session. */
int tut_progress_open(const char *data_dir, const char *profile, struct tut_progress **out,
		      tut_report_fn report, void *user, char *err, size_t errlen);
/* Opens an existing profile read-only, for a report: reads its log as
 * tut_progress_open does (the same reports and refusals, the same figures)
 * under a read lock, but starts no session and creates and writes nothing,
 * so the child's session count and review schedule stay as they are.  A
 * missing profile is an error.  tut_progress_record on the handle returns -1
 * and tut_progress_close writes nothing; tut_progress_session gives the
 * number the child's next session will have, so tut_progress_next says what
 * they will be offered then.  0, or -1 with a message. */
int tut_progress_read(const char *data_dir, const char *profile, struct tut_progress **out,
		      tut_report_fn report, void *user, char *err, size_t errlen);
/* Appends one attempt durably (locked, fsync'd).  On failure (disk full,
 * read-only) returns -1 with a message; the attempt is kept in memory and
 * written with the next successful call, so practice goes on. */
int tut_progress_record(struct tut_progress *pr, const struct tut_attempt *a,
			char *err, size_t errlen);
/* The current session's number (1 for a profile's first). */
int tut_progress_session(const struct tut_progress *pr);
/* One skill's figures (all zero, TUT_M_NEW, when never attempted). */
void tut_progress_skill(const struct tut_progress *pr, const char *skill,
			struct tut_skill_progress *out);
/* What to practise next: a lesson whose skill is due for review, else the
 * first lesson in curriculum order whose skill is not mastered and whose
 * prerequisites are; NULL when all is mastered. */
const struct tut_lesson *tut_progress_next(const struct tut_progress *pr, const struct tut_bank *b);
void tut_progress_close(struct tut_progress *pr);

#endif
