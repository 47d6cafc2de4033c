package io.simarch.stub.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The execution-environment rules on a clock the test sets: a script of {@code a@t} (an invocation
 * starts at t ms) and {@code r@t} (one ends at t ms), and how each invocation started.
 */
class FunctionPoolTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          first use is cold                          | 1000 | 10 | a@0                          | COLD
          reuse before the idle timeout is warm      | 1000 | 10 | a@0 r@5 a@500 r@510 a@1509  | COLD WARM WARM
          reuse at the idle timeout is cold again    | 1000 | 10 | a@0 r@5 a@1005               | COLD COLD
          long after, cold again                     | 1000 | 10 | a@0 r@5 a@60000              | COLD COLD
          idle time counts from the release          | 1000 | 10 | a@0 r@900 a@1800             | COLD WARM
          overlapping invocations each start one     | 1000 | 10 | a@0 a@1 a@2 r@3 r@3 r@3 a@4 a@5 a@6 a@7 | COLD COLD COLD WARM WARM WARM COLD
          at the limit, one more is throttled        | 1000 | 2  | a@0 a@1 a@2 a@3 r@4 a@5 a@6  | COLD COLD THROTTLED THROTTLED WARM THROTTLED
          a throttled invocation takes no environment | 1000 | 1  | a@0 a@1 r@2 a@3             | COLD THROTTLED WARM
          the most recently used environment serves first | 1000 | 10 | a@0 a@0 r@0 r@600 a@1100 a@1101 | COLD COLD WARM COLD
          """)
  void startsColdOnFirstUseAndAfterIdleExpiryWarmBetweenAndThrottlesAtTheLimit(
      String title, long idleMs, int concurrency, String script, String expected) {
    long[] now = {0};
    var pool = new FunctionPool(concurrency, TimeUnit.MILLISECONDS.toNanos(idleMs), () -> now[0]);
    List<String> starts = new ArrayList<>();
    for (String step : script.split(" ")) {
      now[0] = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(step.substring(2)));
      if (step.startsWith("a")) {
        starts.add(pool.acquire().name());
      } else {
        pool.release();
      }
    }
    assertThat(String.join(" ", starts)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} invocations at once, limit {1}: {2} throttled")
  @CsvSource({"10, 10, 0", "11, 10, 1", "25, 10, 15", "1000, 1, 999"})
  void throttlesExactlyTheInvocationsBeyondTheLimit(int invocations, int limit, int throttled) {
    var pool = new FunctionPool(limit, TimeUnit.MINUTES.toNanos(5), () -> 0);
    long counted = 0;
    for (int i = 0; i < invocations; i++) {
      if (pool.acquire() == FunctionPool.Start.THROTTLED) {
        counted++;
      }
    }
    assertThat(counted).isEqualTo(throttled);
    assertThat(pool.busy()).isEqualTo(invocations - throttled);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"idle environments expire from the gauge too, 3"})
  void idleEnvironmentsLeaveTheCountWhenTheyExpire(String title, int environments) {
    long[] now = {0};
    var pool = new FunctionPool(10, TimeUnit.SECONDS.toNanos(1), () -> now[0]);
    for (int i = 0; i < environments; i++) {
      pool.acquire();
    }
    for (int i = 0; i < environments; i++) {
      pool.release();
    }
    assertThat(pool.idle()).isEqualTo(environments);
    now[0] = TimeUnit.SECONDS.toNanos(1);
    assertThat(pool.idle()).isZero();
  }

  @org.junit.jupiter.api.Test
  void aReleaseWithoutAnInvocationIsABug() {
    assertThatThrownBy(() -> new FunctionPool(1, 1, () -> 0).release())
        .isInstanceOf(IllegalStateException.class);
  }
}
