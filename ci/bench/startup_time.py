#!/usr/bin/env python3
"""Start-up time of vi-sandbox, for ci/bench-latency.sh.

Starts the server N times (--port 0) and, for each start, measures from just
before the spawn (time.perf_counter) to:
  1. the "listening on http://127.0.0.1:<port>/" line on its stdout,
  2. the first 200 answer to GET /_admin/health,
  3. the first 200 answer to a queryDID POST.
Each step is a tight poll loop (new connection per attempt, 0.5 ms pause
after a refused or failed attempt), so a figure is accurate to about one
loopback round trip plus 0.5 ms. The server is stopped after each start.
Prints a Markdown block with the medians. Talks to 127.0.0.1 only.

Usage: startup_time.py --starts N --timeout S --query-body FILE -- SERVER [ARGS...]
"""

import argparse
import ctypes
import http.client
import os
import re
import selectors
import signal
import statistics
import subprocess
import sys
import time

LINE = re.compile(r"^listening on http://127\.0\.0\.1:(\d+)/\s*$")
SOAP_PATH = "/VOIP/Services/APIService.asmx"


def die_with_parent():
    """Child side of Popen: get SIGTERM if this script dies (Linux only)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def read_line(proc, deadline):
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    buf = b""
    while b"\n" not in buf:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise TimeoutError("no 'listening on' line before the deadline")
        if not sel.select(timeout=left):
            continue
        chunk = os.read(proc.stdout.fileno(), 4096)
        if not chunk:
            raise RuntimeError("server closed stdout (exit code %s)" % proc.poll())
        buf += chunk
    return buf.split(b"\n", 1)[0].decode("utf-8", "replace")


def poll(port, method, path, body, headers, deadline, proc):
    """Returns (elapsed-at-success, response body) for the first 200."""
    last = "no attempt"
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited with %s while polling %s" % (proc.returncode, path))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            if resp.status == 200:
                return time.perf_counter(), data
            last = "HTTP %d" % resp.status
        except OSError as e:
            last = str(e)
        finally:
            conn.close()
        time.sleep(0.0005)
    raise TimeoutError("no 200 from %s %s before the deadline (last: %s)" % (method, path, last))


def proc_status_kib(pid, key):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def one_start(argv, body, timeout, stderr):
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr,
                            preexec_fn=die_with_parent)
    try:
        deadline = t0 + timeout
        line = read_line(proc, deadline)
        t_line = time.perf_counter()
        m = LINE.match(line)
        if not m:
            raise RuntimeError("unexpected first line: %r" % line)
        port = int(m.group(1))
        t_health, _ = poll(port, "GET", "/_admin/health", None, {}, deadline, proc)
        headers = {"Content-Type": "text/xml; charset=utf-8",
                   "SOAPAction": '"http://tempuri.org/queryDID"'}
        t_query, answer = poll(port, "POST", SOAP_PATH, body, headers, deadline, proc)
        ok = re.search(rb"responseCode>100<", answer) is not None
        rss = proc_status_kib(proc.pid, "VmRSS")
        hwm = proc_status_kib(proc.pid, "VmHWM")
        ms = lambda t: (t - t0) * 1000.0
        return ms(t_line), ms(t_health), ms(t_query), rss, hwm, ok
    finally:
        stop(proc)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--starts", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per start")
    ap.add_argument("--query-body", required=True)
    ap.add_argument("--stderr-log", default=os.devnull)
    ap.add_argument("server", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    argv = a.server[1:] if a.server[:1] == ["--"] else a.server
    if not argv:
        ap.error("missing server command")
    with open(a.query_body, "rb") as f:
        body = f.read()

    runs = []
    with open(a.stderr_log, "ab") as err:
        for _ in range(a.starts):
            runs.append(one_start(argv, body, a.timeout, err))

    med = lambda i: statistics.median(r[i] for r in runs)
    fmt = lambda i: ", ".join("%.1f" % r[i] for r in runs)
    rss = [r[3] for r in runs if r[3] is not None]
    hwm = [r[4] for r in runs if r[4] is not None]
    print("Start-up (median of %d starts; from spawn, polled as described in ci/bench/startup_time.py):"
          % len(runs))
    print()
    print("| step | median | all starts (ms) |")
    print("|---|---:|---|")
    print("| `listening on` line | %.1f ms | %s |" % (med(0), fmt(0)))
    print("| first 200 on `GET /_admin/health` | %.1f ms | %s |" % (med(1), fmt(1)))
    print("| first 200 on `queryDID` | %.1f ms | %s |" % (med(2), fmt(2)))
    print()
    if rss:
        print("Server memory right after start-up: VmRSS %.1f MiB, VmHWM %.1f MiB (medians)."
              % (statistics.median(rss) / 1024, statistics.median(hwm) / 1024 if hwm else float("nan")))
    if not all(r[5] for r in runs):
        print()
        print("**Warning:** a start-up queryDID answer did not carry responseCode 100.")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (TimeoutError, RuntimeError) as e:
        print("startup_time: %s" % e, file=sys.stderr)
        sys.exit(1)
