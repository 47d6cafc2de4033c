package io.simarch.stub.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Keys travel as one percent-encoded path segment (spigo's keys hold spaces and '?'). */
public final class Keys {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Keys() {}

  public static String encode(String key) {
    var sb = new StringBuilder(key.length() + 8);
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
    return sb.toString();
  }

  /** Decodes a percent-encoded segment; '+' stays '+' as it does in a path. */
  public static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    var out = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%' && i + 2 < segment.length()) {
        int hi = Character.digit(segment.charAt(i + 1), 16);
        int lo = Character.digit(segment.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write((hi << 4) | lo);
          i += 2;
          continue;
        }
      }
      byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      out.write(raw, 0, raw.length);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
