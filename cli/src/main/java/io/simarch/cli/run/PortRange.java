package io.simarch.cli.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loopback ports for the instances of a local run: a range, or the kernel's ephemeral ports when
 * {@code first} is 0. Ports are chosen before any instance starts so that every dependency list can
 * name its peers' URLs; each is probed by binding it.
 */
public record PortRange(int first, int last) {

  public static PortRange ephemeral() {
    return new PortRange(0, 0);
  }

  public static PortRange parse(String text) {
    String[] p = text.split("-", 2);
    try {
      int a = Integer.parseInt(p[0].trim());
      int b = p.length == 2 ? Integer.parseInt(p[1].trim()) : a;
      if (a < 1 || b > 65535 || b < a) {
        throw new NumberFormatException();
      }
      return new PortRange(a, b);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--ports " + text + " is not a port range; write it like 20000-20999");
    }
  }

  /** Thrown when fewer free ports exist than instances need. */
  public static final class ExhaustedException extends Exception {
    ExhaustedException(String message) {
      super(message);
    }
  }

  /**
   * Free loopback ports, each held by a probe socket until {@link #release} hands it to its
   * instance: the kernel gives an ephemeral port released early to the next outgoing connection,
   * and the last of 6000 instances binds its port half a minute after the probe.
   */
  public static final class Reservation implements AutoCloseable {
    private final List<Integer> ports;
    private final Map<Integer, ServerSocket> held;

    private Reservation(List<Integer> ports, Map<Integer, ServerSocket> held) {
      this.ports = ports;
      this.held = held;
    }

    public List<Integer> ports() {
      return ports;
    }

    /** Closes the probe holding {@code port}, right before its instance binds it. */
    public void release(int port) {
      PortRange.close(held.remove(port));
    }

    @Override
    public void close() {
      held.values().forEach(PortRange::close);
      held.clear();
    }
  }

  /** {@code count} distinct free loopback ports, held until released (see {@link Reservation}). */
  public Reservation reserve(int count) throws ExhaustedException {
    var sockets = new ArrayList<ServerSocket>();
    var ports = new ArrayList<Integer>();
    InetAddress lo = InetAddress.getLoopbackAddress();
    try {
      if (first == 0) {
        for (int i = 0; i < count; i++) {
          sockets.add(bind(lo, 0));
          ports.add(sockets.get(i).getLocalPort());
        }
      } else {
        for (int p = first; p <= last && ports.size() < count; p++) {
          try {
            sockets.add(bind(lo, p));
            ports.add(p);
          } catch (IOException taken) {
            // in use: try the next one
          }
        }
      }
    } catch (IOException e) {
      throw new ExhaustedException(
          "port exhaustion: could not bind loopback port "
              + (ports.size() + 1)
              + " of "
              + count
              + " ("
              + e.getMessage()
              + "); fix: lower --scale or raise the open-files limit");
    } finally {
      if (ports.size() < count) {
        sockets.forEach(PortRange::close);
      }
    }
    if (ports.size() < count) {
      throw new ExhaustedException(
          "port exhaustion: the plan has "
              + count
              + " instances but only "
              + ports.size()
              + " loopback ports are free in --ports "
              + first
              + "-"
              + last
              + "; fix: widen --ports, lower --scale, or stop what holds the ports");
    }
    var held = new HashMap<Integer, ServerSocket>();
    for (var sock : sockets) {
      held.put(sock.getLocalPort(), sock);
    }
    return new Reservation(List.copyOf(ports), held);
  }

  private static void close(ServerSocket s) {
    if (s == null) {
      return;
    }
    try {
      s.close();
    } catch (IOException ignored) {
      // a probe only
    }
  }

  private static ServerSocket bind(InetAddress lo, int port) throws IOException {
    var s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(lo, port));
    return s;
  }
}
