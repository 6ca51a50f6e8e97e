extension Engine {
    /// Every kind of event the engine puts on the calendar, in one place. The numbers are labels
    /// only: events at the same time fire in the order they were scheduled, whatever their kind.
    /// The run loop (`Engine.run`) handles the frequent kinds itself and the rest in
    /// `handleTimeEvent`; each kind's comment says what `target` and `tag` are.
    enum Kind {
        /// The next arrival of class `target`.
        static let arrival: UInt32 = 0
        /// The request in slot `target` goes on after a delay (tag: the slot's token).
        static let wake: UInt32 = 1
        /// The request in slot `target` has waited its queue's timeout (tag: the slot's token).
        static let timeout: UInt32 = 2
        /// Warm-up is over: statistics start.
        static let warmupEnd: UInt32 = 3
        /// End of a time-series window.
        static let window: UInt32 = 4
        /// A client gives up on an attempt (target: slot; tag: the attempt's serial).
        static let clientTimeout: UInt32 = 5
        /// Timeline event number `target`.
        static let timeline: UInt32 = 6
        /// A round of health checks by the balancer in front of app server `target`.
        static let healthCheck: UInt32 = 7
        /// A failed probe of replica `tag` of app server `target` times out.
        static let probeFailed: UInt32 = 8
        /// Check whether draining replicas of app server `target` are empty.
        static let drainCheck: UInt32 = 9
        /// Autoscaler number `target` evaluates.
        static let autoscale: UInt32 = 10
        /// `tag` replicas of app server `target` finish provisioning.
        static let provisioned: UInt32 = 11
        /// A stopped replica `tag` of app server `target` restarts (rolling deploy, resize).
        static let restart: UInt32 = 12
        /// A retry attempt starts (target: its slot; tag: the slot's token).
        static let retryStart: UInt32 = 13
        /// The next request of the replayed trace arrives (`Engine+Replay`).
        static let replay: UInt32 = 14
        /// The next departure of processor-sharing station resource `target` (tag: the station's
        /// generation when it was scheduled; stale once its population changed).
        static let sharingDeparture: UInt32 = 15
    }
}
