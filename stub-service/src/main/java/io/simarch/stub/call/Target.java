package io.simarch.stub.call;

import java.util.List;

/** Which instance(s) of a dependency an attempt may go to. */
public sealed interface Target {
  /** One random instance among the caller's candidates (spigo's ribbon.Random). */
  Target ANY = new Any();

  static Target exactly(Peer peer) {
    return new Exactly(peer);
  }

  static Target inOrder(List<Peer> preference) {
    return new InOrder(List.copyOf(preference));
  }

  record Any() implements Target {}

  /** That instance only: a replica write. */
  record Exactly(Peer peer) implements Target {}

  /** The first that is up, in order: a ring's owner, then its successors. */
  record InOrder(List<Peer> peers) implements Target {}
}
