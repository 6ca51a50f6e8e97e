"""Execute notebooks headlessly, as the test command does; exit 1 if any cell fails.

    python notebooks/run_all.py                      # every notebooks/*.ipynb
    python notebooks/run_all.py notebooks/02-*.ipynb # some of them

Each notebook runs in a fresh kernel with its own folder as working directory and matplotlib's Agg
backend (unless MPLBACKEND says otherwise), with a time limit per cell. A failing cell prints the
notebook's name, the cell's source and its error. The notebooks run in memory: the files on disk
stay without outputs (`--output-dir DIR` writes executed copies there, to look at), and a notebook
saved with outputs fails, since they are committed without. The notebooks find the headroom
executable in $HEADROOM_BIN, else on PATH.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

NOTEBOOKS = Path(__file__).resolve().parent
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def saved_outputs(notebook) -> int:
    """How many code cells of a notebook carry outputs or an execution count."""
    return sum(1 for cell in notebook.cells
               if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None))


def run(path: Path, timeout: int, output_dir: Path | None) -> bool:
    """Execute one notebook; print how it went; return whether every cell succeeded."""
    notebook = nbformat.read(path, as_version=4)
    if saved := saved_outputs(notebook):
        # Notebooks are committed without outputs: small diffs, no stale figures.
        print(f"FAIL {path.name}: {saved} code cells saved with outputs; clear them with\n"
              f"     jupyter nbconvert --clear-output --inplace {path}", file=sys.stderr)
        return False
    client = NotebookClient(
        notebook,
        timeout=timeout,  # per cell, in seconds
        kernel_name="python3",
        resources={"metadata": {"path": str(path.resolve().parent)}},
        # Kernel log at ERROR: no warning per notebook that its local TCP is unencrypted.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    start = time.monotonic()
    try:
        client.execute()
        failure = None
    except CellExecutionError as error:
        failure = "a cell raised an error\n" + ANSI_ESCAPE.sub("", str(error))
    except (CellTimeoutError, DeadKernelError) as error:
        failure = f"{type(error).__name__}: {error}"
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, output_dir / path.name)
    if failure is not None:
        print(f"FAIL {path.name}: {failure}", file=sys.stderr)
        return False
    print(f"ok   {path.name} ({time.monotonic() - start:.1f} s)")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell (default 120)")
    parser.add_argument("--output-dir", type=Path, help="also write the executed notebooks, outputs included, here")
    args = parser.parse_args()

    os.environ.setdefault("MPLBACKEND", "Agg")  # inherited by the kernels: no display needed
    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    failed = [path.name for path in paths if not run(path, args.timeout, args.output_dir)]
    if failed:
        print(f"{len(failed)} of {len(paths)} notebooks failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"all {len(paths)} notebooks ran")
    return 0


if __name__ == "__main__":
    sys.exit(main())
