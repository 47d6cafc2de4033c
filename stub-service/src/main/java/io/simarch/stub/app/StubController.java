package io.simarch.stub.app;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.simarch.stub.core.HttpOut;
import io.simarch.stub.core.Inbound;
import io.simarch.stub.core.StubNode;
import io.simarch.stub.core.Wire;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Hands every route of the stub's surface ({@link Wire}) to the core unchanged; the core parses the
 * raw path itself, so the pod and the local host behave identically.
 */
@Controller
public class StubController {
  private final StubNode node;

  public StubController(StubNode node) {
    this.node = node;
  }

  @Get("/kv/{key}")
  public CompletableFuture<MutableHttpResponse<byte[]>> get(HttpRequest<?> request, String key) {
    return serve(request, null);
  }

  @Put("/kv/{key}")
  @Consumes(MediaType.ALL)
  public CompletableFuture<MutableHttpResponse<byte[]>> put(
      HttpRequest<?> request, String key, @Nullable @Body byte[] body) {
    return serve(request, body);
  }

  @Post("/kv/{key}")
  @Consumes(MediaType.ALL)
  public CompletableFuture<MutableHttpResponse<byte[]>> post(
      HttpRequest<?> request, String key, @Nullable @Body byte[] body) {
    return serve(request, body);
  }

  @Put("/replicate/{key}")
  @Consumes(MediaType.ALL)
  public CompletableFuture<MutableHttpResponse<byte[]>> replicate(
      HttpRequest<?> request, String key, @Nullable @Body byte[] body) {
    return serve(request, body);
  }

  @Get("/_simarch/identity")
  public CompletableFuture<MutableHttpResponse<byte[]>> identity(HttpRequest<?> request) {
    return serve(request, null);
  }

  @Get("/_simarch/truth")
  public CompletableFuture<MutableHttpResponse<byte[]>> truth(HttpRequest<?> request) {
    return serve(request, null);
  }

  @Get("/metrics")
  public CompletableFuture<MutableHttpResponse<byte[]>> metrics(HttpRequest<?> request) {
    return serve(request, null);
  }

  @Get("/health/liveness")
  public CompletableFuture<MutableHttpResponse<byte[]>> liveness(HttpRequest<?> request) {
    return serve(request, null);
  }

  @Get("/health/readiness")
  public CompletableFuture<MutableHttpResponse<byte[]>> readiness(HttpRequest<?> request) {
    return serve(request, null);
  }

  private CompletableFuture<MutableHttpResponse<byte[]>> serve(
      HttpRequest<?> request, byte[] body) {
    return node.serve(new MicronautInbound(request, body)).thenApply(StubController::response);
  }

  private static MutableHttpResponse<byte[]> response(HttpOut out) {
    MutableHttpResponse<byte[]> r = HttpResponse.<byte[]>status(HttpStatus.valueOf(out.status()));
    for (Map.Entry<String, String> h : out.headers()) {
      r.header(h.getKey(), h.getValue());
    }
    return r.contentType(out.contentType()).body(out.body());
  }

  private record MicronautInbound(HttpRequest<?> request, byte[] payload) implements Inbound {
    @Override
    public String method() {
      return request.getMethodName();
    }

    @Override
    public String rawPath() {
      return request.getUri().getRawPath();
    }

    @Override
    public String rawQuery() {
      return request.getUri().getRawQuery();
    }

    @Override
    public String header(String name) {
      return request.getHeaders().get(name);
    }

    @Override
    public Iterable<String> headerNames() {
      return request.getHeaders().names();
    }

    @Override
    public byte[] body() {
      return payload == null ? new byte[0] : payload;
    }
  }
}
