/* The layout of isurv_opts is private so that options can be added without
 * breaking the ABI or the ctypes binding. */
#ifndef ISURV_OPTS_H
#define ISURV_OPTS_H

#include "inotusurv.h"

struct isurv_opts {
    double conf_level;
    int conf_type;
    int timefix;
    int weight_type;
    double weight_p;
    double weight_q;
    int threads;      /* 0: as many as there are online processors */
};

/* The defaults, for callers that passed opts == NULL. */
void isurv_opts_defaults(struct isurv_opts *o);
/* opts, or a pointer to static defaults when opts is NULL. */
const struct isurv_opts *isurv_opts_or_default(const struct isurv_opts *opts);

#endif
