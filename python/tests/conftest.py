"""Shared fixtures: the headroom executable under test, the repository's models, a fresh store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import headroom

REPOSITORY = Path(__file__).resolve().parents[2]
MODELS = REPOSITORY / "models"


@pytest.fixture(scope="session")
def binary() -> Path:
    """The executable the tests run: $HEADROOM_BIN, else whatever find_binary finds. None found
    fails the tests (they never skip): scripts/tests.d/08-python-package sets HEADROOM_BIN."""
    return headroom.find_binary()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store path that does not exist yet: the first command creates it."""
    return tmp_path / "runs.sqlite"


@pytest.fixture
def mm1() -> Path:
    return MODELS / "textbook" / "mm1.yaml"


@pytest.fixture
def mmc() -> Path:
    return MODELS / "textbook" / "mmc.yaml"


#: A few simulated minutes instead of the textbook models' millions of customers.
SHORT = {"duration": "2000s", "warmup": "100s"}


def assert_no_file(path: Path) -> None:
    assert not os.path.exists(path), f"{path} was created"
