/* Whether the processor runs AVX2, for the few loops compiled twice (GCC
 * on x86-64: target("avx2") and the baseline).  Both copies give the
 * same doubles: they differ in vector width, never in arithmetic. */
#ifndef ISURV_CPU_H
#define ISURV_CPU_H

#if defined(__GNUC__) && defined(__x86_64__)
static inline int isurv_have_avx2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}
#endif

#endif
