/* skills.c: the skills, in curriculum order, and the seeded generator.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Skill ids are stable: lesson files and learners' progress name them.
 */
#include <config.h>

#include <string.h>

#include "tutor/internal.h"
#include "i18n.h"

static const struct tut_skill skills[] = {
	/* id, title, topic, grades, level, generator */
	{ "count", N_("Counting on and back"), N_("numbers"), 1, 1, TUT_BASIC, tut_gen_count },
	{ "even_odd", N_("Even and odd"), N_("numbers"), 1, 2, TUT_BASIC, tut_gen_even_odd },
	{ "add_within20", N_("Addition within 20"), N_("addition and subtraction"), 1, 1, TUT_BASIC, tut_gen_add_within20 },
	{ "sub_within20", N_("Subtraction within 20"), N_("addition and subtraction"), 1, 1, TUT_BASIC, tut_gen_sub_within20 },
	{ "logic_odd_one_out", N_("Odd one out"), N_("logic"), 1, 3, TUT_BASIC, tut_gen_logic_odd_one_out },
	{ "place_value", N_("Place value"), N_("numbers"), 1, 3, TUT_BASIC, tut_gen_place_value },
	{ "compare", N_("Comparing numbers"), N_("numbers"), 1, 3, TUT_BASIC, tut_gen_compare },
	{ "skip_count", N_("Skip counting"), N_("numbers"), 1, 3, TUT_BASIC, tut_gen_skip_count },
	{ "word_1step", N_("One-step word problems"), N_("word problems"), 1, 4, TUT_BASIC, tut_gen_word_1step },
	{ "time_clock", N_("Telling the time"), N_("time and measures"), 1, 3, TUT_BASIC, tut_gen_time_clock },
	{ "order", N_("Ordering numbers"), N_("numbers"), 2, 4, TUT_BASIC, tut_gen_order },
	{ "add_column", N_("Column addition with carrying"), N_("addition and subtraction"), 2, 4, TUT_BASIC, tut_gen_add_column },
	{ "sub_column", N_("Column subtraction with borrowing"), N_("addition and subtraction"), 2, 4, TUT_BASIC, tut_gen_sub_column },
	{ "times_tables", N_("Times tables"), N_("multiplication and division"), 2, 3, TUT_BASIC, tut_gen_times_tables },
	{ "money", N_("Money"), N_("decimals and money"), 2, 4, TUT_BASIC, tut_gen_money },
	{ "patterns", N_("Number patterns"), N_("patterns and expressions"), 2, 5, TUT_BASIC, tut_gen_patterns },
	{ "logic_true_false", N_("True or false"), N_("logic"), 2, 4, TUT_SYMBOLIC, tut_gen_logic_true_false },
	{ "logic_order", N_("Ordering puzzles"), N_("logic"), 2, 5, TUT_MULTI, tut_gen_logic_order },
	{ "round", N_("Rounding"), N_("numbers"), 3, 4, TUT_BASIC, tut_gen_round },
	{ "div_remainder", N_("Division with remainders"), N_("multiplication and division"), 3, 4, TUT_BASIC, tut_gen_div_remainder },
	{ "missing_number", N_("Missing numbers"), N_("patterns and expressions"), 3, 6, TUT_SYMBOLIC, tut_gen_missing_number },
	{ "time_duration", N_("Durations"), N_("time and measures"), 3, 4, TUT_MULTI, tut_gen_time_duration },
	{ "convert_length", N_("Length conversions"), N_("time and measures"), 3, 5, TUT_BASIC, tut_gen_convert_length },
	{ "convert_mass", N_("Mass conversions"), N_("time and measures"), 3, 5, TUT_BASIC, tut_gen_convert_mass },
	{ "convert_capacity", N_("Capacity conversions"), N_("time and measures"), 3, 5, TUT_BASIC, tut_gen_convert_capacity },
	{ "perimeter_area", N_("Perimeter and area of rectangles"), N_("shapes"), 3, 5, TUT_MULTI, tut_gen_perimeter_area },
	{ "frac_equivalent", N_("Equivalent fractions"), N_("fractions"), 3, 4, TUT_SYMBOLIC, tut_gen_frac_equivalent },
	{ "frac_compare", N_("Comparing fractions"), N_("fractions"), 3, 5, TUT_SYMBOLIC, tut_gen_frac_compare },
	{ "word_2step", N_("Two-step word problems"), N_("word problems"), 3, 5, TUT_MULTI, tut_gen_word_2step },
	{ "logic_syllogism", N_("If ... then"), N_("logic"), 3, 6, TUT_SYMBOLIC, tut_gen_logic_syllogism },
	{ "mul_long", N_("Long multiplication"), N_("multiplication and division"), 4, 5, TUT_BASIC, tut_gen_mul_long },
	{ "long_division", N_("Long division"), N_("multiplication and division"), 4, 5, TUT_BASIC, tut_gen_long_division },
	{ "frac_simplify", N_("Simplifying fractions"), N_("fractions"), 4, 5, TUT_SYMBOLIC, tut_gen_frac_simplify },
	{ "frac_add_like", N_("Adding fractions, same denominator"), N_("fractions"), 4, 4, TUT_SYMBOLIC, tut_gen_frac_add_like },
	{ "frac_sub_like", N_("Subtracting fractions, same denominator"), N_("fractions"), 4, 4, TUT_SYMBOLIC, tut_gen_frac_sub_like },
	{ "frac_of_quantity", N_("A fraction of an amount"), N_("fractions"), 4, 5, TUT_MULTI, tut_gen_frac_of_quantity },
	{ "dec_compare", N_("Comparing decimals"), N_("decimals and money"), 4, 5, TUT_BASIC, tut_gen_dec_compare },
	{ "word_3step", N_("Three-step word problems"), N_("word problems"), 4, 6, TUT_MULTI, tut_gen_word_3step },
	{ "logic_knights", N_("Truth-tellers and liars"), N_("logic"), 4, 6, TUT_MULTI, tut_gen_logic_knights },
	{ "frac_add_unlike", N_("Adding fractions, different denominators"), N_("fractions"), 5, 6, TUT_SYMBOLIC, tut_gen_frac_add_unlike },
	{ "frac_sub_unlike", N_("Subtracting fractions, different denominators"), N_("fractions"), 5, 6, TUT_SYMBOLIC, tut_gen_frac_sub_unlike },
	{ "frac_mixed", N_("Mixed numbers"), N_("fractions"), 5, 6, TUT_SYMBOLIC, tut_gen_frac_mixed },
	{ "dec_add_sub", N_("Adding and subtracting decimals"), N_("decimals and money"), 5, 6, TUT_BASIC, tut_gen_dec_add_sub },
	{ "order_ops", N_("Order of operations"), N_("patterns and expressions"), 5, 6, TUT_SYMBOLIC, tut_gen_order_ops },
	{ "logic_grid", N_("Deduction grids"), N_("logic"), 5, 6, TUT_MULTI, tut_gen_logic_grid },
};

const struct tut_skill *tut_skills(int *n)
{
	*n = (int)(sizeof skills / sizeof skills[0]);
	return skills;
}

const struct tut_skill *tut_skill_find(const char *id)
{
	for (size_t i = 0; i < sizeof skills / sizeof skills[0]; i++)
		if (strcmp(skills[i].id, id) == 0)
			return &skills[i];
	return NULL;
}

int tut_generate(const struct tut_skill *skill, uint64_t seed, int difficulty, struct tut_problem *p)
{
	struct tut_rng r;
	if (!skill || difficulty < 1 || difficulty > TUT_DIFFICULTY_MAX)
		return -1;
	tut_rng_seed(&r, seed);
	return skill->generate(&r, difficulty, p);
}
