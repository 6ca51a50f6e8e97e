"""Finding the executable: explicit argument, HEADROOM_BIN, PATH, the repository's release build."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from headroom import BinaryNotFoundError, find_binary


def fake_executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\necho '{}'\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_explicit_argument_wins_over_environment_and_path(tmp_path: Path) -> None:
    explicit = fake_executable(tmp_path / "a" / "headroom")
    from_env = fake_executable(tmp_path / "b" / "headroom")
    on_path = fake_executable(tmp_path / "c" / "headroom")
    env = {"HEADROOM_BIN": str(from_env), "PATH": str(on_path.parent)}
    assert find_binary(explicit, environ=env, search_from=[]) == explicit.resolve()
    assert find_binary(None, environ=env, search_from=[]) == from_env.resolve()
    assert find_binary(None, environ={"PATH": str(on_path.parent)}, search_from=[]) == on_path.resolve()


def test_repository_release_build_is_the_last_resort(tmp_path: Path) -> None:
    (tmp_path / "Package.swift").write_text("// swift-tools-version:6.0\n")
    built = fake_executable(tmp_path / ".build" / "release" / "headroom")
    nested = tmp_path / "notebooks"
    nested.mkdir()
    assert find_binary(environ={"PATH": ""}, search_from=[nested]) == built


def test_a_wrong_explicit_path_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    on_path = fake_executable(tmp_path / "bin" / "headroom")
    with pytest.raises(BinaryNotFoundError, match="missing/headroom"):
        find_binary(tmp_path / "missing" / "headroom", environ={"PATH": str(on_path.parent)}, search_from=[])
    with pytest.raises(BinaryNotFoundError, match="HEADROOM_BIN names 'nope'"):
        find_binary(environ={"HEADROOM_BIN": "nope", "PATH": str(on_path.parent)}, search_from=[])


def test_nothing_found_says_what_to_do(tmp_path: Path) -> None:
    # A repository without a build, and an empty PATH: the message names the flag, the
    # variable, PATH and the build it looked for.
    (tmp_path / "Package.swift").write_text("")
    with pytest.raises(BinaryNotFoundError) as raised:
        find_binary(environ={"PATH": ""}, search_from=[tmp_path])
    message = str(raised.value)
    for needle in ["binary=", "HEADROOM_BIN", "PATH", "swift build -c release",
                   os.path.join(str(tmp_path), ".build", "release", "headroom")]:
        assert needle in message, (needle, message)
