/* crc32_clmul.c: CRC-32 by carry-less multiplication (PCLMULQDQ, 2010 and
 * later x86 CPUs), several times faster than tables.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Folding: a 128-bit block A followed by D more bits contributes A * x^D
 * mod P to the remainder, so each block is multiplied forward onto a later
 * one.  Four blocks fold in parallel across 64 bytes; at the end the last
 * 16 bytes left go through the byte table, which also takes the tail.  The
 * constants are x^(D+32) and x^(D-32) mod P, bit-reflected and shifted left
 * one place, for D = 512 and D = 128 (see tests/check_crc32.c).
 */
#include <config.h>

#include <immintrin.h>
#include <string.h>
#include <wmmintrin.h>

#include "engine/internal.h"

static inline __m128i fold(__m128i x, __m128i k)
{
	return _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11));
}

static inline __m128i load(const unsigned char *p)
{
	return _mm_loadu_si128((const __m128i *)p);
}

/* Returns the CRC register (not inverted) after `len` bytes from register
 * `reg`; len >= 64.  Bytes past a multiple of 16 are left for the caller:
 * *done is set to how many were consumed. */
uint32_t tlm_crc32_fold(uint32_t reg, const unsigned char *p, size_t len, size_t *done)
{
	const __m128i k512 = _mm_set_epi64x(0x1c6e41596LL, 0x154442bd4LL);
	const __m128i k128 = _mm_set_epi64x(0x0ccaa009eLL, 0x1751997d0LL);
	__m128i x0 = _mm_xor_si128(load(p), _mm_cvtsi32_si128((int)reg));
	__m128i x1 = load(p + 16), x2 = load(p + 32), x3 = load(p + 48);
	size_t i = 64;

	for (; i + 64 <= len; i += 64) {
		x0 = _mm_xor_si128(fold(x0, k512), load(p + i));
		x1 = _mm_xor_si128(fold(x1, k512), load(p + i + 16));
		x2 = _mm_xor_si128(fold(x2, k512), load(p + i + 32));
		x3 = _mm_xor_si128(fold(x3, k512), load(p + i + 48));
	}
	x0 = _mm_xor_si128(fold(x0, k128), x1);
	x0 = _mm_xor_si128(fold(x0, k128), x2);
	x0 = _mm_xor_si128(fold(x0, k128), x3);
	for (; i + 16 <= len; i += 16)
		x0 = _mm_xor_si128(fold(x0, k128), load(p + i));
	*done = i;

	/* The remainder of the folded 16 bytes, from a zero register. */
	unsigned char last[16];
	_mm_storeu_si128((__m128i *)last, x0);
	return ~tlm_crc32(~0u, last, 16);
}
