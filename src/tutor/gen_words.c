/* gen_words.c: word problems in one, two and three steps.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * The model learns to read word problems from these, and must later read
 * the ones children write themselves, so the wording varies on every axis
 * we control: who (names from many cultures, with their own pronouns),
 * what (objects with their real plurals, lengths, masses, capacities,
 * minutes and money), the story (shopping, baking, collecting, sport,
 * school, animals, travel, saving, gardening), the numbers (digits or
 * words), the order of the sentences (question first or last) and
 * information that is not needed.
 *
 * The arithmetic never varies in strictness: every problem has one exact
 * answer, and the worked solution is a plan line (what we know, what we
 * want, which number is not needed), then one checkable claim per
 * operation in digits, then the answer with its unit.
 *
 * A template fills a `struct wp` (sentences, question, claims, answer);
 * build() then arranges the question, adds the distraction and writes the
 * problem.  Everything lives on the stack: no heap.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tutor/internal.h"

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- Word lists ---------------------------------------------------------- */

enum pronoun { HE, SHE, THEY };

struct person {
	const char *name;
	enum pronoun pro;
};

/* Children from many places; a few use "they". */
static const struct person people[] = {
	{ "Maria", SHE }, { "Aisha", SHE }, { "Mei", SHE }, { "Priya", SHE }, { "Fatima", SHE },
	{ "Sofia", SHE }, { "Amara", SHE }, { "Yuki", SHE }, { "Zara", SHE }, { "Emma", SHE },
	{ "Olivia", SHE }, { "Leila", SHE }, { "Nadia", SHE }, { "Ana", SHE }, { "Ingrid", SHE },
	{ "Keiko", SHE }, { "Lucia", SHE }, { "Amina", SHE }, { "Hana", SHE }, { "Grace", SHE },
	{ "Rosa", SHE }, { "Nia", SHE }, { "Elena", SHE }, { "Maya", SHE }, { "Lily", SHE },
	{ "Freya", SHE }, { "Meera", SHE }, { "Folake", SHE }, { "Anika", SHE }, { "Noor", SHE },
	{ "Chloe", SHE }, { "Ximena", SHE }, { "Sana", SHE }, { "Tala", SHE },
	{ "Sam", HE }, { "Ben", HE }, { "Leo", HE }, { "Omar", HE }, { "Kenji", HE },
	{ "Raj", HE }, { "Diego", HE }, { "Kofi", HE }, { "Ivan", HE }, { "Luca", HE },
	{ "Mateo", HE }, { "Tariq", HE }, { "Jamal", HE }, { "Ethan", HE }, { "Noah", HE },
	{ "Hugo", HE }, { "Felix", HE }, { "Arjun", HE }, { "Kwame", HE }, { "Tomas", HE },
	{ "Ali", HE }, { "Hiro", HE }, { "Pablo", HE }, { "Yusuf", HE }, { "Oscar", HE },
	{ "Theo", HE }, { "Liam", HE }, { "Ravi", HE }, { "Chidi", HE }, { "Erik", HE },
	{ "Finn", HE }, { "Malik", HE }, { "Dev", HE }, { "Juan", HE }, { "Wei", HE },
	{ "Alex", THEY }, { "Jordan", THEY }, { "Robin", THEY }, { "Sky", THEY },
	{ "Rowan", THEY }, { "Charlie", THEY }, { "River", THEY },
};

static const char *const subj_pro[] = { "he", "she", "they" };
static const char *const Subj_pro[] = { "He", "She", "They" };
static const char *const obj_pro[] = { "him", "her", "them" };
static const char *const poss_pro[] = { "his", "her", "their" };

struct verb {
	const char *base, *pres, *past;    /* "find", "finds", "found" */
};

struct noun {
	const char *one, *many;
};

enum kind { K_COLLECT, K_BAKE, K_FRUIT, K_VEG, K_SCHOOL, K_TOY, K_FLOWER, K_SEED, N_KINDS };

#define KB(k) (1u << (k))
#define K_ALL ((1u << N_KINDS) - 1)
#define K_SHOP (KB(K_BAKE) | KB(K_FRUIT) | KB(K_SCHOOL) | KB(K_TOY) | KB(K_FLOWER))

/* What one does with each kind of thing, what it is kept in, and what one
 * costs (cents), so that stories never bake pencils. */
struct kindinfo {
	struct verb gain[3], lose[3];
	struct noun box[3];
	int price_lo, price_hi;
	int cap;   /* the largest level of numbers that stays believable */
};

static const struct kindinfo kinds[N_KINDS] = {
	[K_COLLECT] = {
		{ { "collect", "collects", "collected" }, { "find", "finds", "found" }, { "get", "gets", "got" } },
		{ { "give away", "gives away", "gave away" }, { "lose", "loses", "lost" },
		  { "trade away", "trades away", "traded away" } },
		{ { "box", "boxes" }, { "jar", "jars" }, { "bag", "bags" } }, 10, 150, 5 },
	[K_BAKE] = {
		{ { "bake", "bakes", "baked" }, { "make", "makes", "made" }, { "bake", "bakes", "baked" } },
		{ { "eat", "eats", "ate" }, { "sell", "sells", "sold" }, { "give away", "gives away", "gave away" } },
		{ { "tray", "trays" }, { "box", "boxes" }, { "plate", "plates" } }, 50, 400, 3 },
	[K_FRUIT] = {
		{ { "pick", "picks", "picked" }, { "buy", "buys", "bought" }, { "pick", "picks", "picked" } },
		{ { "eat", "eats", "ate" }, { "sell", "sells", "sold" }, { "give away", "gives away", "gave away" } },
		{ { "basket", "baskets" }, { "bag", "bags" }, { "crate", "crates" } }, 20, 300, 4 },
	[K_VEG] = {
		{ { "pick", "picks", "picked" }, { "grow", "grows", "grew" }, { "buy", "buys", "bought" } },
		{ { "sell", "sells", "sold" }, { "use", "uses", "used" }, { "cook", "cooks", "cooked" } },
		{ { "basket", "baskets" }, { "sack", "sacks" }, { "crate", "crates" } }, 20, 300, 4 },
	[K_SCHOOL] = {
		{ { "buy", "buys", "bought" }, { "get", "gets", "got" }, { "buy", "buys", "bought" } },
		{ { "lose", "loses", "lost" }, { "give away", "gives away", "gave away" }, { "lend", "lends", "lent" } },
		{ { "box", "boxes" }, { "pack", "packs" }, { "pencil case", "pencil cases" } }, 25, 300, 3 },
	[K_TOY] = {
		{ { "buy", "buys", "bought" }, { "win", "wins", "won" }, { "get", "gets", "got" } },
		{ { "give away", "gives away", "gave away" }, { "lose", "loses", "lost" }, { "sell", "sells", "sold" } },
		{ { "box", "boxes" }, { "bag", "bags" }, { "basket", "baskets" } }, 100, 1500, 2 },
	[K_FLOWER] = {
		{ { "pick", "picks", "picked" }, { "grow", "grows", "grew" }, { "buy", "buys", "bought" } },
		{ { "give away", "gives away", "gave away" }, { "sell", "sells", "sold" },
		  { "give away", "gives away", "gave away" } },
		{ { "vase", "vases" }, { "bunch", "bunches" }, { "pot", "pots" } }, 50, 400, 3 },
	[K_SEED] = {
		{ { "plant", "plants", "planted" }, { "sow", "sows", "sowed" }, { "plant", "plants", "planted" } },
		{ { "give away", "gives away", "gave away" }, { "lose", "loses", "lost" },
		  { "give away", "gives away", "gave away" } },
		{ { "row", "rows" }, { "pot", "pots" }, { "tray", "trays" } }, 5, 100, 5 },
};

struct thing {
	const char *one, *many;
	enum kind kind;
};

static const struct thing things[] = {
	{ "shell", "shells", K_COLLECT }, { "pebble", "pebbles", K_COLLECT },
	{ "sticker", "stickers", K_COLLECT }, { "stamp", "stamps", K_COLLECT },
	{ "marble", "marbles", K_COLLECT }, { "card", "cards", K_COLLECT },
	{ "bead", "beads", K_COLLECT }, { "button", "buttons", K_COLLECT },
	{ "feather", "feathers", K_COLLECT }, { "leaf", "leaves", K_COLLECT },
	{ "acorn", "acorns", K_COLLECT }, { "badge", "badges", K_COLLECT },
	{ "postcard", "postcards", K_COLLECT }, { "bottle cap", "bottle caps", K_COLLECT },
	{ "pine cone", "pine cones", K_COLLECT }, { "key ring", "key rings", K_COLLECT },
	{ "cookie", "cookies", K_BAKE }, { "cupcake", "cupcakes", K_BAKE },
	{ "muffin", "muffins", K_BAKE }, { "bun", "buns", K_BAKE },
	{ "brownie", "brownies", K_BAKE }, { "pie", "pies", K_BAKE },
	{ "tart", "tarts", K_BAKE }, { "bread roll", "bread rolls", K_BAKE },
	{ "samosa", "samosas", K_BAKE }, { "empanada", "empanadas", K_BAKE },
	{ "pretzel", "pretzels", K_BAKE }, { "scone", "scones", K_BAKE },
	{ "loaf", "loaves", K_BAKE },
	{ "apple", "apples", K_FRUIT }, { "orange", "oranges", K_FRUIT },
	{ "banana", "bananas", K_FRUIT }, { "pear", "pears", K_FRUIT },
	{ "mango", "mangoes", K_FRUIT }, { "strawberry", "strawberries", K_FRUIT },
	{ "cherry", "cherries", K_FRUIT }, { "lemon", "lemons", K_FRUIT },
	{ "plum", "plums", K_FRUIT }, { "apricot", "apricots", K_FRUIT },
	{ "peach", "peaches", K_FRUIT }, { "coconut", "coconuts", K_FRUIT },
	{ "fig", "figs", K_FRUIT }, { "lime", "limes", K_FRUIT },
	{ "carrot", "carrots", K_VEG }, { "potato", "potatoes", K_VEG },
	{ "tomato", "tomatoes", K_VEG }, { "onion", "onions", K_VEG },
	{ "pepper", "peppers", K_VEG }, { "cucumber", "cucumbers", K_VEG },
	{ "pumpkin", "pumpkins", K_VEG }, { "cabbage", "cabbages", K_VEG },
	{ "pencil", "pencils", K_SCHOOL }, { "crayon", "crayons", K_SCHOOL },
	{ "eraser", "erasers", K_SCHOOL }, { "notebook", "notebooks", K_SCHOOL },
	{ "ruler", "rulers", K_SCHOOL }, { "marker", "markers", K_SCHOOL },
	{ "paintbrush", "paintbrushes", K_SCHOOL }, { "glue stick", "glue sticks", K_SCHOOL },
	{ "book", "books", K_SCHOOL }, { "folder", "folders", K_SCHOOL },
	{ "balloon", "balloons", K_TOY }, { "toy car", "toy cars", K_TOY },
	{ "block", "blocks", K_TOY }, { "kite", "kites", K_TOY },
	{ "puzzle", "puzzles", K_TOY }, { "doll", "dolls", K_TOY },
	{ "teddy bear", "teddy bears", K_TOY }, { "yo-yo", "yo-yos", K_TOY },
	{ "ball", "balls", K_TOY }, { "robot", "robots", K_TOY },
	{ "spinning top", "spinning tops", K_TOY },
	{ "flower", "flowers", K_FLOWER }, { "tulip", "tulips", K_FLOWER },
	{ "sunflower", "sunflowers", K_FLOWER }, { "rose", "roses", K_FLOWER },
	{ "daisy", "daisies", K_FLOWER }, { "lily", "lilies", K_FLOWER },
	{ "seed", "seeds", K_SEED }, { "bulb", "bulbs", K_SEED },
	{ "seedling", "seedlings", K_SEED },
};

/* Animals that come and go: where they are, and how they arrive and leave. */
struct animal {
	const char *one, *many, *place, *come, *go;
};

static const struct animal animals[] = {
	{ "duck", "ducks", "on the pond", "swam over", "flew away" },
	{ "goose", "geese", "on the lake", "landed on the water", "flew off" },
	{ "sheep", "sheep", "in the field", "came through the gate", "wandered off" },
	{ "cow", "cows", "in the field", "came in from the barn", "went into the barn" },
	{ "goat", "goats", "on the hill", "climbed up", "ran down" },
	{ "horse", "horses", "in the paddock", "trotted in", "trotted out" },
	{ "chicken", "chickens", "in the yard", "came out of the coop", "went into the coop" },
	{ "rabbit", "rabbits", "in the garden", "hopped in", "hopped away" },
	{ "bird", "birds", "in the tree", "flew in", "flew away" },
	{ "butterfly", "butterflies", "in the garden", "fluttered in", "flew away" },
	{ "frog", "frogs", "by the pond", "hopped over", "jumped into the water" },
	{ "penguin", "penguins", "on the ice", "waddled over", "dived into the sea" },
	{ "seal", "seals", "on the rocks", "swam up", "slid into the sea" },
	{ "squirrel", "squirrels", "in the park", "ran in", "ran up a tree" },
};

/* Things with a fixed number of parts (legs, wheels, arms). */
struct parts {
	const char *one, *many, *part;
	int k;
};

static const struct parts partsof[] = {
	{ "spider", "spiders", "legs", 8 }, { "ant", "ants", "legs", 6 },
	{ "beetle", "beetles", "legs", 6 }, { "dog", "dogs", "legs", 4 },
	{ "horse", "horses", "legs", 4 }, { "duck", "ducks", "legs", 2 },
	{ "starfish", "starfish", "arms", 5 }, { "octopus", "octopuses", "arms", 8 },
	{ "car", "cars", "wheels", 4 }, { "tricycle", "tricycles", "wheels", 3 },
	{ "bicycle", "bicycles", "wheels", 2 }, { "table", "tables", "legs", 4 },
	{ "stool", "stools", "legs", 3 }, { "glove", "gloves", "fingers", 5 },
};

