"""`headroom watch` under a pseudo-terminal: the screen it leaves is read back and checked."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import time
from pathlib import Path

from conftest import MODELS

CLEAR = "\x1b[H\x1b[2J"


def run_in_terminal(arguments: list[str], timeout: float = 60) -> tuple[int, str]:
    """Runs a command with a pseudo-terminal as its standard output; returns its exit status
    and everything it wrote there."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(arguments, stdout=follower, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    status = process.wait(timeout=max(1.0, deadline - time.monotonic()))
    return status, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def screens(output: str) -> list[str]:
    """The frames a terminal showed: each starts by moving home and clearing the screen."""
    return [frame for frame in output.split(CLEAR) if frame]


def test_the_dashboard_redraws_a_flash_sale(binary: Path) -> None:
    status, output = run_in_terminal([str(binary), "watch", str(MODELS / "flash-sale.yaml"), "--speed", "20000"])
    assert status == 0, output
    frames = screens(output)
    # flash-sale.yaml: 15 minutes in 10-second windows, one frame each.
    assert len(frames) >= 80 and output.startswith(CLEAR)
    clocks = [re.search(r"t = (\d+):(\d\d) of 15:00", frame) for frame in frames]
    seconds = [int(m.group(1)) * 60 + int(m.group(2)) for m in clocks if m]
    assert len(seconds) == len(frames) and seconds == sorted(seconds) and seconds[-1] == 900
    last = frames[-1].splitlines()
    for component in ["app", "products", "pool", "db"]:
        assert any(line.startswith(component + " ") and "[" in line for line in last), component
    # The alert shows from the frame of the window it fires in, and is resolved by the end.
    alert = "P99 latency too high - consider scaling"
    firing = [i for i, frame in enumerate(frames) if alert in frame]
    assert firing and firing[-1] == len(frames) - 1 and "resolved at" in frames[-1]
    assert "alerts: none so far" in frames[0]
    # During the sale the app's bar is full: at least one frame shows it at 100 %.
    assert any(re.search(r"^app +\[█{24}\] +100\.0%", frame, re.M) for frame in frames)


def test_a_slow_speed_still_ends_on_the_last_window(binary: Path) -> None:
    # 60 simulated seconds at 30 per second: paced frames (about 2 s), ending at the run's end.
    status, output = run_in_terminal([str(binary), "watch", str(MODELS / "textbook" / "mm1.yaml"),
                                      "--set", "duration=60s", "--set", "warmup=0s", "--speed", "30"])
    assert status == 0, output
    frames = screens(output)
    assert len(frames) >= 2 and "t = 1:00 of 1:00" in frames[-1]
    assert re.search(r"^server +\[[█·]{24}\]", frames[-1], re.M)


def test_bad_speed_is_refused(binary: Path) -> None:
    done = subprocess.run([str(binary), "watch", str(MODELS / "textbook" / "mm1.yaml"), "--speed", "0"],
                          capture_output=True, text=True)
    assert done.returncode != 0 and "--speed must be above 0" in done.stderr
