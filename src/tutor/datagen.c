/* datagen.c: training examples from the generators, as JSON lines
 * (doc/reasoning-format.md), split into train, valid and test by a hash
 * of the question.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * The split of a problem depends on its question text alone, so the same
 * question can never be in train and in test, whatever seed or generator
 * made it.  Datagen keeps asking the generators for problems and drops
 * those of other splits; that costs little, as the generators are cheap
 * and 90% of problems are train.  The output is a pure function of the
 * options: same options, same bytes.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tutor/internal.h"
#include "i18n.h"

/* A (skill, difficulty) pair that gives up after this many problems in a
 * row that do not fit the split and filters: it cannot make any. */
#define FAILS_MAX 20000
/* Problems made per (skill, difficulty) to learn which grades and levels
 * its generator gives. */
#define PROBES 24
#define JSON_CAP 32768
/* Most problems in one run: keeps every product of counts inside 64 bits. */
#define COUNT_MAX 2000000000L

/* ---- Splits ------------------------------------------------------------ */

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

/* FNV-1a of the question with ASCII letters lower-cased and every run of
 * white space read as one space (none at the ends), so spacing and
 * capitals cannot move a question to another split; then a final mix, as
 * FNV's low bits alone are weak for "mod 100". */
static uint64_t question_hash(const char *q)
{
	uint64_t h = FNV_OFFSET;
	int started = 0, space = 0;
	for (const unsigned char *s = (const unsigned char *)q; *s; s++) {
		unsigned c = *s;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
			space = started;
			continue;
		}
		if (space) {
			h = (h ^ ' ') * FNV_PRIME;
			space = 0;
		}
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		h = (h ^ c) * FNV_PRIME;
		started = 1;
	}
	return mix64(h);
}

enum tut_split tut_split_of(const struct tut_problem *p)
{
	unsigned bucket = (unsigned)(question_hash(p->question) % 100);
	return bucket < 90 ? TUT_TRAIN : bucket < 95 ? TUT_VALID : TUT_TEST;
}

static const char *const split_names[] = { "train", "valid", "test" };
static const char *const level_names[] = { "basic", "symbolic", "multi" };

/* ---- JSON ---------------------------------------------------------------- */

struct jw {
	char *p, *end;
	int overflow;
};

static void put(struct jw *w, const char *s, size_t n)
{
	if ((size_t)(w->end - w->p) < n) {
		w->overflow = 1;
		return;
	}
	memcpy(w->p, s, n);
	w->p += n;
}

static void put_cstr(struct jw *w, const char *s)
{
	put(w, s, strlen(s));
}

static void put_int(struct jw *w, long v)
{
	char b[24];
	int n = snprintf(b, sizeof b, "%ld", v);
	put(w, b, (size_t)n);
}


/* The ASCII bytes that go into a JSON string as they are. */
static int plain(unsigned c)
{
	return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
}

/* A JSON string: quotes, backslashes and control characters escaped,
 * UTF-8 passed through, and any byte that is not UTF-8 replaced by U+FFFD
 * so the line stays valid JSON whatever a lesson or generator wrote. */
static void put_str(struct jw *w, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	put(w, "\"", 1);
	for (;;) {
		const unsigned char *run = s;
		while (plain(*s))
			s++;
		if (s > run)
			put(w, (const char *)run, (size_t)(s - run));
		unsigned c = *s;
		if (c == 0)
			break;
		if (c >= 0x80) {
			size_t k = tut_utf8_seq(s, 4);   /* stops at the NUL */
			if (k) {
				put(w, (const char *)s, k);
				s += k;
			} else {
				put(w, "\\ufffd", 6);
				s++;
			}
			continue;
		}
		char esc[8];
		switch (c) {
		case '"': put(w, "\\\"", 2); break;
		case '\\': put(w, "\\\\", 2); break;
		case '\n': put(w, "\\n", 2); break;
		case '\t': put(w, "\\t", 2); break;
		case '\r': put(w, "\\r", 2); break;
		case '\b': put(w, "\\b", 2); break;
		case '\f': put(w, "\\f", 2); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04x", c);
			put(w, esc, 6);
		}
		s++;
	}
	put(w, "\"", 1);
}

