package io.simarch.stub.call;

import java.net.URI;

/**
 * One instance of a dependency that can be called.
 *
 * @param url base URL, {@code http://10.1.2.3:8080}
 */
public record Peer(String instance, String url, String host, int port, String region, String zone) {
  /** spigo's wildcard for "any zone" (a cross-zone instance) or "any region" (a global one). */
  public static final String ANY = "*";

  public static Peer of(String instance, String url, String region, String zone) {
    URI u = URI.create(url);
    String host = u.getHost();
    if (host != null && host.startsWith("[")) {
      host = host.substring(1, host.length() - 1); // an IPv6 literal
    }
    return new Peer(instance, url, host, u.getPort(), region, zone);
  }

  public boolean inRegion(String r) {
    return ANY.equals(region) || ANY.equals(r) || region == null || region.equals(r);
  }

  public boolean inZone(String r, String z) {
    return inRegion(r) && (ANY.equals(zone) || ANY.equals(z) || zone == null || zone.equals(z));
  }

  @Override
  public String toString() {
    return instance + "@" + host + ":" + port;
  }
}
