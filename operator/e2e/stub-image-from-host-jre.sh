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
mkdir -p "$root/app" "$root/etc" "$root/tmp"
# jdk.jfr: Micronaut records JFR events; jdk.zipfs: jar file systems
jlink --add-modules java.se,jdk.unsupported,jdk.zipfs,jdk.crypto.ec,jdk.management,jdk.jfr,jdk.management.jfr,jdk.naming.dns,jdk.net,jdk.httpserver \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$root/opt/jre"
for f in "$root/opt/jre/bin/java" $(find "$root/opt/jre/lib" -name '*.so'); do
  ldd "$f" 2>/dev/null | grep -o '/[^ ]*' || true
done | sort -u | grep -v "^$root" | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")" && cp -L "$lib" "$root$lib"
done
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532::/tmp:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$root/etc/group"
cp "$jar" "$root/app/stub.jar"
python3 - "$work" "$tag" "$out" <<'PY'
import hashlib, io, json, os, sys, tarfile
work, tag, out = sys.argv[1:]
root = os.path.join(work, "rootfs")
layer = os.path.join(work, "layer.tar")
def owned_by_root(ti):
    ti.uid = ti.gid = 0; ti.uname = ti.gname = "root"; ti.mtime = 0
    if ti.name == "tmp": ti.mode = 0o1777
    return ti
with tarfile.open(layer, "w") as t:
    for e in sorted(os.listdir(root)):
        t.add(os.path.join(root, e), arcname=e, filter=owned_by_root)
diff = hashlib.sha256(open(layer, "rb").read()).hexdigest()
config = json.dumps({
    "architecture": "amd64", "os": "linux",
    "config": {"Entrypoint": ["/opt/jre/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                              "-XX:MaxRAMPercentage=70", "-jar", "/app/stub.jar"],
               "Env": ["PATH=/opt/jre/bin:/usr/bin:/bin", "JAVA_HOME=/opt/jre"],
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
