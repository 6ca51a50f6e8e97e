"""Finding the `headroom` executable the commands call."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

#: Where a release build of the repository puts the executable, relative to the repository root.
RELEASE_BUILD = Path(".build") / "release" / "headroom"


class BinaryNotFoundError(FileNotFoundError):
    """No `headroom` executable was found; the message lists every place that was tried."""


def _repository_roots(starts: Iterable[Path]) -> list[Path]:
    """Folders holding a Package.swift at or above each start: the repository this package may
    sit in (an editable install) or the one the caller works in."""
    roots: list[Path] = []
    for start in starts:
        for folder in [start, *start.parents]:
            if (folder / "Package.swift").is_file() and folder not in roots:
                roots.append(folder)
    return roots


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_binary(
    binary: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    search_from: Iterable[Path] | None = None,
) -> Path:
    """The `headroom` executable to run, looked for in this order:

    1. `binary`, when given (a path, or a name looked up on PATH);
    2. the `HEADROOM_BIN` environment variable (the same);
    3. `headroom` on PATH;
    4. `.build/release/headroom` of the repository around the working directory, or around this
       package's own files (an editable install from the repository); `search_from` replaces
       those two starting folders.

    Raises :class:`BinaryNotFoundError`, naming what was tried, when none is executable. An
    explicit `binary` or `HEADROOM_BIN` that is not executable is an error at once: a typo there
    should not silently fall back to another build.
    """
    env = os.environ if environ is None else environ
    search_path = env.get("PATH", os.defpath)
    for source, given in [("binary", binary), ("HEADROOM_BIN", env.get("HEADROOM_BIN") or None)]:
        if given is None:
            continue
        found = shutil.which(os.fspath(given), path=search_path)
        if found is None:
            raise BinaryNotFoundError(
                f"{source} names {os.fspath(given)!r}, which is not an executable file (nor a command on PATH)")
        return Path(found).resolve()
    on_path = shutil.which("headroom", path=search_path)
    if on_path is not None:
        return Path(on_path).resolve()
    starts = [Path.cwd(), Path(__file__).parent] if search_from is None else list(search_from)
    roots = _repository_roots(start.resolve() for start in starts)
    candidates = [root / RELEASE_BUILD for root in roots]
    for candidate in candidates:
        if _executable(candidate):
            return candidate
    tried = ", ".join(str(c) for c in candidates) or "no repository (Package.swift) around the working directory"
    raise BinaryNotFoundError(
        "no headroom executable: pass binary=..., set HEADROOM_BIN, put headroom on PATH, "
        f"or build the repository with `swift build -c release` (tried {tried})")
