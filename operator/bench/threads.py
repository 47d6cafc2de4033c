#!/usr/bin/env python3
"""Per-thread CPU of a namespace's stub JVMs, from /proc on the node's host: where an idle stub's
CPU goes. A harness that prints figures, not a test; run it on the node (the kit's node is this
machine) while the pods are idle, e.g. during operator/bench/pods.sh's idle window.

  python3 operator/bench/threads.py NAMESPACE [SECONDS=60]

Needs KUBECONFIG and kubectl (the pods' UIDs, which name their cgroups)."""
import collections
import json
import os
import re
import subprocess
import sys
import time

ns = sys.argv[1]
window = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
hz = os.sysconf("SC_CLK_TCK")
pods = json.loads(subprocess.check_output(["kubectl", "-n", ns, "get", "pods", "-o", "json"]))
uids = set()
for p in pods["items"]:
    uids.update({p["metadata"]["uid"], p["metadata"]["uid"].replace("-", "_")})
jvms = []
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open(f"/proc/{pid}/cgroup") as f:
            cgroup = f.read()
        with open(f"/proc/{pid}/cmdline") as f:
            cmd = f.read()
    except OSError:
        continue
    if "java" in cmd and any(u in cgroup for u in uids):
        jvms.append(pid)
if not jvms:
    sys.exit(f"threads.py: no JVM of namespace {ns} on this host")


def sample():
    out = {}
    for pid in jvms:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    s = f.read()
            except OSError:
                continue
            comm = s[s.index("(") + 1 : s.rindex(")")]
            fields = s[s.rindex(")") + 2 :].split()
            out[(pid, tid)] = (comm, int(fields[11]) + int(fields[12]))  # utime + stime
    return out


a = sample()
time.sleep(window)
b = sample()
by = collections.Counter()
for key, (comm, ticks) in b.items():
    # threads of a pool by one name (simarch-io-3-1 -> simarch-io-N-N)
    by[re.sub(r"\d+", "N", comm)] += ticks - a.get(key, (comm, 0))[1]
per_jvm = 1000 / hz / window / len(jvms)  # ticks -> ms of CPU per second per JVM
print(f"{len(jvms)} stub JVMs in {ns} over {window:.0f}s: "
      f"{sum(by.values()) * per_jvm / 10:.3f}% of a core per JVM; by thread, ms of CPU per second:")
for comm, ticks in by.most_common():
    if ticks:
        print(f"  {comm:24}{ticks * per_jvm:8.3f}")
