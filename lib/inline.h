/*
 * Hints for the per-key loops.  ISURV_INLINE: inline even where the
 * compiler's size heuristics would not, for the few per-key functions
 * whose call would cost more than their body and keep their state out of
 * registers.
 */
#ifndef ISURV_INLINE_H
#define ISURV_INLINE_H

#if defined(__GNUC__)
#define ISURV_INLINE __attribute__((always_inline)) inline
#else
#define ISURV_INLINE inline
#endif

/* A branch the caller knows is almost always taken. */
#if defined(__GNUC__)
#define ISURV_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define ISURV_LIKELY(x) (x)
#endif

#endif