static void put_key(struct jw *w, const char *key)
{
	put(w, ",\"", 2);
	put_cstr(w, key);
	put(w, "\":", 2);
}

/* The fields of doc/reasoning-format.md; id and difficulty only when known
 * (id NULL: a problem that did not come from datagen). */
static int json_line(const struct tut_problem *p, enum tut_split split, const char *id,
		     int difficulty, char *buf, size_t cap)
{
	struct jw w = { buf, buf + cap, 0 };
	int level = p->level >= 0 && p->level < TUT_N_LEVELS ? (int)p->level : 0;
	put(&w, "{", 1);
	if (id) {
		put(&w, "\"id\":", 5);
		put_str(&w, id);
		put(&w, ",", 1);
	}
	put(&w, "\"split\":\"", 9);
	put_cstr(&w, split_names[split]);
	put(&w, "\"", 1);
	put_key(&w, "skill");
	put_str(&w, p->skill ? p->skill : "");
	put_key(&w, "grade");
	put_int(&w, p->grade);
	put_key(&w, "level");
	put(&w, "\"", 1);
	put_cstr(&w, level_names[level]);
	put(&w, "\"", 1);
	if (id) {
		put_key(&w, "difficulty");
		put_int(&w, difficulty);
	}
	put_key(&w, "question");
	put_str(&w, p->question);
	put_key(&w, "reasoning");
	put_str(&w, p->steps);
	put_key(&w, "answer");
	put_str(&w, p->answer);
	put_key(&w, "unit");
	put_str(&w, p->unit);
	put(&w, "}", 1);
	if (w.overflow || w.p == w.end)
		return -1;
	*w.p = 0;
	return (int)(w.p - buf);
}

int tut_problem_json(const struct tut_problem *p, char *buf, size_t cap)
{
	if (!p || !buf || cap == 0)
		return -1;
	return json_line(p, tut_split_of(p), NULL, 0, buf, cap);
}

/* ---- Choosing what to make ------------------------------------------------ */

/* One stream of problems: a skill at a difficulty, emitting only the
 * grades and levels in its masks. */
struct unit {
	const struct tut_skill *skill;
	int skill_index;            /* in curriculum order */
	int difficulty;
	unsigned gmask, lmask;
	int stage_grade, stage_level; /* curriculum: the one grade and level */
	uint64_t stream;            /* its own seed sequence */
	uint64_t tries;
	long quota, made;
	int dead;
};

struct gen {
	const struct tut_datagen_opts *o;
	int (*write)(void *user, const char *line, size_t len);
	void *user;
	char *err;
	size_t errlen;
	struct unit *u;
	int n;
	struct tut_problem p;
	char json[JSON_CAP];
	long written;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = FNV_OFFSET;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * FNV_PRIME;
	return h;
}

/* Parses the comma-separated skill ids into wanted[] (indexes of skills). */
static int parse_skills(const char *list, const struct tut_skill *all, int n, char *wanted,
			char *err, size_t errlen)
{
	memset(wanted, list ? 0 : 1, (size_t)n);
	if (!list)
		return 0;
	const char *s = list;
	while (*s) {
		while (*s == ' ' || *s == ',')
			s++;
		const char *e = s;
		while (*e && *e != ',' && *e != ' ')
			e++;
		if (e == s)
			break;
		int found = -1;
		for (int i = 0; i < n; i++)
			if (strlen(all[i].id) == (size_t)(e - s) && !strncmp(all[i].id, s, (size_t)(e - s)))
				found = i;
		if (found < 0) {
			snprintf(err, errlen, _("unknown skill '%.*s'"), (int)(e - s > 60 ? 60 : e - s), s);
			return -1;
		}
		wanted[found] = 1;
		s = e;
	}
	return 0;
}

