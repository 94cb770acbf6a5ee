#include "inotusurv.h"

/* The run-time version, so a program can detect a header/library mismatch
 * by comparing with ISURV_VERSION_NUMBER. */
const char *isurv_version_string(void)
{
    return ISURV_VERSION_STRING;
}

int isurv_version_number(void)
{
    return ISURV_VERSION_NUMBER;
}
