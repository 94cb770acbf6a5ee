/* The suites' pseudo-random data: xorshift64 (Marsaglia 2003), so a
 * suite's data are the same on every platform and run.  Each suite keeps
 * its own state (and seed); no Check dependency, so tests/calls.c can
 * use it too. */
#ifndef ISURV_TESTRAND_H
#define ISURV_TESTRAND_H

#include <stdint.h>

/* A uniform in (0, 1) from the top 53 bits of the next state. */
static inline double isurv_test_unif(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return ((double)(*state >> 11) + 0.5) / 9007199254740992.0;
}

#endif