/* Learns which grades and levels a (skill, difficulty) gives; both masks
 * are 0 when its generator refuses the difficulty. */
static void probe(const struct tut_skill *sk, int d, struct tut_problem *p, unsigned *gmask, unsigned *lmask)
{
	*gmask = *lmask = 0;
	for (int i = 0; i < PROBES; i++) {
		if (tut_generate(sk, mix64(0x5eedULL + (uint64_t)i), d, p))
			continue;
		if (p->grade >= 1 && p->grade <= 6)
			*gmask |= 1u << p->grade;
		if (p->level >= 0 && p->level < TUT_N_LEVELS)
			*lmask |= 1u << p->level;
	}
}

static int add_unit(struct gen *g, int *cap, const struct unit *u)
{
	if (g->n == *cap) {
		int nc = *cap ? *cap * 2 : 64;
		void *q = realloc(g->u, sizeof *g->u * (size_t)nc);
		if (!q)
			return -1;
		g->u = q;
		*cap = nc;
	}
	g->u[g->n++] = *u;
	return 0;
}

static int build_units(struct gen *g)
{
	const struct tut_datagen_opts *o = g->o;
	int n_skills, cap = 0;
	const struct tut_skill *all = tut_skills(&n_skills);
	char *wanted = malloc((size_t)n_skills);
	if (!wanted) {
		snprintf(g->err, g->errlen, _("out of memory"));
		return -1;
	}
	if (parse_skills(o->skills, all, n_skills, wanted, g->err, g->errlen)) {
		free(wanted);
		return -1;
	}
	unsigned gwant = o->grades ? o->grades : 0x7Eu;
	unsigned lwant = o->levels ? o->levels : (1u << TUT_N_LEVELS) - 1;
	for (int i = 0; i < n_skills; i++) {
		if (!wanted[i])
			continue;
		for (int d = 1; d <= TUT_DIFFICULTY_MAX; d++) {
			unsigned gm, lm;
			probe(&all[i], d, &g->p, &gm, &lm);
			gm &= gwant;
			lm &= lwant;
			if (!gm || !lm)
				continue;
			struct unit u = { &all[i], i, d, gm, lm, 0, 0, 0, 0, 0, 0, 0 };
			if (!o->curriculum) {
				u.stream = hash_str(all[i].id) ^ mix64((uint64_t)d);
				if (add_unit(g, &cap, &u))
					goto oom;
				continue;
			}
			for (int gr = 1; gr <= 6; gr++)
				for (int lv = 0; lv < TUT_N_LEVELS; lv++) {
					if (!(gm & 1u << gr) || !(lm & 1u << lv))
						continue;
					u.gmask = 1u << gr;
					u.lmask = 1u << lv;
					u.stage_grade = gr;
					u.stage_level = lv;
					u.stream = hash_str(all[i].id) ^ mix64((uint64_t)(d * 64 + gr * 8 + lv));
					if (add_unit(g, &cap, &u))
						goto oom;
				}
		}
	}
	free(wanted);
	if (g->n == 0) {
		snprintf(g->err, g->errlen, _("no skill matches the filters"));
		return -1;
	}
	return 0;
oom:
	free(wanted);
	snprintf(g->err, g->errlen, _("out of memory"));
	return -1;
}

/* Spreads `total` over n slots as evenly as possible, the extra ones
 * scattered rather than all at the front. */
static long share(long total, long n, long k)
{
	/* total <= COUNT_MAX and n is small: no overflow in 64 bits */
	return (long)((int64_t)total * (k + 1) / n - (int64_t)total * k / n);
}

/* Every skill gets the same share of the count; each of its units an
 * equal part of that. */
