#define _POSIX_C_SOURCE 200809L /* pthread_once */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"

#if defined(__GNUC__) && defined(__x86_64__)
/* 0: baseline, 1: AVX2, 2: AVX-512 (F, VL and BW, with the BMI1, BMI2
 * and POPCNT word operations every such processor has); at most what
 * ISURV_SIMD allows.
 * Found once per process: the sort asks for every bucket. */
static int chosen;
static pthread_once_t chosen_once = PTHREAD_ONCE_INIT;

static void choose(void)
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
        && __builtin_cpu_supports("avx512vl")
        && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2")
        && __builtin_cpu_supports("popcnt"))
        have = 2;
    chosen = have < most ? have : most;
}

static int level(void)
{
    pthread_once(&chosen_once, choose);
    return chosen;
}

int isurv_have_avx2(void)
{
    return level() >= 1;
}

int isurv_have_avx512(void)
{
    return level() >= 2;
}
#endif
