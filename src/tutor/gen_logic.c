/* gen_logic.c: logic puzzles: odd one out, true or false, syllogisms,
 * ordering, truth-tellers and liars, and deduction grids.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Every puzzle is solved here by brute force (all orders, all truth
 * assignments, all permutations) and only puzzles with exactly one answer
 * are written.  The worked solution restates the facts it uses, then
 * draws conclusions on lines that start with "So ".  Each conclusion is
 * listed in p->facts, normalised, along with other true statements and,
 * marked '!', false ones, so the verifier can judge a model's own
 * conclusions (doc/reasoning-format.md).  Prose in the steps never takes
 * the shape of a checkable claim unless the claim is true.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tutor/internal.h"

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define FACTS_BUDGET 1100  /* below TUT_FACTS_MAX, as the format asks */
#define STEPS_BUDGET 1500
#define QUESTION_BUDGET 400
#define MAX_FACTS 96       /* lines; the byte budget runs out first */

/* ---- Writing a puzzle ------------------------------------------------------ */

struct lg {
	struct tut_rng *r;
	struct tut_problem *p;
	struct tut_buf q, s, f;
	int failed;   /* a conclusion did not fit, or contradicted the facts: try again */
	/* where each fact line is, so looking one up is a hash compare, not a
	 * scan of the whole list */
	int nf;
	uint32_t hash[MAX_FACTS];
	uint16_t off[MAX_FACTS], len[MAX_FACTS];
	uint8_t truth[MAX_FACTS];
};

static int R(struct lg *L, int lo, int hi)
{
	return (int)tut_rng_range(L->r, lo, hi);
}

static int chance(struct lg *L, int pct)
{
	return R(L, 0, 99) < pct;
}

#define ONE_OF(L, a) ((a)[R((L), 0, NELEM(a) - 1)])

static void start(struct lg *L, struct tut_rng *r, struct tut_problem *p, const char *skill, int grade,
		  enum tut_level level, enum tut_kind kind)
{
	L->r = r;
	L->p = p;
	L->failed = 0;
	L->nf = 0;
	tut_begin(p, skill, grade, level, kind);
	tut_buf_init(&L->q, p->question, sizeof p->question);
	tut_buf_init(&L->s, p->steps, sizeof p->steps);
	tut_buf_init(&L->f, p->facts, sizeof p->facts);
}

/* Lower case, single spaces, no final period: the verifier's form.
 * Returns the length. */
