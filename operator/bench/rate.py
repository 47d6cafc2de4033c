#!/usr/bin/env python3
"""Stub CPU per request against the rate one JVM serves: the pod entrypoint (a leaf store) on
loopback with the image's JVM flags and a pod's JIT options, driven over one keep-alive connection at fixed rates, each
after its own warm-up. No container, no pod network, no discovery: what it shows is the cost of
serving a request at that rate in one JVM (of it the event loops', their kernel time and how
often they woke per request: one wake-up is the floor), and beside it what the JVM spent to start (until it
listened), in its JIT compilers over the whole run, and its resident memory at the end, so a JIT
flag's A/B shows what it costs as well as what it saves. Each rate is measured again with every
core kept busy by spinners at nice 19 (which take almost nothing from the stub), then idle once
more: the difference is what the machine's idle states add to a request that arrives alone (a
vCPU that halts between requests resumes on cold caches). A harness that prints figures, not a
test.

  python3 operator/bench/rate.py
    BENCH_RATES=40,400,2000   requests per second, in this order
    BENCH_WARMUP=30 BENCH_WINDOW=30   seconds per rate
    BENCH_JIT=c1               the JIT options a pod of that spec.stub.jit gets (c1, c2)
    BENCH_BUSY=on              also measure each rate with the cores kept busy (off: only idle)
    BENCH_JVM_FLAGS="-XX:..."  added after the image's flags (an A/B of one flag)
    BENCH_JAR=cli/target/simarch.jar   another build's jar (an A/B of a change)

Needs cli/target/simarch.jar (mvn -B -pl cli -am package -DskipTests), which carries the stub."""
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import threads  # noqa: E402  (beside this file: per-thread CPU from /proc, as pods.py reads it)

REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
ENV = os.environ.get
RATES = [float(r) for r in ENV("BENCH_RATES", "40,400,2000").split(",")]
WARMUP = float(ENV("BENCH_WARMUP", "30"))
WINDOW = float(ENV("BENCH_WINDOW", "30"))
JIT = ENV("BENCH_JIT", "c1")  # spec.stub.jit's default, as a pod runs unless told otherwise
BUSY = ENV("BENCH_BUSY", "on") == "on"


def image_flags():
    """The stub image's JVM flags, from the one place they are stated (stub-service/pom.xml)."""
    with open(os.path.join(REPO, "stub-service", "pom.xml")) as f:
        m = re.search(r"<simarch.image.baseJvmFlags>([^<]+)</", f.read())
    return m.group(1).split(",")


def jit_flags(jit):
    """The JVM options a pod of spec.stub.jit `jit` is given (the operator sets them as
    JAVA_TOOL_OPTIONS), from the one place they are stated, api's StubJit."""
    with open(os.path.join(REPO, "api", "src", "main", "java", "io", "simarch", "api", "model",
                           "StubJit.java")) as f:
        m = re.search(rf"\b{re.escape(jit.upper())}\((null|\"([^\"]*)\")\)", f.read())
    if not m:
        sys.exit(f"rate.py: BENCH_JIT={jit} is not one of StubJit's values (c1, c2)")
    return m.group(2).split() if m.group(2) else []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024


def spinners():
    """One busy loop per core at nice 19: no core halts, and CFS gives the stub (nice 0) its CPU
    whenever it wakes (weight 1024 against 15)."""
    return [subprocess.Popen(["nice", "-n", "19", sys.executable, "-c", "while True: pass"])
            for _ in range(os.cpu_count())]


def measure(jvm, conn, rate):
    """CPU per request over the window: all, the event loops', their kernel time, wake-ups."""
    a = threads.sample([jvm.pid], wakes=True)
    n, secs = drive(conn, rate, WINDOW)
    spent = threads.split(a, threads.sample([jvm.pid], wakes=True))
    total = sum(v[0] for v in spent.values())
    io = [sum(v[i] for k, v in spent.items() if k.startswith("simarch-io")) for i in range(3)]
    return n / secs, 1e6 * total / n, 1e6 * io[0] / n, 1e6 * io[1] / n, io[2] / n


def drive(conn, rate, seconds):
    n, t0 = 0, time.time()
    nxt = t0
    while time.time() < t0 + seconds:
        conn.request("GET", "/kv/bench")
        conn.getresponse().read()
        n += 1
        nxt += 1.0 / rate
        delay = nxt - time.time()
        if delay > 0:
            time.sleep(delay)
    return n, time.time() - t0


