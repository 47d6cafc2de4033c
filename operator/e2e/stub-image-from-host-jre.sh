#!/usr/bin/env bash
# Makes a stub-service image tar (docker-save layout) with no base image and no registry: a
# jlink'ed JRE from this machine's JDK, the shared libraries it links, and the stub's runnable
# jar. For running the *E2E on the kit until the stub's real image build exists.
#
#   mvn -B -pl stub-service package -DskipTests
#   operator/e2e/stub-image-from-host-jre.sh simarch/stub-service:e2e /tmp/stub-image.tar
#   ../shared/kube/load-image.sh /tmp/stub-image.tar
#   KUBECONFIG=/tmp/simarch-kube/kubeconfig mvn -B -pl operator -Pe2e verify \
#       -Dit.test=SimulatedArchitectureE2E -Dsimarch.stubImage=simarch/stub-service:e2e
set -euo pipefail
tag="${1:-simarch/stub-service:e2e}"
out="${2:-/tmp/stub-image.tar}"
repo=$(cd "$(dirname "$0")/../.." && pwd)
jar=$(ls "$repo"/stub-service/target/simarch-stub-service-*-runnable.jar | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
# the JRE, its shared libraries and the non-root user, as every simarch image has them
"$repo/images/runtime.sh" "$root"
mkdir -p "$root/app"
cp "$jar" "$root/app/stub.jar"
python3 - "$work" "$tag" "$out" <<'PY'
import hashlib, io, json, os, sys, tarfile
work, tag, out = sys.argv[1:]
root = os.path.join(work, "rootfs")
layer = os.path.join(work, "layer.tar")
def owned_by_root(ti):
    ti.uid = ti.gid = 0; ti.uname = ti.gname = "root"; ti.mtime = 0
    if ti.name == "tmp": ti.mode = 0o1777
    if ti.name.endswith(".simarch-runtime"): return None
    return ti
with tarfile.open(layer, "w") as t:
    for e in sorted(os.listdir(root)):
        t.add(os.path.join(root, e), arcname=e, filter=owned_by_root)
diff = hashlib.sha256(open(layer, "rb").read()).hexdigest()
config = json.dumps({
    "architecture": "amd64", "os": "linux",
    "config": {"Entrypoint": ["/opt/java/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                              "-XX:MaxRAMPercentage=70", "-jar", "/app/stub.jar"],
               "Env": ["PATH=/opt/java/bin", "JAVA_HOME=/opt/java", "LD_LIBRARY_PATH=/opt/java/lib:/opt/java/lib/server"],
               "User": "65532:65532", "WorkingDir": "/app", "ExposedPorts": {"8080/tcp": {}}},
    "rootfs": {"type": "layers", "diff_ids": ["sha256:" + diff]}}).encode()
name = hashlib.sha256(config).hexdigest() + ".json"
manifest = json.dumps([{"Config": name, "RepoTags": [tag], "Layers": [diff + "/layer.tar"]}]).encode()
with tarfile.open(out, "w") as t:
    for n, data in ((name, config), ("manifest.json", manifest)):
        ti = tarfile.TarInfo(n); ti.size = len(data); t.addfile(ti, io.BytesIO(data))
    t.add(layer, arcname=diff + "/layer.tar")
print(f"{out}: {tag}")
PY
