#!/usr/bin/env python3
"""Proves that CTest runs every Catch2 test case exactly once.

catch_discover_tests turns each name that `<binary> --list-test-names-only`
prints into a CTest entry. A name that CMake cannot carry intact (a `;` splits
it into a list) becomes entries that match no test case, and Catch2 v2 exits 0
on those unless `-w NoTests` is passed. This guard compares, for every Catch2
binary given on the command line, the test cases the binary lists with the
CTest entries that run it, and fails on any difference, on a binary with no
test case, and on a binary that exits 0 when its filter matches nothing or when
a test case asserts nothing (the shared main, tests/testing/catch_main.cc, must
turn on Catch2's NoTests and NoAssertions warnings; it carries a hidden test
case without assertions for this check).

Usage: registration_guard.py CTEST BUILD_DIR BINARY...
"""
import collections
import json
import subprocess
import sys


def listed_names(binary):
    # Catch2 v2 exits with the number of test cases listed: not an error.
    out = subprocess.run([binary, "--list-test-names-only"],
                         capture_output=True, text=True).stdout
    return [line.rstrip() for line in out.splitlines() if line.strip()]


def unescape(arg):
    for ch in ",[]":
        arg = arg.replace("\\" + ch, ch)
    return arg


def registered(ctest, build_dir):
    """CTest entries by executable: {binary: [(entry name, name argument)]}."""
    out = subprocess.run([ctest, "--show-only=json-v1"], cwd=build_dir, check=True,
                         capture_output=True, text=True).stdout
    by_binary = collections.defaultdict(list)
    for test in json.loads(out)["tests"]:
        command = test.get("command") or []
        if len(command) >= 2:
            by_binary[command[0]].append((test["name"], unescape(command[1])))
    return by_binary


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    ctest, build_dir, binaries = argv[1], argv[2], argv[3:]
    entries = registered(ctest, build_dir)
    problems = []
    total = 0
    for binary in binaries:
        names = listed_names(binary)
        mine = entries.get(binary, [])
        total += len(names)
        if not names:
            problems.append(f"{binary}: lists no test case")
        listed = collections.Counter(names)
        ran = collections.Counter(arg for _, arg in mine)
        for name in sorted((listed - ran).elements()):
            problems.append(f"{binary}: test case never run by CTest: {name!r}")
        for name in sorted((ran - listed).elements()):
            problems.append(f"{binary}: CTest entry matches no test case: {name!r}")
        unmatched = subprocess.run([binary, "no test case has this name"], capture_output=True)
        if unmatched.returncode == 0:
            problems.append(f"{binary}: exits 0 when no test case matches its filter")
        empty = subprocess.run([binary, "[.vi_guard_no_assertions]"], capture_output=True)
        if empty.returncode == 0:
            problems.append(f"{binary}: exits 0 when a test case asserts nothing")
    for problem in problems:
        print(problem)
    if problems:
        print(f"registration guard: {len(problems)} problem(s)")
        return 1
    print(f"registration guard: {len(binaries)} binaries, {total} test cases, each run once by CTest")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
