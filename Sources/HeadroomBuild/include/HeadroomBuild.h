#ifndef HEADROOM_BUILD_H
#define HEADROOM_BUILD_H

/// The commit the binary was built from, as scripts/install passes it
/// (`-Xcc -DHEADROOM_COMMIT="..."`), or "" for a plain `swift build`.
///
/// C because a C macro can carry a value from the build command line into the binary without
/// a generated source file in the tree; Swift's `-D` only sets flags.
const char *headroom_build_commit(void);

#endif
