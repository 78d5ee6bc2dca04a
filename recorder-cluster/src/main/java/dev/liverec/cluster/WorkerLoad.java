package dev.liverec.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A worker's recordings and the starts it is opening, with their costs: what it has free. Safe
 * from any thread.
 */
final class WorkerLoad {
  private final double capacity;
  private final Map<String, WorkerRecording> recordings = new ConcurrentHashMap<>();
  /** Costs of starts being opened, by mint_id, so capacity counts them before they record. */
  private final Map<String, Double> reserved = new ConcurrentHashMap<>();

  WorkerLoad(double capacity) {
    this.capacity = capacity;
  }

  double capacity() {
    return capacity;
  }

  double used() {
    double sum = reserved.values().stream().mapToDouble(Double::doubleValue).sum();
    for (WorkerRecording r : recordings.values()) {
      sum += r.spec().cost();
    }
    return sum;
  }

  double free() {
    return capacity - used();
  }

  /** Holds room for a start being opened; false when there is none or the mint_id is here already. */
  synchronized boolean reserve(String mint, double cost) {
    if (cost > free() + 1e-9 || reserved.containsKey(mint) || recordings.containsKey(mint)) {
      return false;
    }
    reserved.put(mint, cost);
    return true;
  }

  void release(String mint) {
    reserved.remove(mint);
  }

  /** A reserved start now records. */
  void recording(WorkerRecording rec) {
    recordings.put(rec.spec().mintId(), rec);
    reserved.remove(rec.spec().mintId());
  }

  /** Removes a recording that ends; false when another thread already did. */
  boolean remove(WorkerRecording rec) {
    return recordings.remove(rec.spec().mintId(), rec);
  }

  List<WorkerRecording> recordings() {
    return List.copyOf(recordings.values());
  }

  int count() {
    return recordings.size();
  }
}
