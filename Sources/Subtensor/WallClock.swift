#if canImport(Glibc)
    import Glibc
#endif

/// The wall clock both chains read: the local chain's blocks and every drand round a commit is
/// encrypted to are counted from it.
enum WallClock {
    /// Nanoseconds since the Unix epoch.
    static func nanoseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }
}
