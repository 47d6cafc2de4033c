#!/usr/bin/env bash
# Reconcile benchmark: how long until every child of a generated N-service architecture exists,
# and how many API requests the operator sent. Always on fabric8's mock API server; also on the
# cluster of $KUBECONFIG when one answers.
#
#   operator/bench/run.sh                      # 10, 100 and 1000 services
#   operator/bench/run.sh 10,100               # other sizes
#   BENCH_CLUSTER_SIZES=10,100 operator/bench/run.sh   # fewer on the real cluster
#   BENCH_NAMESPACE=me-bench operator/bench/run.sh      # namespace prefix on a shared cluster
#
# Builds the modules it needs (-am). Report: operator/target/bench-report.md
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes="${1:-10,100,1000}"
exec mvn -B -q -pl operator -am test -Dtest=ReconcileBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.sizes="$sizes" -Dbench.clusterSizes="${BENCH_CLUSTER_SIZES:-$sizes}" \
  -Dbench.namespace="${BENCH_NAMESPACE:-simarch-bench}" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