def main():
    jar = ENV("BENCH_JAR", os.path.join(REPO, "cli", "target", "simarch.jar"))
    if not os.path.exists(jar):
        sys.exit(f"rate.py: {jar} missing: mvn -B -pl cli -am package -DskipTests")
    work = tempfile.mkdtemp(prefix="simarch-rate-")
    config = os.path.join(work, "stub.json")
    with open(config, "w") as f:
        f.write('{"architecture":"rate","service":"store","package":"store"}')
    port, health = free_port(), free_port()
    env = dict(os.environ, SIMARCH_CONFIG=config, SIMARCH_INSTANCE="store-rate",
               SIMARCH_REGION="local", SIMARCH_ZONE="local", SIMARCH_HOST="127.0.0.1",
               SIMARCH_PORT=str(port), SIMARCH_HEALTH_PORT=str(health))
    flags = image_flags() + jit_flags(JIT) + ENV("BENCH_JVM_FLAGS", "").split()
    log = open(os.path.join(work, "stub.log"), "w")
    jvm = subprocess.Popen(["java", "-Xmx128m", *flags, "-cp", jar, "io.simarch.stub.app.Application"],
                           env=env, stdout=log, stderr=log)
    try:
        deadline = time.time() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                if time.time() > deadline or jvm.poll() is not None:
                    sys.exit(f"rate.py: the stub did not listen; see {work}/stub.log")
                time.sleep(0.01)
        start_cpu = threads.process_cpu(jvm.pid)
        conn = http.client.HTTPConnection("127.0.0.1", port)
        rows = []
        for rate in RATES:
            drive(conn, rate, WARMUP)
            row = measure(jvm, conn, rate)
            busy = again = float("nan")
            if BUSY:
                spin = spinners()
                try:
                    busy = measure(jvm, conn, rate)[1]
                finally:
                    for sp in spin:
                        sp.kill()
                        sp.wait()
                # idle once more: a JIT still warming would otherwise pass for the busy cores' gain
                again = measure(jvm, conn, rate)[1]
            rows.append((rate, *row, busy, again))
        log.flush()
        with open(os.path.join(work, "stub.log")) as f:
            m = re.search(r"transport=(\w+)", f.read())
        print(f"stub CPU per request against rate: {os.path.relpath(jar, REPO)}, one stub JVM "
              f"(a leaf store, GET /kv/bench, untraced) on loopback, one keep-alive connection, "
              f"transport {m.group(1) if m else 'nio (no transport= in its log)'}, flags {' '.join(flags)}, "
              f"warm-up {WARMUP:.0f}s and window {WINDOW:.0f}s per rate, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f}")
        print(f"{'asked req/s':>12}{'served req/s':>14}{'CPU/request (us)':>18}"
              f"{'of it event loop':>18}{'its kernel':>12}{'its wake-ups':>14}"
              f"{'cores kept busy':>17}{'idle again':>12}{'idle : busy':>13}")
        for rate, served, per, io, kernel, wakes, busy, again in rows:
            print(f"{rate:12.0f}{served:14.0f}{per:18.0f}{io:18.0f}{kernel:12.0f}{wakes:14.2f}"
                  + (f"{busy:17.0f}{again:12.0f}{(per + again) / 2 / busy:13.1f}" if busy == busy
                     else f"{'-':>17}{'-':>12}{'-':>13}"))
        low, high = rows[0][2], rows[-1][2]
        print(f"ratio {RATES[0]:.0f}/s : {RATES[-1]:.0f}/s = {low / high:.1f}"
              + ("; cores kept busy: nice-19 spinners on every core in a window between two "
                 "idle ones (idle : busy takes their mean)" if BUSY else ""))
        alive = threads.by_thread({}, threads.sample([jvm.pid]))
        jit = sum(v for k, v in alive.items() if "Compiler" in k)
        print(f"start: {start_cpu:.2f} s of CPU until it listened; whole run: "
              f"{threads.process_cpu(jvm.pid):.2f} s of CPU, of it JIT compilers {jit:.2f} s "
              f"(threads alive at the end); "
              f"resident {rss_mb(jvm.pid):.0f} MB at the end")
    finally:
        jvm.terminate()
        jvm.wait(30)
    shutil.rmtree(work)  # kept, with the stub's log, when the run failed


if __name__ == "__main__":
    main()
