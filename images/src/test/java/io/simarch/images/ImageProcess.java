package io.simarch.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An image's entrypoint run on this machine instead of in a container, in one of two ways.
 *
 * <p>{@link #start Outside}: the unpacked root filesystem stands in for "/": absolute paths in the
 * entrypoint, in the argument files it names ({@code @/app/jib-classpath-file}) and in PATH-like
 * variables are moved under the root, and the image's environment replaces this JVM's. The JVM
 * under the root finds its modules and libraries from its own location; the ELF loader and libc are
 * this machine's. Works for any user.
 *
 * <p>{@link #startChrooted Chrooted} (needs root): the entrypoint as it is, in a private mount
 * namespace where the root is read-only with a tmpfs at /tmp, run as the image's user: what a pod
 * with readOnlyRootFilesystem and an emptyDir at /tmp does, with nothing of this machine's but the
 * kernel, /dev and /proc (as a container runtime gives them).
 */
final class ImageProcess implements AutoCloseable {
  private static final Set<String> PATH_LIKE = Set.of("PATH", "LD_LIBRARY_PATH", "JAVA_HOME");
  private static final Set<String> CLASSPATH_FLAGS = Set.of("-cp", "-classpath", "--class-path");

  private final Process process;
  private final long startNanos;
  private final Path log;

  private ImageProcess(Process process, long startNanos, Path log) {
    this.process = process;
    this.startNanos = startNanos;
    this.log = log;
  }

  /**
   * Starts the entrypoint of {@code image} unpacked at {@code root}; {@code env} is added to the
   * image's environment (what the operator or the chart would set); output goes to {@code log}.
   */
  static ImageProcess start(ImageTar image, Path root, Path work, Map<String, String> env, Path log)
      throws IOException {
    Files.createDirectories(work);
    var pb = new ProcessBuilder(command(image.entrypoint(), image.env(), root, work));
    pb.environment().clear();
    image
        .env()
        .forEach((k, v) -> pb.environment().put(k, PATH_LIKE.contains(k) ? rooted(root, v) : v));
    pb.environment().putAll(env);
    return run(pb.directory(work.toFile()), log);
  }

  /**
   * Starts the entrypoint of {@code image} unchanged, chrooted into {@code root} (read-only, a
   * tmpfs at /tmp) as the image's user; {@code env} is added to the image's environment. Files the
   * process reads (its configuration) must be put under {@code root} first.
   */
  static ImageProcess startChrooted(
      ImageTar image, Path root, Path work, Map<String, String> env, Path log) throws IOException {
    Files.createDirectories(work);
    Path script = work.resolve("chroot.sh");
    Files.writeString(script, CHROOT_SCRIPT, StandardCharsets.UTF_8);
    var command = new ArrayList<String>();
    command.addAll(List.of("unshare", "-m", "--propagation", "private", "bash"));
    command.addAll(List.of(script.toString(), root.toString(), image.user()));
    var merged = new LinkedHashMap<>(image.env());
    merged.putAll(env);
    merged.forEach((k, v) -> command.add(k + "=" + v));
    command.add("--");
    command.addAll(image.entrypoint());
    return run(new ProcessBuilder(command).directory(work.toFile()), log);
  }

  /** Whether {@link #startChrooted} works here: root, mount namespaces, chroot. */
  static boolean canChroot() {
    try {
      Process p =
          new ProcessBuilder("unshare", "-m", "--propagation", "private", "chroot", "/", "true")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // run by unshare in a private mount namespace: no mount here is seen outside the process, and
  // the last exec makes the entrypoint the process the test holds (SIGTERM reaches the JVM).
  // /dev and /proc are what a container runtime provides (without /dev/urandom the JVM's first
  // SecureRandom takes seconds to seed itself).
  private static final String CHROOT_SCRIPT =
      """
      set -euo pipefail
      root=$1 user=$2
      shift 2
      env=()
      while [ "$1" != "--" ]; do env+=("$1"); shift; done
      shift
      chroot=$(command -v chroot)
      mkdir -p "$root/dev" "$root/proc"
      mount --bind "$root" "$root"
      mount -o remount,bind,ro "$root"
      mount -t tmpfs -o size=64m,mode=1777 tmpfs "$root/tmp"
      mount --bind /dev "$root/dev"
      mount -t proc proc "$root/proc"
      exec env -i "${env[@]}" "$chroot" --userspec="$user" "$root" "$@"
      """;

  private static ImageProcess run(ProcessBuilder pb, Path log) throws IOException {
    Files.createDirectories(log.getParent());
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    long t0 = System.nanoTime();
    return new ImageProcess(pb.start(), t0, log);
  }

  /** The entrypoint with its paths moved under {@code root}. */
  static List<String> command(
      List<String> entrypoint, Map<String, String> env, Path root, Path work) throws IOException {
    var out = new ArrayList<String>();
    out.add(executable(entrypoint.get(0), env.getOrDefault("PATH", ""), root));
    boolean classpath = false;
    int argFiles = 0;
    for (String arg : entrypoint.subList(1, entrypoint.size())) {
      if (arg.startsWith("@/")) {
        out.add("@" + argFile(root, arg.substring(1), work.resolve("args-" + argFiles++)));
      } else {
        out.add(classpath ? rooted(root, arg) : arg);
      }
      classpath = CLASSPATH_FLAGS.contains(arg);
    }
    return out;
  }

  boolean alive() {
    return process.isAlive();
  }

  Duration sinceStart() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** CPU time the process has used so far (the JVM's: the chrooted start execs into it). */
  Duration cpu() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** The process's last lines of output, for a failure message. */
  String output() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** SIGTERM, as the kubelet sends; the exit code, or -1 if it had to be killed. */
  int stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return process.exitValue();
    }
    process.destroyForcibly().waitFor();
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop(Duration.ofSeconds(20));
    }
  }

  private static String executable(String name, String path, Path root) throws IOException {
    if (name.startsWith("/")) {
      return rooted(root, name);
    }
    for (String dir : path.split(":")) {
      Path candidate = Path.of(rooted(root, dir), name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IOException("'" + name + "' is not on the image's PATH " + path);
  }

  /** A copy of the image's argument file at {@code copy}, its paths moved under the root. */
  private static String argFile(Path root, String file, Path copy) throws IOException {
    String text = Files.readString(Path.of(rooted(root, file)), StandardCharsets.UTF_8);
    String moved =
        Arrays.stream(text.trim().split("\\s+"))
            .map(token -> '"' + rooted(root, token) + '"')
            .collect(Collectors.joining("\n"));
    Files.writeString(copy, moved + "\n", StandardCharsets.UTF_8);
    return copy.toString();
  }

  /** Each absolute element of a colon-separated list moved under {@code root}. */
  static String rooted(Path root, String list) {
    return Arrays.stream(list.split(":", -1))
        .map(p -> p.startsWith("/") ? root + p : p)
        .collect(Collectors.joining(":"));
  }
}
