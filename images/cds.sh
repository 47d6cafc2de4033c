#!/usr/bin/env bash
# Trains the stub image's class data sharing (AppCDS) archive: runs the entrypoint of a first image
# tar, chrooted into its own unpacked filesystem, twice, as what pods are: a store, and a traced
# service with traffic of its own that calls the store and exports its spans over OTLP. Both get
# ready, call, serve and export, stop on SIGTERM, and list the classes they loaded
# (-XX:DumpLoadedClassList); the archive is dumped from both lists together (-Xshare:dump, a
# static archive in place of the runtime's default one). Trained as a lone store, the archive
# left out the ~500 classes a calling, traced pod loads before it is ready (the client,
# discovery, retries, the OpenTelemetry SDK and its OTLP exporter, OkHttp); a dynamic archive of
# one JVM holds only that JVM's role. The JVM maps
# an archive only where the classpath is the one it was dumped with, jar by jar with the same
# size and modification time, which is why it runs in the image's filesystem: the stub-service
# pom then layers OUT_DIR/layer onto the final image.
#   images/cds.sh TAR OUT_DIR JVM_FLAGS MAIN_CLASS
# JVM_FLAGS: the image's, comma-separated; the archive goes where their -XX:SharedArchiveFile says,
# and without that flag there is nothing to train (an image without the archive, for an A/B).
# Needs root or unprivileged user namespaces (unshare -r); without either it warns and leaves the
# layer empty: the JVM then starts without the archive, only slower.
set -euo pipefail
tar=${1:?usage: images/cds.sh TAR OUT_DIR JVM_FLAGS MAIN_CLASS}
out=$(realpath -m "${2:?}")
IFS=, read -r -a flags <<< "${3:?}"
main=${4:?}

archive=
train=()
for f in "${flags[@]}"; do
  case $f in
    -XX:SharedArchiveFile=*) archive=${f#*=} ;;
    *) train+=("$f") ;;
  esac
done
[ -f "$tar" ] || { echo "cds.sh: no image tar at $tar" >&2; exit 1; }
rm -rf "$out/layer" "$out/root" "$out/training.log"
mkdir -p "$out/layer" "$out/root"
if [ -z "$archive" ]; then
  echo "cds.sh: no -XX:SharedArchiveFile in the JVM flags: an image without an AppCDS archive"
  exit 0
fi

root=$out/root
for layer in $(tar -tf "$tar" | grep -v '\.json$'); do
  tar -xOf "$tar" "$layer" | tar -xz --warning=no-unknown-keyword -C "$root"
done
mkdir -p "$root/dev" "$root/proc" "$root/etc/simarch" "$root$(dirname "$archive")"

# a port nothing listens on (bash's /dev/tcp fails to connect)
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null; then
      echo "$p"
      return
    fi
  done
}
port=$(free_port)
health=$(free_port)
store_port=$(free_port)
store_health=$(free_port)
# both export to the store's port, which answers OTLP with a 404: the exporter's whole request
# and response path runs, and nothing leaves the machine
tracing='"tracing":{"enabled":true,"endpoint":"http://127.0.0.1:'$store_port'","protocol":"http/protobuf","sampling":1.0}'
printf '{"architecture":"cds-training","service":"store","package":"store",%s}\n' "$tracing" \
  > "$root/etc/simarch/store.json"
printf '{"architecture":"cds-training","service":"api","package":"karyon",%s,%s,%s}\n' "$tracing" \
  '"traffic":{"intervalMicros":20000,"durationMs":0,"getKnown":1,"getRecent":1,"put":1,"maxInFlight":100}' \
  '"dependencies":[{"service":"store","package":"store","policy":{"timeoutMs":1000,"retries":1,"retryMode":"failover","budget":true,"budgetMarginMs":5,"deadlineMs":2000,"backoff":{"initialMs":0,"maxMs":1000,"multiplier":2.0,"jitter":0.2},"circuitBreaker":{"enabled":false,"failureRateThreshold":50,"minimumCalls":10,"openDurationMs":5000}},"discovery":{"dns":"127.0.0.1","port":'$store_port'}}]' \
  > "$root/etc/simarch/api.json"

unshare=(unshare -m --propagation private)
if [ "$(id -u)" != 0 ]; then
  unshare=(unshare -r -m --propagation private)
fi
if ! "${unshare[@]}" true 2> /dev/null; then
  echo "cds.sh: WARNING: neither root nor user namespaces: the image gets no AppCDS archive" >&2
  exit 0
fi

