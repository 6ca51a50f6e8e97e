#!/usr/bin/env python3
"""Checks docs/headroom.schema.json against the model files, as an editor would.

Every shipped model (models/ and models/textbook/) must be valid against the schema, and a few
models broken in ways the schema can see (an unknown key, a value of the wrong kind, a number out
of range, an unknown component type) must not be: so the schema neither rejects a good model in a
user's editor nor lets an obvious typo through. Run by scripts/tests.d/15-schema with the
notebooks' virtual environment (jsonschema, PyYAML).
"""
import copy
import glob
import json
import os
import sys

import jsonschema
import yaml

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
with open(os.path.join(root, "docs", "headroom.schema.json"), encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)


def as_json(document):
    # YAML mapping keys such as shard numbers are integers; JSON's are strings.
    return json.loads(json.dumps(document, default=str))


failures = []
models = sorted(glob.glob(os.path.join(root, "models", "*.yaml")) + glob.glob(os.path.join(root, "models", "textbook", "*.yaml")))
if not models:
    failures.append("no model files found under models/")
for path in models:
    with open(path, encoding="utf-8") as f:
        document = as_json(yaml.safe_load(f))
    for error in validator.iter_errors(document):
        failures.append(f"{os.path.relpath(path, root)}: {'/'.join(map(str, error.absolute_path))}: {error.message}")

with open(os.path.join(root, "models", "full-saas.yaml"), encoding="utf-8") as f:
    base = as_json(yaml.safe_load(f))


broken_cases = 0


def broken(description, change):
    global broken_cases
    broken_cases += 1
    document = copy.deepcopy(base)
    change(document)
    if validator.is_valid(document):
        failures.append(f"the schema accepts a model with {description}")


broken("an unknown top-level key", lambda d: d.__setitem__("duraton", "10m"))
broken("an unknown component key", lambda d: d["components"]["app"].__setitem__("replica", 4))
broken("an unknown component type", lambda d: d["components"]["app"].__setitem__("type", "app_sever"))
broken("replicas above their bound", lambda d: d["components"]["app"].__setitem__("replicas", 10_000_001))
broken("a duration without a unit", lambda d: d.__setitem__("duration", "600"))
broken("a policy that does not exist", lambda d: d["components"]["lb"].__setitem__("policy", "fastest"))
broken("a pool without its size", lambda d: d["components"]["pool"].pop("size"))
broken("an unknown step keyword", lambda d: d["flows"][next(iter(d["flows"]))].append({"wrok": "app"}))
broken("an unknown key of cost", lambda d: d.setdefault("cost", {}).__setitem__("curency", "EUR"))
broken("an unknown key of traffic.replay", lambda d: d["traffic"].__setitem__("replay", {"file": "a.log", "sped": "3x"}))

for failure in failures:
    print(failure, file=sys.stderr)
print(f"schema: {len(models)} models valid, {broken_cases} broken ones rejected" if not failures else f"schema: {len(failures)} problem(s)")
sys.exit(1 if failures else 0)
