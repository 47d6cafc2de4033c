#!/usr/bin/env python3
"""Pod benchmark: what a stub costs in pods, beside `simarch run` and nginx, in one run.

Run through operator/bench/pods.sh (which builds nothing: it needs the stub image loaded where
the cluster finds it, operator/target/*-runnable.jar and cli/target/simarch.jar). Prints, side
by side: stub CPU per hop (pods: /proc of each pod's JVM when the node is this host, as the
kit's is, else the kubelet's per-pod CPU accounting, /stats/summary; procs: the same pods' JVMs,
configs and identities started as plain processes on loopback once the pods are gone, /proc;
local: /proc of the simarch run JVM; nginx: /proc of its worker) over a fixed window at a fixed
rate,
idle CPU per stub, spans/s delivered to a receiver, restarts, shed requests, and time (and CPU)
to Ready for every pod of the architecture.
"""
import gzip
import http.server
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import threads  # noqa: E402  (beside this file)
from rate import image_flags  # noqa: E402  (the stub image's JVM flags, read where they are stated)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
ENV = os.environ.get
ARCH_FILE = ENV("BENCH_ARCH", os.path.join(HERE, "banking.yaml"))
INTERVAL = ENV("BENCH_INTERVAL", "10ms")
WARMUP = int(ENV("BENCH_WARMUP", "30"))
WINDOW = int(ENV("BENCH_WINDOW", "60"))
IDLE = int(ENV("BENCH_IDLE", "120"))
NAMESPACE = ENV("BENCH_NAMESPACE", "simarch-bench")
RECEIVER_HOST = ENV("BENCH_RECEIVER_HOST", "10.245.0.1")  # the kit's gateway: pods reach it
TRACING = ENV("BENCH_TRACING", "on") == "on"
READY_TIMEOUT = int(ENV("BENCH_READY_TIMEOUT", "600"))
OPERATOR = ENV("BENCH_OPERATOR", "host")  # host: run the operator jar here; cluster: installed
PARTS = ENV("BENCH_PARTS", "pods,procs,local,nginx").split(",")  # procs needs pods
STUB_IMAGE = ENV("BENCH_STUB_IMAGE")  # the host operator's SIMARCH_STUB_IMAGE (default: its own)
JIT = ENV("BENCH_JIT")  # spec.stub.jit (c1, c2; default the architecture's)
NAME = "bench"  # the architecture's name, in the cluster and in simarch run


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def kubectl(*args, input=None, check=True):
    r = subprocess.run(["kubectl", *args], input=input, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"kubectl {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def apply_arch(text):
    """Applies an architecture; kubectl validates it against the API server's OpenAPI, which
    publishes a CRD's new fields some seconds after the CRD changed (run() applies crds/ first)."""
    t0 = time.time()
    while True:
        try:
            return kubectl("apply", "-f", "-", input=text)
        except RuntimeError as e:
            if "ValidationError" not in str(e) or time.time() - t0 > 60:
                raise
            time.sleep(2)


def kjson(*args):
    return json.loads(kubectl(*args, "-o", "json"))


# ---------------------------------------------------------------- OTLP/HTTP receiver (counts)
def _varint(b, i):
    shift = result = 0
    while True:
        c = b[i]
        i += 1
        result |= (c & 0x7F) << shift
        if c < 0x80:
            return result, i
        shift += 7


def _fields(b):
    """(field number, wire type, value or bytes) of one protobuf message."""
    i = 0
    while i < len(b):
        key, i = _varint(b, i)
        f, wt = key >> 3, key & 7
        if wt == 0:
            v, i = _varint(b, i)
        elif wt == 1:
            v, i = None, i + 8
        elif wt == 5:
            v, i = None, i + 4
        elif wt == 2:
            n, i = _varint(b, i)
            v, i = b[i : i + n], i + n
        else:
            raise ValueError(f"wire type {wt}")
        yield f, wt, v


def count_spans(body):
    """Spans in an ExportTraceServiceRequest: resource_spans(1) > scope_spans(2) > spans(2)."""
    n = 0
    for f, wt, rs in _fields(body):
        if f == 1 and wt == 2:
            for f2, wt2, ss in _fields(rs):
                if f2 == 2 and wt2 == 2:
                    n += sum(1 for f3, wt3, _ in _fields(ss) if f3 == 2 and wt3 == 2)
    return n


class Receiver:
    """OTLP/HTTP protobuf traces endpoint that counts the spans it is given."""

    def __init__(self, host):
        self.spans = 0
        lock = threading.Lock()
        outer = self

        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                n = count_spans(body)
                with lock:
                    outer.spans += n
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer((host, 0), H)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


# ---------------------------------------------------------------- pods
def arch_yaml(name, interval, duration, endpoint):
    text = open(ARCH_FILE).read()
    text = re.sub(r"(?m)^  name: .*$", f"  name: {name}\n  namespace: {NAMESPACE}", text, 1)
    text = re.sub(r"(?m)^    interval: .*$", f"    interval: {interval}", text, 1)
    text = re.sub(r"(?m)^    duration: .*$", f'    duration: "{duration}"', text, 1)
    tracing = (
        f"  tracing: {{enabled: true, endpoint: \"{endpoint}\", sampling: 1.0}}\n"
        if endpoint
        else "  tracing: {enabled: false}\n"
    )
    stub = f"  stub: {{jit: {JIT}}}\n" if JIT else ""
    return text.replace("\nspec:\n", "\nspec:\n" + tracing + stub, 1)


def pods(name, terminating=False):
    items = kjson("-n", NAMESPACE, "get", "pods", "-l", f"simarch.io/architecture={name}")["items"]
    return [p for p in items if terminating or p["metadata"].get("deletionTimestamp") is None]


def wait_gone(name):
    """A run right after another (an A/B of images) would otherwise apply over the last run's
    architecture while its Deployments are still being deleted, and count both runs' pods."""
    t0 = time.time()
    while time.time() - t0 < READY_TIMEOUT:
        arch = kubectl("-n", NAMESPACE, "get", "simarch", name, "--ignore-not-found", "-o", "name")
        if not arch.strip() and not pods(name, terminating=True):
            if time.time() - t0 > 1:
                log(f"the last run's architecture and pods were gone after {time.time() - t0:.0f}s")
            return
        time.sleep(1)
    sys.exit(f"pods.py: architecture {name} of an earlier run still in {NAMESPACE}; delete it")


def transports(name):
    """How many pods start on each transport and JIT, from their start lines: an image A/B that
    does not load Netty's native library runs on NIO, and the compilers a pod runs are its
    JAVA_TOOL_OPTIONS', which only its pods' logs say."""
    seen = {}
    for p in pods(name):
        out = kubectl("-n", NAMESPACE, "logs", p["metadata"]["name"], check=False)
        m = re.search(r"Started pod .*transport=(\w+)(?: jit=(\w+))?", out)
        t = f"{m.group(1)}, jit {m.group(2) or 'unknown'}" if m else "unknown"
        seen[t] = seen.get(t, 0) + 1
    return seen


def ready(p):
    return any(
        c["type"] == "Ready" and c["status"] == "True" for c in p["status"].get("conditions", [])
    )


def restarts(ps):
    return sum(c.get("restartCount", 0) for p in ps for c in p["status"].get("containerStatuses", []))


def cpu_by_pod(nodes):
    """Cumulative CPU seconds of every pod of the namespace, from the kubelets' summaries."""
    out = {}
    for n in nodes:
        s = json.loads(kubectl("get", "--raw", f"/api/v1/nodes/{n}/proxy/stats/summary"))
        for p in s["pods"]:
            if p["podRef"]["namespace"] == NAMESPACE and "cpu" in p:
                out[p["podRef"]["name"]] = p["cpu"].get("usageCoreNanoSeconds", 0) / 1e9
    return out


def pod_cpu(nodes):
    """CPU seconds of every pod so far: its JVM's /proc where it runs on this host (the kit; exact
    at any moment), else the kubelet's summary, which its stats collection refreshes every 10-15 s
    and which reads 0 for a pod younger than that."""
    out = cpu_by_pod(nodes)
    for name, pid in threads.stub_jvms_by_pod(NAMESPACE).items():
        c = threads.process_cpu(pid)
        if c is not None:
            out[name] = c
    return out


METRIC = re.compile(r"(?m)^(simarch_[a-z_]+)(\{[^}]*\})? ([0-9.eE+-]+)$")
OUTCOME = re.compile(r'outcome="([^"]*)"')


def scrape(text):
    """Sums by series name, and by name{outcome="..."} for series with an outcome label."""
    sums = {}
    for m in METRIC.finditer(text):
        keys = [m.group(1)]
        o = OUTCOME.search(m.group(2) or "")
        if o:
            keys.append(f"{m.group(1)}{{{o.group(1)}}}")
        for k in keys:
            sums[k] = sums.get(k, 0) + float(m.group(3))
    return sums


def by_outcome(m0, m1, name):
    """The window's increase of one outcome-labelled series, by outcome, largest first."""
    out = {}
    for k, v in m1.items():
        if k.startswith(name + "{"):
            d = v - m0.get(k, 0)
            if d > 0:
                out[k[len(name) + 1:-1]] = d
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def pod_metrics(ps):
    def texts():
        for p in ps:
            name = p["metadata"]["name"]
            try:
                yield kubectl("get", "--raw", f"/api/v1/namespaces/{NAMESPACE}/pods/{name}:8080/proxy/metrics")
            except RuntimeError:
                continue
    return summed(texts())


def summed(texts):
    """scrape() of several stubs' /metrics, added up."""
    total = {}
    for text in texts:
        for k, v in scrape(text).items():
            total[k] = total.get(k, 0) + v
    return total


def start_operator():
    if OPERATOR != "host":
        return None
    jar = next(
        (os.path.join(REPO, "operator/target", f) for f in os.listdir(os.path.join(REPO, "operator/target"))
         if f.endswith("-runnable.jar")),
        None,
    )
    if not jar:
        sys.exit("pods.py: operator/target/*-runnable.jar missing: mvn -pl operator -am package -DskipTests")
    env = dict(os.environ, SIMARCH_LEADER_ELECTION="false", SIMARCH_HEALTH_PORT="0",
               SIMARCH_WATCH_NAMESPACES=NAMESPACE)
    if STUB_IMAGE:
        env["SIMARCH_STUB_IMAGE"] = STUB_IMAGE
    logf = open(os.path.join(tempfile.gettempdir(), "simarch-bench-operator.log"), "w")
    return subprocess.Popen(["java", "-Xmx512m", "-jar", jar], env=env, stdout=logf, stderr=logf)


def thread_sample():
    """Per-thread CPU of the stub JVMs when this host is the node (the kit), else None."""
    jvms = threads.stub_jvms(NAMESPACE)
    return (jvms, threads.sample(jvms)) if jvms else None


def thread_split(start, per, seconds, events):
    """Where the CPU since start went, by thread: microseconds per event per stub and second."""
    if start is None:
        return None
    jvms, a = start
    by = threads.by_thread(a, threads.sample(jvms))
    return [(name, 1e6 * secs / per / seconds / events) for name, secs in by.most_common(6) if secs]


def run_pods(receiver):
    res = {}
    kubectl("apply", "-f", os.path.join(REPO, "crds"))
    kubectl("create", "namespace", NAMESPACE, check=False)
    op = start_operator()
    name = NAME
    endpoint = f"http://{RECEIVER_HOST}:{receiver.port}" if receiver else None
    try:
        wait_gone(name)  # inside the try: a timeout still stops the operator started above
        nodes = [n["metadata"]["name"] for n in kjson("get", "nodes")["items"]]
        # phase 1: traffic for one second only, so the architecture goes idle once Ready
        apply_arch(arch_yaml(name, INTERVAL, "1s", endpoint))
        t0 = time.time()
        cpu_at_ready, ready_at = {}, {}
        expected = None
        while time.time() - t0 < READY_TIMEOUT:
            ps = pods(name)
            if expected is None:
                # every Deployment of the architecture exists once its status lists every service
                try:
                    arch = kjson("-n", NAMESPACE, "get", "simarch", name)
                    listed = arch["status"]["services"]
                    if len(listed) == len(arch["spec"]["services"]):
                        expected = sum(s["desired"] for s in listed)
                except (KeyError, TypeError, RuntimeError):
                    expected = None
            fresh = [p for p in ps if ready(p) and p["metadata"]["name"] not in ready_at]
            if fresh:
                cpu = pod_cpu(nodes)
                for p in fresh:
                    n = p["metadata"]["name"]
                    ready_at[n] = time.time() - t0
                    cpu_at_ready[n] = cpu.get(n) or float("nan")  # 0: not collected yet
            if expected and len(ps) >= expected and all(ready(p) for p in ps):
                break
            time.sleep(1)
        res["pods"] = len(ready_at)
        res["ready_s"] = max(ready_at.values()) if ready_at else float("nan")
        known = [c for c in cpu_at_ready.values() if not math.isnan(c)]
        res["cpu_to_ready_s"] = statistics.median(known) if known else float("nan")
        log(f"pods: {len(ready_at)} Ready in {res['ready_s']:.1f}s")
        res["transports"] = transports(name)
        # idle: let the start settle, then a window with no traffic
        time.sleep(15)
        ps = pods(name)
        c0, t0 = pod_cpu(nodes), thread_sample()
        time.sleep(IDLE)
        c1 = pod_cpu(nodes)
        res["idle_threads"] = thread_split(t0, len(c1), IDLE, 1)
        idle = [(c1[n] - c0[n]) / IDLE for n in c1 if n in c0]
        res["idle_core_per_stub"] = statistics.median(idle)
        log(f"pods: idle {100 * res['idle_core_per_stub']:.3f}% of a core per stub (median)")
        if WINDOW <= 0:
            return res  # start and idle only (BENCH_WINDOW=0)
        # phase 2: the root sends at the fixed rate (only the root's pod restarts)
        apply_arch(arch_yaml(name, INTERVAL, "0", endpoint))
        time.sleep(5)
        deadline = time.time() + READY_TIMEOUT
        while time.time() < deadline:
            ps = pods(name)
            if len(ps) >= res["pods"] and all(ready(p) for p in ps):
                break
            time.sleep(1)
        time.sleep(WARMUP)
        ps = pods(name)
        r0, c0, m0, s0 = restarts(ps), pod_cpu(nodes), pod_metrics(ps), receiver.spans if receiver else 0
        t0 = thread_sample()
        time.sleep(WINDOW)
        ps = pods(name)
        r1, c1, m1, s1 = restarts(ps), pod_cpu(nodes), pod_metrics(ps), receiver.spans if receiver else 0
        cpu = sum(c1[n] - c0[n] for n in c1 if n in c0)
        hops = m1.get("simarch_requests_total", 0) - m0.get("simarch_requests_total", 0)
        roots = m1.get("simarch_traffic_requests_total", 0) - m0.get("simarch_traffic_requests_total", 0)
        res["hops"] = hops
        res["root_rps"] = roots / WINDOW
        res["cpu_per_hop_us"] = 1e6 * cpu / hops if hops else float("nan")
        res["hop_threads"] = thread_split(t0, 1, 1, hops)
        res["cores"] = cpu / WINDOW
        res["spans_per_s"] = (s1 - s0) / WINDOW
        res["restarts"] = restarts(ps)
        res["shed"] = m1.get("simarch_shed_requests_total", 0)
        res["shed_window"] = res["shed"] - m0.get("simarch_shed_requests_total", 0)
        res["root_errors"] = (m1.get("simarch_traffic_errors_total", 0) - m0.get("simarch_traffic_errors_total", 0))
        res["root_requests"] = roots
        res["root_skipped"] = (m1.get("simarch_traffic_skipped_total", 0)
                               - m0.get("simarch_traffic_skipped_total", 0))
        res["root_errors_by"] = by_outcome(m0, m1, "simarch_traffic_errors_total")
        res["attempts_by"] = by_outcome(m0, m1, "simarch_dependency_attempts_total")
        log(f"pods: {res['cpu_per_hop_us']:.0f} us CPU per hop over {hops:.0f} hops")
        if "procs" in PARTS:
            res["rendered"] = rendered(name)
    finally:
        kubectl("-n", NAMESPACE, "delete", "simarch", name, "--wait=false", check=False)
        if op:
            op.terminate()
            op.wait(30)
    return res


# ---------------------------------------------------------------- the pods' JVMs without pods
def rendered(name):
    """What the architecture's pods ran (their env, memory limits, configs) and which pods each
    headless Service's DNS name gives, for run_procs to start the same JVMs outside pods."""
    cms = {c["metadata"]["name"]: c.get("data", {}) for c in
           kjson("-n", NAMESPACE, "get", "configmaps", "-l", f"simarch.io/architecture={name}")["items"]}
    eps = {e["metadata"]["name"]: [a["targetRef"]["name"] for s in e.get("subsets") or []
                                    for a in s.get("addresses") or [] if a.get("targetRef")]
           for e in kjson("-n", NAMESPACE, "get", "endpoints")["items"]}
    out = []
    for p in pods(name):
        c = p["spec"]["containers"][0]
        vol = next(v for v in p["spec"]["volumes"] if v.get("configMap"))
        mount = next(m["mountPath"] for m in c["volumeMounts"] if m["name"] == vol["name"])
        out.append({"pod": p["metadata"]["name"], "env": c.get("env", []), "config_dir": mount,
                    "config": cms[vol["configMap"]["name"]],
                    "memory": c["resources"]["limits"]["memory"]})
    return {"pods": out, "endpoints": eps}


def quantity(q):
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "k": 10**3, "M": 10**6, "G": 10**9}
    m = re.fullmatch(r"(\d+)([A-Za-z]*)", q)
    return int(m.group(1)) * units.get(m.group(2), 1)


