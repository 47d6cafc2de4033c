package io.simarch.stub.truth;

/** Receives the truth of every root request; called on an event loop, so it must not block long. */
@FunctionalInterface
public interface TruthSink {
  void record(RootTruth truth);
}
