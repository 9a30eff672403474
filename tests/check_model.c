/* check_model.c: the model loader against valid and broken files.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * Each broken file must be refused with its own message naming the file,
 * never a crash or an out-of-bounds read (run under ASan to see the latter).
 * Most mutations recompute the checksum, so the structural checks behind
 * it are what is tested.
 */
#include <config.h>

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/internal.h"

static const struct tlm_config small = {
	.dim = 64, .n_layers = 2, .n_heads = 4, .n_kv_heads = 2, .hidden_dim = 96,
	.vocab_size = 300, .max_seq_len = 64, .group_size = 32, .quantized = 1,
	.rope_theta = 10000.0f, .norm_eps = 1e-5f,
};

static uint8_t *image(size_t *size, int quantized)
{
	char err[TLM_ERRLEN];
	struct tlm_config c = small;
	c.quantized = quantized;
	c.group_size = quantized ? 32 : 0;
	uint8_t *img = tlm_random_image(&c, 7, size, err, sizeof err);
	ck_assert_msg(img != NULL, "%s", err);
	return img;
}

static void fix_crc(uint8_t *img, size_t size)
{
	tlm_wr32(img + 96, 0);
	tlm_wr32(img + 96, tlm_crc32(0, img, size));
}

/* Opens the image and expects failure with `want` in the message. */
static void expect_refused(const uint8_t *img, size_t size, const char *want)
{
	char err[TLM_ERRLEN] = "";
	struct tlm_model *m = (struct tlm_model *)1;
	int rc = tlm_model_open_memory(img, size, "bad.tlm", &m, err, sizeof err);
	ck_assert_msg(rc == -1, "accepted a broken file (wanted \"%s\")", want);
	ck_assert_ptr_null(m);
	ck_assert_msg(strncmp(err, "bad.tlm: ", 9) == 0, "message does not name the file: %s", err);
	ck_assert_msg(strstr(err, want) != NULL, "wanted \"%s\", got \"%s\"", want, err);
}

START_TEST(valid_files_load)
{
	for (int q = 0; q <= 1; q++) {
		size_t size;
		uint8_t *img = image(&size, q);
		char err[TLM_ERRLEN];
		struct tlm_model *m;
		ck_assert_msg(tlm_model_open_memory(img, size, "ok.tlm", &m, err, sizeof err) == 0, "%s", err);
		const struct tlm_config *c = tlm_model_config(m);
		ck_assert_int_eq(c->dim, 64);
		ck_assert_int_eq(c->n_kv_heads, 2);
		ck_assert_int_eq(c->head_dim, 16);
		ck_assert_int_eq(c->quantized, q);
		ck_assert_int_eq(c->vocab_size, 300);
		/* 300*64 embeddings + 2 layers of (qkv 128x64, wo 64x64, w13
		 * 192x64, w2 64x96, 2 norms of 64) + final norm */
		ck_assert_int_eq(tlm_model_n_params(m),
				 300 * 64 + 2 * (128 * 64 + 64 * 64 + 192 * 64 + 64 * 96 + 128) + 64);
		tlm_model_close(m);
		free(img);
	}
}
END_TEST

START_TEST(file_round_trip_through_mmap)
{
	size_t size;
	uint8_t *img = image(&size, 1);
	char path[] = "/tmp/tinyllm-model-XXXXXX", err[TLM_ERRLEN];
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, img, size), (ssize_t)size);
	close(fd);
	struct tlm_model *m;
	ck_assert_msg(tlm_model_open(path, &m, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(tlm_model_file_size(m), size);
	tlm_model_close(m);
	/* A file that is there but truncated names the path. */
	ck_assert_int_eq(truncate(path, 100), 0);
	ck_assert_int_eq(tlm_model_open(path, &m, err, sizeof err), -1);
	ck_assert_msg(strstr(err, path) && strstr(err, "truncated"), "%s", err);
	unlink(path);
	ck_assert_int_eq(tlm_model_open(path, &m, err, sizeof err), -1);
	ck_assert_msg(strstr(err, path) && strstr(err, "cannot open"), "%s", err);
	ck_assert_int_eq(tlm_model_open("/tmp", &m, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "not a regular file"), "%s", err);
	free(img);
}
END_TEST

START_TEST(truncated_at_every_header_field)
{
	size_t size;
	uint8_t *img = image(&size, 1);
	for (size_t n = 0; n < TLM_HEADER_SIZE; n += 4)
		expect_refused(img, n, "shorter than the 128-byte header");
	/* Past the header: in the table, the tensors, the tokenizer. */
	size_t cuts[] = { 128, 200, 1000, size / 2, size - 1 };
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++)
		expect_refused(img, cuts[i], "truncated: the header says");
	free(img);
}
END_TEST

