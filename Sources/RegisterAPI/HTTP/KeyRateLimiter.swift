import Synchronization

/// Requests per API key: a token bucket each, refilled at ``rate`` per second up to ``burst``.
/// One key that loops on `allocate_spec` (each call a 2048-bit RSA key and a miner round trip)
/// would otherwise take the instance from everyone else. Per instance: behind a load balancer
/// a key gets the limit once per instance, which bounds the total all the same.
///
/// Buckets exist only for keys that authenticated, so their number is bounded by the keys the
/// operator made, not by what callers send.
final class KeyRateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    /// Tokens added per second.
    let rate: Double
    /// The most tokens a bucket holds: requests a quiet key may send at once.
    let burst: Double
    private let buckets = Mutex<[Int: Bucket]>([:])

    init(rate: Double, burst: Double) {
        self.rate = rate
        self.burst = burst
    }

    /// Takes one token of `keyID`'s bucket: nil when granted, else the seconds until one is due.
    func take(keyID: Int, now: ContinuousClock.Instant = .now) -> Double? {
        buckets.withLock { buckets in
            var bucket = buckets[keyID] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            bucket.tokens = min(burst, bucket.tokens + max(0, seconds) * rate)
            bucket.updated = now
            defer { buckets[keyID] = bucket }
            guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / rate }
            bucket.tokens -= 1
            return nil
        }
    }
}