static void set_quotas(struct gen *g)
{
	int n_skills = 0;
	for (int i = 0; i < g->n; i++)
		if (i == 0 || g->u[i].skill_index != g->u[i - 1].skill_index)
			n_skills++;
	long sk = 0;
	for (int i = 0; i < g->n;) {
		int j = i;
		while (j < g->n && g->u[j].skill_index == g->u[i].skill_index)
			j++;
		/* which skills get the odd extra ones turns with the seed */
		long mine = share(g->o->count, n_skills, (long)((uint64_t)sk++ + g->o->seed % (uint64_t)n_skills) % n_skills);
		/* rotated by skill, so that small counts still see every difficulty */
		for (int k = i; k < j; k++)
			g->u[k].quota = share(mine, j - i, (k - i + g->u[i].skill_index) % (j - i));
		i = j;
	}
}

static int stage_cmp(const void *a, const void *b)
{
	const struct unit *x = a, *y = b;
	if (x->stage_grade != y->stage_grade)
		return x->stage_grade - y->stage_grade;
	if (x->stage_level != y->stage_level)
		return x->stage_level - y->stage_level;
	if (x->difficulty != y->difficulty)
		return x->difficulty - y->difficulty;
	return x->skill_index - y->skill_index;
}

static int same_stage(const struct unit *x, const struct unit *y)
{
	return x->stage_grade == y->stage_grade && x->stage_level == y->stage_level &&
	       x->difficulty == y->difficulty;
}

/* ---- Making problems -------------------------------------------------------- */

/* Makes the unit's next problem that fits; 1 made, 0 the unit is dead,
 * -1 the writer failed. */
static int make_one(struct gen *g, struct unit *u)
{
	struct tut_problem *p = &g->p;
	for (int fails = 0; fails < FAILS_MAX; fails++) {
		uint64_t seed = mix64(g->o->seed ^ mix64(u->stream + u->tries++ * 0x9E3779B97F4A7C15ULL));
		if (tut_generate(u->skill, seed, u->difficulty, p))
			continue;
		if (p->grade < 1 || p->grade > 6 || !(u->gmask & 1u << p->grade))
			continue;
		if ((unsigned)p->level >= TUT_N_LEVELS || !(u->lmask & 1u << p->level))
			continue;
		if (tut_split_of(p) != g->o->split)
			continue;
		char id[TUT_ID_MAX + 48];
		snprintf(id, sizeof id, "%s-%d-%llu", u->skill->id, u->difficulty, (unsigned long long)seed);
		int len = json_line(p, g->o->split, id, u->difficulty, g->json, sizeof g->json - 1);
		if (len < 0)
			continue;       /* cannot happen with the field sizes; never write half a line */
		g->json[len++] = '\n';
		if (g->write(g->user, g->json, (size_t)len)) {
			snprintf(g->err, g->errlen, _("write failed after %ld problems"), g->written);
			return -1;
		}
		g->written++;
		u->made++;
		return 1;
	}
	u->dead = 1;
	return 0;
}

/* Gives `extra` more problems to the live units of [a, b); returns what
 * could not be placed. */
static long spread(struct gen *g, int a, int b, long extra)
{
	int live = 0;
	for (int i = a; i < b; i++)
		live += !g->u[i].dead;
	if (!live || extra <= 0)
		return extra;
	int k = 0;
	for (int i = a; i < b; i++)
		if (!g->u[i].dead)
			g->u[i].quota += share(extra, live, k++);
	return 0;
}

/* Unit i's turn comes before unit j's: the one that has made the smaller
 * fraction of its quota after its next problem goes first, ties to the
 * lower index (so the order never depends on the heap's shape). */
static int before(const struct unit *u, int i, int j)
{
	int64_t x = (int64_t)(u[i].made + 1) * u[j].quota, y = (int64_t)(u[j].made + 1) * u[i].quota;
	return x < y || (x == y && i < j);
}