START_TEST(trailing_bytes)
{
	size_t size;
	uint8_t *img = image(&size, 1);
	uint8_t *big = calloc(1, size + 10);
	memcpy(big, img, size);
	expect_refused(big, size + 10, "10 unexpected bytes after the end");
	free(big);
	free(img);
}
END_TEST

START_TEST(checksum_mismatch)
{
	size_t size;
	uint8_t *img = image(&size, 1);
	img[size / 3] ^= 0x10;       /* a weight flipped on disk */
	expect_refused(img, size, "checksum mismatch");
	img[size / 3] ^= 0x10;
	tlm_wr32(img + 96, tlm_rd32(img + 96) + 1);
	expect_refused(img, size, "checksum mismatch");
	free(img);
}
END_TEST

/* A 32-bit header field set to a value, checksum fixed. */
struct field_case {
	int offset;
	uint32_t value;
	const char *want;
};

static const struct field_case fields[] = {
	{ 8, 2, "format version 2 is not supported" },
	{ 8, 0, "format version 0 is not supported" },
	{ 12, 64, "header_size = 64" },
	{ 16, 0, "dim = 0" },
	{ 16, 63, "dim = 63" },
	{ 16, 1u << 30, "dim = 1073741824" },
	{ 20, 0, "n_layers = 0" },
	{ 20, 100000, "n_layers = 100000" },
	{ 24, 0, "n_heads = 0" },
	{ 24, 3, "n_heads = 3" },
	{ 24, 64, "n_heads = 64" },       /* heads of one value: odd size */
	{ 28, 0, "n_kv_heads = 0" },
	{ 28, 3, "n_kv_heads = 3" },
	{ 28, 8, "n_kv_heads = 8" },
	{ 32, 0, "hidden_dim = 0" },
	{ 32, 100, "hidden_dim = 100" },
	{ 32, 0xffffffffu, "hidden_dim = 4294967295" },
	{ 36, 10, "vocab_size = 10" },
	{ 36, 0x7fffffffu, "vocab_size = 2147483647" },
	{ 40, 0, "max_seq_len = 0" },
	{ 40, 1u << 31, "max_seq_len = 2147483648" },
	{ 44, 16, "group_size = 16" },
	{ 44, 0, "tensor tok_embeddings: Q8 needs a group_size dividing 64" },
	{ 48, 0xbf800000u, "rope_theta is not a positive number" },  /* -1.0f */
	{ 48, 0x7fc00000u, "rope_theta is not a positive number" },  /* NaN */
	{ 52, 0, "norm_eps is not in (0, 1)" },
	{ 52, 0x3f800000u, "norm_eps is not in (0, 1)" },            /* 1.0f */
	{ 56, 13, "n_tensors = 13" },
	{ 60, 1, "unknown flags" },
	{ 64, 256, "tensor table at offset 256" },
	{ 104, 1, "reserved byte at offset 104" },
};

START_TEST(bad_header_fields)
{
	const struct field_case *f = &fields[_i];
	size_t size;
	uint8_t *img = image(&size, 1);
	tlm_wr32(img + f->offset, f->value);
	fix_crc(img, size);
	expect_refused(img, size, f->want);
	free(img);
}
END_TEST

START_TEST(bad_magic)
{
	size_t size;
	uint8_t *img = image(&size, 1);
	memcpy(img, "GGUF\0\0\0\0", 8);
	expect_refused(img, size, "not a TinyLLM model file (bad magic)");
	free(img);
}
END_TEST