def run_procs(spec, receiver):
    """The pods' own JVMs (their image's flags, JIT options, heap sized for their memory limit,
    configs and identities) as plain processes on loopback, one address each (127.0.0.N), the
    headless Services' names resolved from a hosts file: the same architecture, rate and JIT with
    no container, pod network, kube-proxy or cgroup limits, so that pods against procs is what a
    pod costs beyond its JVM."""
    jar = ENV("BENCH_JAR", os.path.join(REPO, "cli/target/simarch.jar"))
    if not os.path.exists(jar):
        sys.exit(f"pods.py: {jar} missing: mvn -pl cli -am package -DskipTests")
    wait_gone(NAME)  # the pods must not compete with their twins
    tmp = tempfile.mkdtemp()
    addr = {p["pod"]: f"127.0.0.{10 + i}" for i, p in enumerate(spec["pods"])}
    hosts = os.path.join(tmp, "hosts")
    names = set()
    for p in spec["pods"]:
        for text in p["config"].values():
            for dep in json.loads(text).get("dependencies", []):
                dns = (dep.get("discovery") or {}).get("dns")
                if dns:
                    names.add(dns)
    with open(hosts, "w") as f:
        for dns in sorted(names):
            for pod in spec["endpoints"].get(dns.split(".")[0], []):
                if pod in addr:
                    f.write(f"{addr[pod]} {dns}\n")
    procs, res = {}, {}
    try:
        for p in spec["pods"]:
            d = os.path.join(tmp, p["pod"])
            os.makedirs(d)
            for k, text in p["config"].items():
                with open(os.path.join(d, k), "w") as f:
                    f.write(text)
            env = {"PATH": os.environ["PATH"], "SIMARCH_INSTANCE": p["pod"],
                   "SIMARCH_HOST": addr[p["pod"]]}
            for e in p["env"]:
                if "value" in e:
                    v = e["value"].replace(p["config_dir"], d)
                    env[e["name"]] = re.sub(r"\$\((\w+)\)", lambda m: env.get(m.group(1), ""), v)
            flags = image_flags() + [f"-XX:MaxRAM={quantity(p['memory'])}",
                                     f"-Djdk.net.hosts.file={hosts}", f"-Djava.io.tmpdir={d}"]
            logf = open(os.path.join(d, "log"), "w")
            procs[p["pod"]] = subprocess.Popen(
                ["java", *flags, "-cp", jar, "io.simarch.stub.app.Application"],
                env=env, stdout=logf, stderr=logf)
        t0 = time.time()
        while time.time() - t0 < READY_TIMEOUT:
            if all(answers(f"http://{a}:8081/health/readiness") for a in addr.values()):
                break
            dead = [n for n, pr in procs.items() if pr.poll() is not None]
            if dead:
                sys.exit(f"pods.py: procs: {dead[0]} exited; see {tmp}/{dead[0]}/log")
            time.sleep(1)
        log(f"procs: {len(procs)} serving {time.time() - t0:.0f}s after start")
        time.sleep(WARMUP)

        def metrics():
            def texts():
                for a in addr.values():
                    try:
                        yield urllib.request.urlopen(f"http://{a}:8080/metrics", timeout=10).read().decode()
                    except OSError:
                        continue
            return summed(texts())

        def cpu():
            return sum(threads.process_cpu(pr.pid) or 0 for pr in procs.values())

        jvms = [pr.pid for pr in procs.values()]
        c0, m0, s0 = cpu(), metrics(), receiver.spans if receiver else 0
        split_from = (jvms, threads.sample(jvms))
        time.sleep(WINDOW)
        c1, m1, s1 = cpu(), metrics(), receiver.spans if receiver else 0
        hops = m1.get("simarch_requests_total", 0) - m0.get("simarch_requests_total", 0)
        res["hops"] = hops
        res["cpu_per_hop_us"] = 1e6 * (c1 - c0) / hops if hops else float("nan")
        res["cores"] = (c1 - c0) / WINDOW
        res["spans_per_s"] = (s1 - s0) / WINDOW
        res["hop_threads"] = thread_split(split_from, 1, 1, hops) if hops else []
        res["root_errors"] = (m1.get("simarch_traffic_errors_total", 0)
                              - m0.get("simarch_traffic_errors_total", 0))
        res["root_requests"] = (m1.get("simarch_traffic_requests_total", 0)
                                - m0.get("simarch_traffic_requests_total", 0))
        log(f"procs: {res['cpu_per_hop_us']:.0f} us CPU per hop over {hops:.0f} hops")
    finally:
        stop(procs.values(), signal.SIGTERM)
        shutil.rmtree(tmp, ignore_errors=True)
    return res


