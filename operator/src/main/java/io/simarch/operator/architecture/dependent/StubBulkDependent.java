package io.simarch.operator.architecture.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.operator.architecture.desired.DesiredArchitecture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One child kind, N objects per architecture. The desired objects come from a pure builder over the
 * {@link DesiredArchitecture} that the reconciler computed once and put in the context; objects of
 * this kind that the architecture owns but no longer wants are deleted, and owner references let
 * garbage collection remove the rest with the architecture.
 *
 * <p>JOSDK's bulk reconciler writes one object after the other; at 1000 services that is 1000 round
 * trips per kind. {@link #reconcile} does the same steps (delete extras, then per desired object:
 * create if absent, else update if it does not match) with up to {@value #WRITERS} requests in
 * flight, shared by every dependent so the API server sees a bounded load.
 */
public abstract class StubBulkDependent<R extends HasMetadata>
    extends KubernetesDependentResource<R, SimulatedArchitecture>
    implements CRUDKubernetesBulkDependentResource<R, SimulatedArchitecture>,
        KubernetesBulkDependentResource<R, SimulatedArchitecture>,
        GarbageCollected<SimulatedArchitecture> {

  /** Context key of the {@link DesiredArchitecture} of the current reconcile. */
  public static final String DESIRED = "simarch.io/desired-architecture";

  /**
   * Requests in flight at most, over every dependent (the bench gives a plain client as many): well
   * under the API server's default limit of 200 mutating requests in flight. On the 2-core kit, 64
   * brought the operator closer to a plain client's rate than 16 did (operator/README.md).
   */
  public static final int WRITERS = 64;

  private static final ExecutorService writers =
      Executors.newFixedThreadPool(
          WRITERS,
          new ThreadFactory() {
            private final AtomicInteger n = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
              var t = new Thread(r, "simarch-writer-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            }
          });

  protected StubBulkDependent(Class<R> type) {
    super(type);
  }

  protected abstract List<R> desired(DesiredArchitecture architecture);

  @Override
  public Map<ResourceID, R> desiredResources(
      SimulatedArchitecture primary, Context<SimulatedArchitecture> context) {
    var architecture =
        context
            .managedWorkflowAndDependentResourceContext()
            .getMandatory(DESIRED, DesiredArchitecture.class);
    var out = new LinkedHashMap<ResourceID, R>();
    for (R r : desired(architecture)) {
      out.put(ResourceID.fromResource(r), r);
    }
    return out;
  }

  @Override
  public ReconcileResult<R> reconcile(
      SimulatedArchitecture primary, Context<SimulatedArchitecture> context) {
    Map<ResourceID, R> actual = getSecondaryResources(primary, context);
    Map<ResourceID, R> desired = desiredResources(primary, context);
    actual.forEach(
        (id, resource) -> {
          if (!desired.containsKey(id)) {
            deleteTargetResource(primary, resource, id, context);
          }
        });
    var pending = new ArrayList<Future<ReconcileResult<R>>>(desired.size());
    desired.forEach(
        (id, want) ->
            pending.add(
                writers.submit(() -> reconcileOne(primary, actual.get(id), want, context))));
    var results = new ArrayList<ReconcileResult<R>>(pending.size());
    RuntimeException failure = null;
    for (var f : pending) {
      try {
        results.add(f.get());
      } catch (ExecutionException e) {
        // wait for the rest, then report the first failure: the workflow marks this dependent
        failure =
            failure != null
                ? failure
                : e.getCause() instanceof RuntimeException re
                    ? re
                    : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while writing " + resourceType(), e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return ReconcileResult.aggregatedResult(results);
  }

  /** The single-resource steps of JOSDK's reconcile, including its informer-cache updates. */
  private ReconcileResult<R> reconcileOne(
      SimulatedArchitecture primary, R actual, R desired, Context<SimulatedArchitecture> context) {
    if (actual == null) {
      R created = create(desired, primary, context);
      onCreated(primary, created, context);
      return ReconcileResult.resourceCreated(created);
    }
    if (match(actual, desired, primary, context).matched()) {
      return ReconcileResult.noOperation(actual);
    }
    R updated = update(actual, desired, primary, context);
    onUpdated(primary, updated, actual, context);
    return ReconcileResult.resourceUpdated(updated);
  }
}
