/* skills.c: the skills, in curriculum order, and the seeded generator.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Skill ids are stable: lesson files and learners' progress name them.
 */
#include <config.h>

#include <string.h>

#include "tutor/internal.h"

static const struct tut_skill skills[] = {
	/* id, title, topic, grades, level, generator */
	{ "count", "Counting on and back", "numbers", 1, 1, TUT_BASIC, tut_gen_count },
	{ "even_odd", "Even and odd", "numbers", 1, 2, TUT_BASIC, tut_gen_even_odd },
	{ "add_within20", "Addition within 20", "addition and subtraction", 1, 1, TUT_BASIC, tut_gen_add_within20 },
	{ "sub_within20", "Subtraction within 20", "addition and subtraction", 1, 1, TUT_BASIC, tut_gen_sub_within20 },
	{ "logic_odd_one_out", "Odd one out", "logic", 1, 3, TUT_BASIC, tut_gen_logic_odd_one_out },
	{ "place_value", "Place value", "numbers", 1, 3, TUT_BASIC, tut_gen_place_value },
	{ "compare", "Comparing numbers", "numbers", 1, 3, TUT_BASIC, tut_gen_compare },
	{ "skip_count", "Skip counting", "numbers", 1, 3, TUT_BASIC, tut_gen_skip_count },
	{ "word_1step", "One-step word problems", "word problems", 1, 4, TUT_BASIC, tut_gen_word_1step },
	{ "time_clock", "Telling the time", "time and measures", 1, 3, TUT_BASIC, tut_gen_time_clock },
	{ "order", "Ordering numbers", "numbers", 2, 4, TUT_BASIC, tut_gen_order },
	{ "add_column", "Column addition with carrying", "addition and subtraction", 2, 4, TUT_BASIC, tut_gen_add_column },
	{ "sub_column", "Column subtraction with borrowing", "addition and subtraction", 2, 4, TUT_BASIC, tut_gen_sub_column },
	{ "times_tables", "Times tables", "multiplication and division", 2, 3, TUT_BASIC, tut_gen_times_tables },
	{ "money", "Money", "decimals and money", 2, 4, TUT_BASIC, tut_gen_money },
	{ "patterns", "Number patterns", "patterns and expressions", 2, 5, TUT_BASIC, tut_gen_patterns },
	{ "logic_true_false", "True or false", "logic", 2, 4, TUT_SYMBOLIC, tut_gen_logic_true_false },
	{ "logic_order", "Ordering puzzles", "logic", 2, 5, TUT_MULTI, tut_gen_logic_order },
	{ "round", "Rounding", "numbers", 3, 4, TUT_BASIC, tut_gen_round },
	{ "div_remainder", "Division with remainders", "multiplication and division", 3, 4, TUT_BASIC, tut_gen_div_remainder },
	{ "missing_number", "Missing numbers", "patterns and expressions", 3, 6, TUT_SYMBOLIC, tut_gen_missing_number },
	{ "time_duration", "Durations", "time and measures", 3, 4, TUT_MULTI, tut_gen_time_duration },
	{ "convert_length", "Length conversions", "time and measures", 3, 5, TUT_BASIC, tut_gen_convert_length },
	{ "convert_mass", "Mass conversions", "time and measures", 3, 5, TUT_BASIC, tut_gen_convert_mass },
	{ "convert_capacity", "Capacity conversions", "time and measures", 3, 5, TUT_BASIC, tut_gen_convert_capacity },
	{ "perimeter_area", "Perimeter and area of rectangles", "shapes", 3, 5, TUT_MULTI, tut_gen_perimeter_area },
	{ "frac_equivalent", "Equivalent fractions", "fractions", 3, 4, TUT_SYMBOLIC, tut_gen_frac_equivalent },
	{ "frac_compare", "Comparing fractions", "fractions", 3, 5, TUT_SYMBOLIC, tut_gen_frac_compare },
	{ "word_2step", "Two-step word problems", "word problems", 3, 5, TUT_MULTI, tut_gen_word_2step },
	{ "logic_syllogism", "If ... then", "logic", 3, 6, TUT_SYMBOLIC, tut_gen_logic_syllogism },
	{ "mul_long", "Long multiplication", "multiplication and division", 4, 5, TUT_BASIC, tut_gen_mul_long },
	{ "long_division", "Long division", "multiplication and division", 4, 5, TUT_BASIC, tut_gen_long_division },
	{ "frac_simplify", "Simplifying fractions", "fractions", 4, 5, TUT_SYMBOLIC, tut_gen_frac_simplify },
	{ "frac_add_like", "Adding fractions, same denominator", "fractions", 4, 4, TUT_SYMBOLIC, tut_gen_frac_add_like },
	{ "frac_sub_like", "Subtracting fractions, same denominator", "fractions", 4, 4, TUT_SYMBOLIC, tut_gen_frac_sub_like },
	{ "frac_of_quantity", "A fraction of an amount", "fractions", 4, 5, TUT_MULTI, tut_gen_frac_of_quantity },
	{ "dec_compare", "Comparing decimals", "decimals and money", 4, 5, TUT_BASIC, tut_gen_dec_compare },
	{ "word_3step", "Three-step word problems", "word problems", 4, 6, TUT_MULTI, tut_gen_word_3step },
	{ "logic_knights", "Truth-tellers and liars", "logic", 4, 6, TUT_MULTI, tut_gen_logic_knights },
	{ "frac_add_unlike", "Adding fractions, different denominators", "fractions", 5, 6, TUT_SYMBOLIC, tut_gen_frac_add_unlike },
	{ "frac_sub_unlike", "Subtracting fractions, different denominators", "fractions", 5, 6, TUT_SYMBOLIC, tut_gen_frac_sub_unlike },
	{ "frac_mixed", "Mixed numbers", "fractions", 5, 6, TUT_SYMBOLIC, tut_gen_frac_mixed },
	{ "dec_add_sub", "Adding and subtracting decimals", "decimals and money", 5, 6, TUT_BASIC, tut_gen_dec_add_sub },
	{ "order_ops", "Order of operations", "patterns and expressions", 5, 6, TUT_SYMBOLIC, tut_gen_order_ops },
	{ "logic_grid", "Deduction grids", "logic", 5, 6, TUT_MULTI, tut_gen_logic_grid },
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