# in a private mount namespace: /dev and /proc as a container runtime gives them; the last exec
# makes the JVM the process that gets SIGTERM
script='root=$1; shift
mount --rbind /dev "$root/dev"
mount --rbind /proc "$root/proc"
exec env -i "$@"'
log=$out/training.log
# in_image [VAR=value...] -- [argument...]: the image's java with the image's flags, chrooted in
# its filesystem with only the given environment. It execs: run it in a subshell, or with &, and
# $! is the JVM.
in_image() {
  local vars=()
  while [ "$1" != -- ]; do
    vars+=("$1")
    shift
  done
  shift
  exec "${unshare[@]}" bash -c "$script" cds "$root" \
    JAVA_HOME=/opt/java PATH=/opt/java/bin LD_LIBRARY_PATH=/opt/java/lib:/opt/java/lib/server \
    "${vars[@]}" "$(command -v chroot)" "$root" /opt/java/bin/java "${train[@]}" \
    -cp @/app/jib-classpath-file "$@"
}
# stub NAME PORT HEALTH_PORT: the entrypoint with /etc/simarch/NAME.json, listing the classes it
# loads; run with &, which the TERM below must reach. Each its own instance name: a caller does
# not take an instance of its own name for a peer.
stub() {
  in_image SIMARCH_CONFIG="/etc/simarch/$1.json" SIMARCH_INSTANCE="cds-$1" \
    SIMARCH_REGION=us-east-1 SIMARCH_ZONE=zoneA SIMARCH_DRAIN_DELAY=0s SIMARCH_HOST=127.0.0.1 \
    SIMARCH_PORT="$2" SIMARCH_HEALTH_PORT="$3" -- "-XX:DumpLoadedClassList=$cds/$1.classlist" "$main"
}
cds=$(dirname "$archive")
stub store "$store_port" "$store_health" > "$out/store.log" 2>&1 &
store=$!
trap 'kill -TERM $store 2> /dev/null || true' EXIT
stub api "$port" "$health" > "$log" 2>&1 &
pid=$!

# one HTTP/1.1 request without curl (not in every build image); prints the status line
get() {
  exec 3<> "/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3
  local status
  IFS= read -r status <&3 || true
  cat <&3 > /dev/null || true
  exec 3>&-
  echo "$status"
}
ready=
# at least 5 minutes: a build machine may be busy; a JVM that exits ends the wait at once
for _ in $(seq 3000); do
  kill -0 "$pid" 2> /dev/null || break
  if [[ "$(get "$health" /health/readiness 2> /dev/null)" == *" 200"* ]]; then
    ready=1
    break
  fi
  sleep 0.1
done
if [ -z "$ready" ]; then
  kill -TERM "$pid" 2> /dev/null || true
  echo "cds.sh: the training stub did not get ready; its output:" >&2
  cat "$log" >&2
  exit 1
fi
# what the kubelet, a caller and a scraper ask of a stub
for ports in "$health $port" "$store_health $store_port"; do
  read -r h p <<< "$ports"
  for path in /health/liveness /health/readiness; do get "$h" "$path" > /dev/null; done
  for path in /kv/cds /kv/cds /_simarch/identity /metrics /health/readiness /no-such-path; do
    get "$p" "$path" > /dev/null
  done
done
# its own traffic through the store and its span exports, until a hundred calls have been
# answered (discovery adds the store a second or two after start; the TERM then drains and
# exports the rest)
ok=0
for _ in $(seq 600); do
  exec 3<> "/dev/tcp/127.0.0.1/$port" || break
  printf 'GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
  ok=$(grep '^simarch_dependency_attempts_total{.*outcome="ok"' <&3 | awk '{n += $NF} END {printf "%d", n}' || true)
  exec 3>&-
  [ "${ok:-0}" -ge 100 ] && break
  sleep 0.1
done
kill -TERM "$pid"
wait "$pid" || true
kill -TERM "$store" 2> /dev/null || true
wait "$store" || true
# every class either loaded, in the order they were first loaded
awk '!seen[$0]++' "$root$cds/api.classlist" "$root$cds/store.classlist" > "$root$cds/classes"
(in_image -- -Xshare:dump "-XX:SharedClassListFile=$cds/classes" \
  "-XX:SharedArchiveFile=$archive") > "$out/dump.log" 2>&1 || true
if [ ! -s "$root$archive" ]; then
  echo "cds.sh: the JVM wrote no archive at $archive; the training's and the dump's output:" >&2
  cat "$log" "$out/dump.log" >&2
  exit 1
fi
mkdir -p "$out/layer$(dirname "$archive")"
mv "$root$archive" "$out/layer$archive"
rm -rf "$root"
echo "cds.sh: $(du -h "$out/layer$archive" | cut -f1) AppCDS archive $archive"
