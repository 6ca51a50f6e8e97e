/// The seed's whole SaaS architecture in one model (the example of docs/model-format.md):
/// a load balancer over stateless app servers, a cache-aside product catalogue, a connection
/// pool in front of a database with read replicas, a tenant-sharded orders database and a
/// notification queue whose workers fan out to email, push and SMS.
///
/// Component indices: 0 lb, 1 app, 2 products, 3 pool, 4 db, 5 orders, 6 notifications.
let saasModel = """
    name: saas
    duration: 10m
    warmup: 1m
    seed: 7
    limits:
      max_in_system: 200000
    traffic:
      rate: 1200/s
      classes:
        view_product:   { share: 85%, keys: { count: 100000, zipf: 1.1 }, sessions: { count: 20000 } }
        update_product: { share: 5%, keys: { count: 100000, zipf: 1.1 }, sessions: { count: 20000 } }
        tenant_orders:  { share: 10%, tenants: { count: 500, zipf: 1.2 }, sessions: { count: 20000 } }
        monthly_report: { rate: 1/m }
    components:
      lb:       { type: load_balancer, policy: least_connections, backend: app }
      app:      { type: app_server, replicas: 4, threads: 16, cores: 2, backlog: 100 }
      products: { type: cache, ttl: 1h, capacity: 50000, service: 200us }
      pool:     { type: pool, size: 20, acquire_timeout: 2s }
      db:
        type: database
        cores: 8
        replicas: 2
        replication_lag: { exponential: 50ms }
        slow_query: 100ms
      orders:   { type: database, cores: 4, shards: 3, router: first_char, queue_capacity: 1000 }
      notifications:
        type: queue
        workers: 5
        capacity: 10000
        failure: 2%
        attempts: 3
        backoff: 1s
        job:
          - with: pool
            do:
              - read: db
                time: { exponential: 5ms }
          - parallel:
              email: [ { delay: 300ms } ]
              push:  [ { delay: 80ms } ]
              sms:   [ { delay: 500ms } ]
    flows:
      view_product:
        - work: app
          time: { p50: 3ms, p99: 20ms }
        - cache_get: products
          on_miss:
            - with: pool
              do:
                - read: db
                  time: { exponential: 5ms }
            - cache_set: products
      update_product:
        - work: app
          time: 4ms
        - with: pool
          do:
            - write: db
              time: { exponential: 12ms }
            - read: db
              time: 2ms
              consistent: true
        - invalidate: products
        - enqueue: notifications
      tenant_orders:
        - work: app
          time: 2ms
        - read: orders
          time: { exponential: 8ms }
        - branch:
            - p: 20%
              do: [ { write: orders, time: 10ms } ]
      monthly_report:
        - work: app
          time: 50ms
        - cross_shard: orders
          time: { uniform: [100ms, 300ms] }
        - delay: 200ms
    """
