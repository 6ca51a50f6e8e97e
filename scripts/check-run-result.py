#!/usr/bin/env python3
"""Checks docs/run-result.schema.json against real `headroom run --json` output.

Runs the real binary ($HEADROOM_BIN, which scripts/test sets; else the release build's) on models
that between them produce every part of the document: one run, replications with confidence
intervals and the time series, an SLO with recovery figures, alerts that fire, cost, resources of
every kind, a replayed trace with bad lines, and a stored run read back (`runs show --json`).
Each document must be valid against the schema, whose objects list their keys exhaustively, so
a key added to the output without the schema (or the other way round) fails here. A few broken
documents must be rejected. Run by scripts/tests.d/15-schema in the notebooks' virtual
environment (jsonschema).
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
with open(os.path.join(root, "docs", "run-result.schema.json"), encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

binary = os.environ.get("HEADROOM_BIN")
if not binary:
    out = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=root, check=True,
                         capture_output=True, text=True)
    binary = os.path.join(out.stdout.strip(), "headroom")
if not os.access(binary, os.X_OK):
    print(f"run-result schema: no headroom binary at {binary} (build it, or set HEADROOM_BIN)", file=sys.stderr)
    sys.exit(1)

failures = []
documents = {}
store = os.path.join(tempfile.mkdtemp(prefix="headroom-run-result-"), "runs.sqlite")


def headroom(label, *args):
    out = subprocess.run([binary, *args, "--quiet"] if args[0] == "run" else [binary, *args], cwd=root,
                         capture_output=True, text=True)
    if out.returncode != 0:
        failures.append(f"{label}: headroom {' '.join(args)} failed ({out.returncode}): {out.stderr.strip()}")
        return None
    return json.loads(out.stdout)


cases = {
    "one run": ["run", "models/textbook/mm1.yaml", "--set", "duration=20000s", "--db", store, "--json"],
    "replications with series": ["run", "models/textbook/mmc.yaml", "--set", "duration=5000s", "--replications", "3",
                                 "--no-store", "--json", "--series"],
    "slo, cost and resources": ["run", "models/full-saas.yaml", "--set", "duration=120s", "--set", "warmup=20s",
                                "--no-store", "--json"],
    "alerts": ["run", "models/flash-sale.yaml", "--no-store", "--json"],
    "replay": ["run", "models/replay-shop.yaml", "--no-store", "--json"],
    "unstable": ["run", "models/textbook/mm1.yaml", "--set", "traffic.rate=5/s", "--set", "duration=200000s",
                 "--set", "limits.max_in_system=1000", "--no-store", "--json"],
}
for label, args in cases.items():
    document = headroom(label, *args)
    if document is not None:
        documents[label] = document
shown = headroom("runs show", "runs", "show", "1", "--db", store, "--json", "--series")
if shown is not None:
    documents["runs show --series"] = shown

for label, document in documents.items():
    for error in validator.iter_errors(document):
        failures.append(f"{label}: /{'/'.join(map(str, error.absolute_path))}: {error.message}")

# The parts that only some documents have must each have been seen, or the check proves little.
seen = {
    "confidence": any("confidence" in d for d in documents.values()),
    "series": any("series" in d for d in documents.values()),
    "replay": any("replay" in d for d in documents.values()),
    "recovery": any(d.get("recovery") for d in documents.values()),
    "alerts": any(d.get("alerts") for d in documents.values()),
    "an unstable run": any(d.get("status") == "unstable" for d in documents.values()),
    "a cost": any(d.get("cost", 0) > 0 for d in documents.values()),
}
for part, found in seen.items():
    if not found:
        failures.append(f"no document had {part}: the schema's description of it is untested")

broken_cases = 0
if "one run" in documents:
    base = documents["one run"]

    def broken(description, change):
        global broken_cases
        broken_cases += 1
        document = copy.deepcopy(base)
        change(document)
        if validator.is_valid(document):
            failures.append(f"the run-result schema accepts a document with {description}")

    broken("an undocumented key", lambda d: d.__setitem__("p99", 1.0))
    broken("no schema_version", lambda d: d.pop("schema_version"))
    broken("another schema_version", lambda d: d.__setitem__("schema_version", 2))
    broken("latency without p99", lambda d: d["latency"].pop("p99"))
    broken("a verdict that does not exist", lambda d: d.__setitem__("verdict", "fine"))
    broken("a count that is not a number", lambda d: d["requests"].__setitem__("arrived", "many"))
    broken("a component metric that is not a number", lambda d: next(iter(d["components"].values())).__setitem__("util", "high"))
    broken("an undocumented resource key", lambda d: d["components"]["server"]["resources"][0].__setitem__("util", 1))

for failure in failures:
    print(failure, file=sys.stderr)
print(f"run-result schema: {len(documents)} documents valid, {broken_cases} broken ones rejected" if not failures
      else f"run-result schema: {len(failures)} problem(s)")
sys.exit(1 if failures else 0)
