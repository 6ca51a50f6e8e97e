import HeadroomKernel

/// Run-time state and counters of a cache component (its entries live in the engine's columns).
struct CacheState: BitwiseCopyable {
    /// Most entries; Int32.max when unbounded.
    var capacity: Int32 = .max
    /// Time to live, seconds.
    var ttl: Double = 0
    /// First entry slot of this cache in the entry columns.
    var offset: Int = 0
    var count: Int32 = 0
    /// Most- and least-recently used keys; -1 when empty.
    var head: Int32 = -1
    var tail: Int32 = -1
    var hits: UInt64 = 0
    var misses: UInt64 = 0
    var sets: UInt64 = 0
    var evictions: UInt64 = 0
    var expirations: UInt64 = 0
    var invalidations: UInt64 = 0
    /// Hits and misses since the last time-series window (counted through warm-up too).
    var windowHits: UInt64 = 0
    var windowMisses: UInt64 = 0

    mutating func resetStatistics() {
        hits = 0; misses = 0; sets = 0; evictions = 0; expirations = 0; invalidations = 0
    }
}

extension ComponentTables {
    /// Cache `index`: capacity, TTL and its block of `keySpace` entry slots.
    mutating func addCache(_ cache: CacheSpec, index: Int) {
        caches[index].capacity = cache.capacity.map { Int32(clamping: $0) } ?? .max
        caches[index].ttl = cache.ttl
        caches[index].offset = cacheCount * keySpace
        cacheCount += 1
    }
}

/// Cache-aside: lookups, sets and invalidations on the cache's entry columns (expiry and LRU
/// links), and flushing it.
extension Engine {
    // MARK: Cache-aside

    @inline(__always)
    func key(_ slot: Int32) -> Int { Int(registers[Int(slot) * registerCount + Int(Layout.keyRegister)]) }

    /// Looks the request's key up: true on a hit (the entry becomes most recently used); an
    /// expired entry is dropped and counts as a miss.
    mutating func cacheGet(_ slot: Int32, cache c: Int) -> Bool {
        let k = key(slot)
        let e = caches[c].offset + k
        let expiry = cacheExpiry[e]
        if expiry > calendar.now {
            if measuring { caches[c].hits &+= 1 }
            caches[c].windowHits &+= 1
            unlink(cache: c, key: k)
            linkFront(cache: c, key: k)
            return true
        }
        if expiry > -.infinity {
            if measuring { caches[c].expirations &+= 1 }
            remove(cache: c, key: k)
        }
        if measuring { caches[c].misses &+= 1 }
        caches[c].windowMisses &+= 1
        return false
    }

    /// Stores the request's key with expiry now + ttl; evicts the least recently used entry
    /// when over capacity.
    mutating func cacheSet(_ slot: Int32, cache c: Int) {
        let k = key(slot)
        let e = caches[c].offset + k
        if measuring { caches[c].sets &+= 1 }
        if cacheExpiry[e] > -.infinity {
            unlink(cache: c, key: k)
        } else {
            caches[c].count += 1
        }
        cacheExpiry[e] = calendar.now + caches[c].ttl
        linkFront(cache: c, key: k)
        if caches[c].count > caches[c].capacity {
            let victim = Int(caches[c].tail)
            remove(cache: c, key: victim)
            if measuring { caches[c].evictions &+= 1 }
        }
    }

    /// Removes the request's key, if present (invalidation on update).
    mutating func cacheInvalidate(_ slot: Int32, cache c: Int) {
        let k = key(slot)
        guard cacheExpiry[caches[c].offset + k] > -.infinity else { return }
        remove(cache: c, key: k)
        if measuring { caches[c].invalidations &+= 1 }
    }

    private mutating func remove(cache c: Int, key k: Int) {
        unlink(cache: c, key: k)
        cacheExpiry[caches[c].offset + k] = -.infinity
        caches[c].count -= 1
    }

    /// Takes `key` out of the LRU list (it must be in it). O(1).
    private mutating func unlink(cache c: Int, key k: Int) {
        let offset = caches[c].offset
        let prev = cachePrev[offset + k]
        let next = cacheNext[offset + k]
        if prev >= 0 { cacheNext[offset + Int(prev)] = next } else { caches[c].head = next }
        if next >= 0 { cachePrev[offset + Int(next)] = prev } else { caches[c].tail = prev }
        cachePrev[offset + k] = -1
        cacheNext[offset + k] = -1
    }

    /// Puts `key` at the most-recently-used end. O(1).
    private mutating func linkFront(cache c: Int, key k: Int) {
        let offset = caches[c].offset
        let head = caches[c].head
        cachePrev[offset + k] = -1
        cacheNext[offset + k] = head
        if head >= 0 { cachePrev[offset + Int(head)] = Int32(k) } else { caches[c].tail = Int32(k) }
        caches[c].head = Int32(k)
    }

    /// Drops every entry of cache `c`.
    mutating func flush(cache c: Int) {
        var key = caches[c].head
        let offset = caches[c].offset
        while key >= 0 {
            let next = cacheNext[offset + Int(key)]
            cacheExpiry[offset + Int(key)] = -.infinity
            cachePrev[offset + Int(key)] = -1
            cacheNext[offset + Int(key)] = -1
            key = next
        }
        caches[c].head = -1
        caches[c].tail = -1
        caches[c].count = 0
    }
}

extension Layout {
    /// A cache's servers (its entries live in the engine's entry columns).
    mutating func addCache(_ cache: CacheSpec, index: Int) {
        add(ResourceState(servers: cache.servers, capacity: nil, timeout: nil), index)
    }
}
