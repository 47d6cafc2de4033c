package io.simarch.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * An image tar in the layout of {@code docker save} and Jib's {@code buildTar}: {@code
 * manifest.json}, the config blob, one gzip'ed tar per layer. It reads what {@code docker load} and
 * {@code ctr images import} rely on and unpacks the layers into a directory.
 */
final class ImageTar {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One file of the image's root filesystem, as the last layer that holds it has it. */
  record Entry(String path, int mode, long uid, long gid, boolean directory) {
    boolean executable() {
      return (mode & 0111) == 0111;
    }
  }

  private final Path dir;
  private final JsonNode manifest;
  private final JsonNode config;

  private ImageTar(Path dir, JsonNode manifest, JsonNode config) {
    this.dir = dir;
    this.manifest = manifest;
    this.config = config;
  }

  /** Unpacks the outer tar into {@code work} and reads its manifest and config. */
  static ImageTar open(Path tar, Path work) throws IOException {
    Files.createDirectories(work);
    try (var in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tar)))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        Path to = safe(work, e.getName());
        if (e.isDirectory()) {
          Files.createDirectories(to);
        } else {
          Files.createDirectories(to.getParent());
          Files.copy(in, to);
        }
      }
    }
    JsonNode manifests = JSON.readTree(work.resolve("manifest.json").toFile());
    if (manifests.size() != 1) {
      throw new IOException(tar + ": expected one image in manifest.json, found " + manifests);
    }
    JsonNode manifest = manifests.get(0);
    JsonNode config = JSON.readTree(safe(work, manifest.path("Config").asText()).toFile());
    return new ImageTar(work, manifest, config);
  }

  List<String> repoTags() {
    return strings(manifest.path("RepoTags"));
  }

  List<String> entrypoint() {
    return strings(config.path("config").path("Entrypoint"));
  }

  String user() {
    return config.path("config").path("User").asText("");
  }

  Set<String> exposedPorts() {
    var ports = new java.util.TreeSet<String>();
    config.path("config").path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
    return ports;
  }

  Map<String, String> env() {
    var env = new LinkedHashMap<String, String>();
    for (String kv : strings(config.path("config").path("Env"))) {
      int eq = kv.indexOf('=');
      env.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return env;
  }

  /** The config's {@code rootfs.diff_ids}: what a runtime checks each unpacked layer against. */
  List<String> diffIds() {
    return strings(config.path("rootfs").path("diff_ids"));
  }

  /** {@code sha256:} of each layer as it is once decompressed, in manifest order. */
  List<String> layerDigests() throws IOException {
    var out = new ArrayList<String>();
    for (Path layer : layers()) {
      MessageDigest sha = sha256();
      try (var in = new DigestInputStream(decompressed(layer), sha)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      out.add("sha256:" + HexFormat.of().formatHex(sha.digest()));
    }
    return out;
  }

  /** Every path of the root filesystem (no leading slash), the later layers winning. */
  Map<String, Entry> entries() throws IOException {
    var entries = new TreeMap<String, Entry>();
    for (Path layer : layers()) {
      try (var in = new TarArchiveInputStream(decompressed(layer))) {
        for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
          String path = normalize(e.getName());
          entries.put(
              path,
              new Entry(
                  path,
                  e.getMode() & 07777,
                  e.getLongUserId(),
                  e.getLongGroupId(),
                  e.isDirectory()));
        }
      }
    }
    return entries;
  }

  /**
   * Unpacks the layers in order into {@code root}, keeping the permission bits and modification
   * times (as a container runtime does: a class data sharing archive maps only over jars of the
   * size and time it was dumped with).
   */
  void unpack(Path root) throws IOException {
    Files.createDirectories(root);
    for (Path layer : layers()) {
      try (var in = new TarArchiveInputStream(decompressed(layer))) {
        for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
          Path to = safe(root, e.getName());
          if (e.isDirectory()) {
            Files.createDirectories(to);
          } else if (e.isSymbolicLink()) {
            Files.createDirectories(to.getParent());
            Files.deleteIfExists(to);
            Files.createSymbolicLink(to, Path.of(e.getLinkName()));
            continue;
          } else {
            Files.createDirectories(to.getParent());
            Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
          Files.setPosixFilePermissions(to, permissions(e.getMode()));
          Files.setLastModifiedTime(to, FileTime.from(e.getLastModifiedDate().toInstant()));
        }
      }
    }
  }

  /**
   * The program interpreter an ELF executable asks the kernel for ({@code PT_INTERP}), e.g. {@code
   * /lib64/ld-linux-x86-64.so.2}; empty for a static binary or not ELF64.
   */
  static Optional<String> elfInterpreter(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file)) {
      ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(header, 0);
      if (header.getInt(0) != 0x464c457f || header.get(4) != 2) {
        return Optional.empty();
      }
      long phoff = header.getLong(0x20);
      int phentsize = header.getShort(0x36) & 0xffff;
      int phnum = header.getShort(0x38) & 0xffff;
      for (int i = 0; i < phnum; i++) {
        ByteBuffer ph = ByteBuffer.allocate(phentsize).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(ph, phoff + (long) i * phentsize);
        if (ph.getInt(0) == 3) { // PT_INTERP
          ByteBuffer path = ByteBuffer.allocate((int) ph.getLong(0x20));
          ch.read(path, ph.getLong(0x08));
          String s = new String(path.array(), StandardCharsets.US_ASCII);
          return Optional.of(s.substring(0, s.indexOf('\0') < 0 ? s.length() : s.indexOf('\0')));
        }
      }
      return Optional.empty();
    }
  }

  private List<Path> layers() {
    var out = new ArrayList<Path>();
    for (String layer : strings(manifest.path("Layers"))) {
      out.add(safe(dir, layer));
    }
    return out;
  }

  /** Layers may be gzip'ed (Jib) or plain (docker save); both are valid. */
  private static InputStream decompressed(Path layer) throws IOException {
    var in = new BufferedInputStream(Files.newInputStream(layer));
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1f && b1 == 0x8b ? new GzipCompressorInputStream(in) : in;
  }

  private static String normalize(String name) {
    String n = name.startsWith("./") ? name.substring(2) : name;
    n = n.startsWith("/") ? n.substring(1) : n;
    return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
  }

  /** {@code base}/{@code name}, refusing names that climb out of it. */
  private static Path safe(Path base, String name) {
    Path p = base.resolve(normalize(name)).normalize();
    if (!p.startsWith(base)) {
      throw new IllegalArgumentException("entry outside the image root: " + name);
    }
    return p;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    var set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE
    for (int i = 0; i < 9; i++) {
      if ((mode & (0400 >> i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }

  private static List<String> strings(JsonNode array) {
    var out = new ArrayList<String>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
