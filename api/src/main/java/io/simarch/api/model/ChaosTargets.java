package io.simarch.api.model;

import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The victim services of an architecture: spec.victim plus spec.chaos.victims. */
public final class ChaosTargets {
  private ChaosTargets() {}

  public static Set<String> victims(SimulatedArchitectureSpec spec) {
    var out = new LinkedHashSet<String>();
    if (spec.getVictim() != null && !spec.getVictim().isBlank()) {
      out.add(spec.getVictim());
    }
    if (spec.getChaos() != null && spec.getChaos().getVictims() != null) {
      for (String v : spec.getChaos().getVictims()) {
        if (v != null && !v.isBlank()) {
          out.add(v);
        }
      }
    }
    return out;
  }

  public static List<String> victimList(SimulatedArchitectureSpec spec) {
    return List.copyOf(victims(spec));
  }
}
