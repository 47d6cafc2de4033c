package io.simarch.cli.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

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

  /** {@code count} distinct free loopback ports. */
  public List<Integer> allocate(int count) throws ExhaustedException {
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
      for (var s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // probing only
        }
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
    return List.copyOf(ports);
  }

  private static ServerSocket bind(InetAddress lo, int port) throws IOException {
    var s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(lo, port));
    return s;
  }
}
