#include <stdlib.h>
#include <string.h>

#include "cpu.h"

#if defined(__GNUC__) && defined(__x86_64__)
/* 0: baseline, 1: AVX2, 2: AVX-512VL; at most what ISURV_SIMD allows. */
static int level(void)
{
    const char *cap = getenv("ISURV_SIMD");
    int most = 2, have = 0;

    if (cap && strcmp(cap, "baseline") == 0)
        most = 0;
    else if (cap && strcmp(cap, "avx2") == 0)
        most = 1;
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2"))
        have = 1;
    if (have && __builtin_cpu_supports("avx512f")
        && __builtin_cpu_supports("avx512vl"))
        have = 2;
    return have < most ? have : most;
}

int isurv_have_avx2(void)
{
    return level() >= 1;
}

int isurv_have_avx512vl(void)
{
    return level() >= 2;
}
#endif
