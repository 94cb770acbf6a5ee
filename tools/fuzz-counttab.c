/*
 * A libFuzzer harness for isurv_counttab_from_bytes: whatever the reader
 * accepts must write back byte for byte, and fit and merge without a
 * fault.  Not built by make; from the source tree:
 *
 *   clang -std=c99 -g -O1 -fsanitize=fuzzer,address,undefined \
 *       -Iinclude -Ilib lib/[a-z]*.c tools/fuzz-counttab.c \
 *       -lgsl -lgslcblas -lm -lpthread -o fuzz-counttab
 *   ./fuzz-counttab -max_len=4096 CORPUS_DIR
 *
 * with a corpus of tables written by isurv_counttab_to_bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inotusurv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    isurv_counttab *t = NULL, *m = NULL;
    isurv_km *km = NULL;
    isurv_logrank *lr = NULL;
    unsigned char *buf;
    size_t need = 0;
    double e, l, u;

    if (isurv_counttab_from_bytes(&t, data, size) != ISURV_OK)
        return 0;
    if (isurv_counttab_to_bytes(t, NULL, 0, &need) != ISURV_OK || need != size
        || !(buf = malloc(need)))
        abort();
    if (isurv_counttab_to_bytes(t, buf, need, &need) != ISURV_OK
        || memcmp(buf, data, size) != 0)
        abort();
    free(buf);
    isurv_counttab_km(&km, t, NULL);
    isurv_km_free(km);
    isurv_counttab_logrank(&lr, t, NULL);
    isurv_logrank_free(lr);
    isurv_counttab_followup(&e, &l, &u, t, NULL);
    if (isurv_counttab_merge(&m, t, t) == ISURV_OK) {
        isurv_counttab_km(&km, m, NULL);
        isurv_km_free(km);
    }
    isurv_counttab_free(m);
    isurv_counttab_free(t);
    return 0;
}
