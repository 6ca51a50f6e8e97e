#ifndef HEADROOM_BUILD_H
#define HEADROOM_BUILD_H

/// The commit the binary was built from, as scripts/install gives it (a generated
/// HeadroomCommit.h on the include path, outside the tree), or "" for a plain `swift build`.
///
/// C because a C header outside the tree can carry a value into the binary without a generated
/// source file in the tree; Swift's `-D` only sets flags.
const char *headroom_build_commit(void);

#endif
