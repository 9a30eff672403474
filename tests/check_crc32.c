/* check_crc32.c: the checksum must equal zlib's crc32, which the Python
 * exporter uses.  Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later. */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"

START_TEST(known_vectors)
{
	/* Values from zlib.crc32 in Python. */
	ck_assert_uint_eq(tlm_crc32(0, "", 0), 0);
	ck_assert_uint_eq(tlm_crc32(0, "a", 1), 0xe8b7be43u);
	ck_assert_uint_eq(tlm_crc32(0, "123456789", 9), 0xcbf43926u);
	ck_assert_uint_eq(tlm_crc32(0, "The quick brown fox jumps over the lazy dog", 43),
			  0x414fa339u);
}
END_TEST

START_TEST(incremental_equals_whole)
{
	unsigned char buf[1000];
	for (int i = 0; i < 1000; i++)
		buf[i] = (unsigned char)(i * 7 + 3);
	uint32_t whole = tlm_crc32(0, buf, sizeof buf);
	/* Every split point and every alignment of the start. */
	for (size_t cut = 0; cut <= 64; cut++) {
		uint32_t c = tlm_crc32(0, buf, cut);
		ck_assert_uint_eq(tlm_crc32(c, buf + cut, sizeof buf - cut), whole);
	}
}
END_TEST

/* The table path and the folding path (long buffers on CPUs with
 * PCLMULQDQ) must agree at every length and alignment. */
static uint32_t bytewise(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
	}
	return ~c;
}

START_TEST(long_buffers_match_bitwise)
{
	enum { N = 5000 };
	unsigned char *buf = malloc(N + 64);
	uint64_t s = 99;
	for (int i = 0; i < N + 64; i++) {
		s = s * 6364136223846793005ULL + 1;
		buf[i] = (unsigned char)(s >> 56);
	}
	static const size_t lens[] = { 255, 256, 257, 271, 300, 1024, 1039, 4095, 5000 };
	for (size_t off = 0; off < 16; off += 3)
		for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
			size_t n = lens[li];
			ck_assert_uint_eq(tlm_crc32(0, buf + off, n), bytewise(buf + off, n));
			/* continuing from a previous value */
			uint32_t c = tlm_crc32(0, buf, 37);
			ck_assert_uint_eq(tlm_crc32(c, buf + 37, n), bytewise(buf, n + 37));
		}
	free(buf);
}
END_TEST

START_TEST(detects_single_bit_flips)
{
	unsigned char buf[256];
	memset(buf, 0x5a, sizeof buf);
	uint32_t good = tlm_crc32(0, buf, sizeof buf);
	for (int bit = 0; bit < 256 * 8; bit += 13) {
		buf[bit / 8] ^= (unsigned char)(1u << (bit % 8));
		ck_assert_uint_ne(tlm_crc32(0, buf, sizeof buf), good);
		buf[bit / 8] ^= (unsigned char)(1u << (bit % 8));
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("crc32");
	TCase *tc = tcase_create("crc32");
	tcase_add_test(tc, known_vectors);
	tcase_add_test(tc, incremental_equals_whole);
	tcase_add_test(tc, long_buffers_match_bitwise);
	tcase_add_test(tc, detects_single_bit_flips);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
