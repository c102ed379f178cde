import Foundation

/// The axon's nonce rules, per `"{hotkey}:{uuid}"` — bittensor 9/10's `default_verify`, made
/// strict where the reference lets a captured request be replayed:
///
/// - **every** nonce (not only the first of a key) must be fresh: no older than
///   `4 s + min(timeout, 60 s)` and no more than ``maximumLead`` ahead of the axon's clock. The
///   `timeout` header is not signed, so its credit is capped (``maximumTimeoutCredit``): a
///   replay with `timeout: 1e9` gets no wider window than an honest call with 60 s. There is
///   no exemption for old dendrite versions (the `version` header is not signed either);
/// - every nonce must be strictly greater than the last one accepted for its key.
///
/// Because freshness holds for every request, a key may be forgotten once its last nonce is
/// older than ``retention`` (longer than any accepted age): any replay of it is then refused
/// as too old. All arithmetic on the (outside) nonce is comparison, or done in `Double`, so no
/// value traps.
public struct NonceGuard: Sendable {
    /// `ALLOWED_DELTA` of the reference, in nanoseconds.
    public static let allowedDelta = 4_000_000_000
    /// The most of a request's `timeout` that widens the freshness window (60 s, in ns).
    public static let maximumTimeoutCredit = 60_000_000_000
    /// The widest window any request gets: ``allowedDelta`` + ``maximumTimeoutCredit``.
    public static let maximumAge = allowedDelta + maximumTimeoutCredit
    /// How far ahead of this axon's clock a nonce may be (a peer's clock may run fast).
    public static let maximumLead = maximumAge
    /// How long a key's last nonce is remembered: well past any accepted age, so a forgotten
    /// key can only be replayed with a nonce that freshness refuses anyway.
    public static let retention = 600_000_000_000

    private var lastNonce: [String: Int] = [:]

    public init() {}

    public enum Rejection: Error, Equatable, Sendable, CustomStringConvertible {
        case missing
        case tooOld(allowedSeconds: Double, ageSeconds: Double)
        case notIncreasing
        case tooFarAhead(allowedSeconds: Double, leadSeconds: Double)

        /// The reference's exception texts, which the axon reports after "Not Verified with error: ".
        public var description: String {
            switch self {
            case .missing: "Missing Nonce"
            case let .tooOld(allowed, age):
                "Nonce is too old: acceptable delta is \(Self.twoDecimals(allowed)) seconds but request was \(Self.twoDecimals(age)) seconds old"
            case .notIncreasing: "Nonce is too old, a newer one was last processed"
            case let .tooFarAhead(allowed, lead):
                "Nonce is ahead of this axon's clock: at most \(Self.twoDecimals(allowed)) seconds are accepted but it was \(Self.twoDecimals(lead)) seconds ahead"
            }
        }

        /// Python's `f"{x:.2f}"`: C's correctly rounded `%.2f`.
        private static func twoDecimals(_ value: Double) -> String {
            String(format: "%.2f", value)
        }
    }

    /// The freshness window for a request with `timeout` seconds, in nanoseconds: never more
    /// than ``maximumAge``, whatever `timeout` holds (NaN and negatives give no credit).
    public static func window(timeout: Double?) -> Int {
        let seconds = timeout ?? 0
        let credit = seconds > 0 ? min(seconds * 1e9, Double(maximumTimeoutCredit)) : 0  // false for NaN
        return allowedDelta + Int(credit)
    }

    /// The stateless part: `nonce` is within the window around `now`. Cheap; safe to run
    /// before the signature is checked.
    public static func checkFresh(nonce: Int, timeout: Double?, now: Int) throws(Rejection) {
        let window = Self.window(timeout: timeout)
        if nonce <= saturating(now, -window) {
            throw .tooOld(allowedSeconds: Double(window) / 1e9, ageSeconds: (Double(now) - Double(nonce)) / 1e9)
        }
        if nonce > saturating(now, maximumLead) {
            throw .tooFarAhead(allowedSeconds: Double(maximumLead) / 1e9, leadSeconds: (Double(nonce) - Double(now)) / 1e9)
        }
    }

    /// Freshness, then strict increase over the last nonce accepted for the key; records
    /// nothing (see ``record(nonce:hotkey:uuid:)``).
    public func check(nonce: Int?, hotkey: String, uuid: String, timeout: Double?, now: Int) throws(Rejection) {
        guard let nonce else { throw .missing }
        try Self.checkFresh(nonce: nonce, timeout: timeout, now: now)
        if let last = lastNonce[Self.key(hotkey: hotkey, uuid: uuid)], nonce <= last { throw .notIncreasing }
    }

    /// Records an accepted nonce (never lowers a key's last nonce).
    public mutating func record(nonce: Int, hotkey: String, uuid: String) {
        record(key: Self.key(hotkey: hotkey, uuid: uuid), nonce: nonce)
    }

    mutating func record(key: String, nonce: Int) {
        lastNonce[key] = max(nonce, lastNonce[key] ?? nonce)
    }

    /// The last nonce accepted for the key, if remembered.
    public func lastNonce(hotkey: String, uuid: String) -> Int? {
        lastNonce[Self.key(hotkey: hotkey, uuid: uuid)]
    }

    /// Forgets keys whose last nonce is older than ``retention`` (see the type's comment for
    /// why that is safe).
    public mutating func prune(now: Int) {
        let horizon = Self.saturating(now, -Self.retention)
        lastNonce = lastNonce.filter { $0.value >= horizon }
    }

    public var trackedKeys: Int { lastNonce.count }

    /// `a + b`, held at Int's ends instead of trapping (`now` is our clock, but a caller's).
    static func saturating(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b < 0 ? Int.min : Int.max) : sum
    }

    static func key(hotkey: String, uuid: String) -> String { hotkey + ":" + uuid }
}
