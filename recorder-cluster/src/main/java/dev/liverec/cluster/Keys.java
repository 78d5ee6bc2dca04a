package dev.liverec.cluster;

/** Every Redis key the cluster uses, in one place. */
final class Keys {
  static final String WORKERS_GROUP = "workers";
  /** The fronts that deliver webhooks read {@link #events()} through this consumer group. */
  static final String WEBHOOKS_GROUP = "webhooks";
  /** What follows a worker's key to name its heartbeat key. */
  static final String ALIVE_SUFFIX = ":alive";

  private final String p;

  Keys(String prefix) {
    this.p = prefix + ":";
  }

  /** Stream of start requests (new recordings and continuation parts); consumer group workers. */
  String starts() {
    return p + "starts";
  }

  /** Stream of parts left by dead workers whose uploads must be completed. */
  String completions() {
    return p + "completions";
  }

  /**
   * Capped stream of the recordings' changes (started, state, failover, ended), each written by
   * the script that made it; consumer group {@link #WEBHOOKS_GROUP}. See {@link ClusterEvents}.
   */
  String events() {
    return p + "events";
  }

  /** Hash of one recording's state. */
  String recording(String mintId) {
    return p + "rec:" + mintId;
  }

  /** Hash of one part of a recording. */
  String part(String mintId, int part) {
    return recording(mintId) + ":part:" + part;
  }

  /** Set of mint_ids that are not finished. */
  String active() {
    return p + "active";
  }

  /** Sorted set: mint_id by the time its start must be taken by. */
  String pending() {
    return p + "pending";
  }

  /** The bucket the fleet's workers write to, so fronts can name the objects. */
  String bucket() {
    return p + "bucket";
  }

  /** Set of worker ids that announced themselves and were not declared dead. */
  String workers() {
    return p + "workers";
  }

  /** Sorted set: worker id by its free capacity; draining and dead workers are not in it. */
  String freeCapacity() {
    return p + "workers:free";
  }

  /**
   * Hash: worker id to its capacity (CPUs), for the workers in {@link #freeCapacity()}: the
   * fleet's capacity, of which the failover reserve is kept.
   */
  String capacity() {
    return p + "workers:capacity";
  }

  /** Hash of a worker's announcement: capacity, load, recordings, draining. */
  String worker(String id) {
    return p + "worker:" + id;
  }

  /** The heartbeat key, with a time to live. */
  String alive(String id) {
    return worker(id) + ALIVE_SUFFIX;
  }

  /** Set of mint_ids a worker records. */
  String workerRecordings(String id) {
    return worker(id) + ":recs";
  }

  /** The lock one janitor at a time holds. */
  String janitorLock() {
    return p + "janitor";
  }
}
