#!/usr/bin/env bash
# Assembles a minimal Java runtime root for the simarch images from the installed JDK, for
# machines that cannot pull a base image: a jlink'ed JRE under /opt/java, the shared libraries it
# links against, and /etc files for a non-root user. Jib layers it onto `scratch` (the root pom's
# image-local-runtime profile; images/build.sh).
#   images/runtime.sh OUT_DIR
set -euo pipefail
out=${1:?usage: images/runtime.sh OUT_DIR}
# absolute and without "..", as ldd prints the runtime's own libraries
out=$(realpath -m "$out")
java_home=${SIMARCH_JLINK_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.net,jdk.unsupported,jdk.zipfs

stamp="$out/.simarch-runtime"
# rebuilt when the JDK, the modules or this script change
want="$java_home $modules $(sha256sum "$0" | cut -c1-16)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp"
# --generate-cds-archive: the JDK's default class data sharing archive (lib/server/classes.jsa),
# which jlink leaves out unless asked; without it every JVM start parses the JDK's classes afresh
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=2 --generate-cds-archive --output "$out/opt/java" 2>&1 | grep -v 'is deprecated' || true
[ -x "$out/opt/java/bin/java" ] || { echo "runtime.sh: jlink failed" >&2; exit 1; }

# java.desktop is here for java.beans (snakeyaml, Jackson); its native AWT, font, image and sound
# libraries are never loaded by a headless server and would pull in X11
for so in libawt.so libawt_headless.so libawt_xawt.so libfontmanager.so libjawt.so libsplashscreen.so \
  liblcms.so libjavajpeg.so libjsound.so libmlib_image.so; do
  rm -f "$out/opt/java/lib/$so"
done

# every shared library the runtime's binaries and libraries need, at the same path
libs=$( { ldd "$out/opt/java/bin/java"; find "$out/opt/java/lib" -name '*.so' -exec ldd {} \; ; } 2>/dev/null |
  awk '/=>/ {print $3} /^\t\/lib/ {print $1}' | grep '^/' | grep -v "^$out/" | sort -u)
for l in $libs; do
  real=$(readlink -f "$l")
  mkdir -p "$out$(dirname "$l")"
  cp "$real" "$out$l"
done
# the dynamic loader, by the path in the ELF header
interp=$(readelf -l "$out/opt/java/bin/java" | sed -n 's/.*interpreter: \(.*\)]/\1/p')
mkdir -p "$out$(dirname "$interp")"
cp "$(readlink -f "$interp")" "$out$interp"
# loaded at run time (no ldd line): glibc's name service and DNS; libdl and librt, which Netty's
# native epoll library (unpacked from the stub's classpath at start) links against: without them
# the stub falls back to NIO (StubImageIT checks its start line says transport=epoll)
for l in libnss_files.so.2 libnss_dns.so.2 libresolv.so.2 libdl.so.2 librt.so.1; do
  src=$(find /lib /usr/lib -name "$l" 2>/dev/null | head -1 || true)
  if [ -n "$src" ]; then
    mkdir -p "$out$(dirname "$src")"
    cp "$(readlink -f "$src")" "$out$src"
  fi
done

printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$out/etc/group"
printf 'hosts: files dns\n' > "$out/etc/nsswitch.conf"
chmod 1777 "$out/tmp"
echo "$want" > "$stamp"
du -sh "$out" | awk '{print "runtime.sh: " $1 " runtime in '"$out"'"}'
