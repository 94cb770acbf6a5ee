/* Messages for enum isurv_status.  Static strings only: the library keeps
 * no "last error" state, so every call is reentrant. */
#include "inotusurv.h"

static const char *const messages[] = {
    [ISURV_OK] = "success",
    [ISURV_ENULL] = "a required pointer argument is NULL",
    [ISURV_EEMPTY] = "no observations (n = 0)",
    [ISURV_ETIME] = "a time is NaN, infinite or negative",
    [ISURV_EEVENT] = "an event indicator is not 0 or 1",
    [ISURV_EWEIGHT] = "a case weight is negative, NaN or infinite, or the weights sum to more than DBL_MAX / 2",
    [ISURV_EENTRY] = "an entry time is not finite, is negative, or is not below its exit time",
    [ISURV_EOPTION] = "an option value is out of range",
    [ISURV_ENOMEM] = "memory allocation failed",
    [ISURV_EINDEX] = "a curve, group or column index is out of range",
    [ISURV_EPROB] = "a probability is outside its allowed range",
    [ISURV_EARG] = "an argument is out of range",
    [ISURV_EBUFFER] = "an output buffer is shorter than the result",
    [ISURV_EDATE] = "a calendar date does not exist",
    [ISURV_ESIZE] = "the problem is larger than the library supports",
    [ISURV_EGROUPS] = "fewer than two groups to compare",
    [ISURV_EVARIANCE] = "the test statistic has zero variance",
    [ISURV_ETABLE] = "a table cell is negative, not an integer or not finite",
    [ISURV_EDIM] = "a table needs at least 2 rows and 2 columns with no empty row or column",
    [ISURV_ENOCONV] = "an iterative computation did not converge",
    [ISURV_EIO] = "writing an output file failed",
    [ISURV_EFORMAT] = "the bytes are not a well-formed serialised object",
    [ISURV_EVERSION] = "the serialised object's format version is not one this library reads",
};

const char *isurv_strerror(int status)
{
    if (status < 0 || (size_t)status >= sizeof messages / sizeof messages[0]
        || messages[status] == NULL)
        return "unknown status code";
    return messages[status];
}
