#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wall-clock time as the protocol uses it: nonces are Unix-epoch nanoseconds (Python's
/// `time.time_ns()`), on both the axon and the dendrite side.
enum WallClock {
    static func nanoseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }
}

extension Duration {
    /// The duration in seconds, for process times and logs.
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
