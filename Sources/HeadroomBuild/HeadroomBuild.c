#include "HeadroomBuild.h"

#ifndef HEADROOM_COMMIT
#define HEADROOM_COMMIT ""
#endif

const char *headroom_build_commit(void) { return HEADROOM_COMMIT; }
