import Foundation
import Testing

/// A model that uses every time feature (the time example of docs/model-format.md): a spike on
/// all traffic, a diurnal and a periodic class, clients with retries, health checks, costs, an
/// SLO, a window, alerts, a timeline with every action (out of time order) and two autoscalers.
///
/// Component indices: 0 lb, 1 app, 2 products, 3 pool, 4 db, 5 jobs.
let timeModel = """
    name: peak
    duration: 1h
    warmup: 2m
    window: 30s
    slo: { p99: 500ms, errors: 1% }
    traffic:
      rate: 1000/s
      profile: { spike: { at: 10m, for: 5m, factor: 5, rise: 30s } }
      classes:
        browse:
          share: 90%
          keys: { count: 10000, zipf: 1.1 }
          client: { timeout: 2s, attempts: 3, backoff: 100ms, jitter: 50%, budget: 10% }
        buy:
          share: 10%
          profile: { diurnal: { peak_to_trough: 4, peak_at: 14h } }
          client: { timeout: 5s }
        report:
          rate: 1/m
          profile: { points: [[0s, 1], [20m, 3], [40m, 1]], period: 1h }
    components:
      lb:
        type: load_balancer
        backend: app
        health_check: { interval: 5s, timeout: 2s, unhealthy_threshold: 3, healthy_threshold: 2 }
      app:      { type: app_server, replicas: 4, threads: 16, cores: 2, cost_per_hour: 0.10 }
      products: { type: cache, ttl: 10m }
      pool:     { type: pool, size: 20, acquire_timeout: 2s }
      db:       { type: database, cores: 8, replicas: 2, replication_lag: 10ms }
      jobs:
        type: queue
        workers: 5
        cost_per_hour: 0.05
        job:
          - delay: 300ms
    flows:
      browse:
        - work: app
          time: 3ms
        - cache_get: products
          on_miss:
            - with: pool
              do: [ { read: db, time: { exponential: 5ms } } ]
            - cache_set: products
      buy:
        - work: app
          time: 5ms
        - with: pool
          do: [ { write: db, time: 10ms } ]
        - enqueue: jobs
      report:
        - work: app
          time: 50ms
    timeline:
      - { at: 5m, crash: app, replica: 1 }
      - { at: 8m, recover: app, replica: 1 }
      - { at: 40m, scale: app, to: 8 }
      - { at: 10m, shutdown: app, replica: 0 }
      - { at: 15m, rolling_deploy: app, restart: 20s }
      - { at: 20m, resize: app, cores: 4, downtime: 2m }
      - { at: 25m, flush: products }
      - { at: 30m, replication_lag: db, lag: { exponential: 2s } }
      - { at: 35m, failover: db, for: 30s }
      - { at: 40m, scale: jobs, to: 10 }
      - { at: 50m, crash: app, replica: 11 }
    autoscaling:
      - { component: app, metric: cpu, target: 60%, interval: 1m, provisioning: 90s, cooldown: 5m, min: 2, max: 12 }
      - { component: jobs, metric: queue_depth, target: 100, min: 1, max: 50 }
    alerts:
      - { name: "CPU hot", component: app, metric: utilization, above: 85%, for: 2m }
      - { metric: error_rate, above: 1% }
      - { metric: latency_p99, above: 200ms, for: 1m }
    """

/// A fresh directory holding `files` (relative path → contents); removed by `removeDirectory`.
func temporaryDirectory(files: [String: String]) throws -> URL {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("headroom-modeling-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (name, contents) in files {
        let file = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true
        )
        try contents.write(to: file, atomically: true, encoding: .utf8)
    }
    return directory
}

/// Removes a directory made by `temporaryDirectory`.
func removeDirectory(_ directory: URL) {
    try? FileManager.default.removeItem(at: directory)
}
