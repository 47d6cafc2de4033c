package io.simarch.api.model;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.simarch.api.v1alpha1.ServiceSpec;
import io.simarch.api.v1alpha1.SimulatedArchitecture;
import io.simarch.api.v1alpha1.SimulatedArchitectureSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * spigo's {@code json_arch/*_arch.json} format (arch-0.0 and arch-0.1), read with Go's semantics: a
 * missing {@code count} or {@code regions} is 0, {@code dependencies} may be null. Fields spigo
 * does not know are kept in {@link #extra} and ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public class SpigoArchitecture {
  public String arch;
  public String version;
  public String description;
  public String args;
  public String date;
  public String victim;
  public List<Service> services;
  public final Map<String, Object> extra = new LinkedHashMap<>();

  @JsonAnySetter
  public void other(String key, Object value) {
    extra.put(key, value);
  }

  /** One spigo service entry. */
  public static class Service {
    public String name;

    @JsonProperty("package")
    public String packageName;

    public int regions;
    public int count;
    public List<String> dependencies;
    public String machine;
    public String instance;
    public String container;
    public String process;
    public final Map<String, Object> extra = new LinkedHashMap<>();

    @JsonAnySetter
    public void other(String key, Object value) {
      extra.put(key, value);
    }
  }

  /** The same architecture as a custom resource named after {@code arch}, spigo values kept. */
  public SimulatedArchitecture toResource() {
    var spec = new SimulatedArchitectureSpec();
    spec.setArch(arch);
    spec.setDescription(emptyToNull(description));
    spec.setVersion(emptyToNull(version));
    spec.setArgs(emptyToNull(args));
    spec.setDate(emptyToNull(date));
    spec.setVictim(emptyToNull(victim));
    var out = new ArrayList<ServiceSpec>();
    if (services != null) {
      for (Service s : services) {
        var svc = new ServiceSpec();
        svc.setName(s.name);
        svc.setPackageName(s.packageName);
        svc.setCount(s.count);
        svc.setRegions(s.regions);
        svc.setDependencies(
            s.dependencies == null ? new ArrayList<>() : new ArrayList<>(s.dependencies));
        svc.setMachine(emptyToNull(s.machine));
        svc.setInstance(emptyToNull(s.instance));
        svc.setContainer(emptyToNull(s.container));
        svc.setProcess(emptyToNull(s.process));
        out.add(svc);
      }
    }
    spec.setServices(out);
    String name = arch == null ? "architecture" : KubeNames.dns(arch);
    return new SimulatedArchitecture(name.isEmpty() ? "architecture" : name, spec);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
