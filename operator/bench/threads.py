#!/usr/bin/env python3
"""Per-thread CPU of a namespace's stub JVMs, from /proc on the node's host: where a stub's CPU
goes, idle or under traffic. A harness that prints figures, not a test; run it on the node (the
kit's node is this machine), e.g. during operator/bench/pods.sh's idle window (pods.py also uses
it to split its traffic window by thread).

  python3 operator/bench/threads.py NAMESPACE [SECONDS=60]

Needs KUBECONFIG and kubectl (the pods' UIDs, which name their cgroups)."""
import collections
import json
import os
import re
import subprocess
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")


def stub_jvms_by_pod(ns):
    """Pod name -> PID of its JVM, for the namespace's pods whose JVM runs on this host."""
    pods = json.loads(subprocess.check_output(["kubectl", "-n", ns, "get", "pods", "-o", "json"]))
    names = {}
    for p in pods["items"]:
        uid = p["metadata"]["uid"]
        names[uid] = names[uid.replace("-", "_")] = p["metadata"]["name"]
    jvms = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cgroup") as f:
                cgroup = f.read()
            with open(f"/proc/{pid}/cmdline") as f:
                cmd = f.read()
        except OSError:
            continue
        if "java" in cmd:
            for uid, name in names.items():
                if uid in cgroup:
                    jvms[name] = pid
    return jvms


def stub_jvms(ns):
    """PIDs of the JVMs on this host whose cgroup is one of the namespace's pods."""
    return list(stub_jvms_by_pod(ns).values())


def process_cpu(pid):
    """Seconds of CPU a process has used, its ended threads included; None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
    except OSError:
        return None
    fields = s[s.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def sample(jvms, wakes=False):
    """(pid, tid) -> (thread name, utime + stime, stime, in ticks; voluntary context switches when
    wakes, else 0)."""
    out = {}
    for pid in jvms:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    s = f.read()
                switches = 0
                if wakes:
                    with open(f"/proc/{pid}/task/{tid}/status") as f:
                        switches = int(re.search(r"\nvoluntary_ctxt_switches:\s+(\d+)", f.read())[1])
            except OSError:
                continue
            comm = s[s.index("(") + 1 : s.rindex(")")]
            fields = s[s.rindex(")") + 2 :].split()
            out[(pid, tid)] = (comm, int(fields[11]) + int(fields[12]), int(fields[12]), switches)
    return out


def split(a, b):
    """Between two samples, by thread name with numbers folded (simarch-io-N-N): [seconds of CPU,
    of it in the kernel, voluntary context switches (wake-ups)]."""
    by = {}
    for key, (comm, ticks, kernel, switches) in b.items():
        _, ticks0, kernel0, switches0 = a.get(key, (comm, 0, 0, 0))
        v = by.setdefault(re.sub(r"\d+", "N", comm), [0.0, 0.0, 0])
        v[0] += (ticks - ticks0) / HZ
        v[1] += (kernel - kernel0) / HZ
        v[2] += switches - switches0
    return by


def by_thread(a, b):
    """Seconds of CPU between two samples, by thread name with numbers folded (simarch-io-N-N)."""
    return collections.Counter({name: v[0] for name, v in split(a, b).items()})


def main():
    ns = sys.argv[1]
    window = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    jvms = stub_jvms(ns)
    if not jvms:
        sys.exit(f"threads.py: no JVM of namespace {ns} on this host")
    a = sample(jvms)
    time.sleep(window)
    by = by_thread(a, sample(jvms))
    per_jvm = 1000 / window / len(jvms)  # seconds -> ms of CPU per second per JVM
    print(f"{len(jvms)} stub JVMs in {ns} over {window:.0f}s: "
          f"{sum(by.values()) * per_jvm / 10:.3f}% of a core per JVM; by thread, ms of CPU per second:")
    for comm, secs in by.most_common():
        if secs:
            print(f"  {comm:24}{secs * per_jvm:8.3f}")


if __name__ == "__main__":
    main()