START_TEST(bad_tokenizer_location)
{
	size_t size;
	uint8_t *img = image(&size, 1);
	uint64_t off = tlm_rd64(img + 72);
	tlm_wr64(img + 72, size + 1);
	fix_crc(img, size);
	expect_refused(img, size, "tokenizer at offset");
	tlm_wr64(img + 72, off);
	tlm_wr64(img + 80, UINT64_MAX);
	fix_crc(img, size);
	expect_refused(img, size, "tokenizer at offset");
	tlm_wr64(img + 80, size - off);
	tlm_wr64(img + 72, 130);           /* inside the tensor table */
	fix_crc(img, size);
	expect_refused(img, size, "tokenizer at offset");
	free(img);
}
END_TEST

/* Entry i of the tensor table. */
static uint8_t *entry(uint8_t *img, int i)
{
	return img + TLM_HEADER_SIZE + (size_t)i * TLM_TENSOR_ENTRY;
}

START_TEST(bad_tensors)
{
	size_t size;
	uint8_t *img = image(&size, 1), *orig = malloc(size);
	memcpy(orig, img, size);
#define RESET() memcpy(img, orig, size)
#define CHECK(want) do { fix_crc(img, size); expect_refused(img, size, want); RESET(); } while (0)

	memcpy(entry(img, 0), "tok_embedding\0", 14);
	CHECK("tensor 0 (offset 128): expected \"tok_embeddings\"");
	memcpy(entry(img, 3), "layers.0.wq\0\0\0\0", 15);
	CHECK("expected \"layers.0.wqkv\"");
	memset(entry(img, 2), 'a', 32);                      /* no NUL */
	CHECK("expected \"layers.0.attn_norm\"");
	entry(img, 1)[20] = 'x';                             /* junk after the NUL */
	CHECK("name is not NUL-padded");
	tlm_wr32(entry(img, 3) + 32, 7);
	CHECK("tensor layers.0.wqkv: unknown type 7");
	tlm_wr32(entry(img, 1) + 32, TLM_TYPE_Q8);
	CHECK("tensor norm: norm weights must be F32");
	tlm_wr32(entry(img, 4) + 32, TLM_TYPE_F32);
	tlm_wr64(entry(img, 4) + 56, 0);
	CHECK("tensor layers.0.wo: type F32 differs from the other matrices");
	tlm_wr32(entry(img, 3) + 36, 129);
	CHECK("tensor layers.0.wqkv: shape 129x64 does not match the header (expected 128x64)");
	tlm_wr32(entry(img, 7) + 40, 0xffffffffu);
	CHECK("tensor layers.0.w2: shape 64x4294967295");
	tlm_wr32(entry(img, 3) + 44, 1);
	CHECK("tensor layers.0.wqkv: reserved field is not zero");
	tlm_wr64(entry(img, 3) + 48, tlm_rd64(entry(img, 3) + 48) + 1);
	CHECK("tensor layers.0.wqkv: data is not 64-byte aligned");
	tlm_wr64(entry(img, 3) + 48, UINT64_MAX - 63);
	CHECK("tensor layers.0.wqkv: data out of bounds");
	tlm_wr64(entry(img, 3) + 56, size * 2 / 64 * 64);
	CHECK("tensor layers.0.wqkv: data out of bounds");
	tlm_wr64(entry(img, 3) + 48, 0);                     /* over the header */
	CHECK("tensor layers.0.wqkv: data out of bounds");
	tlm_wr64(entry(img, 1) + 56, 64);
	CHECK("tensor norm: an F32 tensor has no scales");
	/* Two tensors sharing bytes: the second layer's wo on the first's. */
	tlm_wr64(entry(img, 10) + 48, tlm_rd64(entry(img, 4) + 48));
	CHECK("overlap");
#undef CHECK
#undef RESET
	free(orig);
	free(img);
}
END_TEST

/* A NaN or an infinity anywhere among the floats (norm weights, Q8 scales,
 * F32 matrices) is refused with its tensor and offset: the fuzzer's model
 * whose NaN norm weight reached exp() as an undefined conversion. */