/* Sport, school and hobby activities counted in events, with the most
 * one child plausibly does in a day (no one scores 600 goals). */
struct event {
	struct verb v;
	const char *one, *many, *tail;
	int max;
};

static const struct event events[] = {
	{ { "score", "scores", "scored" }, "goal", "goals", "", 12 },
	{ { "score", "scores", "scored" }, "point", "points", " in a computer game", 20000 },
	{ { "run", "runs", "ran" }, "lap", "laps", " of the track", 30 },
	{ { "swim", "swims", "swam" }, "length", "lengths", " of the pool", 60 },
	{ { "make", "makes", "made" }, "basket", "baskets", "", 20 },
	{ { "do", "does", "did" }, "push-up", "push-ups", "", 120 },
	{ { "read", "reads", "read" }, "page", "pages", "", 400 },
	{ { "write", "writes", "wrote" }, "postcard", "postcards", "", 20 },
	{ { "fold", "folds", "folded" }, "paper crane", "paper cranes", "", 150 },
	{ { "paint", "paints", "painted" }, "picture", "pictures", "", 12 },
	{ { "walk", "walks", "walked" }, "step", "steps", "", 30000 },
	{ { "sell", "sells", "sold" }, "raffle ticket", "raffle tickets", "", 900 },
	{ { "type", "types", "typed" }, "word", "words", " for a story", 5000 },
	{ { "skip", "skips", "skipped" }, "rope jump", "rope jumps", "", 1000 },
};

/* Things done for some minutes a day. */
static const struct verb pastimes[] = {
	{ "practise the piano", "practises the piano", "practised the piano" },
	{ "read", "reads", "read" },
	{ "swim", "swims", "swam" },
	{ "walk the dog", "walks the dog", "walked the dog" },
	{ "play chess", "plays chess", "played chess" },
	{ "skip rope", "skips rope", "skipped rope" },
	{ "practise the violin", "practises the violin", "practised the violin" },
	{ "ride a bike", "rides a bike", "rode a bike" },
	{ "draw", "draws", "drew" },
	{ "play football", "plays football", "played football" },
};

/* Times of day and days, in pairs. */
static const char *const when_pairs[][2] = {
	{ "On Monday", "On Tuesday" }, { "On Saturday", "On Sunday" },
	{ "In the morning", "In the afternoon" }, { "Last week", "This week" },
	{ "Before lunch", "After lunch" }, { "On Friday", "On Saturday" },
	{ "In the first hour", "In the second hour" },
};

enum unit { U_CM, U_M, U_G, U_KG, U_ML, U_L, U_MIN, N_UNITS };

struct unitinfo {
	const char *sym;            /* in the answer: "cm" */
	const char *q_one, *q_many; /* after digits in the question: "cm", "litres" */
	const char *w_one, *w_many; /* after number words: "centimetre(s)" */
};

static const struct unitinfo units[N_UNITS] = {
	[U_CM] = { "cm", "cm", "cm", "centimetre", "centimetres" },
	[U_M] = { "m", "m", "m", "metre", "metres" },
	[U_G] = { "g", "g", "g", "gram", "grams" },
	[U_KG] = { "kg", "kg", "kg", "kilogram", "kilograms" },
	[U_ML] = { "ml", "ml", "ml", "millilitre", "millilitres" },
	[U_L] = { "l", "litre", "litres", "litre", "litres" },
	[U_MIN] = { "minutes", "minute", "minutes", "minute", "minutes" },
};

/* ---- The problem being written ------------------------------------------ */

#define NPOOL 24
#define POOLSZ 72
#define NSENT 8
#define NLINES 8
#define LINESZ 200

struct wp {
	struct tut_rng *r;
	int lvl;                     /* 1..5: how big the numbers are */
	int words;                   /* 0: digits; 1: numbers below 100 in words; 2: below 1000 */
	const struct person *a, *b;  /* two different children (a is the main one) */
	char sent[NSENT][LINESZ];    /* the facts, one sentence each */
	int ns;
	char qd[LINESZ], qe[LINESZ]; /* the question: direct, and embedded ("how many ...") */
	char known[LINESZ];          /* step 1, in digits */
	const char *plan;
	char planbuf[LINESZ];
	char line[NLINES][LINESZ];   /* the claims and their prose */
	int nl;
	int used[16];                /* numbers the story uses (kept apart from the distraction) */
	int nused;
	char pool[NPOOL][POOLSZ];    /* formatted numbers, reused round-robin */
	int np;
	int money;
	int cap;                     /* the things in the story keep the numbers below this level */
	char ans[TUT_ANSWER_MAX], unit[TUT_UNIT_MAX];
};

static int R(struct wp *w, int lo, int hi)
{
	return (int)tut_rng_range(w->r, lo, hi);
}

static int chance(struct wp *w, int pct)
{
	return R(w, 0, 99) < pct;
}

#define ONE_OF(w, a) (&(a)[R((w), 0, NELEM(a) - 1)])

static char *slot(struct wp *w)
{
	char *s = w->pool[w->np];
	w->np = (w->np + 1) % NPOOL;
	return s;
}

static void use(struct wp *w, int n)
{
	if (w->nused < NELEM(w->used))
		w->used[w->nused++] = n;
}

static int in_words(const struct wp *w, int n)
{
	return n >= 0 && ((w->words == 1 && n < 100) || (w->words == 2 && n < 1000));
}

/* A number as the question writes it. */
static const char *num(struct wp *w, int n)
{
	char *s = slot(w);
	if (in_words(w, n))
		tut_num_words(n, s, POOLSZ);
	else
		snprintf(s, POOLSZ, "%d", n);
	use(w, n);
	return s;
}

/* A small number always in words, for the start of a sentence. */
static const char *words(struct wp *w, int n)
{
	char *s = slot(w);
	tut_num_words(n, s, POOLSZ);
	use(w, n);
	return s;
}

/* "47 marbles", "one marble" (question) */
static const char *cnt(struct wp *w, int n, const char *one, const char *many)
{
	char *s = slot(w);
	snprintf(s, POOLSZ, "%s %s", num(w, n), n == 1 ? one : many);
	return s;
}

static const char *tcnt(struct wp *w, int n, const struct thing *t)
{
	return cnt(w, n, t->one, t->many);
}

/* "47 marbles" in digits (steps) */
static const char *dcnt(struct wp *w, int n, const char *one, const char *many)
{
	char *s = slot(w);
	snprintf(s, POOLSZ, "%d %s", n, n == 1 ? one : many);
	return s;
}

/* "45 cm", "forty-five centimetres", "3 litres" (question) */
static const char *qty(struct wp *w, int n, enum unit u)
{
	const struct unitinfo *ui = &units[u];
	char *s = slot(w);
	int words = in_words(w, n);
	snprintf(s, POOLSZ, "%s %s", num(w, n),
		 words ? (n == 1 ? ui->w_one : ui->w_many) : (n == 1 ? ui->q_one : ui->q_many));
	return s;
}

/* "45 cm", "3 l", "25 minutes" (steps) */
static const char *dqty(struct wp *w, int n, enum unit u)
{
	char *s = slot(w);
	snprintf(s, POOLSZ, "%d %s", n, units[u].sym);
	return s;
}

/* Money in the question: "$4.75", and "$5" for whole dollars. */
static const char *cash(struct wp *w, int cents)
{
	char *s = slot(w);
	if (cents % 100 == 0)
		snprintf(s, POOLSZ, "$%d", cents / 100);
	else
		snprintf(s, POOLSZ, "$%d.%02d", cents / 100, cents % 100);
	use(w, cents / 100);
	return s;
}

/* Money in a claim or answer: always two decimals. */
static const char *dcash(struct wp *w, int cents)
{
	char *s = slot(w);
	snprintf(s, POOLSZ, "$%d.%02d", cents / 100, cents % 100);
	return s;
}

static const char *an(const char *word)
{
	return strchr("aeiouAEIOU", word[0]) ? "an" : "a";
}

static const char *he(const struct person *p)
{
	return subj_pro[p->pro];
}

static const char *He(const struct person *p)
{
	return Subj_pro[p->pro];
}

static const char *him(const struct person *p)
{
	return obj_pro[p->pro];
}

static const char *his(const struct person *p)
{
	return poss_pro[p->pro];
}

/* The verb after the pronoun: "she finds", "they find". */
static const char *vp(const struct person *p, const struct verb *v)
{
	return p->pro == THEY ? v->base : v->pres;
}

static const char *agree(const struct person *p, const char *one, const char *they)
{
	return p->pro == THEY ? they : one;
}

static const char *poss(struct wp *w, const struct person *p)
{
	char *s = slot(w);
	snprintf(s, POOLSZ, "%s's", p->name);
	return s;
}

static const struct thing *thing_of(struct wp *w, unsigned mask)
{
	const struct thing *t = &things[0];
	int n = 0;
	for (int i = 0; i < NELEM(things); i++)
		n += (mask & KB(things[i].kind)) != 0;
	int k = R(w, 0, n - 1);
	for (int i = 0; i < NELEM(things); i++)
		if ((mask & KB(things[i].kind)) && k-- == 0) {
			t = &things[i];
			break;
		}
	if (w->cap > kinds[t->kind].cap)
		w->cap = kinds[t->kind].cap;
	return t;
}

/* An activity in which `need` in one day is believable. */
static const struct event *event_for(struct wp *w, int need)
{
	for (int i = 0; i < 64; i++) {
		const struct event *e = ONE_OF(w, events);
		if (e->max >= need)
			return e;
	}
	return &events[10];
}

static const struct verb *gain_of(struct wp *w, const struct thing *t)
{
	return ONE_OF(w, kinds[t->kind].gain);
}

/* A way to lose n of t: nobody eats or cooks hundreds at once. */
static const struct verb *lose_of(struct wp *w, const struct thing *t, int n)
{
	const struct verb *v = ONE_OF(w, kinds[t->kind].lose);
	for (int i = 0; i < 8 && n > 24 && (strcmp(v->base, "eat") == 0 || strcmp(v->base, "cook") == 0); i++)
		v = ONE_OF(w, kinds[t->kind].lose);
	if (n > 24 && (strcmp(v->base, "eat") == 0 || strcmp(v->base, "cook") == 0))
		v = &kinds[t->kind].lose[1];
	return v;
}

static const struct noun *box_of(struct wp *w, const struct thing *t)
{
	return ONE_OF(w, kinds[t->kind].box);
}

static void vput(char *dst, const char *fmt, va_list ap)
{
	vsnprintf(dst, LINESZ, fmt, ap);
	tut_capitalize(dst);
}

