/* Which vector code to run, for the few loops compiled more than once
 * (GCC on x86-64: the baseline, target("avx2"), and AVX-512 with VL and
 * BW, for its 32 vector registers, masks and compressed stores).  All copies
 * give the same doubles: they differ in vector width or registers, never
 * in arithmetic (configure turns off fused multiply-add).
 *
 * The environment variable ISURV_SIMD=baseline or ISURV_SIMD=avx2 caps
 * the choice, so that the tests can run every copy on one machine; it is
 * read once, when the library first chooses. */
#ifndef ISURV_CPU_H
#define ISURV_CPU_H

#if defined(__GNUC__) && defined(__x86_64__)
int isurv_have_avx2(void);
int isurv_have_avx512(void);
#endif

#endif
