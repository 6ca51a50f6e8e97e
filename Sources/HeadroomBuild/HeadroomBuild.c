#include "HeadroomBuild.h"

// scripts/install writes HeadroomCommit.h (`#define HEADROOM_COMMIT "…"`) into its scratch folder
// and puts that folder on the include path: the flag stays the same from one commit to the next,
// so a new commit recompiles this file alone, not every module.
#if __has_include("HeadroomCommit.h")
#include "HeadroomCommit.h"
#endif

#ifndef HEADROOM_COMMIT
#define HEADROOM_COMMIT ""
#endif

const char *headroom_build_commit(void) { return HEADROOM_COMMIT; }