static void say(struct wp *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void askd(struct wp *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void aske(struct wp *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void know(struct wp *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void prose(struct wp *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One sentence of the story. */
static void say(struct wp *w, const char *fmt, ...)
{
	va_list ap;
	if (w->ns >= NSENT)
		return;
	va_start(ap, fmt);
	vput(w->sent[w->ns++], fmt, ap);
	va_end(ap);
}

/* The question as a question: "How many marbles does Sam have now?" */
static void askd(struct wp *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vput(w->qd, fmt, ap);
	va_end(ap);
}

/* The same question inside a sentence: "how many marbles Sam has now". */
static void aske(struct wp *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->qe, LINESZ, fmt, ap);
	va_end(ap);
}

/* What we know, for the first step (digits, no final period). */
static void know(struct wp *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vput(w->known, fmt, ap);
	va_end(ap);
}

static void prose(struct wp *w, const char *fmt, ...)
{
	va_list ap;
	if (w->nl >= NLINES)
		return;
	va_start(ap, fmt);
	vput(w->line[w->nl++], fmt, ap);
	va_end(ap);
}

/* One claim line: "Pens: 3 × $1.25 = $3.75". */
static void claim(struct wp *w, const char *label, const char *a, const char *op, const char *b, const char *c)
{
	if (label)
		prose(w, "%s: %s %s %s = %s", label, a, op, b, c);
	else
		prose(w, "%s %s %s = %s", a, op, b, c);
}

static const char *dig(struct wp *w, int n)
{
	char *s = slot(w);
	snprintf(s, POOLSZ, "%d", n);
	return s;
}

static void calc(struct wp *w, const char *label, int a, const char *op, int b, int c)
{
	claim(w, label, dig(w, a), op, dig(w, b), dig(w, c));
	use(w, a);
	use(w, b);
	use(w, c);
}

/* a ÷ b = q r m */
static void calc_rem(struct wp *w, int a, int b)
{
	prose(w, "%d ÷ %d = %d r %d", a, b, a / b, a % b);
	use(w, a);
	use(w, b);
	use(w, a / b);
	use(w, a % b);
}

static void done_count(struct wp *w, int n, const char *one, const char *many)
{
	snprintf(w->ans, sizeof w->ans, "%d", n);
	snprintf(w->unit, sizeof w->unit, "%s", n == 1 ? one : many);
}

static void done_thing(struct wp *w, int n, const struct thing *t)
{
	done_count(w, n, t->one, t->many);
}

static void done_unit(struct wp *w, int n, enum unit u)
{
	snprintf(w->ans, sizeof w->ans, "%d", n);
	snprintf(w->unit, sizeof w->unit, "%s", units[u].sym);
}

static void done_money(struct wp *w, int cents)
{
	snprintf(w->ans, sizeof w->ans, "%s", dcash(w, cents));
	w->unit[0] = 0;
	w->money = 1;
}

/* ---- Numbers for each level ---------------------------------------------- */

/* The level of the numbers: the skill's, unless the story's things cap it. */
static int level(const struct wp *w)
{
	return w->lvl < w->cap ? w->lvl : w->cap;
}

/* Two addends whose sum suits the level (within 20, 100, 1000, ...). */
static void addends(struct wp *w, int *a, int *b)
{
	switch (level(w)) {
	case 1:
		*a = R(w, 3, 15);
		*b = R(w, 2, 20 - *a);
		break;
	case 2:
		*a = R(w, 12, 75);
		*b = R(w, 11, 99 - *a);
		break;
	case 3:
		*a = R(w, 105, 650);
		*b = R(w, 25, 999 - *a);
		break;
	case 4:
		*a = R(w, 240, 2400);
		*b = R(w, 75, 1600);
		break;
	default:
		*a = R(w, 1200, 6000);
		*b = R(w, 250, 3500);
		break;
	}
}

/* Addends no bigger than level `cap` gives: a pond holds tens of ducks,
 * not hundreds. */
static void addends_cap(struct wp *w, int cap, int *a, int *b)
{
	int lvl = w->lvl;
	if (w->lvl > cap)
		w->lvl = cap;
	addends(w, a, b);
	w->lvl = lvl;
}

/* a > b for taking away: a is a sum of the level, b one of its parts. */
static void takeaway(struct wp *w, int *a, int *b)
{
	int x, y;
	addends(w, &x, &y);
	*a = x + y;
	*b = chance(w, 50) ? x : y;
}

/* n groups of g. */
static void factors(struct wp *w, int *g, int *n)
{
	static const int easy[] = { 2, 5, 10 };
	switch (level(w)) {
	case 1:
		*g = easy[R(w, 0, 2)];
		*n = R(w, 2, 5);
		break;
	case 2:
		*g = R(w, 2, 10);
		*n = R(w, 2, 10);
		break;
	case 3:
		*g = R(w, 3, 12);
		*n = R(w, 3, 12);
		break;
	case 4:
		*g = R(w, 12, 48);
		*n = R(w, 3, 9);
		break;
	default:
		*g = R(w, 15, 75);
		*n = R(w, 4, 19);
		break;
	}
}

/* A price in cents: whole dollars first, then halves and quarters, then
 * any five cents. */
static int price(struct wp *w, int lo, int hi)
{
	int step = w->lvl <= 1 ? 100 : w->lvl == 2 ? 50 : w->lvl == 3 ? 25 : 5;
	int a = (lo + step - 1) / step, b = hi / step;
	if (b < a + 1)
		b = a + 1;
	if (a < 1)
		a = 1;
	return step * R(w, a, b);
}

static int thing_price(struct wp *w, const struct thing *t)
{
	const struct kindinfo *k = &kinds[t->kind];
	return price(w, k->price_lo, k->price_hi);
}

/* The note paid with: the smallest one that covers the cost, sometimes the
 * next one up. */
static int note_for(struct wp *w, int cents)
{
	static const int notes[] = { 100, 200, 500, 1000, 2000, 5000, 10000 };
	for (int i = 0; i < NELEM(notes); i++)
		if (notes[i] > cents)
			return notes[i + (i + 1 < NELEM(notes) && chance(w, 30))];
	return (cents / 10000 + 1) * 10000;
}

/* A measure in unit u, in the unit's usual step, both parts at least one
 * step: the pair for a sum or a difference. */
static void measures(struct wp *w, enum unit u, int *a, int *b)
{
	int top, step;
	switch (u) {
	case U_G:
	case U_ML:
		top = w->lvl <= 2 ? 1000 : 5000;
		step = w->lvl <= 2 ? 50 : 10;
		break;
	case U_KG:
	case U_L:
		top = w->lvl <= 1 ? 20 : 100;
		step = 1;
		break;
	case U_MIN:
		top = w->lvl <= 1 ? 60 : w->lvl == 2 ? 120 : 240;
		step = w->lvl <= 2 ? 5 : 1;
		break;
	case U_M:
		top = w->lvl <= 1 ? 20 : w->lvl == 2 ? 100 : 1000;
		step = 1;
		break;
	default:
		top = w->lvl <= 1 ? 20 : w->lvl == 2 ? 100 : 1000;
		step = 1;
		break;
	}
	int s = step * R(w, 4, top / step);
	*a = step * R(w, 2, s / step - 2);
	*b = s - *a;
}

static const char *times_word(struct wp *w, int k)
{
	static const char *const word[] = { "", "", "twice", "three times", "four times", "five times",
		"six times", "seven times", "eight times", "nine times", "ten times" };
	if (k == 2 && chance(w, 30))
		return "double";
	return word[k];
}

/* ---- One-step templates ------------------------------------------------- */

static void t_gain(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct verb *v = gain_of(w, t);
	const struct person *a = w->a;
	int x, y;
	addends(w, &x, &y);
	switch (R(w, 0, 3)) {
	case 0:
		say(w, "%s had %s.", a->name, tcnt(w, x, t));
		say(w, "Then %s %s %s more.", he(a), v->past, num(w, y));
		break;
	case 1:
		say(w, "%s has %s.", a->name, tcnt(w, x, t));
		say(w, "%s %s %s more.", He(a), vp(a, v), tcnt(w, y, t));
		break;
	case 2:
		say(w, "%s had %s, and then %s %s %s more.", a->name, tcnt(w, x, t), he(a), v->past, num(w, y));
		break;
	default:
		say(w, "At first %s had %s.", a->name, tcnt(w, x, t));
		say(w, "Later %s %s another %s.", he(a), v->past, tcnt(w, y, t));
		break;
	}
	if (chance(w, 50)) {
		askd(w, "How many %s does %s have now?", t->many, a->name);
		aske(w, "how many %s %s has now", t->many, a->name);
	} else {
		askd(w, "How many %s does %s have altogether?", t->many, a->name);
		aske(w, "how many %s %s has altogether", t->many, a->name);
	}
	know(w, "%s had %s and %s %d more", a->name, dcnt(w, x, t->one, t->many), v->past, y);
	w->plan = "Getting more means we add.";
	calc(w, NULL, x, "+", y, x + y);
	done_thing(w, x + y, t);
}

static void t_together(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct person *a = w->a, *b = w->b;
	static const char *const total[] = { "altogether", "in total", "together", "in all" };
	const char *tot = total[R(w, 0, NELEM(total) - 1)];
	int x, y;
	addends(w, &x, &y);
	switch (R(w, 0, 2)) {
	case 0:
		say(w, "%s has %s.", a->name, tcnt(w, x, t));
		say(w, "%s has %s.", b->name, tcnt(w, y, t));
		break;
	case 1:
		say(w, "%s has %s and %s has %s.", a->name, tcnt(w, x, t), b->name, num(w, y));
		break;
	default:
		say(w, "%s and %s put their %s together.", a->name, b->name, t->many);
		say(w, "%s has %s and %s has %s.", a->name, num(w, x), b->name, num(w, y));
		break;
	}
	askd(w, "How many %s do %s and %s have %s?", t->many, a->name, b->name, tot);
	aske(w, "how many %s %s and %s have %s", t->many, a->name, b->name, tot);
	know(w, "%s has %s and %s has %d", a->name, dcnt(w, x, t->one, t->many), b->name, y);
	w->plan = "Putting two groups together means we add.";
	calc(w, NULL, x, "+", y, x + y);
	done_thing(w, x + y, t);
}

/* Something done on two days: collecting, baking, scoring, reading. */
static void t_two_days(struct wp *w)
{
	const struct person *a = w->a;
	const char *const *when = when_pairs[R(w, 0, NELEM(when_pairs) - 1)];
	const struct verb *v;
	const char *one, *many, *tail = "";
	int x, y;
	if (chance(w, 40)) {
		addends(w, &x, &y);
		const struct event *e = event_for(w, x > y ? x : y);
		v = &e->v;
		one = e->one;
		many = e->many;
		tail = e->tail;
	} else {
		const struct thing *t = thing_of(w, K_ALL);
		addends(w, &x, &y);
		v = &kinds[t->kind].gain[R(w, 0, 1)];
		one = t->one;
		many = t->many;
	}
	say(w, "%s, %s %s %s%s.", when[0], a->name, v->past, cnt(w, x, one, many), tail);
	if (chance(w, 50))
		say(w, "%s, %s %s %s.", when[1], he(a), v->past, cnt(w, y, one, many));
	else
		say(w, "%s, %s %s %s more.", when[1], he(a), v->past, num(w, y));
	askd(w, "How many %s did %s %s altogether?", many, a->name, v->base);
	aske(w, "how many %s %s %s altogether", many, a->name, v->past);
	know(w, "%s %s %s and then %d more", a->name, v->past, dcnt(w, x, one, many), y);
	w->plan = "Both amounts together means we add.";
	calc(w, NULL, x, "+", y, x + y);
	done_count(w, x + y, one, many);
}

static void t_more_than(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct person *a = w->a, *b = w->b;
	int x, y;
	addends(w, &x, &y);
	if (chance(w, 50)) {
		say(w, "%s has %s.", a->name, tcnt(w, x, t));
		say(w, "%s has %s more %s than %s.", b->name, num(w, y), y == 1 ? t->one : t->many, a->name);
	} else {
		say(w, "%s has %s more %s than %s.", b->name, num(w, y), y == 1 ? t->one : t->many, a->name);
		say(w, "%s has %s.", a->name, num(w, x));
	}
	askd(w, "How many %s does %s have?", t->many, b->name);
	aske(w, "how many %s %s has", t->many, b->name);
	know(w, "%s has %s, and %s has %d more than that", a->name, dcnt(w, x, t->one, t->many), b->name, y);
	w->plan = "\"More than\" means we add.";
	calc(w, NULL, x, "+", y, x + y);
	done_thing(w, x + y, t);
}

static void t_lose(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct person *a = w->a;
	int x, y;
	takeaway(w, &x, &y);
	const struct verb *v = lose_of(w, t, y);
	switch (R(w, 0, 2)) {
	case 0:
		say(w, "%s had %s.", a->name, tcnt(w, x, t));
		say(w, "%s %s %s of them.", He(a), v->past, num(w, y));
		break;
	case 1:
		say(w, "%s had %s, but %s %s %s.", a->name, tcnt(w, x, t), he(a), v->past, tcnt(w, y, t));
		break;
	default:
		say(w, "%s has %s.", a->name, tcnt(w, x, t));
		say(w, "%s %s %s of them.", He(a), vp(a, v), num(w, y));
		break;
	}
	if (chance(w, 50)) {
		askd(w, "How many %s does %s have left?", t->many, a->name);
		aske(w, "how many %s %s has left", t->many, a->name);
	} else {
		askd(w, "How many %s are left?", t->many);
		aske(w, "how many %s are left", t->many);
	}
	know(w, "%s had %s and %s %d", a->name, dcnt(w, x, t->one, t->many), v->past, y);
	w->plan = "Taking away means we subtract.";
	calc(w, NULL, x, "-", y, x - y);
	done_thing(w, x - y, t);
}

static void t_compare(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct person *a = w->a, *b = w->b;
	int x, y;
	takeaway(w, &x, &y);
	if (x == y)
		x++;
	if (chance(w, 50)) {
		say(w, "%s has %s and %s has %s.", a->name, tcnt(w, x, t), b->name, tcnt(w, y, t));
	} else {
		say(w, "%s has %s.", b->name, tcnt(w, y, t));
		say(w, "%s has %s.", a->name, tcnt(w, x, t));
	}
	if (chance(w, 50)) {
		askd(w, "How many more %s does %s have than %s?", t->many, a->name, b->name);
		aske(w, "how many more %s %s has than %s", t->many, a->name, b->name);
	} else {
		askd(w, "How many fewer %s does %s have than %s?", t->many, b->name, a->name);
		aske(w, "how many fewer %s %s has than %s", t->many, b->name, a->name);
	}
	know(w, "%s has %s and %s has %d", a->name, dcnt(w, x, t->one, t->many), b->name, y);
	w->plan = "To compare, we find the difference: we subtract.";
	calc(w, NULL, x, "-", y, x - y);
	done_thing(w, x - y, t);
}

static void t_fewer_than(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct person *a = w->a, *b = w->b;
	int x, y;
	takeaway(w, &x, &y);
	say(w, "%s has %s.", a->name, tcnt(w, x, t));
	if (chance(w, 50))
		say(w, "%s has %s fewer than %s.", b->name, num(w, y), a->name);
	else
		say(w, "%s has %s fewer %s than %s.", b->name, num(w, y), t->many, a->name);
	askd(w, "How many %s does %s have?", t->many, b->name);
	aske(w, "how many %s %s has", t->many, b->name);
	know(w, "%s has %s, and %s has %d fewer", a->name, dcnt(w, x, t->one, t->many), b->name, y);
	w->plan = "\"Fewer than\" means we subtract.";
	calc(w, NULL, x, "-", y, x - y);
	done_thing(w, x - y, t);
}

static void t_need(struct wp *w)
{
	static const char *const what_for[] = { "for a school project", "for a party", "for a class display",
		"for the school fair", "for a birthday surprise" };
	const struct thing *t = thing_of(w, K_ALL);
	const struct person *a = w->a;
	int x, y;
	takeaway(w, &x, &y);
	say(w, "%s needs %s %s.", a->name, tcnt(w, x, t), what_for[R(w, 0, NELEM(what_for) - 1)]);
	say(w, "%s %s %s so far.", He(a), agree(a, "has", "have"), num(w, y));
	askd(w, "How many more %s does %s need?", t->many, a->name);
	aske(w, "how many more %s %s needs", t->many, a->name);
	know(w, "%s needs %s and has %d", a->name, dcnt(w, x, t->one, t->many), y);
	w->plan = "The missing part is the difference, so we subtract.";
	calc(w, NULL, x, "-", y, x - y);
	done_thing(w, x - y, t);
}

static void t_animals(struct wp *w)
{
	const struct animal *n = ONE_OF(w, animals);
	int x, y;
	w->a = NULL;
	addends_cap(w, 2, &x, &y);
	if (chance(w, 50)) {
		say(w, "There are %s %s.", cnt(w, x, n->one, n->many), n->place);
		say(w, "Then %s more %s %s.", num(w, y), y == 1 ? n->one : n->many, n->come);
		askd(w, "How many %s are %s now?", n->many, n->place);
		aske(w, "how many %s are %s now", n->many, n->place);
		know(w, "There were %s %s and %d more came", dcnt(w, x, n->one, n->many), n->place, y);
		w->plan = "More arriving means we add.";
		calc(w, NULL, x, "+", y, x + y);
		done_count(w, x + y, n->one, n->many);
	} else {
		say(w, "There were %s %s.", cnt(w, x + y, n->one, n->many), n->place);
		say(w, "Then %s of them %s.", num(w, y), n->go);
		askd(w, "How many %s are still %s?", n->many, n->place);
		aske(w, "how many %s are still %s", n->many, n->place);
		know(w, "There were %s %s and %d of them left", dcnt(w, x + y, n->one, n->many), n->place, y);
		w->plan = "Some leaving means we subtract.";
		calc(w, NULL, x + y, "-", y, x);
		done_count(w, x, n->one, n->many);
	}
}

static const struct noun vehicles[] = {
	{ "bus", "buses" }, { "tram", "trams" }, { "train", "trains" }, { "ferry", "ferries" },
};

/* How many passengers a vehicle plausibly carries, as a level cap. */
static int vehicle_cap(const struct noun *v)
{
	return v < &vehicles[2] ? 2 : 3;
}

static void t_bus(struct wp *w)
{
	const struct noun *v = ONE_OF(w, vehicles);
	int x, y;
	w->a = NULL;
	addends_cap(w, vehicle_cap(v), &x, &y);
	if (chance(w, 50)) {
		say(w, "There were %s on the %s.", cnt(w, x, "passenger", "passengers"), v->one);
		say(w, "At the next stop, %s got on.", cnt(w, y, "person", "people"));
		know(w, "There were %d passengers and %d got on", x, y);
		w->plan = "Getting on means we add.";
		calc(w, NULL, x, "+", y, x + y);
		x += y;
	} else {
		say(w, "There were %s on the %s.", cnt(w, x + y, "passenger", "passengers"), v->one);
		say(w, "At the next stop, %s got off.", cnt(w, y, "person", "people"));
		know(w, "There were %d passengers and %d got off", x + y, y);
		w->plan = "Getting off means we subtract.";
		calc(w, NULL, x + y, "-", y, x);
	}
	askd(w, "How many passengers are on the %s now?", v->one);
	aske(w, "how many passengers are on the %s now", v->one);
	done_count(w, x, "passenger", "passengers");
}

static void t_change(struct wp *w)
{
	const struct thing *t = thing_of(w, K_SHOP);
	const struct person *a = w->a;
	int cost = thing_price(w, t), paid = note_for(w, cost);
	if (chance(w, 60)) {
		say(w, "%s buys %s %s for %s.", a->name, an(t->one), t->one, cash(w, cost));
		say(w, "%s %s with %s.", He(a), agree(a, "pays", "pay"), cash(w, paid));
		askd(w, "How much change does %s get?", a->name);
		aske(w, "how much change %s gets", a->name);
	} else {
		say(w, "%s has %s.", a->name, cash(w, paid));
		say(w, "%s %s %s on %s %s.", He(a), agree(a, "spends", "spend"), cash(w, cost), an(t->one), t->one);
		askd(w, "How much money does %s have left?", a->name);
		aske(w, "how much money %s has left", a->name);
	}
	know(w, "The %s costs %s and %s has %s", t->one, dcash(w, cost), a->name, dcash(w, paid));
	w->plan = "What is left is the money minus the cost, so we subtract.";
	claim(w, NULL, dcash(w, paid), "-", dcash(w, cost), dcash(w, paid - cost));
	done_money(w, paid - cost);
}

/* Lengths, masses and capacities that are used up. */
struct stuff {
	const char *what, *holder, *used;
	enum unit u;
};

static const struct stuff stuffs[] = {
	{ "flour", "bag", "uses", U_G }, { "sugar", "jar", "uses", U_G },
	{ "rice", "sack", "cooks", U_KG }, { "soil", "bag", "uses", U_KG },
	{ "juice", "jug", "pours out", U_ML }, { "milk", "bottle", "pours out", U_ML },
	{ "water", "tank", "uses", U_L }, { "paint", "tin", "uses", U_L },
	{ "lemonade", "jug", "pours out", U_ML }, { "dog food", "bag", "uses", U_KG },
	{ "butter", "pack", "uses", U_G }, { "oil", "can", "uses", U_L },
};

static const struct noun lengths[] = {
	{ "ribbon", "ribbons" }, { "piece of string", "pieces of string" }, { "rope", "ropes" },
	{ "strip of paper", "strips of paper" }, { "plank", "planks" }, { "roll of tape", "rolls of tape" },
};

static void t_use_up(struct wp *w)
{
	const struct person *a = w->a;
	int x, y;
	if (chance(w, 40)) {
		const struct noun *l = ONE_OF(w, lengths);
		enum unit u = l == &lengths[2] || l == &lengths[5] ? U_M : U_CM;
		measures(w, u, &x, &y);
		say(w, "%s has %s %s that is %s long.", a->name, an(l->one), l->one, qty(w, x + y, u));
		say(w, "%s %s off %s.", He(a), agree(a, "cuts", "cut"), qty(w, y, u));
		askd(w, "How long is the piece that is left?");
		aske(w, "the length of the piece that is left");
		know(w, "The %s is %s long and %s is cut off", l->one, dqty(w, x + y, u), dqty(w, y, u));
		w->plan = "Cutting off takes length away, so we subtract.";
		calc(w, NULL, x + y, "-", y, x);
		done_unit(w, x, u);
		return;
	}
	const struct stuff *s = ONE_OF(w, stuffs);
	measures(w, s->u, &x, &y);
	say(w, "%s %s holds %s of %s.", an(s->holder), s->holder, qty(w, x + y, s->u), s->what);
	say(w, "%s %s %s.", a->name, s->used, qty(w, y, s->u));
	askd(w, "How much %s is left in the %s?", s->what, s->holder);
	aske(w, "how much %s is left in the %s", s->what, s->holder);
	know(w, "The %s held %s of %s and %s was used", s->holder, dqty(w, x + y, s->u), s->what, dqty(w, y, s->u));
	w->plan = "Using some up means we subtract.";
	calc(w, NULL, x + y, "-", y, x);
	done_unit(w, x, s->u);
}

static void t_measure_sum(struct wp *w)
{
	const struct person *a = w->a;
	int x, y;
	switch (R(w, 0, 3)) {
	case 0:
		measures(w, U_M, &x, &y);
		say(w, "%s walked %s to the park and then %s to the library.", a->name, qty(w, x, U_M), qty(w, y, U_M));
		askd(w, "How far did %s walk altogether?", a->name);
		aske(w, "how far %s walked altogether", a->name);
		know(w, "%s walked %s and then %s", a->name, dqty(w, x, U_M), dqty(w, y, U_M));
		done_unit(w, x + y, U_M);
		break;
	case 1: {
		enum unit u = chance(w, 50) ? U_KG : U_G;
		measures(w, u, &x, &y);
		say(w, "A bag of apples weighs %s.", qty(w, x, u));
		say(w, "A bag of oranges weighs %s.", qty(w, y, u));
		askd(w, "How much do the two bags weigh together?");
		aske(w, "how much the two bags weigh together");
		know(w, "The bags weigh %s and %s", dqty(w, x, u), dqty(w, y, u));
		done_unit(w, x + y, u);
		break;
	}
	case 2: {
		enum unit u = chance(w, 50) ? U_L : U_ML;
		measures(w, u, &x, &y);
		say(w, "%s poured %s of water into a bucket, and then %s more.", a->name, qty(w, x, u), qty(w, y, u));
		askd(w, "How much water is in the bucket now?");
		aske(w, "how much water is in the bucket now");
		know(w, "%s poured in %s and then %s", a->name, dqty(w, x, u), dqty(w, y, u));
		done_unit(w, x + y, u);
		break;
	}
	default:
		measures(w, U_MIN, &x, &y);
		say(w, "%s spent %s on homework and %s reading.", a->name, qty(w, x, U_MIN), qty(w, y, U_MIN));
		askd(w, "How many minutes did %s spend on the two things altogether?", a->name);
		aske(w, "how many minutes %s spent on the two things altogether", a->name);
		know(w, "%s spent %s and %s", a->name, dqty(w, x, U_MIN), dqty(w, y, U_MIN));
		done_unit(w, x + y, U_MIN);
		break;
	}
	w->plan = "Both amounts together means we add.";
	calc(w, NULL, x, "+", y, x + y);
}

static void t_groups(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct noun *b = box_of(w, t);
	const struct person *a = w->a;
	int g, n;
	factors(w, &g, &n);
	switch (R(w, 0, 3)) {
	case 0:
		say(w, "There are %s with %s in each %s.", cnt(w, n, b->one, b->many), tcnt(w, g, t), b->one);
		break;
	case 1:
		say(w, "%s has %s.", a->name, cnt(w, n, b->one, b->many));
		say(w, "Each %s has %s in it.", b->one, tcnt(w, g, t));
		break;
	case 2:
		say(w, "Each %s holds %s.", b->one, tcnt(w, g, t));
		say(w, "%s fills %s.", a->name, cnt(w, n, b->one, b->many));
		break;
	default:
		say(w, "%s puts %s in each of %s.", a->name, tcnt(w, g, t), cnt(w, n, b->one, b->many));
		break;
	}
	askd(w, "How many %s are there in total?", t->many);
	aske(w, "how many %s there are in total", t->many);
	know(w, "There are %s with %s in each", dcnt(w, n, b->one, b->many), dcnt(w, g, t->one, t->many));
	w->plan = "Equal groups mean we multiply.";
	calc(w, NULL, n, "×", g, n * g);
	done_thing(w, n * g, t);
}

static void t_times(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct person *a = w->a, *b = w->b;
	int x = R(w, 2, level(w) <= 2 ? 10 : 40), k = R(w, 2, level(w) <= 2 ? 4 : 6);
	const char *tw = times_word(w, k);
	say(w, "%s has %s.", a->name, tcnt(w, x, t));
	if (strcmp(tw, "double") == 0)
		say(w, "%s has double that number.", b->name);
	else
		say(w, "%s has %s as many %s as %s.", b->name, tw, t->many, a->name);
	askd(w, "How many %s does %s have?", t->many, b->name);
	aske(w, "how many %s %s has", t->many, b->name);
	know(w, "%s has %s and %s has %d times as many", a->name, dcnt(w, x, t->one, t->many), b->name, k);
	w->plan = "\"Times as many\" means we multiply.";
	calc(w, NULL, x, "×", k, x * k);
	done_thing(w, x * k, t);
}

static void t_price(struct wp *w)
{
	const struct thing *t = thing_of(w, K_SHOP);
	const struct person *a = w->a;
	int c = thing_price(w, t), n = R(w, 2, w->lvl <= 2 ? 5 : 9);
	if (chance(w, 50)) {
		say(w, "One %s costs %s.", t->one, cash(w, c));
		say(w, "%s buys %s.", a->name, tcnt(w, n, t));
	} else {
		say(w, "%s buys %s at %s each.", a->name, tcnt(w, n, t), cash(w, c));
	}
	askd(w, "How much does %s pay altogether?", a->name);
	aske(w, "how much %s pays altogether", a->name);
	know(w, "%s costs %s and %s buys %d", t->one, dcash(w, c), a->name, n);
	w->plan = "The same price many times means we multiply.";
	claim(w, NULL, dig(w, n), "×", dcash(w, c), dcash(w, n * c));
	done_money(w, n * c);
}

static void t_minutes(struct wp *w)
{
	const struct verb *v = ONE_OF(w, pastimes);
	const struct person *a = w->a;
	int m = w->lvl <= 2 ? 5 * R(w, 1, 6) : R(w, 10, 45), d = R(w, 2, w->lvl <= 2 ? 7 : 12);
	say(w, "%s %s for %s every day.", a->name, v->pres, qty(w, m, U_MIN));
	askd(w, "How many minutes does %s %s in %s days?", a->name, v->base, num(w, d));
	aske(w, "how many minutes %s %s in %d days", a->name, v->pres, d);
	know(w, "%s %s for %s a day for %d days", a->name, v->pres, dqty(w, m, U_MIN), d);
	w->plan = "The same time every day means we multiply.";
	calc(w, NULL, d, "×", m, d * m);
	done_unit(w, d * m, U_MIN);
}

static void t_parts(struct wp *w)
{
	const struct parts *q = ONE_OF(w, partsof);
	int n = R(w, 2, w->lvl <= 2 ? 10 : 12 + 8 * (w->lvl - 3));
	w->a = NULL;
	if (chance(w, 50)) {
		say(w, "Each %s has %s %s.", q->one, num(w, q->k), q->part);
		askd(w, "How many %s do %s have?", q->part, cnt(w, n, q->one, q->many));
	} else {
		say(w, "There are %s.", cnt(w, n, q->one, q->many));
		say(w, "Each one has %s %s.", num(w, q->k), q->part);
		askd(w, "How many %s are there altogether?", q->part);
	}
	aske(w, "how many %s %d %s have", q->part, n, q->many);
	know(w, "There are %s with %d %s each", dcnt(w, n, q->one, q->many), q->k, q->part);
	w->plan = "Equal groups mean we multiply.";
	calc(w, NULL, n, "×", q->k, n * q->k);
	done_count(w, n * q->k, q->part, q->part);
}

static void t_share(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct person *a = w->a;
	int g, n;
	factors(w, &g, &n);
	switch (R(w, 0, 2)) {
	case 0:
		say(w, "%s has %s.", a->name, tcnt(w, g * n, t));
		say(w, "%s %s them out equally to %s friends.", He(a), agree(a, "gives", "give"), num(w, n));
		askd(w, "How many %s does each friend get?", t->many);
		aske(w, "how many %s each friend gets", t->many);
		break;
	case 1:
		say(w, "The teacher shares %s equally %s %s children.", tcnt(w, g * n, t), n == 2 ? "between" : "among",
		    num(w, n));
		askd(w, "How many %s does each child get?", t->many);
		aske(w, "how many %s each child gets", t->many);
		break;
	default: {
		const struct noun *b = box_of(w, t);
		say(w, "%s puts %s into %s, with the same number in each.", a->name, tcnt(w, g * n, t),
		    cnt(w, n, b->one, b->many));
		askd(w, "How many %s are in each %s?", t->many, b->one);
		aske(w, "how many %s are in each %s", t->many, b->one);
		break;
	}
	}
	know(w, "%s are shared equally into %d groups", dcnt(w, g * n, t->one, t->many), n);
	w->plan = "Sharing equally means we divide.";
	calc(w, NULL, g * n, "÷", n, g);
	done_thing(w, g, t);
}

static void t_how_many_groups(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct noun *b = box_of(w, t);
	const struct person *a = w->a;
	int g, n;
	factors(w, &g, &n);
	say(w, "%s has %s.", a->name, tcnt(w, g * n, t));
	say(w, "%s %s %s in each %s.", He(a), agree(a, "puts", "put"), num(w, g), b->one);
	askd(w, "How many %s can %s fill?", b->many, a->name);
	aske(w, "how many %s %s can fill", b->many, a->name);
	know(w, "%s has %s and puts %d in each %s", a->name, dcnt(w, g * n, t->one, t->many), g, b->one);
	w->plan = "Making equal groups means we divide.";
	calc(w, NULL, g * n, "÷", g, n);
	done_count(w, n, b->one, b->many);
}

static void t_left_over(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct person *a = w->a;
	int g = R(w, 3, 9), n = R(w, 2, level(w) <= 3 ? 9 : 20), m = R(w, 1, g - 1), total = g * n + m;
	if (chance(w, 50)) {
		const struct noun *b = box_of(w, t);
		say(w, "%s has %s.", a->name, tcnt(w, total, t));
		say(w, "%s %s them into %s of %s.", He(a), agree(a, "packs", "pack"), b->many, num(w, g));
		know(w, "%s has %s and packs them in groups of %d", a->name, dcnt(w, total, t->one, t->many), g);
	} else {
		say(w, "%s shares %s equally among %s friends.", a->name, tcnt(w, total, t), num(w, g));
		know(w, "%s shares %s equally among %d friends", a->name, dcnt(w, total, t->one, t->many), g);
	}
	askd(w, "How many %s are left over?", t->many);
	aske(w, "how many %s are left over", t->many);
	w->plan = "We divide; the remainder is what is left over.";
	calc_rem(w, total, g);
	done_thing(w, m, t);
}

static void t_half(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct person *a = w->a, *b = w->b;
	int h = R(w, 2, level(w) <= 2 ? 25 : 250);
	say(w, "%s had %s.", a->name, tcnt(w, 2 * h, t));
	say(w, "%s gave half of them to %s.", He(a), b->name);
	askd(w, "How many %s did %s give to %s?", t->many, a->name, b->name);
	aske(w, "how many %s %s gave to %s", t->many, a->name, b->name);
	know(w, "%s had %s and gave half away", a->name, dcnt(w, 2 * h, t->one, t->many));
	w->plan = "Half means dividing by 2.";
	calc(w, NULL, 2 * h, "÷", 2, h);
	done_thing(w, h, t);
}

static void t_split_bill(struct wp *w)
{
	static const char *const bought[] = { "a pizza", "a present for their teacher", "a football",
		"a taxi ride", "a board game", "a cake", "a kite" };
	const char *what = bought[R(w, 0, NELEM(bought) - 1)];
	int n = R(w, 2, 6), each = price(w, 150, 1200);
	w->a = NULL;
	say(w, "%s friends share the cost of %s equally.", words(w, n), what);
	say(w, "It costs %s.", cash(w, n * each));
	askd(w, "How much does each friend pay?");
	aske(w, "how much each friend pays");
	know(w, "%s costs %s, shared equally by %d friends", what, dcash(w, n * each), n);
	w->plan = "Sharing equally means we divide.";
	claim(w, NULL, dcash(w, n * each), "÷", dig(w, n), dcash(w, each));
	done_money(w, each);
}

/* ---- Two-step templates -------------------------------------------------- */

static void t2_gain_lose(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct verb *g = gain_of(w, t);
	const struct person *a = w->a;
	int x, y, z;
	addends(w, &x, &y);
	z = R(w, 1, x + y - 1);
	const struct verb *l = lose_of(w, t, z);
	if (chance(w, 50)) {
		say(w, "%s had %s.", a->name, tcnt(w, x, t));
		say(w, "%s %s %s more, and then %s %s.", He(a), g->past, num(w, y), l->past, num(w, z));
	} else {
		say(w, "%s had %s.", a->name, tcnt(w, x, t));
		say(w, "On Saturday %s %s %s more.", he(a), g->past, num(w, y));
		say(w, "On Sunday %s %s %s.", he(a), l->past, tcnt(w, z, t));
	}
	askd(w, "How many %s does %s have now?", t->many, a->name);
	aske(w, "how many %s %s has now", t->many, a->name);
	know(w, "%s had %s, %s %d more and %s %d", a->name, dcnt(w, x, t->one, t->many), g->past, y, l->past, z);
	w->plan = "First we add what came in, then we subtract what went out.";
	calc(w, NULL, x, "+", y, x + y);
	calc(w, NULL, x + y, "-", z, x + y - z);
	done_thing(w, x + y - z, t);
}

static void t2_groups_extra(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct noun *b = box_of(w, t);
	const struct person *a = w->a;
	int g, n, e;
	factors(w, &g, &n);
	e = R(w, 1, g > 2 ? g - 1 : 5);
	if (chance(w, 50)) {
		say(w, "%s has %s of %s.", a->name, cnt(w, n, b->one, b->many), tcnt(w, g, t));
		say(w, "%s also %s %s loose %s.", He(a), agree(a, "has", "have"), num(w, e), e == 1 ? t->one : t->many);
	} else {
		say(w, "There are %s with %s in each %s.", cnt(w, n, b->one, b->many), tcnt(w, g, t), b->one);
		say(w, "There are %s more %s on the table.", num(w, e), e == 1 ? t->one : t->many);
	}
	askd(w, "How many %s are there altogether?", t->many);
	aske(w, "how many %s there are altogether", t->many);
	know(w, "There are %s of %d and %d more", dcnt(w, n, b->one, b->many), g, e);
	w->plan = "First we multiply for the equal groups, then we add the extra ones.";
	calc(w, NULL, n, "×", g, n * g);
	calc(w, NULL, n * g, "+", e, n * g + e);
	done_thing(w, n * g + e, t);
}

static void t2_groups_used(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct noun *b = box_of(w, t);
	const struct person *a = w->a;
	int g, n, u;
	factors(w, &g, &n);
	u = R(w, 1, n * g - 1);
	const struct verb *l = lose_of(w, t, u);
	say(w, "%s bought %s of %s.", a->name, cnt(w, n, b->one, b->many), tcnt(w, g, t));
	say(w, "%s %s %s of them.", He(a), l->past, num(w, u));
	askd(w, "How many %s does %s have left?", t->many, a->name);
	aske(w, "how many %s %s has left", t->many, a->name);
	know(w, "%s bought %s of %d and %s %d", a->name, dcnt(w, n, b->one, b->many), g, l->past, u);
	w->plan = "First we multiply to find how many there were, then we subtract.";
	calc(w, NULL, n, "×", g, n * g);
	calc(w, NULL, n * g, "-", u, n * g - u);
	done_thing(w, n * g - u, t);
}

static void t2_pool_share(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct person *a = w->a, *b = w->b;
	int g, n, x;
	factors(w, &g, &n);
	if (g * n < 4)
		g = 2, n = 2;
	x = R(w, 1, g * n - 1);
	say(w, "%s has %s and %s has %s.", a->name, tcnt(w, x, t), b->name, tcnt(w, g * n - x, t));
	if (chance(w, 50)) {
		say(w, "They put them together and share them equally among %s friends.", num(w, n));
		askd(w, "How many %s does each friend get?", t->many);
		aske(w, "how many %s each friend gets", t->many);
	} else {
		const struct noun *bx = box_of(w, t);
		say(w, "They put them all into %s, with the same number in each.", cnt(w, n, bx->one, bx->many));
		askd(w, "How many %s go in each %s?", t->many, bx->one);
		aske(w, "how many %s go in each %s", t->many, bx->one);
	}
	know(w, "%s has %d and %s has %d, shared equally into %d groups", a->name, x, b->name, g * n - x, n);
	w->plan = "First we add to find the total, then we divide to share it.";
	calc(w, NULL, x, "+", g * n - x, g * n);
	calc(w, NULL, g * n, "÷", n, g);
	done_thing(w, g, t);
}

static void t2_use_then_share(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct verb *gv = gain_of(w, t);
	const struct person *a = w->a;
	int g, n, u;
	factors(w, &g, &n);
	u = R(w, 1, level(w) <= 2 ? 9 : 40);
	const struct verb *l = lose_of(w, t, u);
	say(w, "%s %s %s.", a->name, gv->past, tcnt(w, g * n + u, t));
	say(w, "%s %s %s, and then shared the rest equally among %s friends.", He(a), l->past, num(w, u), num(w, n));
	askd(w, "How many %s did each friend get?", t->many);
	aske(w, "how many %s each friend got", t->many);
	know(w, "%s %s %s, %s %d and shared the rest among %d friends", a->name, gv->past,
	     dcnt(w, g * n + u, t->one, t->many), l->past, u, n);
	w->plan = "First we subtract to find the rest, then we divide to share it.";
	calc(w, NULL, g * n + u, "-", u, g * n);
	calc(w, NULL, g * n, "÷", n, g);
	done_thing(w, g, t);
}

static void t2_compare_total(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct person *a = w->a, *b = w->b;
	int x, y, other;
	int more = chance(w, 50);
	addends(w, &x, &y);
	if (!more) {
		x += y;
		y = R(w, 1, x - 1);
	}
	other = more ? x + y : x - y;
	say(w, "%s has %s.", a->name, tcnt(w, x, t));
	say(w, "%s has %s %s than %s.", b->name, num(w, y), more ? "more" : "fewer", a->name);
	askd(w, "How many %s do %s and %s have altogether?", t->many, a->name, b->name);
	aske(w, "how many %s %s and %s have altogether", t->many, a->name, b->name);
	know(w, "%s has %s and %s has %d %s", a->name, dcnt(w, x, t->one, t->many), b->name, y,
	     more ? "more" : "fewer");
	w->plan = more ? "First we add to find how many the second child has, then we add both."
		       : "First we subtract to find how many the second child has, then we add both.";
	calc(w, NULL, x, more ? "+" : "-", y, other);
	calc(w, NULL, x, "+", other, x + other);
	done_thing(w, x + other, t);
}

static void t2_times_then(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct person *a = w->a, *b = w->b;
	int x = R(w, 3, level(w) <= 2 ? 15 : 60), k = R(w, 2, 5);
	const char *tw = times_word(w, k);
	say(w, "%s has %s.", a->name, tcnt(w, x, t));
	if (strcmp(tw, "double") == 0)
		say(w, "%s has double that number.", b->name);
	else
		say(w, "%s has %s as many.", b->name, tw);
	know(w, "%s has %s and %s has %d times as many", a->name, dcnt(w, x, t->one, t->many), b->name, k);
	calc(w, NULL, x, "×", k, x * k);
	if (chance(w, 50)) {
		askd(w, "How many %s do %s and %s have altogether?", t->many, a->name, b->name);
		aske(w, "how many %s %s and %s have altogether", t->many, a->name, b->name);
		w->plan = "First we multiply, then we add both amounts.";
		calc(w, NULL, x, "+", x * k, x + x * k);
		done_thing(w, x + x * k, t);
	} else {
		askd(w, "How many more %s does %s have than %s?", t->many, b->name, a->name);
		aske(w, "how many more %s %s has than %s", t->many, b->name, a->name);
		w->plan = "First we multiply, then we subtract to compare.";
		calc(w, NULL, x * k, "-", x, x * k - x);
		done_thing(w, x * k - x, t);
	}
}

static void t2_buy_change(struct wp *w)
{
	const struct thing *t = thing_of(w, K_SHOP);
	const struct person *a = w->a;
	int c = thing_price(w, t), n = R(w, 2, w->lvl <= 2 ? 5 : 8), paid = note_for(w, n * c);
	if (chance(w, 50)) {
		say(w, "%s buys %s at %s each.", a->name, tcnt(w, n, t), cash(w, c));
		say(w, "%s %s with %s.", He(a), agree(a, "pays", "pay"), cash(w, paid));
	} else {
		say(w, "%s %s costs %s.", an(t->one), t->one, cash(w, c));
		say(w, "%s has %s and buys %s.", a->name, cash(w, paid), num(w, n));
	}
	askd(w, "How much change does %s get?", a->name);
	aske(w, "how much change %s gets", a->name);
	know(w, "%d %s at %s each, paid with %s", n, t->many, dcash(w, c), dcash(w, paid));
	w->plan = "First we multiply to find the cost, then we subtract it from the money paid.";
	claim(w, "Cost", dig(w, n), "×", dcash(w, c), dcash(w, n * c));
	claim(w, "Change", dcash(w, paid), "-", dcash(w, n * c), dcash(w, paid - n * c));
	done_money(w, paid - n * c);
}

static void t2_two_items(struct wp *w)
{
	const struct thing *t = thing_of(w, K_SHOP), *u = thing_of(w, K_SHOP);
	const struct person *a = w->a;
	if (u == t)
		u = t == &things[NELEM(things) - 1] ? &things[0] : t + 1;
	int c1 = thing_price(w, t), c2 = thing_price(w, u);
	if (chance(w, 50)) {
		int paid = note_for(w, c1 + c2);
		say(w, "%s buys %s %s for %s and %s %s for %s.", a->name, an(t->one), t->one, cash(w, c1), an(u->one),
		    u->one, cash(w, c2));
		say(w, "%s %s with %s.", He(a), agree(a, "pays", "pay"), cash(w, paid));
		askd(w, "How much change does %s get?", a->name);
		aske(w, "how much change %s gets", a->name);
		know(w, "The %s costs %s, the %s costs %s, and %s pays %s", t->one, dcash(w, c1), u->one, dcash(w, c2),
		     a->name, dcash(w, paid));
		w->plan = "First we add the prices, then we subtract the total from the money paid.";
		claim(w, "Total", dcash(w, c1), "+", dcash(w, c2), dcash(w, c1 + c2));
		claim(w, "Change", dcash(w, paid), "-", dcash(w, c1 + c2), dcash(w, paid - c1 - c2));
		done_money(w, paid - c1 - c2);
	} else {
		int has = c1 + 5 * R(w, 1, 2 * c1 / 5 + 1);
		say(w, "%s has %s.", a->name, cash(w, has));
		say(w, "%s %s %s on %s %s.", He(a), agree(a, "spends", "spend"), cash(w, c1), an(t->one), t->one);
		say(w, "Then %s grandmother gives %s %s.", his(a), him(a), cash(w, c2));
		askd(w, "How much money does %s have now?", a->name);
		aske(w, "how much money %s has now", a->name);
		know(w, "%s has %s, spends %s and gets %s", a->name, dcash(w, has), dcash(w, c1), dcash(w, c2));
		w->plan = "First we subtract what was spent, then we add what was given.";
		claim(w, NULL, dcash(w, has), "-", dcash(w, c1), dcash(w, has - c1));
		claim(w, NULL, dcash(w, has - c1), "+", dcash(w, c2), dcash(w, has - c1 + c2));
		done_money(w, has - c1 + c2);
	}
}

static void t2_rate_left(struct wp *w)
{
	const struct person *a = w->a;
	int per, d, total, left;
	factors(w, &per, &d);
	left = R(w, 1, per * 3);
	total = per * d + left;
	if (chance(w, 50)) {
		say(w, "A book has %s.", cnt(w, total, "page", "pages"));
		say(w, "%s reads %s every day for %s days.", a->name, cnt(w, per, "page", "pages"), num(w, d));
		askd(w, "How many pages does %s still have to read?", a->name);
		aske(w, "how many pages %s still has to read", a->name);
		know(w, "The book has %d pages, and %s reads %d pages a day for %d days", total, a->name, per, d);
		done_count(w, left, "page", "pages");
	} else {
		const struct event *e = event_for(w, per);
		say(w, "%s wants to %s %s%s this month.", a->name, e->v.base, cnt(w, total, e->one, e->many), e->tail);
		say(w, "%s %s %s a day for %s days.", He(a), vp(a, &e->v), num(w, per), num(w, d));
		askd(w, "How many more %s does %s need to %s?", e->many, a->name, e->v.base);
		aske(w, "how many more %s %s needs to %s", e->many, a->name, e->v.base);
		know(w, "The goal is %d %s, and %s %s %d a day for %d days", total, e->many, a->name, e->v.past, per, d);
		done_count(w, left, e->one, e->many);
	}
	w->plan = "First we multiply to find how many are done, then we subtract from the total.";
	calc(w, NULL, d, "×", per, d * per);
	calc(w, NULL, total, "-", d * per, left);
}

static void t2_saving(struct wp *w)
{
	const struct person *a = w->a;
	int have = 100 * R(w, 2, 30), each = w->lvl <= 3 ? 100 * R(w, 2, 9) : price(w, 150, 1200), weeks = R(w, 2, 10);
	say(w, "%s has %s in %s piggy bank.", a->name, cash(w, have), his(a));
	say(w, "%s %s %s more every week for %s weeks.", He(a), agree(a, "saves", "save"), cash(w, each), num(w, weeks));
	askd(w, "How much money will %s have then?", a->name);
	aske(w, "how much money %s will have then", a->name);
	know(w, "%s has %s and saves %s a week for %d weeks", a->name, dcash(w, have), dcash(w, each), weeks);
	w->plan = "First we multiply to find the new savings, then we add them to what is there.";
	claim(w, "Saved", dig(w, weeks), "×", dcash(w, each), dcash(w, weeks * each));
	claim(w, "Total", dcash(w, have), "+", dcash(w, weeks * each), dcash(w, have + weeks * each));
	done_money(w, have + weeks * each);
}

struct seat {
	const char *one, *many, *verb, *who_one, *who_many;
};

static const struct seat seats[] = {
	{ "car", "cars", "can take", "child", "children" },
	{ "minibus", "minibuses", "can carry", "person", "people" },
	{ "table", "tables", "seats", "guest", "guests" },
	{ "tent", "tents", "sleeps", "scout", "scouts" },
	{ "boat", "boats", "holds", "rower", "rowers" },
	{ "taxi", "taxis", "takes", "passenger", "passengers" },
};

static void t2_round_up(struct wp *w)
{
	const struct seat *s = ONE_OF(w, seats);
	int k = R(w, 3, w->lvl <= 3 ? 8 : 12), q = R(w, 2, w->lvl <= 3 ? 9 : 25), m = R(w, 1, k - 1);
	int n = k * q + m;
	w->a = NULL;
	say(w, "A group of %s is going on a trip.", cnt(w, n, s->who_one, s->who_many));
	say(w, "Each %s %s %s.", s->one, s->verb, cnt(w, k, s->who_one, s->who_many));
	askd(w, "How many %s are needed?", s->many);
	aske(w, "how many %s are needed", s->many);
	know(w, "There are %d %s and each %s %s %d", n, s->who_many, s->one, s->verb, k);
	w->plan = "We divide, and the ones left over need one more.";
	calc_rem(w, n, k);
	prose(w, "%d %s are full and %d %s still %s a place, so one more %s is needed.", q, s->many, m,
	      m == 1 ? s->who_one : s->who_many, m == 1 ? "needs" : "need", s->one);
	calc(w, NULL, q, "+", 1, q + 1);
	done_count(w, q + 1, s->one, s->many);
}

static void t2_pieces_left(struct wp *w)
{
	const struct person *a = w->a;
	int n = R(w, 2, w->lvl <= 3 ? 6 : 9), l, rest, total;
	switch (R(w, 0, 2)) {
	case 0: {
		enum unit u = chance(w, 50) ? U_CM : U_M;
		l = u == U_CM ? R(w, 5, w->lvl <= 3 ? 30 : 90) : R(w, 2, 15);
		rest = R(w, 1, l * 2);
		total = n * l + rest;
		say(w, "%s has %s of ribbon.", a->name, qty(w, total, u));
		say(w, "%s %s %s pieces that are each %s long.", He(a), agree(a, "cuts", "cut"), num(w, n), qty(w, l, u));
		askd(w, "How much ribbon is left?");
		aske(w, "how much ribbon is left");
		know(w, "There is %s of ribbon, and %d pieces of %s are cut", dqty(w, total, u), n, dqty(w, l, u));
		done_unit(w, rest, u);
		break;
	}
	case 1:
		l = 10 * R(w, 5, 30);
		rest = 10 * R(w, 1, 40);
		total = n * l + rest;
		say(w, "A bag holds %s of flour.", qty(w, total, U_G));
		say(w, "Each cake needs %s of flour, and %s bakes %s cakes.", qty(w, l, U_G), a->name, num(w, n));
		askd(w, "How much flour is left in the bag?");
		aske(w, "how much flour is left in the bag");
		know(w, "The bag holds %s, and %d cakes need %s each", dqty(w, total, U_G), n, dqty(w, l, U_G));
		done_unit(w, rest, U_G);
		break;
	default:
		l = 50 * R(w, 2, 6);
		rest = 50 * R(w, 1, 12);
		total = n * l + rest;
		say(w, "A jug holds %s of juice.", qty(w, total, U_ML));
		say(w, "%s fills %s glasses with %s each.", a->name, num(w, n), qty(w, l, U_ML));
		askd(w, "How much juice is left in the jug?");
		aske(w, "how much juice is left in the jug");
		know(w, "The jug holds %s, and %d glasses take %s each", dqty(w, total, U_ML), n, dqty(w, l, U_ML));
		done_unit(w, rest, U_ML);
		break;
	}
	w->plan = "First we multiply to find how much is used, then we subtract it.";
	calc(w, NULL, n, "×", l, n * l);
	calc(w, NULL, total, "-", n * l, rest);
}

static void t2_bus_stops(struct wp *w)
{
	const struct noun *v = ONE_OF(w, vehicles);
	int x, off, on;
	w->a = NULL;
	addends_cap(w, vehicle_cap(v), &x, &on);
	off = R(w, 1, x - 1);
	say(w, "A %s set off with %s.", v->one, cnt(w, x, "passenger", "passengers"));
	say(w, "At the first stop, %s got off and %s got on.", num(w, off), num(w, on));
	askd(w, "How many passengers are on the %s now?", v->one);
	aske(w, "how many passengers are on the %s now", v->one);
	know(w, "The %s had %d passengers, then %d got off and %d got on", v->one, x, off, on);
	w->plan = "We subtract the people who got off, then add the people who got on.";
	calc(w, NULL, x, "-", off, x - off);
	calc(w, NULL, x - off, "+", on, x - off + on);
	done_count(w, x - off + on, "passenger", "passengers");
}

static void t2_nested(struct wp *w)
{
	static const struct noun inner[] = { { "bag", "bags" }, { "packet", "packets" }, { "tube", "tubes" } };
	static const struct noun outer[] = { { "box", "boxes" }, { "crate", "crates" }, { "carton", "cartons" } };
	const struct thing *t = thing_of(w, KB(K_COLLECT) | KB(K_SCHOOL) | KB(K_SEED));
	/* tubes hold beads and marbles, not pencils or seeds */
	const struct noun *i = &inner[R(w, 0, t->kind == K_COLLECT ? 2 : 1)], *o = ONE_OF(w, outer);
	const struct person *a = w->a;
	int x = R(w, 2, w->lvl <= 3 ? 10 : 25), y = R(w, 2, 8), z = R(w, 2, w->lvl <= 3 ? 6 : 12);
	say(w, "Each %s has %s in it.", i->one, tcnt(w, x, t));
	say(w, "A %s holds %s.", o->one, cnt(w, y, i->one, i->many));
	say(w, "%s buys %s.", a->name, cnt(w, z, o->one, o->many));
	askd(w, "How many %s does %s get?", t->many, a->name);
	aske(w, "how many %s %s gets", t->many, a->name);
	know(w, "A %s has %d, a %s holds %d of them, and %s buys %d", i->one, x, o->one, y, a->name, z);
	snprintf(w->planbuf, sizeof w->planbuf, "First we multiply to find how many are in one %s, then we multiply again.",
		 o->one);
	w->plan = w->planbuf;
	calc(w, NULL, x, "×", y, x * y);
	calc(w, NULL, x * y, "×", z, x * y * z);
	done_thing(w, x * y * z, t);
}

static void t2_week_minutes(struct wp *w)
{
	const struct verb *v = ONE_OF(w, pastimes);
	const struct person *a = w->a;
	int m = w->lvl <= 3 ? 5 * R(w, 2, 9) : R(w, 12, 55), d = R(w, 2, 5), e = w->lvl <= 3 ? 5 * R(w, 3, 12) : R(w, 20, 90);
	say(w, "%s %s for %s on each of %s school days.", a->name, v->pres, qty(w, m, U_MIN), num(w, d));
	say(w, "On Saturday %s %s for %s.", he(a), v->past, qty(w, e, U_MIN));
	askd(w, "How many minutes does %s %s in the week altogether?", a->name, v->base);
	aske(w, "how many minutes %s %s in the week altogether", a->name, v->pres);
	know(w, "%s on %d days, plus %s", dqty(w, m, U_MIN), d, dqty(w, e, U_MIN));
	w->plan = "First we multiply for the school days, then we add Saturday.";
	calc(w, NULL, d, "×", m, d * m);
	calc(w, NULL, d * m, "+", e, d * m + e);
	done_unit(w, d * m + e, U_MIN);
}

static void t2_pool_left_over(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct person *a = w->a, *b = w->b;
	int k = R(w, 3, 9), x, y;
	addends(w, &x, &y);
	if ((x + y) % k == 0)
		y++;
	say(w, "%s has %s and %s has %s.", a->name, tcnt(w, x, t), b->name, tcnt(w, y, t));
	say(w, "They put them together and make piles of %s.", num(w, k));
	askd(w, "How many %s are left over?", t->many);
	aske(w, "how many %s are left over", t->many);
	know(w, "%s has %d, %s has %d, and they make piles of %d", a->name, x, b->name, y, k);
	w->plan = "First we add, then we divide; the remainder is left over.";
	calc(w, NULL, x, "+", y, x + y);
	calc_rem(w, x + y, k);
	done_thing(w, (x + y) % k, t);
}

/* ---- Three-step templates ------------------------------------------------ */

static void t3_shop(struct wp *w)
{
	const struct thing *t = thing_of(w, K_SHOP), *u = thing_of(w, K_SHOP);
	const struct person *a = w->a;
	if (u == t)
		u = t == &things[0] ? &things[1] : t - 1;
	int c = thing_price(w, t), n = R(w, 2, 6), c2 = thing_price(w, u);
	int paid = note_for(w, n * c + c2);
	say(w, "%s buys %s at %s each and %s %s for %s.", a->name, tcnt(w, n, t), cash(w, c), an(u->one), u->one,
	    cash(w, c2));
	say(w, "%s %s with %s.", He(a), agree(a, "pays", "pay"), cash(w, paid));
	askd(w, "How much change does %s get?", a->name);
	aske(w, "how much change %s gets", a->name);
	know(w, "%d %s at %s, one %s at %s, paid with %s", n, t->many, dcash(w, c), u->one, dcash(w, c2),
	     dcash(w, paid));
	w->plan = "We find the cost of each part, add, then subtract from the money paid.";
	claim(w, t->many, dig(w, n), "×", dcash(w, c), dcash(w, n * c));
	claim(w, "Total", dcash(w, n * c), "+", dcash(w, c2), dcash(w, n * c + c2));
	claim(w, "Change", dcash(w, paid), "-", dcash(w, n * c + c2), dcash(w, paid - n * c - c2));
	done_money(w, paid - n * c - c2);
}

static void t3_daily_then_lose(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct verb *g = gain_of(w, t);
	const struct person *a = w->a;
	int x, per, d, z;
	factors(w, &per, &d);
	x = R(w, 5, level(w) <= 3 ? 60 : 400);
	z = R(w, 1, x + per * d - 1);
	const struct verb *l = lose_of(w, t, z);
	say(w, "%s had %s.", a->name, tcnt(w, x, t));
	say(w, "Then %s %s %s every day for %s days.", he(a), g->past, num(w, per), num(w, d));
	say(w, "After that, %s %s %s.", he(a), l->past, num(w, z));
	askd(w, "How many %s does %s have now?", t->many, a->name);
	aske(w, "how many %s %s has now", t->many, a->name);
	know(w, "%s had %d, %s %d a day for %d days, then %s %d", a->name, x, g->past, per, d, l->past, z);
	w->plan = "We multiply for the days, add to the start, then subtract.";
	calc(w, NULL, d, "×", per, d * per);
	calc(w, NULL, x, "+", d * per, x + d * per);
	calc(w, NULL, x + d * per, "-", z, x + d * per - z);
	done_thing(w, x + d * per - z, t);
}

static void t3_chain(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct person *a = w->a, *b = w->b;
	const struct person *c = &people[(int)(b - people + 1 + R(w, 0, 5)) % NELEM(people)];
	int x = R(w, 4, level(w) <= 3 ? 40 : 300), y = R(w, 2, level(w) <= 3 ? 20 : 120), k = R(w, 2, 3);
	if (c == a)
		c = &people[(int)(c - people + 7) % NELEM(people)];
	say(w, "%s has %s.", a->name, tcnt(w, x, t));
	say(w, "%s has %s more than %s.", b->name, num(w, y), a->name);
	const char *tw = times_word(w, k);
	if (strcmp(tw, "double") == 0)
		say(w, "%s has double what %s has.", c->name, b->name);
	else
		say(w, "%s has %s as many as %s.", c->name, tw, b->name);
	askd(w, "How many %s do %s and %s have together?", t->many, b->name, c->name);
	aske(w, "how many %s %s and %s have together", t->many, b->name, c->name);
	know(w, "%s has %d, %s has %d more, and %s has %d times as many as %s", a->name, x, b->name, y, c->name, k,
	     b->name);
	w->plan = "We find what each child has, one at a time, then add.";
	calc(w, b->name, x, "+", y, x + y);
	calc(w, c->name, x + y, "×", k, (x + y) * k);
	calc(w, "Together", x + y, "+", (x + y) * k, (x + y) * (k + 1));
	done_thing(w, (x + y) * (k + 1), t);
}

static void t3_packs_share(struct wp *w)
{
	const struct thing *t = thing_of(w, K_ALL);
	const struct noun *b = box_of(w, t);
	const struct person *a = w->a;
	int n = 3, g = 4, extra = 2, k = 2, total;
	/* a few packs and some extra, a total that shares out exactly */
	for (int tries = 0; tries < 50; tries++) {
		int dk[8], nk = 0;
		n = R(w, 2, 8);
		g = R(w, 3, w->lvl <= 4 ? 12 : 25);
		extra = R(w, 1, 12);
		for (int d = 2; d <= 9; d++)
			if ((n * g + extra) % d == 0 && (n * g + extra) / d >= 2)
				dk[nk++] = d;
		if (nk) {
			k = dk[R(w, 0, nk - 1)];
			break;
		}
		n = 3, g = 4, extra = 2, k = 2;
	}
	total = n * g + extra;
	say(w, "%s has %s of %s and %s more.", a->name, cnt(w, n, b->one, b->many), tcnt(w, g, t), num(w, extra));
	say(w, "%s %s them all out equally to %s friends.", He(a), agree(a, "shares", "share"), num(w, k));
	askd(w, "How many %s does each friend get?", t->many);
	aske(w, "how many %s each friend gets", t->many);
	know(w, "%s of %d, %d more, shared equally among %d friends", dcnt(w, n, b->one, b->many), g, extra, k);
	w->plan = "We multiply, add the extra ones, then divide to share.";
	calc(w, NULL, n, "×", g, n * g);
	calc(w, NULL, n * g, "+", extra, total);
	calc(w, NULL, total, "÷", k, total / k);
	done_thing(w, total / k, t);
}

static void t3_rope(struct wp *w)
{
	const struct person *a = w->a, *b = w->b;
	int n = R(w, 2, 6), l = R(w, 2, w->lvl <= 4 ? 12 : 40), give = R(w, 1, 9), rest = R(w, 1, 20);
	int total = n * l + give + rest;
	say(w, "%s has a rope that is %s long.", a->name, qty(w, total, U_M));
	say(w, "%s %s off %s pieces that are each %s long.", He(a), agree(a, "cuts", "cut"), num(w, n), qty(w, l, U_M));
	say(w, "Then %s %s %s %s of what is left.", he(a), agree(a, "gives", "give"), b->name, qty(w, give, U_M));
	askd(w, "How many metres of rope does %s have now?", a->name);
	aske(w, "how many metres of rope %s has now", a->name);
	know(w, "The rope is %s, %d pieces of %s are cut off, and %s is given away", dqty(w, total, U_M), n,
	     dqty(w, l, U_M), dqty(w, give, U_M));
	w->plan = "We multiply to find the pieces, then subtract twice.";
	calc(w, NULL, n, "×", l, n * l);
	calc(w, NULL, total, "-", n * l, total - n * l);
	calc(w, NULL, total - n * l, "-", give, rest);
	done_unit(w, rest, U_M);
}

/* Games that score two kinds of things at different values. */
struct game {
	const char *where, *verb;
	const char *a_one, *a_many;
	int a_pts;
	const char *b_one, *b_many;
	int b_pts;
};

static const struct game games[] = {
	{ "In a basketball game", "scored", "basket", "baskets", 2, "long shot", "long shots", 3 },
	{ "In a rugby match", "scored", "try", "tries", 5, "kick", "kicks", 2 },
	{ "In a quiz", "gave", "right answer", "right answers", 10, "bonus answer", "bonus answers", 5 },
	{ "At the fair's ring toss", "landed", "big ring", "big rings", 3, "small ring", "small rings", 5 },
	{ "In a game of darts", "threw", "dart on the inner ring", "darts on the inner ring", 25,
	  "dart on the outer ring", "darts on the outer ring", 10 },
	{ "In a video game", "collected", "coin", "coins", 20, "star", "stars", 50 },
};

static void t3_points(struct wp *w)
{
	const struct game *g = ONE_OF(w, games);
	const struct person *a = w->a;
	int n1 = R(w, 2, w->lvl <= 4 ? 12 : 30), n2 = R(w, 2, 9);
	say(w, "%s, %s %s %s worth %s points each.", g->where, a->name, g->verb, cnt(w, n1, g->a_one, g->a_many),
	    num(w, g->a_pts));
	say(w, "%s also %s %s worth %s points each.", He(a), g->verb, cnt(w, n2, g->b_one, g->b_many),
	    num(w, g->b_pts));
	askd(w, "How many points did %s score in all?", a->name);
	aske(w, "how many points %s scored in all", a->name);
	know(w, "%s at %d points and %s at %d points", dcnt(w, n1, g->a_one, g->a_many), g->a_pts,
	     dcnt(w, n2, g->b_one, g->b_many), g->b_pts);
	w->plan = "We multiply for each kind, then add.";
	calc(w, NULL, n1, "×", g->a_pts, n1 * g->a_pts);
	calc(w, NULL, n2, "×", g->b_pts, n2 * g->b_pts);
	calc(w, NULL, n1 * g->a_pts, "+", n2 * g->b_pts, n1 * g->a_pts + n2 * g->b_pts);
	done_count(w, n1 * g->a_pts + n2 * g->b_pts, "point", "points");
}

static void t3_tickets(struct wp *w)
{
	static const char *const places[] = { "the zoo", "the museum", "the cinema", "the aquarium",
		"the science fair", "the water park" };
	const char *place = places[R(w, 0, NELEM(places) - 1)];
	int ca = price(w, 400, 2500), cc = price(w, 150, ca - 50), na = R(w, 1, 4), nc = R(w, 2, 6);
	w->a = NULL;
	if (cc >= ca)
		cc = ca / 2 / 5 * 5;
	if (cc < 5)
		cc = 5;
	say(w, "Tickets to %s cost %s for an adult and %s for a child.", place, cash(w, ca), cash(w, cc));
	say(w, "A family of %s and %s goes.", cnt(w, na, "adult", "adults"), cnt(w, nc, "child", "children"));
	askd(w, "How much do the tickets cost altogether?");
	aske(w, "how much the tickets cost altogether");
	know(w, "%s at %s and %s at %s", dcnt(w, na, "adult", "adults"), dcash(w, ca), dcnt(w, nc, "child", "children"),
	     dcash(w, cc));
	w->plan = "We multiply for adults and for children, then add.";
	claim(w, "Adults", dig(w, na), "×", dcash(w, ca), dcash(w, na * ca));
	claim(w, "Children", dig(w, nc), "×", dcash(w, cc), dcash(w, nc * cc));
	claim(w, "Total", dcash(w, na * ca), "+", dcash(w, nc * cc), dcash(w, na * ca + nc * cc));
	done_money(w, na * ca + nc * cc);
}

static void t3_trip(struct wp *w)
{
	int k = R(w, 8, w->lvl <= 4 ? 30 : 50), x = R(w, k, 6 * k), y = R(w, 2, 12);
	w->a = NULL;
	if ((x + y) % k == 0)
		y++;
	say(w, "There are %s and %s going on a school trip.", cnt(w, x, "child", "children"),
	    cnt(w, y, "teacher", "teachers"));
	say(w, "Each bus can carry %s.", cnt(w, k, "person", "people"));
	askd(w, "How many buses do they need?");
	aske(w, "how many buses they need");
	know(w, "%d children and %d teachers, %d people on each bus", x, y, k);
	w->plan = "We add to find everyone, divide by the bus size, and add a bus for anyone left over.";
	calc(w, NULL, x, "+", y, x + y);
	calc_rem(w, x + y, k);
	prose(w, "%d buses are full and %d %s still %s a seat, so one more bus is needed.", (x + y) / k, (x + y) % k,
	      (x + y) % k == 1 ? "person" : "people", (x + y) % k == 1 ? "needs" : "need");
	calc(w, NULL, (x + y) / k, "+", 1, (x + y) / k + 1);
	done_count(w, (x + y) / k + 1, "bus", "buses");
}

static void t3_harvest(struct wp *w)
{
	const struct thing *t = thing_of(w, KB(K_VEG) | KB(K_FRUIT) | KB(K_FLOWER) | KB(K_BAKE));
	const struct noun *bx = box_of(w, t);
	const struct person *a = w->a;
	int rows = R(w, 2, 9), per = R(w, 3, 15), bag = R(w, 2, 9), bags = (rows * per) / bag, lost;
	if (bags < 2) {
		rows = 4;
		per = 6;
		bag = 3;
		bags = 7;
	} else {
		bags = R(w, 1, bags - 1);
	}
	lost = rows * per - bags * bag;
	if (t->kind == K_BAKE) {
		say(w, "%s baked %s trays of %s with %s on each tray.", a->name, num(w, rows), t->many, num(w, per));
		say(w, "%s family ate %s of them.", poss(w, a), num(w, lost));
	} else if (t->kind == K_FLOWER) {
		say(w, "%s has %s rows of %s, with %s in each row.", a->name, num(w, rows), t->many, num(w, per));
		say(w, "Rabbits spoil %s of them.", num(w, lost));
	} else if (t->kind == K_FRUIT && strcmp(t->one, "strawberry") != 0 && strcmp(t->one, "banana") != 0) {
		say(w, "%s has %s %s trees, and each tree gives %s.", a->name, num(w, rows), t->one, tcnt(w, per, t));
		say(w, "Birds spoil %s of them.", num(w, lost));
	} else {
		say(w, "%s has %s rows of %s plants, and each row gives %s.", a->name, num(w, rows), t->one,
		    tcnt(w, per, t));
		say(w, "Rabbits spoil %s of them.", num(w, lost));
	}
	say(w, "%s %s the rest into %s of %s.", He(a), agree(a, "packs", "pack"), bx->many, num(w, bag));
	askd(w, "How many %s can %s fill?", bx->many, a->name);
	aske(w, "how many %s %s can fill", bx->many, a->name);
	know(w, "%d groups of %d, %d lost, packed %d to a %s", rows, per, lost, bag, bx->one);
	w->plan = "We multiply, subtract the lost ones, then divide into groups.";
	calc(w, NULL, rows, "×", per, rows * per);
	calc(w, NULL, rows * per, "-", lost, bags * bag);
	calc(w, NULL, bags * bag, "÷", bag, bags);
	done_count(w, bags, bx->one, bx->many);
}

static void t3_pocket_money(struct wp *w)
{
	const struct person *a = w->a;
	int get = w->lvl <= 4 ? 100 * R(w, 3, 10) : price(w, 300, 1500);
	int spend = w->lvl <= 4 ? 100 * R(w, 1, get / 100 - 1) : price(w, 50, get - 50);
	int have = 100 * R(w, 1, 25), weeks = R(w, 2, 8);
	if (spend >= get)
		spend = get - 100 > 0 ? get - 100 : get / 2;
	say(w, "%s gets %s pocket money every week and spends %s of it.", a->name, cash(w, get), cash(w, spend));
	say(w, "%s %s saved %s already.", He(a), agree(a, "has", "have"), cash(w, have));
	askd(w, "How much money will %s have saved after %s weeks?", a->name, num(w, weeks));
	aske(w, "how much money %s will have saved after %d weeks", a->name, weeks);
	know(w, "Each week %s gets %s and spends %s; %s is saved already; we look at %d weeks", a->name,
	     dcash(w, get), dcash(w, spend), dcash(w, have), weeks);
	w->plan = "We find the savings for one week, multiply by the weeks, then add what is there.";
	claim(w, "Each week", dcash(w, get), "-", dcash(w, spend), dcash(w, get - spend));
	claim(w, "In all the weeks", dig(w, weeks), "×", dcash(w, get - spend), dcash(w, weeks * (get - spend)));
	claim(w, "Total", dcash(w, have), "+", dcash(w, weeks * (get - spend)), dcash(w, have + weeks * (get - spend)));
	done_money(w, have + weeks * (get - spend));
}

static void t3_target(struct wp *w)
{
	const struct person *a = w->a;
	int x, y, target, more = chance(w, 50);
	addends(w, &x, &y);
	const struct event *e = event_for(w, x + y);
	if (e->max < x + y) {
		x = R(w, 2, e->max / 2);
		y = R(w, 1, e->max / 2);
	}
	if (!more) {
		x += y;
		y = R(w, 1, x - 1);
	}
	int second = more ? x + y : x - y;
	target = x + second + R(w, 1, x);
	say(w, "%s wants to %s %s%s this week.", a->name, e->v.base, cnt(w, target, e->one, e->many), e->tail);
	say(w, "On Monday %s %s %s.", he(a), e->v.past, num(w, x));
	say(w, "On Tuesday %s %s %s %s than on Monday.", he(a), e->v.past, num(w, y), more ? "more" : "fewer");
	askd(w, "How many more %s does %s need to %s?", e->many, a->name, e->v.base);
	aske(w, "how many more %s %s needs to %s", e->many, a->name, e->v.base);
	know(w, "The goal is %d, %d on Monday and %d %s on Tuesday", target, x, y, more ? "more" : "fewer");
	w->plan = "We find Tuesday's number, add both days, then subtract from the goal.";
	calc(w, "Tuesday", x, more ? "+" : "-", y, second);
	calc(w, "Both days", x, "+", second, x + second);
	calc(w, "Still to go", target, "-", x + second, target - x - second);
	done_count(w, target - x - second, e->one, e->many);
}

static void t3_glasses(struct wp *w)
{
	const struct person *a = w->a;
	int kids = R(w, 2, 9), adults = R(w, 2, 6), glass = 50 * R(w, 3, 6), rest = 50 * R(w, 1, 15);
	int total = (kids + adults) * glass + rest;
	say(w, "%s made %s of lemonade for a party.", a->name, qty(w, total, U_ML));
	say(w, "%s poured one glass of %s for each of %s children and %s adults.", He(a), qty(w, glass, U_ML),
	    num(w, kids), num(w, adults));
	askd(w, "How much lemonade is left?");
	aske(w, "how much lemonade is left");
	know(w, "%s of lemonade, %d children and %d adults get %s each", dqty(w, total, U_ML), kids, adults,
	     dqty(w, glass, U_ML));
	w->plan = "We add the people, multiply by one glass, then subtract from what was made.";
	calc(w, "Glasses", kids, "+", adults, kids + adults);
	calc(w, "Poured", kids + adults, "×", glass, (kids + adults) * glass);
	calc(w, "Left", total, "-", (kids + adults) * glass, rest);
	done_unit(w, rest, U_ML);
}

/* ---- Putting a problem together -------------------------------------------- */

struct tmpl {
	void (*fn)(struct wp *w);
	int min_lvl;   /* the smallest numbers it needs */
	int bump;      /* grades above the skill's usual grade for the difficulty */
};

static const struct tmpl one_step[] = {
	{ t_gain, 1, 0 }, { t_together, 1, 0 }, { t_two_days, 1, 0 }, { t_more_than, 1, 0 },
	{ t_lose, 1, 0 }, { t_compare, 1, 0 }, { t_fewer_than, 1, 0 }, { t_need, 1, 0 },
	{ t_animals, 1, 0 }, { t_bus, 1, 0 }, { t_change, 2, 1 }, { t_use_up, 1, 0 },
	{ t_measure_sum, 1, 0 }, { t_groups, 2, 1 }, { t_times, 2, 1 }, { t_price, 2, 1 },
	{ t_minutes, 2, 1 }, { t_parts, 2, 1 }, { t_share, 2, 1 }, { t_how_many_groups, 2, 1 },
	{ t_left_over, 3, 1 }, { t_half, 2, 1 }, { t_split_bill, 3, 1 },
};

static const struct tmpl two_step[] = {
	{ t2_gain_lose, 1, 0 }, { t2_groups_extra, 1, 0 }, { t2_groups_used, 1, 0 }, { t2_pool_share, 1, 0 },
	{ t2_use_then_share, 1, 0 }, { t2_compare_total, 1, 0 }, { t2_times_then, 1, 0 }, { t2_buy_change, 1, 0 },
	{ t2_two_items, 1, 0 }, { t2_rate_left, 1, 0 }, { t2_saving, 1, 0 }, { t2_round_up, 1, 0 },
	{ t2_pieces_left, 1, 0 }, { t2_bus_stops, 1, 0 }, { t2_nested, 1, 0 }, { t2_week_minutes, 1, 0 },
	{ t2_pool_left_over, 1, 0 },
};

static const struct tmpl three_step[] = {
	{ t3_shop, 1, 0 }, { t3_daily_then_lose, 1, 0 }, { t3_chain, 1, 0 }, { t3_packs_share, 1, 0 },
	{ t3_rope, 1, 0 }, { t3_points, 1, 0 }, { t3_tickets, 1, 0 }, { t3_trip, 1, 0 },
	{ t3_harvest, 1, 0 }, { t3_pocket_money, 1, 0 }, { t3_target, 1, 0 }, { t3_glasses, 1, 0 },
};

/* Information a reader must learn to ignore: a sentence with a number, and
 * how the plan names it. */
struct distraction {
	const char *say;    /* %s: the child's name, %s: the number */
	const char *note;   /* %s: the child's name, %d: the number */
	int lo, hi;
};

static const struct distraction personal[] = {
	{ "%s is %s years old.", "%s's age (%d)", 6, 11 },
	{ "%s has %s cousins.", "The number of %s's cousins (%d)", 2, 9 },
	{ "%s's bus to school is number %s.", "%s's bus number (%d)", 3, 99 },
	{ "%s's big sister is %s years old.", "The age of %s's sister (%d)", 12, 17 },
	{ "%s's house is number %s on the street.", "%s's house number (%d)", 2, 99 },
	{ "%s's dog is %s years old.", "The age of %s's dog (%d)", 2, 14 },
};

static const struct distraction general[] = {
	{ "It was %s degrees outside.", "The temperature (%d degrees)", 12, 34 },
	{ "The shop opens at %s o'clock.", "The time the shop opens (%d o'clock)", 7, 10 },
	{ "The school has %s classrooms.", "The number of classrooms (%d)", 8, 30 },
	{ "There are %s houses on the street.", "The number of houses (%d)", 11, 60 },
};

static int was_used(const struct wp *w, int n)
{
	for (int i = 0; i < w->nused; i++)
		if (w->used[i] == n)
			return 1;
	return 0;
}

/* Adds one sentence to the steps buffer, starting a new line when the
 * current one would pass the format's 200 bytes. */
static void pack(char *cur, size_t *len, struct tut_buf *sb, const char *sentence)
{
	size_t n = strlen(sentence);
	if (*len && *len + 1 + n > 199) {
		tut_step(sb, "%s", cur);
		*len = 0;
	}
	*len += (size_t)snprintf(cur + *len, LINESZ * 2 - *len, "%s%s", *len ? " " : "", sentence);
}

/* Writes the problem: the question in one of its shapes (with a sentence
 * that is not needed, sometimes), then the steps and the answer. */
static int build(struct wp *w, struct tut_problem *p, int plain)
{
	char dsay[LINESZ] = "", dnote[LINESZ] = "";
	char cur[LINESZ * 2] = "", sent[LINESZ * 2];
	size_t len = 0;
	struct tut_buf q, sb;
	int dpos = -1;

	if (!plain && chance(w, 25)) {
		/* The distracting number stays apart from every number the story uses. */
		const struct distraction *d = w->a && chance(w, 70) ? ONE_OF(w, personal) : ONE_OF(w, general);
		int n = R(w, d->lo, d->hi);
		for (int i = 0; i < 200 && was_used(w, n); i++)
			n = R(w, d->lo, d->hi);
		if (!was_used(w, n)) {
			const char *name = w->a ? w->a->name : "";
			if (d >= personal && d < personal + NELEM(personal))
				snprintf(dsay, sizeof dsay, d->say, name, num(w, n));
			else
				snprintf(dsay, sizeof dsay, d->say, num(w, n));
			if (d >= personal && d < personal + NELEM(personal))
				snprintf(dnote, sizeof dnote, d->note, name, n);
			else
				snprintf(dnote, sizeof dnote, d->note, n);
			tut_capitalize(dnote);
			dpos = chance(w, 50) ? 0 : w->ns;
		}
	}

	tut_buf_init(&q, p->question, sizeof p->question);
	int qfirst = !plain && chance(w, 25), form = R(w, 0, 9);
	char qs[LINESZ + 40];
	if (form <= 6)
		snprintf(qs, sizeof qs, "%s", w->qd);
	else if (form == 7)
		snprintf(qs, sizeof qs, "Work out %s.", w->qe);
	else if (form == 8)
		snprintf(qs, sizeof qs, "Find %s.", w->qe);
	else
		snprintf(qs, sizeof qs, "Can you work out %s?", w->qe);
	if (qfirst)
		tut_buf_printf(&q, "%s", qs);
	for (int i = 0; i <= w->ns; i++) {
		if (i == dpos)
			tut_buf_printf(&q, "%s%s", q.len ? " " : "", dsay);
		if (i < w->ns)
			tut_buf_printf(&q, "%s%s", q.len ? " " : "", w->sent[i]);
	}
	if (!qfirst)
		tut_buf_printf(&q, " %s", qs);
	if (q.overflow || q.len >= 400)
		return -1;

	tut_buf_init(&sb, p->steps, sizeof p->steps);
	snprintf(sent, sizeof sent, "%s.", w->known);
	pack(cur, &len, &sb, sent);
	snprintf(sent, sizeof sent, "We want to find %s.", w->qe);
	pack(cur, &len, &sb, sent);
	if (w->plan)
		pack(cur, &len, &sb, w->plan);
	if (dnote[0]) {
		snprintf(sent, sizeof sent, "%s is not needed.", dnote);
		pack(cur, &len, &sb, sent);
	}
	tut_step(&sb, "%s", cur);
	for (int i = 0; i < w->nl; i++)
		tut_step(&sb, "%s", w->line[i]);
	tut_finish(p, &sb, w->ans, w->unit);
	if (sb.overflow || sb.len >= 1500)
		return -1;
	p->kind = w->money ? TUT_ANS_MONEY : TUT_ANS_NUMBER;
	return 0;
}

static const struct person *someone(struct wp *w, const struct person *not)
{
	const struct person *p = ONE_OF(w, people);
	while (p == not)
		p = ONE_OF(w, people);
	return p;
}

static int word_problem(struct tut_rng *r, int difficulty, struct tut_problem *p, const struct tmpl *set, int n,
			int steps, const char *skill)
{
	if (difficulty < 1 || difficulty > 3)
		return -1;
	int lvl = difficulty + steps - 1;
	if (lvl > 5)
		lvl = 5;
	for (int attempt = 0;; attempt++) {
		struct wp w;
		const struct tmpl *t;
		memset(&w, 0, sizeof w);
		w.r = r;
		w.lvl = lvl;
		do
			t = &set[tut_rng_range(r, 0, n - 1)];
		while (t->min_lvl > lvl);
		int roll = R(&w, 0, 99);
		/* Later attempts drop the decoration that made the text too long. */
		w.words = attempt ? 0 : roll < 70 ? 0 : roll < 90 ? 1 : 2;
		w.a = someone(&w, NULL);
		w.b = someone(&w, w.a);
		w.cap = 5;
		t->fn(&w);
		/* one step: grades 1-4; two: 3-5; three: 4-6 (skills.c) */
		int grade = difficulty + (steps == 1 ? t->bump : steps);
		int gmin = steps == 1 ? 1 : steps + 1, gmax = steps == 1 ? 4 : steps + 3;
		if (grade < gmin)
			grade = gmin;
		if (grade > gmax)
			grade = gmax;
		tut_begin(p, skill, grade, steps == 1 ? TUT_BASIC : TUT_MULTI, TUT_ANS_NUMBER);
		if (build(&w, p, attempt > 0) == 0)
			return 0;
		if (attempt > 20)
			return -1;
	}
}

int tut_gen_word_1step(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	return word_problem(r, difficulty, p, one_step, NELEM(one_step), 1, "word_1step");
}

int tut_gen_word_2step(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	return word_problem(r, difficulty, p, two_step, NELEM(two_step), 2, "word_2step");
}

int tut_gen_word_3step(struct tut_rng *r, int difficulty, struct tut_problem *p)
{
	return word_problem(r, difficulty, p, three_step, NELEM(three_step), 3, "word_3step");
}