static size_t normalise(const char *src, char *dst, size_t cap)
{
	size_t k = 0;
	int space = 0;
	for (; *src && k + 2 < cap; src++) {
		char c = *src;
		if (c == ' ' || c == '\t' || c == '\n') {
			space = 1;
			continue;
		}
		if (space && k)
			dst[k++] = ' ';
		space = 0;
		dst[k++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	while (k && (dst[k - 1] == '.' || dst[k - 1] == ' '))
		k--;
	dst[k] = 0;
	return k;
}

static uint32_t hash_of(const char *s, size_t n)
{
	uint32_t h = 2166136261u;   /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* 1: listed true, 0: listed false, -1: not listed (stmt normalised). */
static int listed(const struct lg *L, const char *stmt, size_t n, uint32_t h)
{
	for (int i = 0; i < L->nf; i++)
		if (L->hash[i] == h && L->len[i] == n && memcmp(L->p->facts + L->off[i], stmt, n) == 0)
			return L->truth[i];
	return -1;
}

static void fact(struct lg *L, int truth, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void conclude(struct lg *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void step(struct lg *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ask(struct lg *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Adds one statement: 0, or -1 when it does not fit or was already
 * listed with the other truth (a bug in the puzzle, never written). */
static int add_fact(struct lg *L, int truth, const char *raw)
{
	/* normalised straight into place, then kept or taken back */
	char *facts = L->p->facts;
	size_t at = L->f.len, pos = at + !truth, cap = FACTS_BUDGET - pos - 1;
	if (pos + 8 >= FACTS_BUDGET || L->nf >= MAX_FACTS)
		return -1;
	size_t n = normalise(raw, facts + pos, cap);
	if (n + 3 >= cap || n == 0) {
		facts[at] = 0;
		return -1;
	}
	uint32_t h = hash_of(facts + pos, n);
	int had = listed(L, facts + pos, n, h);
	if (had >= 0) {
		facts[at] = 0;
		return had == truth ? 0 : -1;
	}
	if (!truth)
		facts[at] = '!';
	facts[pos + n] = '\n';
	facts[pos + n + 1] = 0;
	L->f.len = pos + n + 1;
	L->off[L->nf] = (uint16_t)pos;
	L->len[L->nf] = (uint16_t)n;
	L->hash[L->nf] = h;
	L->truth[L->nf++] = (uint8_t)truth;
	return 0;
}

/* A statement that follows (truth 1) or that is false (truth 0).  Extras
 * that do not fit the budget are left out; a contradiction fails the
 * puzzle. */
static void fact(struct lg *L, int truth, const char *fmt, ...)
{
	char raw[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	if (add_fact(L, truth, raw) < 0) {
		char norm[256];
		size_t n = normalise(raw, norm, sizeof norm);
		if (listed(L, norm, n, hash_of(norm, n)) == !truth)
			L->failed = 1;
	}
}

/* "So <statement>." in the steps, and the statement in the facts. */
static void conclude(struct lg *L, const char *fmt, ...)
{
	char text[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	tut_step(&L->s, "So %s.", text);
	if (add_fact(L, 1, text) < 0)
		L->failed = 1;
}

static void step(struct lg *L, const char *fmt, ...)
{
	char text[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	tut_capitalize(text);
	tut_step(&L->s, "%s", text);
}

static void ask(struct lg *L, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char text[TUT_QUESTION_MAX];
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	tut_buf_printf(&L->q, "%s%s", L->q.len ? " " : "", text);
}

/* Writes the answer line; 0 when everything fits the format's limits. */
static int finish(struct lg *L, const char *answer)
{
	tut_finish(L->p, &L->s, answer, "");
	if (L->failed || L->q.overflow || L->s.overflow || L->f.overflow || L->q.len >= QUESTION_BUDGET ||
	    L->s.len >= STEPS_BUDGET || L->f.len >= FACTS_BUDGET)
		return -1;
	return 0;
}

static const char *an(const char *word)
{
	return strchr("aeiouAEIOU", word[0]) ? "an" : "a";
}

/* Children in the puzzles: short names from many places, no two alike in
 * their first three letters. */
static const char *const names[] = {
	"Ana", "Ben", "Cal", "Dev", "Eva", "Fay", "Gus", "Ivy", "Jo", "Kai", "Leo", "Mia",
	"Ned", "Ola", "Pia", "Raj", "Sam", "Tia", "Uma", "Vic", "Wes", "Yan", "Zoe", "Amir",
	"Bo", "Chen", "Dara", "Emi", "Femi", "Ines", "Jin", "Kofi", "Lina", "Mo", "Nia",
	"Omar", "Priya", "Rosa", "Sana", "Tom", "Yuki", "Zara", "Aiko", "Bea", "Dina", "Eli",
	"Hana", "Ivan", "Lupe", "Nils",
};

static void pick_names(struct lg *L, const char **out, int k)
{
	for (int i = 0; i < k; i++) {
		int again;
		do {
			out[i] = ONE_OF(L, names);
			again = 0;
			for (int j = 0; j < i; j++)
				again |= strncmp(out[i], out[j], 2) == 0;
		} while (again);
	}
}

/* "Ana, Ben and Cal" */
static void list_and(char *buf, size_t cap, const char *const *items, int n, const char *conj)
{
	size_t len = 0;
	buf[0] = 0;
	for (int i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s", i == 0 ? "" : i == n - 1 ? conj : ", ",
					items[i]);
}

static void shuffle(struct lg *L, int *a, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int j = R(L, 0, i), t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

/* ---- Odd one out ----------------------------------------------------------- */

enum family {
	FAM_FRUIT, FAM_VEG, FAM_ANIMAL, FAM_COLOUR, FAM_SHAPE, FAM_VEHICLE, FAM_MUSIC, FAM_CLOTHES,
	FAM_FURNITURE, FAM_BODY, FAM_DAY, FAM_MONTH, FAM_DRINK, FAM_PLANET,
};

struct category {
	const char *group;  /* "fruits": "... are all fruits." */
	const char *one;    /* "fruit": "An apple is a fruit." */
	enum family fam;
	int sub;            /* a kind of animal: may be mixed with another kind */
	int level;          /* the difficulty it first appears at */
	int bare;           /* names take no article: "Red is a colour" */
	const char *items[11];
};

/* Items never belong to two families ("orange", "kiwi" and "peach" are
 * left out for that reason). */
static const struct category categories[] = {
	{ "fruits", "fruit", FAM_FRUIT, 0, 1, 0,
	  { "apple", "banana", "pear", "grape", "cherry", "mango", "melon", "strawberry", "pineapple", "apricot" } },
	{ "vegetables", "vegetable", FAM_VEG, 0, 1, 0,
	  { "carrot", "potato", "onion", "cabbage", "pea", "leek", "turnip", "lettuce", "parsnip", "radish" } },
	{ "animals", "animal", FAM_ANIMAL, 0, 1, 0,
	  { "dog", "cat", "horse", "cow", "lion", "tiger", "elephant", "rabbit", "monkey", "giraffe", "zebra" } },
	{ "colours", "colour", FAM_COLOUR, 0, 1, 1,
	  { "red", "blue", "green", "yellow", "purple", "pink", "brown", "white", "black", "grey" } },
	{ "shapes", "shape", FAM_SHAPE, 0, 1, 0,
	  { "circle", "square", "triangle", "rectangle", "pentagon", "hexagon", "oval", "octagon" } },
	{ "vehicles", "vehicle", FAM_VEHICLE, 0, 1, 0,
	  { "car", "bus", "train", "bicycle", "boat", "plane", "lorry", "tractor", "scooter", "van", "ship" } },
	{ "musical instruments", "musical instrument", FAM_MUSIC, 0, 2, 0,
	  { "drum", "piano", "guitar", "violin", "flute", "trumpet", "harp", "cello" } },
	{ "clothes", "piece of clothing", FAM_CLOTHES, 0, 2, 0,
	  { "shirt", "sock", "hat", "coat", "scarf", "glove", "dress", "skirt", "jumper" } },
	{ "furniture", "piece of furniture", FAM_FURNITURE, 0, 2, 0,
	  { "chair", "table", "bed", "sofa", "desk", "shelf", "wardrobe", "stool", "bench" } },
	{ "parts of the body", "part of the body", FAM_BODY, 0, 2, 0,
	  { "arm", "leg", "nose", "ear", "hand", "foot", "knee", "elbow", "finger" } },
	{ "days of the week", "day of the week", FAM_DAY, 0, 2, 1,
	  { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" } },
	{ "months", "month", FAM_MONTH, 0, 2, 1,
	  { "January", "February", "March", "April", "June", "July", "August", "October", "December" } },
	{ "drinks", "drink", FAM_DRINK, 0, 2, 1, { "milk", "water", "juice", "tea", "lemonade", "cocoa" } },
	{ "planets", "planet", FAM_PLANET, 0, 2, 1,
	  { "Mars", "Venus", "Jupiter", "Saturn", "Mercury", "Neptune", "Uranus" } },
	{ "mammals", "mammal", FAM_ANIMAL, 1, 3, 0,
	  { "dog", "cat", "whale", "bat", "dolphin", "horse", "mouse", "lion", "cow" } },
	{ "birds", "bird", FAM_ANIMAL, 1, 3, 0,
	  { "robin", "eagle", "owl", "penguin", "parrot", "ostrich", "swan", "sparrow", "duck" } },
	{ "fish", "fish", FAM_ANIMAL, 1, 3, 0, { "shark", "salmon", "trout", "goldfish", "cod", "tuna" } },
	{ "insects", "insect", FAM_ANIMAL, 1, 3, 0,
	  { "ant", "bee", "beetle", "butterfly", "ladybird", "wasp", "grasshopper" } },
	{ "reptiles", "reptile", FAM_ANIMAL, 1, 3, 0, { "snake", "lizard", "crocodile", "turtle", "tortoise" } },
};

static int n_items(const struct category *c)
{
	int n = 0;
	while (n < NELEM(c->items) && c->items[n])
		n++;
	return n;
}

/* "an apple", "Monday", "milk" */
static const char *with_article(const struct category *c, const char *item, char *buf, size_t cap)
{
	if (c->bare)
		snprintf(buf, cap, "%s", item);
	else
		snprintf(buf, cap, "%s %s", an(item), item);
	return buf;
}

/* "the carrot", "March" */
static const char *the_item(const struct category *c, const char *item, char *buf, size_t cap)
{
	if (c->bare)
		snprintf(buf, cap, "%s", item);
	else
		snprintf(buf, cap, "the %s", item);
	return buf;
}

static int may_mix(const struct category *main, const struct category *odd, int difficulty)
{
	if (main == odd || odd->level > difficulty)
		return 0;
	if (main->fam != odd->fam)
		return !odd->sub || difficulty >= 3;
	return main->sub && odd->sub;
}

static int contains(const char *const *list, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

static void odd_question(struct lg *L, const char *list, int n, int numbers)
{
	static const char *const count[] = { "", "", "", "Three", "Four", "Five" };
	const char *what = numbers ? "number" : "word";
	switch (R(L, 0, 4)) {
	case 0:
		ask(L, "Which one does not belong: %s?", list);
		break;
	case 1:
		ask(L, "Find the odd one out: %s.", list);
		break;
	case 2:
		ask(L, "Look at these %ss: %s. Which %s is the odd one out?", what, list, what);
		break;
	case 3:
		ask(L, "%s of these go together and one does not: %s. Which one does not belong?", count[n - 1],
		    list);
		break;
	default:
		ask(L, "Which %s is the odd one out? %s.", what, list);
		break;
	}
}

static int odd_words(struct lg *L, int difficulty)
{
	const struct category *m, *o;
	int n = difficulty == 1 ? 4 : 5;
	do
		m = &categories[R(L, 0, NELEM(categories) - 1)];
	while (m->level > difficulty || (difficulty == 3 && !m->sub && chance(L, 60)));
	do
		o = &categories[R(L, 0, NELEM(categories) - 1)];
	while (!may_mix(m, o, difficulty));

	const char *items[5];
	int k = n_items(m), idx[11];
	for (int i = 0; i < k; i++)
		idx[i] = i;
	shuffle(L, idx, k);
	for (int i = 0; i < n - 1; i++)
		items[i] = m->items[idx[i]];
	const char *odd;
	do
		odd = o->items[R(L, 0, n_items(o) - 1)];
	while (contains(items, n - 1, odd));
	int at = R(L, 0, n - 1);
	for (int i = n - 1; i > at; i--)
		items[i] = items[i - 1];
	items[at] = odd;

	char list[256], group[256], a[64], b[64];
	list_and(list, sizeof list, items, n, ", ");
	odd_question(L, list, n, 0);

	const char *with[5];
	char wbuf[5][64];
	int j = 0;
	for (int i = 0; i < n; i++) {
		if (i == at)
			continue;
		with[j] = with_article(m, items[i], wbuf[j], sizeof wbuf[j]);
		j++;
	}
	list_and(group, sizeof group, with, n - 1, " and ");
	step(L, "%s are all %s.", group, m->group);
	step(L, "%s is %s %s, not %s %s.", with_article(o, odd, a, sizeof a), an(o->one), o->one, an(m->one),
	     m->one);
	conclude(L, "the odd one out is %s", the_item(o, odd, b, sizeof b));

	fact(L, 1, "%s is the odd one out", the_item(o, odd, b, sizeof b));
	fact(L, 1, "%s is %s %s", with_article(o, odd, a, sizeof a), an(o->one), o->one);
	fact(L, 1, "%s is not %s %s", a, an(m->one), m->one);
	fact(L, 0, "%s is %s %s", a, an(m->one), m->one);
	for (int i = 0; i < n; i++) {
		if (i == at)
			continue;
		fact(L, 0, "the odd one out is %s", the_item(m, items[i], b, sizeof b));
		fact(L, 0, "%s is the odd one out", b);
		fact(L, 1, "%s is %s %s", with_article(m, items[i], a, sizeof a), an(m->one), m->one);
	}
	return finish(L, odd);
}

/* Number sets: a property all but one share, and no other property that
 * singles out a different number (or the same one twice over). */
enum numprop { NP_EVEN, NP_ODD, NP_M3, NP_M4, NP_M5, NP_M10, N_NUMPROPS };

static int has_prop(int x, int prop)
{
	switch (prop) {
	case NP_EVEN: return x % 2 == 0;
	case NP_ODD: return x % 2 == 1;
	case NP_M3: return x % 3 == 0;
	case NP_M4: return x % 4 == 0;
	case NP_M5: return x % 5 == 0;
	default: return x % 10 == 0;
	}
}

static int digits(int x)
{
	return x >= 100 ? 3 : x >= 10 ? 2 : 1;
}

/* The number singled out by `prop` (the only one with or without it), or -1. */
static int lonely(const int *v, int n, int prop)
{
	int with = 0, who_with = -1, who_without = -1;
	for (int i = 0; i < n; i++) {
		if (prop < N_NUMPROPS ? has_prop(v[i], prop) : digits(v[i]) == digits(v[0])) {
			with++;
			who_with = i;
		} else {
			who_without = i;
		}
	}
	if (with == 1)
		return who_with;
	if (with == n - 1)
		return who_without;
	return -1;
}

static int unambiguous(const int *v, int n, int odd)
{
	for (int prop = 0; prop <= N_NUMPROPS; prop++) {
		int who = lonely(v, n, prop);
		if (who >= 0 && who != odd)
			return 0;
	}
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			if (v[i] == v[j])
				return 0;
	return 1;
}

static int odd_numbers(struct lg *L, int difficulty)
{
	static const int easy[] = { NP_EVEN, NP_ODD }, mid[] = { NP_EVEN, NP_ODD, NP_M5, NP_M10 },
			 hard[] = { NP_M3, NP_M4, NP_M5, NP_M10 };
	static const int kfor[] = { 2, 2, 3, 4, 5, 10 };
	int prop = difficulty == 1 ? ONE_OF(L, easy) : difficulty == 2 ? ONE_OF(L, mid) : ONE_OF(L, hard);
	int n = difficulty == 1 ? 4 : 5, lo = difficulty == 1 ? 2 : 10, hi = difficulty == 1 ? 30 : 99;
	int v[5], odd = R(L, 0, n - 1);
	for (int tries = 0;; tries++) {
		if (tries > 2000)
			return -1;
		for (int i = 0; i < n; i++) {
			do
				v[i] = R(L, lo, hi);
			while (has_prop(v[i], prop) != (i != odd));
		}
		if (unambiguous(v, n, odd))
			break;
	}
	char list[128], nums[5][8];
	const char *p[5];
	for (int i = 0; i < n; i++) {
		snprintf(nums[i], sizeof nums[i], "%d", v[i]);
		p[i] = nums[i];
	}
	list_and(list, sizeof list, p, n, ", ");
	odd_question(L, list, n, 1);

	int k = kfor[prop];
	for (int i = 0; i < n; i++) {
		if (prop == NP_EVEN || prop == NP_ODD)
			step(L, "%d is %s", v[i], v[i] % 2 ? "odd" : "even");
		else if (v[i] % k == 0)
			step(L, "%d ÷ %d = %d, so %d is a multiple of %d.", v[i], k, v[i] / k, v[i], k);
		else
			step(L, "%d ÷ %d = %d r %d, so %d is not a multiple of %d.", v[i], k, v[i] / k, v[i] % k, v[i], k);
	}
	if (prop == NP_EVEN || prop == NP_ODD)
		step(L, "The others are all %s.", prop == NP_EVEN ? "even" : "odd");
	else
		step(L, "The others are all multiples of %d.", k);
	conclude(L, "the odd one out is %d", v[odd]);

	fact(L, 1, "%d is the odd one out", v[odd]);
	for (int i = 0; i < n; i++) {
		if (i != odd) {
			fact(L, 0, "the odd one out is %d", v[i]);
			fact(L, 0, "%d is the odd one out", v[i]);
		}
		fact(L, 1, "%d is %s", v[i], v[i] % 2 ? "odd" : "even");
		fact(L, 0, "%d is %s", v[i], v[i] % 2 ? "even" : "odd");
		if (prop != NP_EVEN && prop != NP_ODD) {
			fact(L, v[i] % k == 0, "%d is a multiple of %d", v[i], k);
			fact(L, v[i] % k != 0, "%d is not a multiple of %d", v[i], k);
		}
	}
	return finish(L, nums[odd]);
}

int tut_gen_logic_odd_one_out(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	struct lg L;
	if (difficulty < 1 || difficulty > 3)
		return -1;
	for (int attempt = 0; attempt < 50; attempt++) {
		start(&L, r, p, "logic_odd_one_out", difficulty, TUT_BASIC, TUT_ANS_WORD);
		int rc = chance(&L, 30) ? odd_numbers(&L, difficulty) : odd_words(&L, difficulty);
		if (rc == 0)
			return 0;
	}
	return -1;
}

/* ---- True or false ------------------------------------------------------- */

/* Each kind writes the statement into `st` and its working into the steps,
 * and returns whether the statement is true. */

static int tf_arith(struct lg *L, int difficulty, char *st, size_t cap)
{
	int a, b, c, wrong = chance(L, 50);
	const char *op;
	int kind = difficulty == 1 ? R(L, 0, 1) : difficulty == 2 ? R(L, 0, 2) : R(L, 0, 3);
	switch (kind) {
	case 0:
		a = R(L, 2, difficulty == 1 ? 12 : difficulty == 2 ? 70 : 600);
		b = R(L, 2, difficulty == 1 ? 20 - a : difficulty == 2 ? 99 - a : 999 - a);
		if (b < 2)
			b = 2;
		op = "+";
		c = a + b;
		break;
	case 1:
		b = R(L, 2, difficulty == 1 ? 9 : difficulty == 2 ? 40 : 400);
		a = b + R(L, 1, difficulty == 1 ? 10 : difficulty == 2 ? 50 : 500);
		op = "-";
		c = a - b;
		break;
	case 2:
		a = R(L, 2, difficulty == 2 ? 10 : 12);
		b = R(L, 2, difficulty == 2 ? 10 : 12);
		op = "×";
		c = a * b;
		break;
	default:
		b = R(L, 2, 12);
		c = R(L, 2, 12);
		a = b * c;
		op = "÷";
		break;
	}
	int shown = c;
	if (wrong) {
		/* the mistakes children make: one off, or the next fact in the table */
		if (kind == 2 && chance(L, 50))
			shown = a * (b + (chance(L, 50) || b == 2 ? 1 : -1));
		else
			shown = c + (chance(L, 50) || c <= 3 ? 1 : -1) * R(L, 1, 3);
	}
	snprintf(st, cap, "%d %s %d = %d", a, op, b, shown);
	step(L, "Work it out: %d %s %d = %d", a, op, b, c);
	fact(L, 1, "%d %s %d = %d", a, op, b, c);
	if (shown != c)
		fact(L, 0, "%d %s %d = %d", a, op, b, shown);
	if (shown == c)
		step(L, "The statement says %d too, so it matches.", shown);
	else
		step(L, "The statement says %d, but the answer is %d.", shown, c);
	return shown == c;
}

static int tf_compare(struct lg *L, int difficulty, char *st, size_t cap)
{
	if (difficulty == 3 && chance(L, 50)) {
		/* unit fractions: the bigger the bottom number, the smaller the part */
		int x = R(L, 2, 9), y;
		do
			y = R(L, 2, 9);
		while (y == x);
		int gt = chance(L, 50);
		snprintf(st, cap, "1/%d %s 1/%d", x, gt ? ">" : "<", y);
		step(L, "Both are one part; the part is smaller when the whole is cut into more pieces.");
		step(L, "1/%d %s 1/%d", x, x < y ? ">" : "<", y);
		return (x < y) == gt;
	}
	int hi = difficulty == 1 ? 99 : difficulty == 2 ? 999 : 9999;
	int a = R(L, 10, hi), b;
	/* close numbers with the same digits make the comparison worth doing */
	if (a >= 100 && chance(L, 50) && a % 10 != (a / 10) % 10)
		b = a - a % 100 + (a % 10) * 10 + (a / 10) % 10;
	else
		do
			b = R(L, a > 20 ? a - a / 5 : 10, a + a / 5);
		while (b == a);
	int gt = chance(L, 50);
	snprintf(st, cap, "%d %s %d", a, gt ? ">" : "<", b);
	step(L, "Compare the digits from the left: %d %s %d", a, a > b ? ">" : "<", b);
	fact(L, 1, "%d %s %d", a, a > b ? ">" : "<", b);
	fact(L, 0, "%d %s %d", a, a > b ? "<" : ">", b);
	if ((a > b) == gt)
		step(L, "That is what the statement says.");
	else
		step(L, "The statement has the sign the wrong way round.");
	return (a > b) == gt;
}

static int tf_parity(struct lg *L, int difficulty, char *st, size_t cap)
{
	int x = R(L, 3, difficulty == 1 ? 50 : difficulty == 2 ? 500 : 5000), says_even = chance(L, 50);
	snprintf(st, cap, "%d is an %s number.", x, says_even ? "even" : "odd");
	step(L, "The ones digit of %d is %d.", x, x % 10);
	step(L, "%d is %s", x, x % 2 ? "odd" : "even");
	fact(L, 1, "%d is %s", x, x % 2 ? "odd" : "even");
	fact(L, 0, "%d is %s", x, x % 2 ? "even" : "odd");
	fact(L, x % 2 == 0, "%d is an even number", x);
	fact(L, x % 2 == 1, "%d is an odd number", x);
	return (x % 2 == 0) == says_even;
}

static int tf_multiple(struct lg *L, int difficulty, char *st, size_t cap)
{
	int k = R(L, 2, difficulty == 2 ? 5 : 9), q = R(L, 2, 12), x = k * q + (chance(L, 50) ? 0 : R(L, 1, k - 1));
	snprintf(st, cap, "%d is a multiple of %d.", x, k);
	fact(L, x % k == 0, "%d is a multiple of %d", x, k);
	fact(L, x % k != 0, "%d is not a multiple of %d", x, k);
	if (x % k == 0) {
		step(L, "%d ÷ %d = %d", x, k, x / k);
		step(L, "There is no remainder, so %d is in the %d times table.", x, k);
	} else {
		step(L, "%d ÷ %d = %d r %d", x, k, x / k, x % k);
		step(L, "There is a remainder, so %d is not in the %d times table.", x, k);
	}
	return x % k == 0;
}

static int tf_round(struct lg *L, int difficulty, char *st, size_t cap)
{
	int place = difficulty == 2 || chance(L, 50) ? 10 : 100;
	int x = R(L, place + 1, place * 100 - 1), right = (x + place / 2) / place * place;
	if (x % place == 0)
		x++;
	right = (x + place / 2) / place * place;
	int shown = chance(L, 50) ? right : x / place * place + (right == x / place * place ? place : 0);
	snprintf(st, cap, "%d rounded to the nearest %s is %d.", x, place == 10 ? "ten" : "hundred", shown);
	step(L, "Look at the %s digit of %d.", place == 10 ? "ones" : "tens", x);
	step(L, "%d rounded to the nearest %s is %d", x, place == 10 ? "ten" : "hundred", right);
	return shown == right;
}

static int tf_digit(struct lg *L, int difficulty, char *st, size_t cap)
{
	static const char *const place_name[] = { "ones", "tens", "hundreds", "thousands" };
	int nd = difficulty == 2 ? 3 : 4, d[4], x = 0;
	/* different digits, none zero, so each digit names one place */
	for (int i = 0; i < nd; i++) {
		int again;
		do {
			d[i] = R(L, 1, 9);
			again = 0;
			for (int j = 0; j < i; j++)
				again |= d[j] == d[i];
		} while (again);
		x = x * 10 + d[i];
	}
	int pos = R(L, 0, nd - 2), place = nd - 1 - pos;   /* not the ones digit */
	int worth = d[pos];
	for (int i = 0; i < place; i++)
		worth *= 10;
	int shown = chance(L, 50) ? worth : chance(L, 50) ? worth * 10 : worth / 10;
	snprintf(st, cap, "In %d, the %d is worth %d.", x, d[pos], shown);
	step(L, "In %d, the %d is in the %s place.", x, d[pos], place_name[place]);
	step(L, "The %d in %d is worth %d", d[pos], x, worth);
	return shown == worth;
}

struct conversion {
	const char *big, *small, *bigsym, *smallsym;
	int k;
};

static const struct conversion conversions[] = {
	{ "metre", "centimetres", "m", "cm", 100 }, { "kilometre", "metres", "km", "m", 1000 },
	{ "kilogram", "grams", "kg", "g", 1000 }, { "litre", "millilitres", "l", "ml", 1000 },
	{ "hour", "minutes", "h", "min", 60 }, { "centimetre", "millimetres", "cm", "mm", 10 },
};

static int tf_units(struct lg *L, int difficulty, char *st, size_t cap)
{
	static const int wrongs[] = { 10, 100, 1000, 60 };
	const struct conversion *c = &conversions[R(L, 0, NELEM(conversions) - 1)];
	int shown = c->k;
	if (chance(L, 50))
		while (shown == c->k)
			shown = ONE_OF(L, wrongs);
	if (difficulty == 3 && chance(L, 50)) {
		int n = R(L, 2, 9);
		snprintf(st, cap, "%d %s = %d %s", n, c->bigsym, n * shown, c->smallsym);
		step(L, "1 %s = %d %s", c->bigsym, c->k, c->smallsym);
		step(L, "%d × %d = %d", n, c->k, n * c->k);
		step(L, "%s", shown == c->k ? "That matches the statement." : "The statement has a different number.");
		return shown == c->k;
	}
	snprintf(st, cap, "There are %d %s in %s %s.", shown, c->small, an(c->big), c->big);
	step(L, "1 %s = %d %s", c->bigsym, c->k, c->smallsym);
	step(L, "%s", shown == c->k ? "That matches the statement." : "The statement has a different number.");
	return shown == c->k;
}

struct shape {
	const char *name;
	int sides, corners, faces;   /* -1: not asked about */
};

static const struct shape shapes[] = {
	{ "triangle", 3, 3, -1 }, { "square", 4, 4, -1 }, { "rectangle", 4, 4, -1 },
	{ "pentagon", 5, 5, -1 }, { "hexagon", 6, 6, -1 }, { "octagon", 8, 8, -1 },
	{ "cube", -1, 8, 6 }, { "cuboid", -1, 8, 6 }, { "square-based pyramid", -1, 5, 5 },
	{ "triangular prism", -1, 6, 5 },
};

static int tf_shape(struct lg *L, int difficulty, char *st, size_t cap)
{
	const struct shape *s = &shapes[R(L, 0, difficulty == 1 ? 5 : NELEM(shapes) - 1)];
	const char *what;
	int n;
	switch (s->sides < 0 ? R(L, 1, 2) : R(L, 0, 1)) {
	case 0:
		what = "sides";
		n = s->sides;
		break;
	case 1:
		what = "corners";
		n = s->corners;
		break;
	default:
		what = "faces";
		n = s->faces;
		break;
	}
	int shown = chance(L, 50) ? n : n + (chance(L, 50) || n <= 3 ? 1 : -1);
	snprintf(st, cap, "%s %s has %d %s.", an(s->name), s->name, shown, what);
	tut_capitalize(st);
	step(L, "%s %s has %d %s.", an(s->name), s->name, n, what);
	step(L, "%s", shown == n ? "That matches the statement." : "The statement has a different number.");
	return shown == n;
}

/* Statements about shapes and numbers, with working that proves or
 * disproves them (every claim in it true). */
struct known {
	const char *st;
	int truth;
	const char *why[3];
};

static const struct known knowns[] = {
	{ "Every square is a rectangle.", 1,
	  { "A rectangle has four sides and four right angles.",
	    "A square has four sides and four right angles too." } },
	{ "Every rectangle is a square.", 0,
	  { "A rectangle can be 2 cm wide and 5 cm long.",
	    "Its sides are not all the same length, so it is not a square." } },
	{ "A square has four equal sides.", 1, { "All four sides of a square are the same length." } },
	{ "A circle has two corners.", 0, { "A circle has one curved edge and no corners." } },
	{ "A triangle can have a right angle.", 1,
	  { "The corner of a set square is a right angle, and a set square is a triangle." } },
	{ "The sum of two odd numbers is always odd.", 0, { "For example, 3 + 5 = 8", "8 is even" } },
	{ "The sum of two even numbers is always even.", 1,
	  { "Even numbers are made of pairs, so two of them together are still pairs.", "For example, 4 + 6 = 10" } },
	{ "An odd number plus an even number is always odd.", 1,
	  { "One odd number has one left over, and the even number adds only pairs.", "For example, 7 + 4 = 11",
	    "11 is odd" } },
	{ "Any number times 0 is 0.", 1, { "Zero groups of anything is nothing.", "For example, 9 × 0 = 0" } },
	{ "Any number times 1 is 1.", 0, { "One group of a number is the number itself.", "For example, 6 × 1 = 6" } },
	{ "Every number that ends in 5 is odd.", 1,
	  { "The ones digit 5 is odd, so the number is odd.", "For example, 35 is odd" } },
	{ "Every number that ends in 0 is a multiple of 10.", 1, { "For example, 70 ÷ 10 = 7" } },
	{ "A week has 8 days.", 0, { "A week has 7 days, from Monday to Sunday." } },
	{ "A year has 12 months.", 1, { "The months go from January to December: 12 of them." } },
	{ "Half of an even number is always even.", 0, { "For example, 6 ÷ 2 = 3", "3 is odd" } },
	{ "Double any number is even.", 1, { "Doubling makes pairs.", "For example, 7 × 2 = 14", "14 is even" } },
};

static int tf_known(struct lg *L, int difficulty, char *st, size_t cap)
{
	const struct known *k = &knowns[R(L, 0, NELEM(knowns) - 1)];
	snprintf(st, cap, "%s", k->st);
	for (int i = 0; i < NELEM(k->why) && k->why[i]; i++)
		step(L, "%s", k->why[i]);
	return k->truth;
}

int tut_gen_logic_true_false(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	typedef int (*kind_fn)(struct lg *, int, char *, size_t);
	static const kind_fn easy[] = { tf_arith, tf_arith, tf_compare, tf_parity, tf_shape };
	static const kind_fn mid[] = { tf_arith, tf_compare, tf_parity, tf_multiple, tf_round, tf_digit, tf_units,
				       tf_shape, tf_known };
	static const kind_fn hard[] = { tf_arith, tf_compare, tf_multiple, tf_round, tf_digit, tf_units, tf_shape,
					tf_known, tf_known };
	struct lg L;
	if (difficulty < 1 || difficulty > 3)
		return -1;
	for (int attempt = 0; attempt < 20; attempt++) {
		char st[160], who[2][8];
		const char *name = NULL;
		start(&L, r, p, "logic_true_false", difficulty + 1, TUT_SYMBOLIC, TUT_ANS_CHOICE);
		kind_fn fn = difficulty == 1 ? ONE_OF(&L, easy) : difficulty == 2 ? ONE_OF(&L, mid) : ONE_OF(&L, hard);
		int truth = fn(&L, difficulty, st, sizeof st);
		/* the statement, in one of its frames; sentences end with a period */
		size_t n = strlen(st);
		const char *dot = n && (st[n - 1] == '.') ? "" : ".";
		switch (R(&L, 0, 4)) {
		case 0:
		case 1:
			ask(&L, "True or false: %s%s", st, dot);
			break;
		case 2:
			ask(&L, "Is this true or false? %s%s", st, dot);
			break;
		case 3:
			ask(&L, "Decide whether this is true or false: %s%s", st, dot);
			break;
		default:
			name = ONE_OF(&L, names);
			ask(&L, "%s says: \"%s%s\" Is %s right? Answer true or false.", name, st, dot, name);
			break;
		}
		conclude(&L, "the statement is %s", truth ? "true" : "false");
		fact(&L, 0, "the statement is %s", truth ? "false" : "true");
		if (name) {
			conclude(&L, "%s is %s", name, truth ? "right" : "wrong");
			fact(&L, 0, "%s is %s", name, truth ? "wrong" : "right");
		}
		snprintf(who[0], sizeof who[0], "%s", truth ? "true" : "false");
		if (finish(&L, who[0]) == 0)
			return 0;
	}
	return -1;
}

/* ---- Syllogisms ----------------------------------------------------------- */

/* A predicate in its four forms: "are birds" / "is a bird" / "is not a
 * bird" / "Is %s a bird?". */
struct pred {
	char pl[80], sg[80], neg[80], q[96], would[80], np[48];
};

/* From a class noun: "bird", "birds". */
static void pred_class(struct pred *p, const char *one, const char *many)
{
	snprintf(p->pl, sizeof p->pl, "are %s", many);
	snprintf(p->sg, sizeof p->sg, "is %s %s", an(one), one);
	snprintf(p->neg, sizeof p->neg, "is not %s %s", an(one), one);
	snprintf(p->q, sizeof p->q, "Is %%s %s %s?", an(one), one);
	snprintf(p->would, sizeof p->would, "would be %s %s", an(one), one);
	snprintf(p->np, sizeof p->np, "%s %s", an(one), one);
}

/* From a plural verb phrase: "have feathers", "can fly", "are red",
 * "grow in the ground". */
static void pred_verb(struct pred *p, const char *vp)
{
	const char *sp = strchr(vp, ' ');
	size_t vlen = sp ? (size_t)(sp - vp) : strlen(vp);
	const char *rest = sp ? sp : "";
	if (vlen == 3 && strncmp(vp, "are", 3) == 0) {
		snprintf(p->pl, sizeof p->pl, "%s", vp);
		snprintf(p->sg, sizeof p->sg, "is%s", rest);
		snprintf(p->neg, sizeof p->neg, "is not%s", rest);
		snprintf(p->q, sizeof p->q, "Is %%s%s?", rest);
		snprintf(p->would, sizeof p->would, "would be%s", rest);
	} else if (vlen == 3 && strncmp(vp, "can", 3) == 0) {
		snprintf(p->pl, sizeof p->pl, "%s", vp);
		snprintf(p->sg, sizeof p->sg, "%s", vp);
		snprintf(p->neg, sizeof p->neg, "cannot%s", rest);
		snprintf(p->q, sizeof p->q, "Can %%s%s?", rest);
		snprintf(p->would, sizeof p->would, "could%s", rest);
	} else {
		snprintf(p->pl, sizeof p->pl, "%s", vp);
		if (vlen == 4 && strncmp(vp, "have", 4) == 0)
			snprintf(p->sg, sizeof p->sg, "has%s", rest);
		else
			snprintf(p->sg, sizeof p->sg, "%.*ss%s", (int)vlen, vp, rest);
		snprintf(p->neg, sizeof p->neg, "does not %s", vp);
		snprintf(p->q, sizeof p->q, "Does %%s %s?", vp);
		snprintf(p->would, sizeof p->would, "would %s", vp);
	}
	p->np[0] = 0;
}

/* A class, the class above it and the one above that, what all of them
 * have (and whether other things have it too), what some have, and what
 * none has. */
struct taxon {
	const char *one, *many, *up_one, *up_many, *top_one, *top_many;
	const char *all;
	int all_shared;
	const char *some, *none;
	int pet;   /* individuals are pets with names; else "the <top_one> in the picture" */
};

static const struct taxon taxa[] = {
	{ "cat", "cats", "mammal", "mammals", "animal", "animals", "have whiskers", 1, "have stripes", "have feathers", 1 },
	{ "dog", "dogs", "mammal", "mammals", "animal", "animals", "have whiskers", 1, "have spots", "have feathers", 1 },
	{ "robin", "robins", "bird", "birds", "animal", "animals", "have feathers", 1, NULL, "have fur", 1 },
	{ "parrot", "parrots", "bird", "birds", "animal", "animals", "have beaks", 1, "can talk", "have fur", 1 },
	{ "sparrow", "sparrows", "bird", "birds", "animal", "animals", "lay eggs", 1, NULL, "have fur", 1 },
	{ "shark", "sharks", "fish", "fish", "animal", "animals", "have fins", 1, "are very big", "have feathers", 1 },
	{ "bee", "bees", "insect", "insects", "animal", "animals", "have six legs", 1, "live in hives", "have feathers", 1 },
	{ "ant", "ants", "insect", "insects", "animal", "animals", "have six legs", 1, "can fly", "have fur", 1 },
	{ "rose", "roses", "flower", "flowers", "plant", "plants", "have petals", 1, "are red", "can walk", 0 },
	{ "tulip", "tulips", "flower", "flowers", "plant", "plants", "have petals", 1, "are yellow", "can talk", 0 },
	{ "oak", "oaks", "tree", "trees", "plant", "plants", "have roots", 1, "are very old", "can run", 0 },
	{ "square", "squares", "rectangle", "rectangles", "shape", "shapes", "have four sides", 1, "are red",
	  "have five sides", 0 },
	{ "apple", "apples", "fruit", "fruits", "food", "foods", "have seeds", 1, "are green", "can sing", 0 },
	{ "violin", "violins", "instrument", "instruments", "object", "objects", "have strings", 1, "are very old",
	  "can swim", 0 },
	{ "train", "trains", "vehicle", "vehicles", "machine", "machines", "have wheels", 1, "are electric",
	  "can fly", 0 },
	{ "carrot", "carrots", "vegetable", "vegetables", "plant", "plants", "grow in the ground", 1, "are purple",
	  "can talk", 0 },
};

static const char *const pet_names[] = { "Tom", "Bella", "Max", "Luna", "Coco", "Rex", "Pip", "Milo", "Daisy",
	"Nibbles", "Ziggy", "Pepper", "Biscuit", "Sunny" };

/* Made-up words: the answer cannot come from knowing the world. */
struct nonsense {
	const char *one, *many;
};

static const struct nonsense blorks[] = {
	{ "zib", "zibs" }, { "glorp", "glorps" }, { "blick", "blicks" }, { "wug", "wugs" },
	{ "dax", "daxes" }, { "fep", "feps" }, { "tove", "toves" }, { "snark", "snarks" },
};

static const char *const blork_props[] = { "can hum", "are purple", "have three eyes", "live on the moon",
	"like jelly", "can juggle", "are very shy" };

static const char *const blork_names[] = { "Pim", "Zot", "Quib", "Nox", "Fizz", "Yop" };

/* Ifs: a cause, its effect, and the four statements about them. */
struct ifthen {
	const char *rule;
	const char *p, *not_p, *q, *not_q;    /* statements, lower case, no period */
	const char *ask_p, *ask_q;            /* questions */
	const char *whether_p, *whether_q;    /* "whether it is raining" */
	const char *other_cause;              /* why q need not come from p */
};

static const struct ifthen ifs[] = {
	{ "If it rains, the playground gets wet.", "it is raining", "it is not raining", "the playground is wet",
	  "the playground is not wet", "Is it raining?", "Is the playground wet?", "whether it is raining",
	  "whether the playground is wet", "Something else, like a hose, could make the playground wet." },
	{ "If the light is green, the cars can go.", "the light is green", "the light is not green",
	  "the cars can go", "the cars cannot go", "Is the light green?", "Can the cars go?",
	  "whether the light is green", "whether the cars can go",
	  "The cars might be allowed to go for another reason." },
	{ "If a number ends in 0, it is even.", "Kim's number ends in 0", "Kim's number does not end in 0",
	  "Kim's number is even", "Kim's number is not even", "Does Kim's number end in 0?",
	  "Is Kim's number even?", "whether Kim's number ends in 0", "whether Kim's number is even",
	  "Numbers ending in 2, 4, 6 or 8 are even too." },
	{ "If you press the red button, the bell rings.", "Leo pressed the red button",
	  "Leo did not press the red button", "the bell rang", "the bell did not ring",
	  "Did Leo press the red button?", "Did the bell ring?", "whether Leo pressed the red button",
	  "whether the bell rang", "Someone else could have rung the bell." },
	{ "If the shop is open, its lights are on.", "the shop is open", "the shop is not open",
	  "the shop's lights are on", "the shop's lights are not on", "Is the shop open?",
	  "Are the shop's lights on?", "whether the shop is open", "whether the shop's lights are on",
	  "The lights could be on while someone cleans the closed shop." },
	{ "If Max the dog is hungry, he barks.", "Max is hungry", "Max is not hungry", "Max barks",
	  "Max does not bark", "Is Max hungry?", "Does Max bark?", "whether Max is hungry", "whether Max barks",
	  "Max could bark for another reason, like a knock at the door." },
};

static const char *const choices[] = {
	"Answer yes, no or cannot tell.", "Choose yes, no or cannot tell.",
	"Is the answer yes, no or cannot tell?", "Say yes, no or cannot tell.",
};

enum { YES, NO, CANT };
static const char *const answer_word[] = { "yes", "no", "cannot tell" };

/* Forms: the letter names the inference. */
enum syl_form {
	SF_ALL_YES,       /* All A are B. x is A. Is x B? */
	SF_NONE_NO,       /* No A P. x is A. P(x)? */
	SF_SOME_CANT,     /* Some A P. x is A. P(x)? */
	SF_CONVERSE_CANT, /* All A P. x P. Is x A? */
	SF_TOLLENS_NO,    /* All A P. x not P. Is x A? */
	SF_INVERSE_CANT,  /* All A P. x is not A. P(x)? */
	SF_IF,            /* an if-rule, in any of its four uses */
	SF_CHAIN_YES,     /* All A are B. All B P. x is A. P(x)? */
	SF_CHAIN_NO,      /* All A are B. No B P. x is A. P(x)? */
	SF_CHAIN_CANT,    /* All A are B. All B P. x P. Is x A? */
};

/* Writes the puzzle of `form` about taxon (or made-up words). */
static int syllogism(struct lg *L, enum syl_form form, int made_up)
{
	struct pred cls, up, prop;
	char who[48], a_pl[48], up_pl[48], premise[3][160];
	int np = 0, ans;
	const struct taxon *t = &taxa[R(L, 0, NELEM(taxa) - 1)];
	const char *all_p = t->all, *none_p = t->none, *some_p = t->some;
	if (made_up) {
		const struct nonsense *a = &blorks[R(L, 0, NELEM(blorks) - 1)], *b;
		do
			b = &blorks[R(L, 0, NELEM(blorks) - 1)];
		while (b == a);
		pred_class(&cls, a->one, a->many);
		pred_class(&up, b->one, b->many);
		snprintf(a_pl, sizeof a_pl, "%s", a->many);
		snprintf(up_pl, sizeof up_pl, "%s", b->many);
		snprintf(who, sizeof who, "%s", ONE_OF(L, blork_names));
		all_p = ONE_OF(L, blork_props);
		do
			none_p = ONE_OF(L, blork_props);
		while (none_p == all_p);
		some_p = none_p;
	} else {
		pred_class(&cls, t->one, t->many);
		pred_class(&up, t->up_one, t->up_many);
		snprintf(a_pl, sizeof a_pl, "%s", t->many);
		snprintf(up_pl, sizeof up_pl, "%s", t->up_many);
		if (t->pet)
			snprintf(who, sizeof who, "%s", ONE_OF(L, pet_names));
		else
			snprintf(who, sizeof who, "the %s in the picture", t->top_one);
		if (!some_p && form == SF_SOME_CANT)
			form = SF_ALL_YES;
	}
	char Who[48];
	snprintf(Who, sizeof Who, "%s", who);
	tut_capitalize(Who);

	if (made_up)
		ask(L, "On the planet Zog:");
	switch (form) {
	case SF_ALL_YES:
		snprintf(premise[np++], 160, "All %s %s.", a_pl, up.pl);
		snprintf(premise[np++], 160, "%s %s.", Who, cls.sg);
		ans = YES;
		break;
	case SF_NONE_NO:
		pred_verb(&prop, none_p);
		snprintf(premise[np++], 160, "No %s %s.", a_pl, prop.pl);
		snprintf(premise[np++], 160, "%s %s.", Who, cls.sg);
		ans = NO;
		break;
	case SF_SOME_CANT:
		pred_verb(&prop, some_p);
		snprintf(premise[np++], 160, "Some %s %s.", a_pl, prop.pl);
		snprintf(premise[np++], 160, "%s %s.", Who, cls.sg);
		ans = CANT;
		break;
	case SF_CONVERSE_CANT:
		pred_verb(&prop, all_p);
		snprintf(premise[np++], 160, "All %s %s.", a_pl, prop.pl);
		snprintf(premise[np++], 160, "%s %s.", Who, prop.sg);
		ans = CANT;
		break;
	case SF_TOLLENS_NO:
		pred_verb(&prop, all_p);
		snprintf(premise[np++], 160, "All %s %s.", a_pl, prop.pl);
		snprintf(premise[np++], 160, "%s %s.", Who, prop.neg);
		ans = NO;
		break;
	case SF_INVERSE_CANT:
		pred_verb(&prop, all_p);
		snprintf(premise[np++], 160, "All %s %s.", a_pl, prop.pl);
		snprintf(premise[np++], 160, "%s %s.", Who, cls.neg);
		ans = CANT;
		break;
	case SF_CHAIN_YES:
		pred_verb(&prop, all_p);
		snprintf(premise[np++], 160, "All %s %s.", a_pl, up.pl);
		snprintf(premise[np++], 160, "All %s %s.", up_pl, prop.pl);
		snprintf(premise[np++], 160, "%s %s.", Who, cls.sg);
		ans = YES;
		break;
	case SF_CHAIN_NO:
		pred_verb(&prop, none_p);
		snprintf(premise[np++], 160, "All %s %s.", a_pl, up.pl);
		snprintf(premise[np++], 160, "No %s %s.", up_pl, prop.pl);
		snprintf(premise[np++], 160, "%s %s.", Who, cls.sg);
		ans = NO;
		break;
	default: /* SF_CHAIN_CANT */
		pred_verb(&prop, all_p);
		snprintf(premise[np++], 160, "All %s %s.", a_pl, up.pl);
		snprintf(premise[np++], 160, "All %s %s.", up_pl, prop.pl);
		snprintf(premise[np++], 160, "%s %s.", Who, prop.sg);
		ans = CANT;
		break;
	}
	for (int i = 0; i < np; i++)
		ask(L, "%s", premise[i]);
	/* the question */
	char q[160];
	if (form == SF_ALL_YES)
		snprintf(q, sizeof q, up.q, who);
	else if (form == SF_CONVERSE_CANT || form == SF_TOLLENS_NO || form == SF_CHAIN_CANT)
		snprintf(q, sizeof q, cls.q, who);
	else
		snprintf(q, sizeof q, prop.q, who);
	ask(L, "%s %s", q, ONE_OF(L, choices));

	for (int i = 0; i < np; i++)
		step(L, "%s", premise[i]);
	for (int i = 0; i < np; i++)
		fact(L, 1, "%s", premise[i]);
	switch (form) {
	case SF_ALL_YES:
		conclude(L, "%s %s", who, up.sg);
		fact(L, 0, "%s %s", who, up.neg);
		break;
	case SF_NONE_NO:
		conclude(L, "%s %s", who, prop.neg);
		fact(L, 0, "%s %s", who, prop.sg);
		break;
	case SF_SOME_CANT:
		step(L, "Only some %s %s, so %s may or may not be one of them.", a_pl, prop.pl, who);
		conclude(L, "we cannot tell whether %s %s", who, prop.sg);
		fact(L, 0, "%s %s", who, prop.sg);
		fact(L, 0, "%s %s", who, prop.neg);
		break;
	case SF_CONVERSE_CANT:
		step(L, "Things that are not %s could %s too.", a_pl, prop.pl);
		conclude(L, "we cannot tell whether %s %s", who, cls.sg);
		fact(L, 0, "%s %s", who, cls.sg);
		fact(L, 0, "%s %s", who, cls.neg);
		break;
	case SF_TOLLENS_NO:
		step(L, "If %s were %s, it %s.", who, cls.np, prop.would);
		conclude(L, "%s %s", who, cls.neg);
		fact(L, 0, "%s %s", who, cls.sg);
		break;
	case SF_INVERSE_CANT:
		step(L, "The rule tells us only about %s, and %s %s.", a_pl, who, cls.neg);
		conclude(L, "we cannot tell whether %s %s", who, prop.sg);
		fact(L, 0, "%s %s", who, prop.sg);
		fact(L, 0, "%s %s", who, prop.neg);
		break;
	case SF_CHAIN_YES:
		conclude(L, "%s %s", who, up.sg);
		conclude(L, "%s %s", who, prop.sg);
		fact(L, 0, "%s %s", who, up.neg);
		fact(L, 0, "%s %s", who, prop.neg);
		break;
	case SF_CHAIN_NO:
		conclude(L, "%s %s", who, up.sg);
		conclude(L, "%s %s", who, prop.neg);
		fact(L, 0, "%s %s", who, up.neg);
		fact(L, 0, "%s %s", who, prop.sg);
		break;
	default:
		step(L, "All %s %s, not only the %s.", up_pl, prop.pl, a_pl);
		conclude(L, "we cannot tell whether %s %s", who, cls.sg);
		fact(L, 0, "%s %s", who, cls.sg);
		fact(L, 0, "%s %s", who, cls.neg);
		break;
	}
	for (int i = 0; i < 3; i++)
		fact(L, i == ans, "the answer is %s", answer_word[i]);
	return finish(L, answer_word[ans]);
}

static int if_puzzle(struct lg *L)
{
	const struct ifthen *f = &ifs[R(L, 0, NELEM(ifs) - 1)];
	char given[160], q[160];
	int use = R(L, 0, 3), ans;
	/* 0: p, so q (yes); 1: q, so p? (cannot tell); 2: not q, so p? (no); 3: not p, so q? (cannot tell) */
	snprintf(given, sizeof given, "%s.", use == 0 ? f->p : use == 1 ? f->q : use == 2 ? f->not_q : f->not_p);
	tut_capitalize(given);
	snprintf(q, sizeof q, "%s", use == 0 || use == 3 ? f->ask_q : f->ask_p);
	ask(L, "%s %s %s %s", f->rule, given, q, ONE_OF(L, choices));
	step(L, "%s", f->rule);
	step(L, "%s", given);
	fact(L, 1, "%s", f->rule);
	fact(L, 1, "%s", given);
	switch (use) {
	case 0:
		conclude(L, "%s", f->q);
		fact(L, 0, "%s", f->not_q);
		ans = YES;
		break;
	case 1:
		step(L, "%s", f->other_cause);
		conclude(L, "we cannot tell %s", f->whether_p);
		fact(L, 0, "%s", f->p);
		fact(L, 0, "%s", f->not_p);
		ans = CANT;
		break;
	case 2:
		step(L, "If %s, then %s; but %s.", f->p, f->q, f->not_q);
		conclude(L, "%s", f->not_p);
		fact(L, 0, "%s", f->p);
		ans = NO;
		break;
	default:
		step(L, "The rule says nothing about what happens when %s.", f->not_p);
		conclude(L, "we cannot tell %s", f->whether_q);
		fact(L, 0, "%s", f->q);
		fact(L, 0, "%s", f->not_q);
		ans = CANT;
		break;
	}
	for (int i = 0; i < 3; i++)
		fact(L, i == ans, "the answer is %s", answer_word[i]);
	return finish(L, answer_word[ans]);
}

int tut_gen_logic_syllogism(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const enum syl_form easy[] = { SF_ALL_YES, SF_ALL_YES, SF_NONE_NO, SF_SOME_CANT, SF_IF };
	static const enum syl_form mid[] = { SF_ALL_YES, SF_NONE_NO, SF_SOME_CANT, SF_CONVERSE_CANT,
					     SF_TOLLENS_NO, SF_INVERSE_CANT, SF_IF, SF_IF };
	static const enum syl_form hard[] = { SF_CHAIN_YES, SF_CHAIN_NO, SF_CHAIN_CANT, SF_CONVERSE_CANT,
					      SF_TOLLENS_NO, SF_INVERSE_CANT, SF_IF };
	struct lg L;
	if (difficulty < 1 || difficulty > 3)
		return -1;
	for (int attempt = 0; attempt < 20; attempt++) {
		start(&L, r, p, "logic_syllogism", difficulty == 3 ? 5 + (int)tut_rng_range(r, 0, 1) : difficulty + 2,
		      TUT_SYMBOLIC, TUT_ANS_CHOICE);
		enum syl_form form = difficulty == 1 ? ONE_OF(&L, easy) : difficulty == 2 ? ONE_OF(&L, mid)
											: ONE_OF(&L, hard);
		int rc = form == SF_IF ? if_puzzle(&L) : syllogism(&L, form, difficulty == 3 && chance(&L, 40));
		if (rc == 0)
			return 0;
	}
	return -1;
}

/* ---- Ordering ------------------------------------------------------------- */

struct comparative {
	const char *more, *less, *most, *least, *setting;
};

static const struct comparative comps[] = {
	{ "taller", "shorter", "tallest", "shortest", "compare their heights" },
	{ "older", "younger", "oldest", "youngest", "compare their ages" },
	{ "faster", "slower", "fastest", "slowest", "run a race" },
	{ "heavier", "lighter", "heaviest", "lightest", "step on the scales at school" },
};

enum order_q { OQ_MOST, OQ_LEAST, OQ_MIDDLE, OQ_LIST, OQ_PAIR, OQ_SECOND };

int tut_gen_logic_order(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	static const char *const count_word[] = { "", "", "", "Three", "Four", "Five" };
	struct lg L;
	if (difficulty < 1 || difficulty > 3)
		return -1;
	for (int attempt = 0; attempt < 20; attempt++) {
		start(&L, r, p, "logic_order", 2, TUT_MULTI, TUT_ANS_WORD);
		const struct comparative *c = &comps[R(&L, 0, NELEM(comps) - 1)];
		int n = difficulty == 1 ? 3 : difficulty == 2 ? 4 : R(&L, 4, 5);
		p->grade = difficulty == 1 ? 2 : difficulty == 2 ? 3 : 3 + (n == 5) + (n == 5 && chance(&L, 50));
		const char *o[5];     /* o[0] is the most: tallest, oldest, ... */
		pick_names(&L, o, n);
		int given_less[5], order[4];
		for (int i = 0; i < n - 1; i++) {
			given_less[i] = chance(&L, 50);
			order[i] = i;
		}
		shuffle(&L, order, n - 1);

		enum order_q qk;
		int px = 0, py = 0;
		do
			qk = (enum order_q)R(&L, 0, difficulty == 1 ? 2 : 5);
		while ((qk == OQ_MIDDLE && n % 2 == 0) || (qk == OQ_PAIR && n < 3));
		if (qk == OQ_PAIR) {
			/* two that no single clue compares */
			do {
				px = R(&L, 0, n - 1);
				py = R(&L, 0, n - 1);
			} while (px >= py || py - px < 2);
			if (chance(&L, 50)) {
				int t = px;
				px = py;
				py = t;
			}
		}

		if (chance(&L, 60))
			ask(&L, "%s children %s.", count_word[n], c->setting);
		for (int k = 0; k < n - 1; k++) {
			int i = order[k];
			if (given_less[i])
				ask(&L, "%s is %s than %s.", o[i + 1], c->less, o[i]);
			else
				ask(&L, "%s is %s than %s.", o[i], c->more, o[i + 1]);
		}
		char list[96];
		list_and(list, sizeof list, o, n, ", ");
		switch (qk) {
		case OQ_MOST:
			ask(&L, "Who is the %s?", c->most);
			break;
		case OQ_LEAST:
			ask(&L, "Who is the %s?", c->least);
			break;
		case OQ_MIDDLE:
			if (n == 3)
				ask(&L, "Who is neither the %s nor the %s?", c->most, c->least);
			else
				ask(&L, "Who is in the middle, with two children on each side?");
			break;
		case OQ_LIST:
			ask(&L, "List the children from %s to %s.", c->most, c->least);
			break;
		case OQ_PAIR:
			ask(&L, "Who is %s, %s or %s?", c->more, o[px < py ? py : px], o[px < py ? px : py]);
			break;
		default:
			ask(&L, "Who is the second %s?", c->most);
			break;
		}

		/* the clues along the line from the top, turned to face one way */
		for (int i = 0; i < n - 1; i++) {
			if (given_less[i]) {
				step(&L, "%s is %s than %s.", o[i + 1], c->less, o[i]);
				conclude(&L, "%s is %s than %s", o[i], c->more, o[i + 1]);
			} else {
				step(&L, "%s is %s than %s.", o[i], c->more, o[i + 1]);
			}
			if (i >= 1)
				conclude(&L, "%s is %s than %s", o[0], c->more, o[i + 1]);
		}
		const char *ans = o[0];
		char answer[96];
		switch (qk) {
		case OQ_MOST:
			conclude(&L, "%s is the %s", o[0], c->most);
			break;
		case OQ_LEAST:
			conclude(&L, "%s is the %s", o[n - 1], c->least);
			ans = o[n - 1];
			break;
		case OQ_MIDDLE:
			conclude(&L, "the order from %s to %s is %s", c->most, c->least, list);
			conclude(&L, "%s is in the middle", o[n / 2]);
			ans = o[n / 2];
			break;
		case OQ_LIST:
			conclude(&L, "the order from %s to %s is %s", c->most, c->least, list);
			p->kind = TUT_ANS_LIST;
			ans = list;
			break;
		case OQ_PAIR: {
			int hi = px < py ? px : py, lo = px < py ? py : px;
			if (hi > 0)
				conclude(&L, "%s is %s than %s", o[hi], c->more, o[lo]);
			ans = o[hi];
			break;
		}
		default:
			conclude(&L, "the order from %s to %s is %s", c->most, c->least, list);
			conclude(&L, "%s is the second %s", o[1], c->most);
			ans = o[1];
			break;
		}
		snprintf(answer, sizeof answer, "%s", ans);

		/* what else follows, and what does not, most useful first */
		fact(&L, 1, "%s is the %s", o[0], c->most);
		fact(&L, 1, "%s is the %s", o[n - 1], c->least);
		for (int i = 1; i < n; i++)
			fact(&L, 0, "%s is the %s", o[i], c->most);
		for (int i = 0; i < n - 1; i++)
			fact(&L, 0, "%s is the %s", o[i], c->least);
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++) {
				fact(&L, 1, "%s is %s than %s", o[i], c->more, o[j]);
				fact(&L, 0, "%s is %s than %s", o[j], c->more, o[i]);
			}
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++) {
				fact(&L, 1, "%s is %s than %s", o[j], c->less, o[i]);
				fact(&L, 0, "%s is %s than %s", o[i], c->less, o[j]);
			}
		if (finish(&L, answer) == 0)
			return 0;
	}
	return -1;
}

/* ---- Truth-tellers and liars -------------------------------------------- */

enum kst {
	KS_TRUTH, KS_LIAR, KS_BOTH_T, KS_BOTH_L, KS_SAME, KS_DIFF, KS_ONE_LIAR, KS_EXACT_ONE_T, KS_ALL_LIARS,
	KS_TWO_LIARS,
};

struct kstmt {
	enum kst k;
	int x, y;
};

struct kpz {
	int n;
	const char *nm[3];
	int speaks[3];
	struct kstmt st[3];
	char said[3][64];
	int sol[3];
};

/* t: bit i set when person i tells the truth */
static int kn_eval(const struct kstmt *s, unsigned t, int n)
{
	int tx = (int)(t >> s->x) & 1, ty = (int)(t >> s->y) & 1, honest = 0;
	for (int i = 0; i < n; i++)
		honest += (int)(t >> i) & 1;
	switch (s->k) {
	case KS_TRUTH: return tx;
	case KS_LIAR: return !tx;
	case KS_BOTH_T: return tx && ty;
	case KS_BOTH_L: return !tx && !ty;
	case KS_SAME: return tx == ty;
	case KS_DIFF: return tx != ty;
	case KS_ONE_LIAR: return honest < n;
	case KS_EXACT_ONE_T: return honest == 1;
	case KS_ALL_LIARS: return honest == 0;
	default: return n - honest == 2;
	}
}

/* The words as the speaker says them (without the final period). */
static void kn_words(const struct kpz *K, int s, char *buf, size_t cap)
{
	const struct kstmt *st = &K->st[s];
	static const char *const pair_end[] = { [KS_BOTH_T] = "both truth-tellers", [KS_BOTH_L] = "both liars",
						[KS_SAME] = "the same kind", [KS_DIFF] = "different kinds" };
	switch (st->k) {
	case KS_TRUTH:
		snprintf(buf, cap, "%s tells the truth", K->nm[st->x]);
		break;
	case KS_LIAR:
		snprintf(buf, cap, "%s is a liar", K->nm[st->x]);
		break;
	case KS_BOTH_T:
	case KS_BOTH_L:
	case KS_SAME:
	case KS_DIFF:
		if (K->n == 2)
			snprintf(buf, cap, "We are %s", pair_end[st->k]);
		else if (st->x == s || st->y == s)
			snprintf(buf, cap, "%s and I are %s", K->nm[st->x == s ? st->y : st->x], pair_end[st->k]);
		else
			snprintf(buf, cap, "%s and %s are %s", K->nm[st->x], K->nm[st->y], pair_end[st->k]);
		break;
	case KS_ONE_LIAR:
		snprintf(buf, cap, "At least one of us is a liar");
		break;
	case KS_EXACT_ONE_T:
		snprintf(buf, cap, "Exactly one of us tells the truth");
		break;
	case KS_ALL_LIARS:
		snprintf(buf, cap, "We are all liars");
		break;
	default:
		snprintf(buf, cap, "Exactly two of us are liars");
		break;
	}
}

static void kn_random(struct lg *L, struct kpz *K, int s)
{
	struct kstmt *st = &K->st[s];
	int n = K->n, other;
	do
		other = R(L, 0, n - 1);
	while (other == s);
	st->x = other;
	st->y = s;
	switch (R(L, 0, n == 2 ? 6 : 9)) {
	case 0:
		st->k = KS_TRUTH;
		break;
	case 1:
	case 2:
		st->k = KS_LIAR;
		break;
	case 3:
		st->k = KS_BOTH_T;
		break;
	case 4:
		st->k = KS_BOTH_L;
		break;
	case 5:
		st->k = chance(L, 50) ? KS_SAME : KS_DIFF;
		break;
	case 6:
		st->k = KS_ONE_LIAR;
		break;
	case 7:
		st->k = KS_EXACT_ONE_T;
		break;
	case 8:
		st->k = KS_ALL_LIARS;
		break;
	default:
		st->k = KS_TWO_LIARS;
		break;
	}
	if (n == 3 && (st->k == KS_BOTH_T || st->k == KS_BOTH_L || st->k == KS_SAME || st->k == KS_DIFF) &&
	    chance(L, 40)) {
		/* about the other two */
		st->x = (s + 1) % 3;
		st->y = (s + 2) % 3;
	}
}

/* How many truth assignments agree with v (-1: unknown) and make s's words
 * true exactly when s tells the truth (s's value: sval); agree[i] gets the
 * value every one of them gives person i, or -1 when they differ. */
static int kn_complete(const struct kpz *K, const int *v, int s, int sval, int *agree)
{
	int count = 0;
	for (int i = 0; i < K->n; i++)
		agree[i] = -2;
	for (unsigned t = 0; t < (1u << K->n); t++) {
		int ok = ((int)(t >> s) & 1) == sval;
		for (int i = 0; i < K->n && ok; i++)
			ok = v[i] < 0 || v[i] == (int)((t >> i) & 1);
		if (!ok || kn_eval(&K->st[s], t, K->n) != sval)
			continue;
		count++;
		for (int i = 0; i < K->n; i++) {
			int bit = (int)(t >> i) & 1;
			agree[i] = agree[i] == -2 ? bit : agree[i] == bit ? bit : -1;
		}
	}
	return count;
}

static const char *kind_of(int honest)
{
	return honest ? "tells the truth" : "is a liar";
}

/* Reasons about one case (v: what is supposed or known so far); writes
 * the steps and returns 1 when the case fits, 0 when it fails. */
static int kn_case(struct lg *L, struct kpz *K, int *v)
{
	for (int progress = 1; progress;) {
		progress = 0;
		for (int s = 0; s < K->n && !progress; s++) {
			int agree[3];
			if (!K->speaks[s])
				continue;
			if (v[s] >= 0) {
				if (kn_complete(K, v, s, v[s], agree) == 0) {
					step(L, "But then %s's words \"%s\" would be %s, and %s %s. That cannot be.", K->nm[s],
					     K->said[s], v[s] ? "false" : "true", K->nm[s], kind_of(v[s]));
					return 0;
				}
				for (int i = 0; i < K->n; i++) {
					if (v[i] >= 0 || agree[i] < 0)
						continue;
					step(L, "Then %s's words are %s, so %s %s.", K->nm[s], v[s] ? "true" : "false",
					     K->nm[i], kind_of(agree[i]));
					v[i] = agree[i];
					progress = 1;
					break;
				}
			} else {
				int ok1 = kn_complete(K, v, s, 1, agree) > 0, ok0 = kn_complete(K, v, s, 0, agree) > 0;
				if (!ok0 && !ok1) {
					step(L, "Nobody could say \"%s\" here. That cannot be.", K->said[s]);
					return 0;
				}
				if (ok0 != ok1) {
					step(L, "Only a %s could say \"%s\" here, so %s %s.", ok1 ? "truth-teller" : "liar",
					     K->said[s], K->nm[s], kind_of(ok1));
					v[s] = ok1;
					progress = 1;
				}
			}
		}
	}
	int u = -1;
	for (int i = 0; i < K->n && u < 0; i++)
		if (v[i] < 0)
			u = i;
	if (u < 0) {
		for (int i = 0; i < K->n; i++)
			K->sol[i] = v[i];
		step(L, "Everything fits.");
		return 1;
	}
	int fits = 0;
	for (int val = 1; val >= 0; val--) {
		int w[3] = { v[0], v[1], v[2] };
		w[u] = val;
		step(L, "Suppose %s %s.", K->nm[u], kind_of(val));
		fits += kn_case(L, K, w);
	}
	return fits > 0;
}

static int kn_solutions(const struct kpz *K, unsigned *only)
{
	int count = 0;
	for (unsigned t = 0; t < (1u << K->n); t++) {
		int ok = 1;
		for (int s = 0; s < K->n && ok; s++)
			ok = !K->speaks[s] || kn_eval(&K->st[s], t, K->n) == (int)((t >> s) & 1);
		if (ok) {
			count++;
			*only = t;
		}
	}
	return count;
}

static const char *const island[] = {
	"On an island, every person is either a truth-teller, who always tells the truth, or a liar, who always lies.",
	"In a game, each player is a truth-teller, who always tells the truth, or a liar, who always lies.",
	"Every child in this puzzle is either a truth-teller, who always tells the truth, or a liar, who always lies.",
};

int tut_gen_logic_knights(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	struct lg L;
	if (difficulty < 1 || difficulty > 3)
		return -1;
	for (int attempt = 0; attempt < 400; attempt++) {
		struct kpz K;
		unsigned sol = 0;
		start(&L, r, p, "logic_knights", difficulty + 3, TUT_MULTI, TUT_ANS_WORD);
		memset(&K, 0, sizeof K);
		K.n = difficulty == 1 ? 2 : difficulty == 2 ? R(&L, 2, 3) : 3;
		pick_names(&L, K.nm, K.n);
		for (int s = 0; s < K.n; s++) {
			K.speaks[s] = 1;
			kn_random(&L, &K, s);
		}
		if (K.n == 3 && difficulty == 3 && chance(&L, 30))
			K.speaks[R(&L, 0, 2)] = 0;
		if (kn_solutions(&K, &sol) != 1)
			continue;
		for (int s = 0; s < K.n; s++)
			kn_words(&K, s, K.said[s], sizeof K.said[s]);

		int honest = 0;
		for (int i = 0; i < K.n; i++)
			honest += (int)(sol >> i) & 1;
		ask(&L, "%s", island[R(&L, 0, NELEM(island) - 1)]);
		char people[64];
		list_and(people, sizeof people, K.nm, K.n, " and ");
		ask(&L, "You meet %s.", people);
		for (int s = 0; s < K.n; s++)
			if (K.speaks[s])
				ask(&L, chance(&L, 50) ? "%s says: \"%s.\"" : "%s says, \"%s.\"", K.nm[s], K.said[s]);

		/* the question */
		char answer[64];
		int qk = R(&L, 0, 2), who = R(&L, 0, K.n - 1);
		if (qk == 0 && (honest == K.n - 1 || honest == 1)) {
			int odd = -1;
			for (int i = 0; i < K.n; i++)
				if ((int)((sol >> i) & 1) == (honest == 1))
					odd = i;
			if (honest == 1 && K.n > 2)
				ask(&L, "Who is the only one telling the truth?");
			else if (honest == 1)
				ask(&L, "Which one of them tells the truth?");
			else
				ask(&L, "Who is the liar?");
			snprintf(answer, sizeof answer, "%s", K.nm[odd]);
		} else if (qk <= 1) {
			ask(&L, "Is %s a truth-teller or a liar?", K.nm[who]);
			snprintf(answer, sizeof answer, "%s", (sol >> who) & 1 ? "truth-teller" : "liar");
		} else {
			ask(&L, "Say for each of them, in the order %s, whether they are a truth-teller or a liar.", people);
			size_t len = 0;
			for (int i = 0; i < K.n; i++)
				len += (size_t)snprintf(answer + len, sizeof answer - len, "%s%s", i ? ", " : "",
							(sol >> i) & 1 ? "truth-teller" : "liar");
			p->kind = TUT_ANS_LIST;
		}

		int v[3] = { -1, -1, -1 };
		if (kn_case(&L, &K, v) != 1)
			continue;
		for (int i = 0; i < K.n; i++)
			if (K.sol[i] != (int)((sol >> i) & 1))
				L.failed = 1;
		for (int i = 0; i < K.n; i++)
			conclude(&L, "%s %s", K.nm[i], kind_of((int)(sol >> i) & 1));
		for (int i = 0; i < K.n; i++) {
			int h = (int)(sol >> i) & 1;
			fact(&L, h, "%s tells the truth", K.nm[i]);
			fact(&L, h, "%s is a truth-teller", K.nm[i]);
			fact(&L, !h, "%s is a liar", K.nm[i]);
			fact(&L, h, "%s is not a liar", K.nm[i]);
			fact(&L, !h, "%s lies", K.nm[i]);
			fact(&L, !h, "%s does not tell the truth", K.nm[i]);
			fact(&L, !h, "%s is not a truth-teller", K.nm[i]);
		}
		if (honest == K.n - 1)
			for (int i = 0; i < K.n; i++)
				fact(&L, !((sol >> i) & 1), "the liar is %s", K.nm[i]);
		if (finish(&L, answer) == 0)
			return 0;
	}
	return -1;
}

/* ---- Deduction grids ------------------------------------------------------ */

struct gridcat {
	const char *intro;    /* %s, %s and %s ... %s */
	const char *items[6];
	int article;          /* how the intro lists an item: 0 bare, 1 "a"/"an", 2 "the" */
	const char *pos;      /* (child, item) */
	const char *neg;      /* (child, item) */
	const char *neither;  /* (child, item, item) */
	const char *either;   /* (item, child, child) */
	const char *nothold;  /* (item, child) */
	const char *who;      /* (item) */
	const char *what;     /* (child) */
	const char *kind;     /* "pet": "The only pet left for Ana is the cat." */
	const char *only;     /* (child, item): "Only Ana can have the cat." */
};

static const struct gridcat gridcats[] = {
	{ "%s, %s and %s each have a different pet: %s.", { "cat", "dog", "rabbit", "hamster", "parrot", "tortoise" },
	  1, "%s has the %s", "%s does not have the %s", "%s has neither the %s nor the %s",
	  "The %s belongs to %s or %s", "The %s is not %s's", "Who has the %s?", "Which pet does %s have?", "pet",
	  "Only %s can have the %s." },
	{ "%s, %s and %s each have a different favourite colour: %s.",
	  { "red", "blue", "green", "yellow", "purple", "orange" }, 0, "%s's favourite colour is %s",
	  "%s's favourite colour is not %s", "%s's favourite colour is neither %s nor %s",
	  "%s is the favourite colour of %s or %s", "%s is not %s's favourite colour", "Whose favourite colour is %s?",
	  "What is %s's favourite colour?", "colour", "Only %s can have %s as a favourite colour." },
	{ "%s, %s and %s each play a different instrument: %s.",
	  { "piano", "drums", "violin", "flute", "guitar", "trumpet" }, 2, "%s plays the %s",
	  "%s does not play the %s", "%s plays neither the %s nor the %s", "The %s is played by %s or %s",
	  "The %s is not played by %s", "Who plays the %s?", "Which instrument does %s play?", "instrument",
	  "Only %s can play the %s." },
	{ "%s, %s and %s each play a different sport: %s.",
	  { "tennis", "football", "hockey", "basketball", "cricket", "netball" }, 0, "%s plays %s",
	  "%s does not play %s", "%s plays neither %s nor %s", "%s is played by %s or %s", "%s is not played by %s",
	  "Who plays %s?", "Which sport does %s play?", "sport", "Only %s can play %s." },
	{ "%s, %s and %s each brought a different fruit to school: %s.",
	  { "apple", "banana", "pear", "mango", "plum", "orange" }, 1, "%s brought the %s", "%s did not bring the %s",
	  "%s brought neither the %s nor the %s", "The %s was brought by %s or %s", "The %s was not brought by %s",
	  "Who brought the %s?", "Which fruit did %s bring?", "fruit", "Only %s can have brought the %s." },
};

enum clue_kind { GC_POS, GC_NEG, GC_NEITHER, GC_EITHER, GC_NOTHOLD };

struct clue {
	enum clue_kind k;
	int c, i, j;   /* child, item; second item (neither) or second child (either) */
};

static int clue_holds(const struct clue *cl, const int *perm)
{
	switch (cl->k) {
	case GC_POS: return perm[cl->c] == cl->i;
	case GC_NEG:
	case GC_NOTHOLD: return perm[cl->c] != cl->i;
	case GC_NEITHER: return perm[cl->c] != cl->i && perm[cl->c] != cl->j;
	default: return perm[cl->c] == cl->i || perm[cl->j] == cl->i;
	}
}

static const int perms[6][3] = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };

/* How many orders fit the clues, leaving out clue `skip` (-1: none). */
static int grid_count(const struct clue *cl, int ncl, int skip)
{
	int count = 0;
	for (int q = 0; q < 6; q++) {
		int all = 1;
		for (int k = 0; k < ncl; k++)
			if (k != skip)
				all &= clue_holds(&cl[k], perms[q]);
		count += all;
	}
	return count;
}

/* Every clue is needed: a puzzle with a spare clue teaches less. */
static int grid_minimal(const struct clue *cl, int ncl)
{
	for (int k = 0; k < ncl; k++)
		if (grid_count(cl, ncl, k) == 1)
			return 0;
	return 1;
}

/* A clue that is true of the solution. */
static void random_clue(struct lg *L, struct clue *cl, const int *sol, int allow_pos)
{
	cl->c = R(L, 0, 2);
	cl->k = (enum clue_kind)R(L, allow_pos ? 0 : 1, 4);
	switch (cl->k) {
	case GC_POS:
		cl->i = sol[cl->c];
		break;
	case GC_NEG:
	case GC_NOTHOLD:
		do
			cl->i = R(L, 0, 2);
		while (cl->i == sol[cl->c]);
		break;
	case GC_NEITHER:
		cl->i = (sol[cl->c] + 1) % 3;
		cl->j = (sol[cl->c] + 2) % 3;
		break;
	default:
		cl->i = R(L, 0, 2);
		/* the holder and one other child */
		for (int c = 0; c < 3; c++)
			if (sol[c] == cl->i)
				cl->c = c;
		do
			cl->j = R(L, 0, 2);
		while (cl->j == cl->c);
		if (chance(L, 50)) {
			int t = cl->c;
			cl->c = cl->j;
			cl->j = t;
		}
		break;
	}
}

int tut_gen_logic_grid(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	struct lg L;
	if (difficulty < 1 || difficulty > 3)
		return -1;
	for (int attempt = 0; attempt < 500; attempt++) {
		start(&L, r, p, "logic_grid", difficulty == 1 ? 5 : difficulty == 2 ? 5 + (int)tut_rng_range(r, 0, 1) : 6,
		      TUT_MULTI, TUT_ANS_WORD);
		const struct gridcat *g = &gridcats[R(&L, 0, NELEM(gridcats) - 1)];
		const char *kid[3], *item[3];
		int pick[6] = { 0, 1, 2, 3, 4, 5 };
		pick_names(&L, kid, 3);
		shuffle(&L, pick, 6);
		for (int i = 0; i < 3; i++)
			item[i] = g->items[pick[i]];
		const int *sol = perms[R(&L, 0, 5)];

		/* clue sets until one has a single answer and no spare clue */
		struct clue cl[3];
		int ncl = difficulty == 1 ? 2 : difficulty == 2 ? R(&L, 2, 3) : 3, tries = 0;
		do {
			for (int k = 0; k < ncl; k++)
				random_clue(&L, &cl[k], sol, difficulty == 1);
		} while ((grid_count(cl, ncl, -1) != 1 || !grid_minimal(cl, ncl)) && ++tries < 200);
		if (tries >= 200)
			continue;

		char intro_items[96], wbuf[3][24], text[160];
		const char *listed_items[3];
		for (int i = 0; i < 3; i++) {
			if (g->article == 1)
				snprintf(wbuf[i], sizeof wbuf[i], "%s %s", an(item[i]), item[i]);
			else if (g->article == 2)
				snprintf(wbuf[i], sizeof wbuf[i], "the %s", item[i]);
			else
				snprintf(wbuf[i], sizeof wbuf[i], "%s", item[i]);
			listed_items[i] = wbuf[i];
		}
		list_and(intro_items, sizeof intro_items, listed_items, 3, " and ");
		ask(&L, g->intro, kid[0], kid[1], kid[2], intro_items);
		for (int k = 0; k < ncl; k++) {
			switch (cl[k].k) {
			case GC_POS:
				snprintf(text, sizeof text, g->pos, kid[cl[k].c], item[cl[k].i]);
				break;
			case GC_NEG:
				snprintf(text, sizeof text, g->neg, kid[cl[k].c], item[cl[k].i]);
				break;
			case GC_NOTHOLD:
				snprintf(text, sizeof text, g->nothold, item[cl[k].i], kid[cl[k].c]);
				break;
			case GC_NEITHER:
				snprintf(text, sizeof text, g->neither, kid[cl[k].c], item[cl[k].i], item[cl[k].j]);
				break;
			default:
				snprintf(text, sizeof text, g->either, item[cl[k].i], kid[cl[k].c], kid[cl[k].j]);
				break;
			}
			tut_capitalize(text);
			ask(&L, "%s.", text);
			step(&L, "%s.", text);
			fact(&L, 1, "%s", text);
		}
		int about_kid = chance(&L, 50), target = R(&L, 0, 2), held = 0;
		for (int c = 0; c < 3; c++)
			if (sol[c] == target)
				held = c;
		char answer[32], asked[160];
		if (about_kid) {
			ask(&L, g->what, kid[target]);
			snprintf(answer, sizeof answer, "%s", item[sol[target]]);
			snprintf(asked, sizeof asked, g->pos, kid[target], item[sol[target]]);
		} else {
			ask(&L, g->who, item[target]);
			snprintf(answer, sizeof answer, "%s", kid[held]);
			snprintf(asked, sizeof asked, g->pos, kid[held], item[target]);
		}

		/* solve by elimination, writing each new fact */
		int can[3][3], fixed_kid[3] = { 0 }, fixed_item[3] = { 0 }, said_asked = 0;
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < 3; i++)
				can[c][i] = 1;
		for (int k = 0; k < ncl; k++) {
			const struct clue *x = &cl[k];
			if (x->k == GC_POS) {
				for (int i = 0; i < 3; i++)
					can[x->c][i] = i == x->i;
				for (int c = 0; c < 3; c++)
					if (c != x->c)
						can[c][x->i] = 0;
				fixed_kid[x->c] = fixed_item[x->i] = 1;
			} else if (x->k == GC_NEG || x->k == GC_NOTHOLD) {
				can[x->c][x->i] = 0;
			} else if (x->k == GC_NEITHER) {
				can[x->c][x->i] = can[x->c][x->j] = 0;
			} else {
				int third = 3 - x->c - x->j;
				if (can[third][x->i]) {
					can[third][x->i] = 0;
					snprintf(text, sizeof text, g->neg, kid[third], item[x->i]);
					conclude(&L, "%s", text);
				}
			}
		}
		for (int progress = 1; progress;) {
			progress = 0;
			for (int c = 0; c < 3 && !progress; c++) {
				int n = 0, last = -1;
				for (int i = 0; i < 3; i++)
					if (can[c][i]) {
						n++;
						last = i;
					}
				if (n == 1 && !fixed_kid[c]) {
					step(&L, "The only %s left for %s is %s%s.", g->kind, kid[c], g->article ? "the " : "",
					     item[last]);
					fixed_kid[c] = fixed_item[last] = progress = 1;
				} else if (n == 0) {
					L.failed = 1;
				}
				if (progress) {
					for (int o = 0; o < 3; o++)
						if (o != c)
							can[o][last] = 0;
					snprintf(text, sizeof text, g->pos, kid[c], item[last]);
					said_asked |= strcmp(text, asked) == 0;
					conclude(&L, "%s", text);
				}
			}
			for (int i = 0; i < 3 && !progress; i++) {
				int n = 0, last = -1;
				for (int c = 0; c < 3; c++)
					if (can[c][i]) {
						n++;
						last = c;
					}
				if (n == 1 && !fixed_item[i]) {
					step(&L, g->only, kid[last], item[i]);
					fixed_kid[last] = fixed_item[i] = progress = 1;
					for (int o = 0; o < 3; o++)
						if (o != i)
							can[last][o] = 0;
					snprintf(text, sizeof text, g->pos, kid[last], item[i]);
					said_asked |= strcmp(text, asked) == 0;
					conclude(&L, "%s", text);
				}
			}
		}
		if (!fixed_kid[0] || !fixed_kid[1] || !fixed_kid[2])
			continue;
		for (int c = 0; c < 3; c++)
			if (!can[c][sol[c]])
				L.failed = 1;
		if (!said_asked)
			conclude(&L, "%s", asked);
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < 3; i++) {
				fact(&L, sol[c] == i, g->pos, kid[c], item[i]);
				fact(&L, sol[c] != i, g->neg, kid[c], item[i]);
			}
		if (finish(&L, answer) == 0)
			return 0;
	}
	return -1;
}
