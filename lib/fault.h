/* Fault injection for tests: only in the uninstalled build of the library
 * that tests/check_alloc links (compiled with ISURV_FAULT_INJECTION; the
 * installed library has none of this, neither code nor symbols).
 *
 * The hook is process-wide state, which the library proper never has: it
 * exists so that a single-threaded test can drive it between calls.  Its
 * counters are updated under a lock, since the library's worker threads
 * may allocate while the test waits for a call to return. */
#ifndef ISURV_FAULT_H
#define ISURV_FAULT_H

/* Fails the k-th allocation counted from now (k >= 1), and with
 * persistent != 0 every allocation after it too; k = 0 fails none.
 * Resets the counts of attempts and failures. */
void isurv_fault_arm(unsigned long k, int persistent);
/* Allocation attempts, and allocations failed, since the last arm. */
unsigned long isurv_fault_attempts(void);
unsigned long isurv_fault_failures(void);
/* Blocks allocated and not yet freed, over the life of the process. */
long isurv_fault_live(void);

/* With fail != 0 every thread the library tries to start fails to start,
 * as pthread_create does without resources.  Resets the count of tries. */
void isurv_fault_threads(int fail);
/* Threads the library tried to start since the last isurv_fault_threads. */
unsigned long isurv_fault_thread_tries(void);

/* For lib/alloc.h and lib/threads.c: counts an attempt and says whether
 * to fail it; and adjusts the live-block count. */
int isurv_fault_fail_now(void);
void isurv_fault_live_add(long delta);
int isurv_fault_thread_fails(void);

#endif