static void sift_down(const struct unit *u, int *heap, int n, int k)
{
	for (;;) {
		int c = 2 * k + 1;
		if (c >= n)
			return;
		if (c + 1 < n && before(u, heap[c + 1], heap[c]))
			c++;
		if (!before(u, heap[c], heap[k]))
			return;
		int t = heap[c];
		heap[c] = heap[k];
		heap[k] = t;
		k = c;
	}
}

/* The units of [a, b) that still have problems to make, as a heap. */
static int build_heap(const struct gen *g, int a, int b, int *heap)
{
	int n = 0;
	for (int i = a; i < b; i++)
		if (!g->u[i].dead && g->u[i].made < g->u[i].quota)
			heap[n++] = i;
	for (int k = n / 2 - 1; k >= 0; k--)
		sift_down(g->u, heap, n, k);
	return n;
}

/* Emits units [a, b) interleaved so that each has made about the same
 * fraction of its quota at any moment (stride scheduling): a prefix of
 * the output is as fair across skills as the whole.  Returns the number
 * of problems that dead units could not make, or -1. */
static long run_stage(struct gen *g, int a, int b, long carry)
{
	carry = spread(g, a, b, carry);
	if (carry)
		return carry;   /* nothing alive here: pass it on */
	int *heap = malloc(sizeof *heap * (size_t)(b - a));
	if (!heap) {
		snprintf(g->err, g->errlen, _("out of memory"));
		return -1;
	}
	long rc = 0;
	int n = build_heap(g, a, b, heap);
	for (;;) {
		if (n == 0) {
			long short_by = 0;
			for (int i = a; i < b; i++)
				if (g->u[i].dead && g->u[i].made < g->u[i].quota) {
					short_by += g->u[i].quota - g->u[i].made;
					g->u[i].quota = g->u[i].made;
				}
			if (!short_by || spread(g, a, b, short_by)) {
				rc = short_by;
				break;
			}
			n = build_heap(g, a, b, heap);
			continue;
		}
		struct unit *u = &g->u[heap[0]];
		if (make_one(g, u) < 0) {
			rc = -1;
			break;
		}
		if (u->dead || u->made >= u->quota)
			heap[0] = heap[--n];
		sift_down(g->u, heap, n, 0);
	}
	free(heap);
	return rc;
}

int tut_datagen(const struct tut_datagen_opts *o, int (*write)(void *user, const char *line, size_t len),
		void *user, char *err, size_t errlen)
{
	char dummy[8];
	if (!err || !errlen) {
		err = dummy;
		errlen = sizeof dummy;
	}
	err[0] = 0;
	if (!o || !write || (unsigned)o->split > TUT_TEST) {
		snprintf(err, errlen, _("bad datagen options"));
		return -1;
	}
	if (o->count < 0 || o->count > COUNT_MAX) {
		snprintf(err, errlen, _("the count must be 0 to %ld"), COUNT_MAX);
		return -1;
	}
	struct gen *g = calloc(1, sizeof *g);
	if (!g) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	g->o = o;
	g->write = write;
	g->user = user;
	g->err = err;
	g->errlen = errlen;
	int rc = -1;
	if (build_units(g))
		goto out;
	set_quotas(g);
	long carry = 0;
	if (o->curriculum) {
		/* Simple to complex: stage by stage in (grade, level, difficulty)
		 * order; each stage holds every skill that has problems there. */
		qsort(g->u, (size_t)g->n, sizeof *g->u, stage_cmp);
		for (int a = 0; a < g->n && carry >= 0;) {
			int b = a + 1;
			while (b < g->n && same_stage(&g->u[a], &g->u[b]))
				b++;
			carry = run_stage(g, a, b, carry);
			a = b;
		}
	} else {
		carry = run_stage(g, 0, g->n, 0);
	}
	if (carry < 0)
		goto out;
	if (carry > 0) {
		snprintf(err, errlen, _("made only %ld of %ld problems: the filters leave too few questions in the %s split"),
			 g->written, o->count, split_names[o->split]);
		goto out;
	}
	rc = 0;
out:
	free(g->u);
	free(g);
	return rc;
}
