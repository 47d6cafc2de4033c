package io.simarch.stub.call;

import java.util.List;

/** The instances of one dependency as currently known. */
public interface PeerSource extends AutoCloseable {
  List<Peer> peers();

  /** Changes whenever {@link #peers()} does, so callers can cache what they derive. */
  long version();

  default void start() {}

  @Override
  default void close() {}
}