START_TEST(non_finite_floats)
{
	static const struct {
		int quantized, tensor, at_scales;
		size_t index;
		uint32_t bits;
		const char *what;
	} cases[] = {
		{ 1, 1, 0, 0, 0x7fc00000u, "is not a number (NaN)" },     /* norm */
		{ 1, 2, 0, 63, 0xff800000u, "is infinite" },              /* attn_norm, last */
		{ 1, 3, 1, 5, 0x7f800000u, "is infinite" },               /* a wqkv scale */
		{ 1, 13, 1, 0, 0xffc00001u, "is not a number (NaN)" },    /* layer 1's w2 */
		{ 0, 4, 0, 100, 0x7fa00000u, "is not a number (NaN)" },   /* F32 wo, signalling */
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		size_t size;
		uint8_t *img = image(&size, cases[c].quantized);
		uint8_t *e = img + TLM_HEADER_SIZE + (size_t)cases[c].tensor * TLM_TENSOR_ENTRY;
		uint64_t off = tlm_rd64(e + (cases[c].at_scales ? 56 : 48)) + 4 * cases[c].index;
		char name[33], want[160];
		memcpy(name, e, 32);
		name[32] = 0;
		tlm_wr32(img + off, cases[c].bits);
		fix_crc(img, size);
		snprintf(want, sizeof want, "tensor %s: the float at offset %llu %s", name,
			 (unsigned long long)off, cases[c].what);
		expect_refused(img, size, want);
		free(img);
	}
}
END_TEST

