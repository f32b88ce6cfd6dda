#!/usr/bin/env python3
"""Runs one of the README's marked snippets against a fresh vi-sandbox.

A snippet is the fenced block right after a `<!-- snippet: NAME -->` line in
README.md. CMake registers one CTest test per marker (tests/ci/CMakeLists.txt),
so every marked snippet runs; this script knows what each one must print
(EXPECT), and a marker it does not know fails. The snippet's URL
(127.0.0.1:8080) is pointed at the emulator on a free port, and
VI_SANDBOX_BIN=build/mock-server/vi-sandbox at the binary under test (which is also
first on PATH, with vi-client), and 8443 (a snippet's own server) at a free port. Snippets
run in the README's directory (the repository root).

Usage: readme_snippet.py README NAME VI_SANDBOX BUILD_DIR PHP PYTHON [CMAKE_ARG...]
  sh blocks run with bash -e (BUILD_DIR/client first on PATH), php with PHP, python with PYTHON (the one
  with zeep), cpp as main.cc of a project built through find_package(vi_client)
  against `cmake --install BUILD_DIR` in a scratch prefix (CMAKE_ARGs go to
  its configure).
"""
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

EXPECT = {
    "try-it": ["<wsdl:definitions", "Reserved for 30 minutes", '"offsetSeconds":1800'],
    "php": ["reserve: 100 Reserved for 30 minutes", "30 minutes later: Available", "release: 100 Released"],
    "python": ["reserve: 100 Reserved for 30 minutes", "30 minutes later: Available", "release: 100 Released"],
    "curl": ["<status>Reserved for 30 minutes", "<availability>Available</availability>",
             "<status>Released</status>"],
    "cpp": ["reserve: 100 Reserved for 30 minutes", "30 minutes later: Available", "release: 100 Released"],
    "recipe": ["with-vi-sandbox: vi-sandbox healthy on port"],
    "tls": ["listening on https://127.0.0.1:", 'location="https://127.0.0.1:'],
    "vi-client": ["4352016526  RICHFIELD", '"statusCode": "100"', "Reserved for 30 minutes", "id                    36623",
                  "usage: vi-client"],
}


def snippet(readme, name):
    text = open(readme, encoding="utf-8").read()
    m = re.search(r"^<!-- snippet: " + re.escape(name) + r" -->\n```(\w+)\n(.*?)^```$", text, re.M | re.S)
    if not m:
        sys.exit(f"FAIL: no snippet '{name}' (a <!-- snippet: {name} --> line, then a fenced block) in {readme}")
    return m.group(1), m.group(2)


def start_server(binary):
    proc = subprocess.Popen([binary, "--port", "0", "--quiet", "--inventory-size", "2000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.match(r"listening on http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        proc.kill()
        sys.exit(f"FAIL: vi-sandbox did not start: {line!r} {proc.stderr.read()}")
    return proc, int(m.group(1))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cpp(code, scratch, build, cmake_args):
    prefix = os.path.join(scratch, "prefix")
    proj = os.path.join(scratch, "proj")
    os.makedirs(proj)
    subprocess.run(["cmake", "--install", build, "--prefix", prefix], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(proj, "CMakeLists.txt"), "w") as f:
        f.write("cmake_minimum_required(VERSION 3.25)\nproject(snippet LANGUAGES CXX)\n"
                "find_package(vi_client REQUIRED)\nadd_executable(snippet main.cc)\n"
                "target_link_libraries(snippet PRIVATE vi::client)\n")
    with open(os.path.join(proj, "main.cc"), "w") as f:
        f.write(code)
    out = os.path.join(proj, "build")
    for cmd in (["cmake", "-S", proj, "-B", out, f"-DCMAKE_PREFIX_PATH={prefix}", "-DCMAKE_BUILD_TYPE=Release",
                 *cmake_args], ["cmake", "--build", out, "-j", "2"]):
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            sys.exit(f"FAIL: {' '.join(cmd)}\n{r.stdout}")
    return [os.path.join(out, "snippet")]


def main():
    readme, name, binary, build, php, python = sys.argv[1:7]
    cmake_args = sys.argv[7:]
    if name not in EXPECT:
        sys.exit(f"FAIL: snippet '{name}' has no expectation in {__file__}: add what it must print")
    lang, code = snippet(readme, name)
    with tempfile.TemporaryDirectory() as scratch:
        proc, port = start_server(binary)
        try:
            code = code.replace("127.0.0.1:8080", f"127.0.0.1:{port}")
            code = code.replace("VI_SANDBOX_BIN=build/mock-server/vi-sandbox", f"VI_SANDBOX_BIN={binary}")
            # A snippet that starts its own server (tls) gets a free port for 8443.
            code = code.replace("8443", str(free_port()))
            if lang == "cpp":
                cmd = run_cpp(code, scratch, build, cmake_args)
            else:
                ext = {"sh": "sh", "php": "php", "python": "py"}.get(lang)
                if ext is None:
                    sys.exit(f"FAIL: snippet '{name}': no runner for ```{lang}")
                path = os.path.join(scratch, f"snippet.{ext}")
                with open(path, "w") as f:
                    f.write(code)
                cmd = {"sh": ["bash", "-e", path], "php": [php, path], "py": [python, path]}[ext]
            start = time.monotonic()
            env = dict(os.environ)  # vi-client and vi-sandbox from this build first on PATH
            env["TMPDIR"] = scratch  # what a snippet makes with mktemp goes with the scratch folder
            env["PATH"] = os.pathsep.join([os.path.join(build, "client"), os.path.dirname(binary), env.get("PATH", "")])
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120,
                               env=env, cwd=os.path.dirname(os.path.abspath(readme)))
            print(r.stdout)
            print(f"({name}: exit {r.returncode}, {time.monotonic() - start:.2f} s)")
            if r.returncode != 0:
                sys.exit(f"FAIL: snippet '{name}' exited {r.returncode}")
            missing = [e for e in EXPECT[name] if e not in r.stdout]
            if missing:
                sys.exit(f"FAIL: snippet '{name}' did not print {missing}")
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"ok: README snippet '{name}' runs and prints what it promises")


if __name__ == "__main__":
    main()
