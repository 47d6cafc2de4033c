package io.simarch.operator.testing;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the requests a fabric8 client sends, remembers the writes, and every request the API
 * server's authorizer refused (403).
 */
public final class RequestCounter implements Interceptor {
  private final AtomicLong requests = new AtomicLong();
  private final List<String> writes = new CopyOnWriteArrayList<>();
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final List<String> forbidden = new CopyOnWriteArrayList<>();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    requests.incrementAndGet();
    String line = line(request);
    sent.add(line);
    if (!"GET".equals(request.method())) {
      writes.add(line);
    }
  }

  @Override
  public void after(
      HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> c) {
    if (response.code() == 403) {
      forbidden.add(line(request));
    }
  }

  private static String line(HttpRequest request) {
    return request.method() + " " + request.uri().getPath();
  }

  public long requests() {
    return requests.get();
  }

  /** "METHOD /path" of every non-GET request since the last {@link #reset()}. */
  public List<String> writes() {
    return List.copyOf(writes);
  }

  /** "METHOD /path" of every request since the last {@link #reset()}. */
  public List<String> sent() {
    return List.copyOf(sent);
  }

  /**
   * "METHOD /path" of every request the API server refused with 403 (never reset): with a client of
   * {@link Cluster#operatorAccount} these are what rbac-rules.yaml lacks.
   */
  public List<String> forbidden() {
    return List.copyOf(forbidden);
  }

  public void reset() {
    requests.set(0);
    writes.clear();
    sent.clear();
  }
}
