package io.simarch.stub;

import io.simarch.stub.bench.ChainBench;
import io.simarch.stub.call.Peer;
import io.simarch.stub.core.StubRuntime;
import io.simarch.stub.local.HostOptions;
import io.simarch.stub.local.StubHost;
import org.junit.jupiter.api.Test;

class ScratchIT {
  @Test
  void scratch() throws Exception {
    var receiver = new OtlpReceiver(false);
    io.opentelemetry.sdk.trace.export.SpanExporter exp = System.getProperty("otlp") != null
        ? io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter.builder().setEndpoint(receiver.endpoint()).build()
        : new io.opentelemetry.sdk.trace.export.SpanExporter() {
          public io.opentelemetry.sdk.common.CompletableResultCode export(java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> c) { return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess(); }
          public io.opentelemetry.sdk.common.CompletableResultCode flush() { return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess(); }
          public io.opentelemetry.sdk.common.CompletableResultCode shutdown() { return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess(); }
        };
    try (var host = StubHost.start(new HostOptions(System.getProperty("notrace") != null ? null : exp, 1.0, true));
        var rt = StubRuntime.create(null, 1, null, 1)) {
      var all = TestArch.arch("s").policy(TestArch.policy(1000, 2, io.simarch.api.model.RetryMode.FAILOVER, true)).service("store", "store", 1).service("monolith", "monolith", 1, "store").start(host);
      Peer s = Peer.of("store00", all.get("store00").url(), "r", "z");
      Peer m = Peer.of("monolith00", all.get("monolith00").url(), "r", "z");
      ChainBench.load(rt, m, 8, 16, null);
      for (int i = 0; i < 2; i++) {
        System.out.println("direct " + ChainBench.load(rt, s, 5, 16, null));
        System.out.println("hop    " + ChainBench.load(rt, m, 5, 16, null) + " spans " + receiver.count());
      }
    }
  }
}
