"""Execute notebooks headlessly, as the test command does; exit 1 if any cell fails.

    python notebooks/run_all.py                      # every notebooks/*.ipynb
    python notebooks/run_all.py notebooks/02-*.ipynb # some of them

Each notebook runs in a fresh kernel with its own folder as working directory and matplotlib's
inline backend (figures become image/png outputs, no display needed), with a time limit per cell.
A failing cell prints the notebook's name, the cell's source and its error; so does a cell that
draws a figure and shows none. The notebooks run in memory: the files on disk stay without outputs
(`--output-dir DIR` writes executed copies there, to look at; `--render DIR` writes each as
Markdown with its figures as PNG files), and a notebook saved with outputs fails, since they are
committed without. The notebooks import the headroom Python package (python/), which finds the
executable in $HEADROOM_BIN, else on PATH, else in the repository's release build.
"""

import argparse
import base64
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
# matplotlib's inline backend: each figure a cell draws becomes an image/png output. The Agg
# backend (MPLBACKEND=Agg) draws too, but shows nothing, and the executed notebooks kept no figure.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
# A code cell that draws: a figure made, or pandas' plotting.
DRAWS = re.compile(r"plt\.subplots\(|plt\.figure\(|\.plot[.(]")


def saved_outputs(notebook) -> int:
    """How many code cells of a notebook carry outputs or an execution count."""
    return sum(1 for cell in notebook.cells
               if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None))


def images(cell) -> int:
    """How many PNG figures a code cell shows."""
    return sum(1 for output in cell.get("outputs", []) if "image/png" in output.get("data", {}))


def figureless(notebook) -> list[int]:
    """The code cells (numbered from 1 among code cells) that draw but show no figure."""
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    return [i for i, cell in enumerate(code, 1) if DRAWS.search(cell.source) and images(cell) == 0]


RENDERED = NOTEBOOKS / "rendered"
LINK = re.compile(r"\]\((?!https?:|#)([^)]+)\)")
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)\n```$", re.S | re.M)


def stale_rendering(notebook, path: Path) -> str | None:
    """What is wrong with the committed rendering of a notebook (rendered/NAME.md), if it has one:
    its code must be the notebook's, or it shows what the notebook no longer does."""
    rendered = RENDERED / f"{path.stem}.md"
    if not rendered.is_file():
        return None
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    if PYTHON_BLOCK.findall(rendered.read_text()) != code:
        return (f"{rendered.relative_to(NOTEBOOKS.parent)} shows other code than {path.name}; render it again with\n"
                f"     scripts/tests.d/10-notebooks notebooks/{path.name} --render notebooks/rendered")
    return None


def render(notebook, path: Path, folder: Path) -> Path:
    """Writes an executed notebook as Markdown (NAME.md) with its figures beside it
    (NAME-figN.png): readable anywhere a Markdown file is, without Jupyter."""
    folder.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    figures = 0
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            # Links are relative to the notebook's folder: make them relative to the rendering's.
            relink = lambda m: f"]({os.path.relpath(path.resolve().parent / m.group(1), folder.resolve())})"  # noqa: E731
            lines += [LINK.sub(relink, cell.source), ""]
            continue
        if cell.cell_type != "code":
            continue
        lines += ["```python", cell.source, "```", ""]
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                figures += 1
                name = f"{path.stem}-fig{figures}.png"
                (folder / name).write_bytes(base64.b64decode(data["image/png"]))
                lines += [f"![figure {figures}]({name})", ""]
            elif output.get("output_type") == "stream":
                lines += ["```text", output.get("text", "").rstrip("\n"), "```", ""]
            elif "text/plain" in data:
                lines += ["```text", data["text/plain"].rstrip("\n"), "```", ""]
    target = folder / f"{path.stem}.md"
    target.write_text("\n".join(lines))
    return target


def run(path: Path, timeout: int, output_dir: Path | None, render_dir: Path | None = None) -> bool:
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
    if render_dir is not None and failure is None:
        render(notebook, path, render_dir)
    elif failure is None:
        failure = stale_rendering(notebook, path)
    if failure is None and (blank := figureless(notebook)):
        failure = (f"code cells {', '.join(map(str, blank))} draw a figure but show none "
                   f"(MPLBACKEND={os.environ.get('MPLBACKEND')!r}; the runner needs {INLINE_BACKEND!r})")
    if failure is not None:
        print(f"FAIL {path.name}: {failure}", file=sys.stderr)
        return False
    shown = sum(images(cell) for cell in notebook.cells if cell.cell_type == "code")
    print(f"ok   {path.name} ({time.monotonic() - start:.1f} s, {shown} figures)")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell (default 120)")
    parser.add_argument("--output-dir", type=Path, help="also write the executed notebooks, outputs included, here")
    parser.add_argument("--render", type=Path, metavar="DIR",
                        help="also write each executed notebook as Markdown with PNG figures here")
    args = parser.parse_args()

    # Inherited by the kernels: figures as outputs, no display needed. Set, not defaulted: an
    # MPLBACKEND=Agg from the environment would leave every executed notebook without figures.
    os.environ["MPLBACKEND"] = INLINE_BACKEND
    # The kernels run in notebooks/: a relative HEADROOM_BIN means the caller's working directory.
    if "/" in os.environ.get("HEADROOM_BIN", ""):
        os.environ["HEADROOM_BIN"] = os.path.abspath(os.environ["HEADROOM_BIN"])
    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    failed = [path.name for path in paths if not run(path, args.timeout, args.output_dir, args.render)]
    if failed:
        print(f"{len(failed)} of {len(paths)} notebooks failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"all {len(paths)} notebooks ran")
    return 0


if __name__ == "__main__":
    sys.exit(main())
