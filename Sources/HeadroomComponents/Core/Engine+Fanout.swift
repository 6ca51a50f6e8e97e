import HeadroomKernel

/// Fan-out: a parent starts children (parallel arms, cross-shard queries) and waits for all.
extension Engine {
    // MARK: Fan-out

    /// Starts `count` children at the entries `forks[table...]`; the parent waits for all.
    mutating func fork(_ parent: Int32, table: Int, count: Int) {
        let p = Int(parent)
        slotPending[p] = Int32(count)
        for i in 0..<count {
            let child = allocateSlot(kind: .child, classIndex: Int(slotClass[p]), pc: program.forks[table + i])
            slotParent[Int(child)] = parent
            // A child remembers its parent's serial: a parent killed meanwhile (a crash) is gone.
            slotAttempt[Int(child)] = slotSerial[p]
            for r in 0..<registerCount {
                registers[Int(child) * registerCount + r] = registers[p * registerCount + r]
            }
            ready.append(child)
        }
    }

    /// A child ended: the parent goes on once all have, or fails if any child failed.
    mutating func childFinished(_ child: Int32, _ outcome: Outcome) {
        let parent = slotParent[Int(child)]
        let parentSerial = slotAttempt[Int(child)]
        freeSlot(child)
        let p = Int(parent)
        guard slotKind[p] != Engine.freeKind, slotSerial[p] == parentSerial else { return }
        if outcome != .completed && slotFailure[p] == 0 { slotFailure[p] = outcome.rawValue }
        slotPending[p] -= 1
        guard slotPending[p] == 0 else { return }
        if slotFailure[p] != 0 {
            // The parent waits after its fork, holding what it held there.
            fail(parent, Outcome(rawValue: slotFailure[p])!)
        } else {
            ready.append(parent)
        }
    }
}