START_TEST(fp32_needs_no_group_size)
{
	size_t size;
	uint8_t *img = image(&size, 0);
	char err[TLM_ERRLEN];
	struct tlm_model *m;
	ck_assert_int_eq(tlm_rd32(img + 44), 0);
	ck_assert_msg(tlm_model_open_memory(img, size, "f32.tlm", &m, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(tlm_model_config(m)->quantized, 0);
	tlm_model_close(m);
	free(img);
}
END_TEST

static uint32_t bits(const float *f)
{
	uint32_t u;
	memcpy(&u, f, 4);
	return u;
}

static uint32_t bswap(uint32_t u)
{
	return u >> 24 | (u >> 8 & 0xff00) | (u << 8 & 0xff0000) | u << 24;
}

/* Each float of `got` is the byte-reversed float of `want`; n floats. */
static void floats_swapped(const float *got, const float *want, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(bits(&got[i]) == bswap(bits(&want[i])), "%s[%zu] not converted", what, i);
}

static void tensor_converted(const struct tlm_tensor *got, const struct tlm_tensor *want, int gs,
			     const char *what)
{
	size_t n = (size_t)want->rows * (size_t)want->cols;
	ck_assert_ptr_ne(got->data, want->data);
	if (want->type == TLM_TYPE_F32) {
		floats_swapped(got->data, want->data, n, what);
	} else {
		/* int8 weights are bytes: the same in any order */
		ck_assert_msg(memcmp(got->data, want->data, n) == 0, "%s: int8 weights changed", what);
		floats_swapped(got->scales, want->scales, n / (size_t)gs, what);
	}
}

/* A big-endian host reads a copy with every float (norms, F32 tensors, Q8
 * scales) byte-reversed and nothing else touched.  Checked here on any
 * host through the same code, asked to swap; `make check-s390x` runs a
 * real big-endian host under qemu. */
START_TEST(big_endian_hosts_convert_the_floats)
{
	for (int q = 0; q <= 1; q++) {
		size_t size;
		uint8_t *img = image(&size, q);
		char err[TLM_ERRLEN];
		struct tlm_model *a, *b, *same;
		ck_assert_msg(tlm_model_open_memory(img, size, "le.tlm", &a, err, sizeof err) == 0, "%s", err);
		ck_assert_msg(tlm_model_open_converted(img, size, "be.tlm", 1, &b, err, sizeof err) == 0,
			      "%s", err);
		ck_assert_msg(tlm_model_open_converted(img, size, "same.tlm", 0, &same, err, sizeof err) == 0,
			      "%s", err);
		/* the caller's image is left as it was */
		uint8_t *fresh = image(&size, q);
		ck_assert_int_eq(memcmp(fresh, img, size), 0);
		free(fresh);
		const int gs = a->cfg.group_size;
		const int dim = a->cfg.dim;
		tensor_converted(&b->embed, &a->embed, gs, "embed");
		floats_swapped(b->final_norm, a->final_norm, (size_t)dim, "final_norm");
		for (int l = 0; l < a->cfg.n_layers; l++) {
			floats_swapped(b->layers[l].attn_norm, a->layers[l].attn_norm, (size_t)dim, "attn_norm");
			floats_swapped(b->layers[l].ffn_norm, a->layers[l].ffn_norm, (size_t)dim, "ffn_norm");
			tensor_converted(&b->layers[l].wqkv, &a->layers[l].wqkv, gs, "wqkv");
			tensor_converted(&b->layers[l].wo, &a->layers[l].wo, gs, "wo");
			tensor_converted(&b->layers[l].w13, &a->layers[l].w13, gs, "w13");
			tensor_converted(&b->layers[l].w2, &a->layers[l].w2, gs, "w2");
		}
		/* header and tokenizer are read byte by byte, in either order */
		ck_assert_int_eq(b->cfg.vocab_size, a->cfg.vocab_size);
		ck_assert(b->cfg.rope_theta == a->cfg.rope_theta);
		ck_assert_int_eq(b->tok.n_tokens, a->tok.n_tokens);
		/* without swapping, the copy is the file */
		ck_assert_int_eq(memcmp(same->final_norm, a->final_norm, sizeof(float) * (size_t)dim), 0);
		tlm_model_close(a);
		tlm_model_close(b);
		tlm_model_close(same);
		free(img);
	}
}
END_TEST

/* Random damage with the checksum fixed: whatever the loader says, it
 * must say it without crashing or reading outside the image. */
START_TEST(random_mutations_never_crash)
{
	size_t size;
	uint8_t *img = image(&size, 1), *orig = malloc(size);
	uint64_t s = 12345;
	int accepted = 0;
	memcpy(orig, img, size);
	for (int it = 0; it < 3000; it++) {
		memcpy(img, orig, size);
		int n = 1 + (int)(s % 4);
		for (int k = 0; k < n; k++) {
			s = s * 6364136223846793005ULL + 1442695040888963407ULL;
			/* Mostly the header, the table and the tokenizer, where
			 * the structure is; weights are only numbers. */
			size_t at = (s >> 33) % 3 == 0 ? (s >> 20) % size
				  : (s >> 33) % 3 == 1 ? (s >> 20) % (TLM_HEADER_SIZE + 14 * 64)
				  : tlm_rd64(orig + 72) + (s >> 20) % (size - tlm_rd64(orig + 72));
			img[at] = (uint8_t)(s >> 56);
		}
		fix_crc(img, size);
		char err[TLM_ERRLEN];
		struct tlm_model *m;
		if (tlm_model_open_memory(img, size, "fuzz.tlm", &m, err, sizeof err) == 0) {
			accepted++;
			tlm_model_close(m);
		} else {
			ck_assert_msg(strncmp(err, "fuzz.tlm: ", 10) == 0, "%s", err);
		}
	}
	/* Weight bytes are free to change, so some files still load. */
	ck_assert_int_gt(accepted, 0);
	free(orig);
	free(img);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("loader");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, valid_files_load);
	tcase_add_test(tc, file_round_trip_through_mmap);
	tcase_add_test(tc, truncated_at_every_header_field);
	tcase_add_test(tc, trailing_bytes);
	tcase_add_test(tc, checksum_mismatch);
	tcase_add_loop_test(tc, bad_header_fields, 0, (int)(sizeof fields / sizeof fields[0]));
	tcase_add_test(tc, bad_magic);
	tcase_add_test(tc, bad_tokenizer_location);
	tcase_add_test(tc, bad_tensors);
	tcase_add_test(tc, non_finite_floats);
	tcase_add_test(tc, fp32_needs_no_group_size);
	tcase_add_test(tc, big_endian_hosts_convert_the_floats);
	tcase_add_test(tc, random_mutations_never_crash);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