def stop(ps, sig):
    """Signals every process, then waits for each, killing what has not exited within 30 s."""
    for pr in ps:
        pr.send_signal(sig)
    for pr in ps:
        try:
            pr.wait(30)
        except subprocess.TimeoutExpired:
            pr.kill()


def answers(url):
    try:
        return urllib.request.urlopen(url, timeout=2).status == 200
    except OSError:
        return False


# ---------------------------------------------------------------- simarch run
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_local(receiver):
    jar = ENV("BENCH_JAR", os.path.join(REPO, "cli/target/simarch.jar"))
    if not os.path.exists(jar):
        sys.exit(f"pods.py: {jar} missing: mvn -pl cli -am package -DskipTests")
    tmp = tempfile.mkdtemp()
    arch = os.path.join(tmp, "arch.yaml")
    with open(arch, "w") as f:
        f.write(arch_yaml(NAME, INTERVAL, "0", None))
    port = free_port()
    args = ["java", "-jar", jar, "run", arch, "--no-chaos", "--duration",
            f"{WARMUP + WINDOW + 30}s", "--metrics-port", str(port)]
    if receiver:
        args += ["--otlp", f"http://127.0.0.1:{receiver.port}"]
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    res = {}
    try:
        time.sleep(WARMUP)

        def sample():
            text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
            return scrape(text)

        c0, m0, s0 = threads.process_cpu(p.pid), sample(), receiver.spans if receiver else 0
        time.sleep(WINDOW)
        c1, m1, s1 = threads.process_cpu(p.pid), sample(), receiver.spans if receiver else 0
        hops = m1.get("simarch_requests_total", 0) - m0.get("simarch_requests_total", 0)
        res["hops"] = hops
        res["cpu_per_hop_us"] = 1e6 * (c1 - c0) / hops if hops else float("nan")
        res["cores"] = (c1 - c0) / WINDOW
        res["spans_per_s"] = (s1 - s0) / WINDOW
        log(f"local: {res['cpu_per_hop_us']:.0f} us CPU per hop over {hops:.0f} hops")
    finally:
        stop([p], signal.SIGINT)  # simarch run prints its summary on SIGINT
        shutil.rmtree(tmp, ignore_errors=True)
    return res


