import HeadroomKernel

/// How database steps lower to instructions: route to a node (into the node register), then
/// hold one of its cores for the query.
extension Program {
    /// `read`: on a replica in turn, or the shard's primary when `consistent`.
    mutating func lowerRead(database: Int, service: Distribution, consistent: Bool) {
        append(Instruction(op: .route, a: Int32(database), b: consistent ? Engine.consistentRead : Engine.replicaRead))
        serve(base: layout.base[database], register: Layout.nodeRegister, service,
              stream: "db/" + spec.components[database].name, query: database)
    }

    /// `write`: on the shard's primary; replicas see it after the lag.
    mutating func lowerWrite(database: Int, service: Distribution) {
        append(Instruction(op: .route, a: Int32(database), b: Engine.write))
        serve(base: layout.base[database], register: Layout.nodeRegister, service,
              stream: "db/" + spec.components[database].name, query: database)
        append(Instruction(op: .replicate, a: Int32(database), b: 0))
    }

    /// `cross_shard`: one fork child per shard, each querying its shard's primary.
    mutating func lowerCrossShard(database: Int, service: Distribution) {
        guard case .database(let db) = spec.components[database].kind else { preconditionFailure("not a database") }
        fork(count: db.shards) { program, shard in
            program.append(Instruction(op: .setNode, a: Int32(shard * (1 + db.replicas)), b: 0))
            program.serve(base: program.layout.base[database], register: Layout.nodeRegister, service,
                          stream: "db/" + program.spec.components[database].name, query: database)
        }
    }
}
