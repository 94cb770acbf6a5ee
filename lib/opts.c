#include <math.h>

#include "alloc.h"
#include "opts.h"

static const struct isurv_opts default_opts = {
    0.95, ISURV_CONF_LOG, 1, ISURV_WEIGHT_LOGRANK, 0.0, 0.0, 0
};

void isurv_opts_defaults(struct isurv_opts *o)
{
    *o = default_opts;
}

const struct isurv_opts *isurv_opts_or_default(const struct isurv_opts *opts)
{
    return opts ? opts : &default_opts;
}

int isurv_opts_new(isurv_opts **out)
{
    if (!out)
        return ISURV_ENULL;
    *out = isurv_alloc(1, sizeof **out);
    if (!*out)
        return ISURV_ENOMEM;
    isurv_opts_defaults(*out);
    return ISURV_OK;
}

void isurv_opts_free(isurv_opts *opts)
{
    isurv_dealloc(opts);
}

int isurv_opts_set_conf_level(isurv_opts *opts, double level)
{
    if (!opts)
        return ISURV_ENULL;
    if (!(level > 0.0 && level < 1.0))
        return ISURV_EOPTION;
    opts->conf_level = level;
    return ISURV_OK;
}

int isurv_opts_set_conf_type(isurv_opts *opts, int type)
{
    if (!opts)
        return ISURV_ENULL;
    if (type < ISURV_CONF_LOG || type > ISURV_CONF_NONE)
        return ISURV_EOPTION;
    opts->conf_type = type;
    return ISURV_OK;
}

int isurv_opts_set_timefix(isurv_opts *opts, int on)
{
    if (!opts)
        return ISURV_ENULL;
    if (on != 0 && on != 1)
        return ISURV_EOPTION;
    opts->timefix = on;
    return ISURV_OK;
}

int isurv_opts_set_weights(isurv_opts *opts, int type, double p, double q)
{
    if (!opts)
        return ISURV_ENULL;
    switch (type) {
    case ISURV_WEIGHT_LOGRANK:
    case ISURV_WEIGHT_GEHAN:
    case ISURV_WEIGHT_TARONE_WARE:
        p = q = 0.0; /* unused: keep the stored state canonical */
        break;
    case ISURV_WEIGHT_GRHO:
        if (!(isfinite(p) && p >= 0.0))
            return ISURV_EOPTION;
        q = 0.0;
        break;
    case ISURV_WEIGHT_FH:
        if (!(isfinite(p) && p >= 0.0 && isfinite(q) && q >= 0.0))
            return ISURV_EOPTION;
        break;
    default:
        return ISURV_EOPTION;
    }
    opts->weight_type = type;
    opts->weight_p = p;
    opts->weight_q = q;
    return ISURV_OK;
}

int isurv_opts_set_threads(isurv_opts *opts, int nthreads)
{
    if (!opts)
        return ISURV_ENULL;
    if (nthreads < 0)
        return ISURV_EOPTION;
    opts->threads = nthreads;
    return ISURV_OK;
}
