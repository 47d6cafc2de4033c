package io.simarch.operator.architecture.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.operator.architecture.desired.DesiredArchitecture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One child kind, N objects per architecture. The desired objects come from a pure builder over the
 * {@link DesiredArchitecture} that the reconciler computed once and put in the context; objects of
 * this kind that the architecture owns but no longer wants are deleted, and owner references let
 * garbage collection remove the rest with the architecture.
 */
public abstract class StubBulkDependent<R extends HasMetadata>
    extends KubernetesDependentResource<R, SimulatedArchitecture>
    implements CRUDKubernetesBulkDependentResource<R, SimulatedArchitecture>,
        KubernetesBulkDependentResource<R, SimulatedArchitecture>,
        GarbageCollected<SimulatedArchitecture> {

  /** Context key of the {@link DesiredArchitecture} of the current reconcile. */
  public static final String DESIRED = "simarch.io/desired-architecture";

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
}