# ---------------------------------------------------------------- nginx
def run_nginx():
    nginx, wrk = shutil.which("nginx") or "/usr/sbin/nginx", shutil.which("wrk")
    if not os.path.exists(nginx) or not wrk:
        log("nginx: nginx or wrk not installed (apt-get install nginx-light wrk): skipped")
        return {}
    tmp = tempfile.mkdtemp()
    port = free_port()
    conf = os.path.join(tmp, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""daemon off; master_process on; worker_processes 1; pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 256; }}
http {{ access_log off; client_body_temp_path {tmp}; proxy_temp_path {tmp};
  fastcgi_temp_path {tmp}; uwsgi_temp_path {tmp}; scgi_temp_path {tmp};
  server {{ listen 127.0.0.1:{port}; location / {{ return 200 "because..."; }} }} }}
""")
    p = subprocess.Popen([nginx, "-c", conf, "-p", tmp], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    res = {}
    try:
        time.sleep(1)
        workers = [int(x) for x in subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True, text=True).stdout.split()]
        c0 = sum(threads.process_cpu(w) for w in workers)
        out = subprocess.run([wrk, "-t1", "-c4", "-d10s", f"http://127.0.0.1:{port}/kv/why"],
                             capture_output=True, text=True).stdout
        c1 = sum(threads.process_cpu(w) for w in workers)
        n = int(re.search(r"(\d+) requests in", out).group(1))
        res["hops"] = n
        res["cpu_per_hop_us"] = 1e6 * (c1 - c0) / n
        log(f"nginx: {res['cpu_per_hop_us']:.1f} us CPU per request over {n} requests")
    finally:
        p.terminate()
        p.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)
    return res


def main():
    # a stop (Ctrl-C, kill) still deletes the architecture and stops the operator it started
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))
    if "pods" in PARTS and not ENV("KUBECONFIG"):
        sys.exit("pods.py: KUBECONFIG is not set (BENCH_PARTS=local,nginx runs without a cluster)")
    pod_rx = Receiver(RECEIVER_HOST) if TRACING and "pods" in PARTS else None
    local_rx = Receiver("127.0.0.1") if TRACING and "local" in PARTS else None
    pods_r = run_pods(pod_rx) if "pods" in PARTS else {}
    procs_r = run_procs(pods_r["rendered"], pod_rx) if pods_r.get("rendered") else {}
    local_r = run_local(local_rx) if "local" in PARTS else {}
    nginx_r = run_nginx() if "nginx" in PARTS else {}

    def f(d, k, fmt):
        v = d.get(k)
        return "-" if v is None or v != v else fmt.format(v)

    print(f"pod benchmark: {os.path.basename(ARCH_FILE)}, one root request every {INTERVAL}, "
          f"tracing {'on (100%, OTLP into a counting receiver)' if TRACING else 'off'}, "
          f"warm-up {WARMUP}s, window {WINDOW}s, {os.cpu_count()} cores, "
          f"stub image {STUB_IMAGE or 'the operator default'}"
          + (f" (jit {JIT})" if JIT else "") + ", "
          + (f"simarch run {ENV('BENCH_JAR')}, " if ENV("BENCH_JAR") and "local" in PARTS else "")
          + f"load average {os.getloadavg()[0]:.1f}")
    rows = [
        ("stub CPU per hop (us)", "cpu_per_hop_us", "{:.0f}"),
        ("hops in the window", "hops", "{:.0f}"),
        ("cores used", "cores", "{:.2f}"),
        ("spans/s delivered", "spans_per_s", "{:.0f}"),
    ]
    cols = [("pods", pods_r), ("procs", procs_r), ("simarch run", local_r), ("nginx", nginx_r)]
    cols = [(n, d) for n, d in cols if n != "procs" or "procs" in PARTS]
    print(f"{'':28}" + "".join(f"{n:>14}" for n, _ in cols))
    for label, k, fmt in rows:
        print(f"{label:28}" + "".join(f"{f(d, k, fmt):>14}" for _, d in cols))
    if procs_r:
        print(f"procs: the pods' JVMs as processes on loopback, {len(pods_r['rendered']['pods'])} "
              f"of them; root {procs_r['root_requests'] / WINDOW:.0f} req/s, "
              f"{procs_r['root_errors']:.0f} root errors; by thread (us of CPU per hop): "
              + ", ".join(f"{n} {v:.0f}" for n, v in procs_r["hop_threads"]))
    if pods_r:
        print(f"pods: transport " + ", ".join(f"{t} ({n} pods)" for t, n in
                                            sorted(pods_r.get("transports", {}).items())))
        print(f"pods: {pods_r['pods']} Ready {pods_r['ready_s']:.0f}s after apply, "
              f"{pods_r['cpu_to_ready_s']:.2f}s CPU each to Ready (median); "
              f"idle {100 * pods_r['idle_core_per_stub']:.3f}% of a core per stub (median over "
              f"{IDLE}s)" + ("" if "root_rps" not in pods_r else
              f"; root {pods_r['root_rps']:.0f} req/s, {pods_r['root_errors']:.0f} root errors; "
              f"{pods_r['restarts']} restarts; {pods_r['shed']:.0f} shed requests"))
        for key, what in (("idle_threads", "idle, us of CPU per second per stub"),
                          ("hop_threads", "window, us of CPU per hop")):
            if pods_r.get(key):
                print(f"pods by thread ({what}): "
                      + ", ".join(f"{n} {v:.0f}" for n, v in pods_r[key]))
        if "root_rps" in pods_r:
            split = ", ".join(f"{k} {v:.0f}" for k, v in pods_r["root_errors_by"].items())
            print(f"overload in the window: {pods_r['root_requests']:.0f} root requests, "
                  f"{pods_r['root_errors']:.0f} failed "
                  f"({100 * pods_r['root_errors'] / max(1, pods_r['root_requests']):.1f}%; "
                  f"by outcome: {split or '-'}); {pods_r['root_skipped']:.0f} root ticks skipped "
                  f"at maxInFlight; {pods_r['shed_window']:.0f} requests shed; "
                  f"{pods_r['restarts']} restarts")
            attempts = ", ".join(f"{k} {v:.0f}" for k, v in pods_r["attempts_by"].items())
            print(f"dependency attempts in the window, every pod, by outcome: {attempts or '-'}")


if __name__ == "__main__":
    main()
