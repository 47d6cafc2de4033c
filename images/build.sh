#!/usr/bin/env bash
# Builds the stub-service and operator images as docker-save tars with Jib: no Docker daemon, no
# registry, nothing pulled (the base is images/runtime.sh's jlink'ed runtime on scratch). Quick
# when nothing changed: the runtime and Jib's layers are cached. The stub image also carries an
# AppCDS archive that images/cds.sh trains in a first image (root or user namespaces needed).
#
#   images/build.sh [MAVEN ARGS...]
#     -Dsimarch.image.tag=dev                     tag both images (default: the chart's appVersion)
#     -Dsimarch.stub.image=REGISTRY/stub:TAG      name one image
#     -Dsimarch.baseImage=eclipse-temurin:17-jre  a base image from a registry instead
#
# Prints, per image: the tar, the image reference, the tar's size and the unpacked size. Load
# the tars with `kind load image-archive`, `k3s ctr images import`, `docker load -i` or
# `ctr -n k8s.io images import`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
mvn -B -q -ntp -Pimage -pl stub-service,operator -am package -Dmaven.test.skip=true "$@"
for module in stub-service operator; do
  tar="$repo/$module/target/jib-image.tar"
  ref=$(tar -xOf "$tar" manifest.json | sed -n 's/.*"RepoTags":\["\([^"]*\)".*/\1/p')
  unpacked=0
  for layer in $(tar -tf "$tar" | grep -v '\.json$'); do
    unpacked=$((unpacked + $(tar -xOf "$tar" "$layer" | gzip -dcf | wc -c)))
  done
  awk -v t="$tar" -v r="$ref" -v s="$(stat -c %s "$tar")" -v u="$unpacked" \
    'BEGIN { printf "%s  %s  %.1f MB (%.1f MB unpacked)\n", t, r, s / 1e6, u / 1e6 }'
done
