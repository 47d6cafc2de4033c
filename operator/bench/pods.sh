#!/usr/bin/env bash
# Pod benchmark: stub CPU per hop in pods (/proc of their JVMs on the kit's node, else the
# kubelet's per-pod CPU accounting) beside the same pods' JVMs as plain processes on loopback
# (procs: what a pod costs beyond its JVM), the same architecture in `simarch run` (/proc) and
# nginx `return 200` as the floor, idle CPU per stub,
# spans/s delivered to a counting OTLP receiver, restarts, shed requests, and time and CPU to
# Ready for every pod. A harness that prints figures, not a test.
#
#   operator/bench/pods.sh
#     BENCH_ARCH=operator/bench/banking.yaml  the architecture (27 pods)
#     BENCH_INTERVAL=10ms    one root request per interval (10ms = 100/s)
#     BENCH_WARMUP=30 BENCH_WINDOW=60 BENCH_IDLE=120   seconds (BENCH_WINDOW=0: start and idle only)
#     BENCH_TRACING=on       100% sampling into the receiver (off: no spans)
#     BENCH_RECEIVER_HOST=10.245.0.1   where pods reach this host (the kit's gateway)
#     BENCH_OPERATOR=host    run operator/target/*-runnable.jar here (cluster: one is installed)
#     BENCH_PARTS=pods,procs,local,nginx   (procs runs after pods, from what they ran)
#     BENCH_STUB_IMAGE=simarch/stub-service:TAG   the stub image the host operator deploys
#     BENCH_JIT=c2           spec.stub.jit of the architecture (c1, c2; its own by default)
#     BENCH_JAR=cli/target/simarch.jar   the simarch run of the local part (another build's: an A/B)
#     BENCH_NAMESPACE=simarch-bench
#
# Needs KUBECONFIG (a cluster with a node and the stub image loaded, e.g. `kind load
# image-archive stub-service/target/jib-image.tar`), the operator's runnable jar and
# cli/target/simarch.jar (mvn -B -pl operator,cli -am package -DskipTests), python3, kubectl;
# nginx and wrk for the floor (apt-get install nginx-light wrk; skipped when absent).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 operator/bench/pods.py "$@"
