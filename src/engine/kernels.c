/* kernels.c: picking the kernel path at run time, and the float kernels
 * every path shares.
 *
 * Copyright (C) 2026 The TinyLLM authors.  GPL-3.0-or-later.
 *
 * One binary built for plain x86-64 must run on a 15-year-old PC and still
 * use AVX2 or AVX-512 where they exist, so the choice is made from CPUID
 * when the program starts, never at compile time.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef TLM_ARM_NEON
#include <sys/auxv.h>
#ifndef HWCAP_ASIMD
#define HWCAP_ASIMD (1 << 1)
#endif
#endif

#include "engine/kernels.h"
#include "i18n.h"

const struct tlm_kernels *tlm_kern = &tlm_kernels_portable;

static const char *const names[] = {
	[TLM_KERNEL_AUTO] = "auto", [TLM_KERNEL_PORTABLE] = "portable",
	[TLM_KERNEL_SSE2] = "sse2", [TLM_KERNEL_AVX2] = "avx2",
	[TLM_KERNEL_AVX512] = "avx512", [TLM_KERNEL_NEON] = "neon",
};

const char *tlm_kernel_name(enum tlm_kernel k)
{
	return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static const struct tlm_kernels *table_for(enum tlm_kernel k)
{
	switch (k) {
	case TLM_KERNEL_PORTABLE:
		return &tlm_kernels_portable;
#ifdef TLM_X86_SIMD
	case TLM_KERNEL_SSE2:
		return __builtin_cpu_supports("sse2") ? &tlm_kernels_sse2 : NULL;
	case TLM_KERNEL_AVX2:
		return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")
		       ? &tlm_kernels_avx2 : NULL;
	case TLM_KERNEL_AVX512:
		/* libgcc checks XGETBV, so the OS saves the registers too. */
		return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
		       __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni")
		       ? &tlm_kernels_avx512 : NULL;
#endif
#ifdef TLM_ARM_NEON
	case TLM_KERNEL_NEON:
		/* part of AArch64, but a kernel may still disable it */
		return getauxval(AT_HWCAP) & HWCAP_ASIMD ? &tlm_kernels_neon : NULL;
#endif
	default:
		return NULL;
	}
}

int tlm_kernel_available(enum tlm_kernel k)
{
	return table_for(k) != NULL;
}

static enum tlm_kernel best(void)
{
	static const enum tlm_kernel order[] = { TLM_KERNEL_AVX512, TLM_KERNEL_AVX2,
						 TLM_KERNEL_SSE2, TLM_KERNEL_NEON, TLM_KERNEL_PORTABLE };
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (table_for(order[i]))
			return order[i];
	return TLM_KERNEL_PORTABLE;
}

int tlm_kernel_select(enum tlm_kernel k, char *err, size_t errlen)
{
	if (k == TLM_KERNEL_AUTO) {
		const char *env = getenv("TINYLLM_KERNEL");
		k = best();
		if (env && *env && strcmp(env, "auto") != 0) {
			enum tlm_kernel i;
			for (i = TLM_KERNEL_PORTABLE; i <= TLM_KERNEL_LAST; i++)
				if (strcmp(env, names[i]) == 0)
					break;
			if (i > TLM_KERNEL_LAST) {
				snprintf(err, errlen, _("TINYLLM_KERNEL=%s: unknown kernel path "
					 "(use portable, sse2, avx2, avx512, neon or auto)"), env);
				return -1;
			}
			k = i;
		}
	}
	const struct tlm_kernels *t = table_for(k);
	if (!t) {
#if defined TLM_X86_SIMD || defined TLM_ARM_NEON
		snprintf(err, errlen, _("the %s kernels are not available on this CPU"), tlm_kernel_name(k));
#else
		snprintf(err, errlen, _("the %s kernels are not available in this build "
					"(configured without SIMD kernels)"), tlm_kernel_name(k));
#endif
		return -1;
	}
	tlm_kern = t;
	return 0;
}

enum tlm_kernel tlm_kernel_current(void)
{
	return tlm_kern->id;
}

/* The fp32 reference path: the same on every CPU but for the order of a
 * dot product's sums. */
void tlm_matvec_f32(const struct tlm_tensor *w, const float *x, float *y, int r0, int r1)
{
	const int n = w->cols;
	for (int r = r0; r < r1; r++)
		y[r - r0] = tlm_kern->dot((const float *)w->data + (size_t)r * n, x, n);
}
