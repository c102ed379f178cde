import Foundation

/// The axon's nonce rules (bittensor 9/10 `default_verify`), per `"{hotkey}:{uuid}"`:
///
/// - a first nonce from a dendrite of version ≥ 7.2.0 must be newer than
///   `now − 4 s − timeout`;
/// - afterwards every nonce must be strictly greater than the last one accepted;
/// - future nonces are not rejected (as the reference).
///
/// Unlike the reference's dictionary, which grows forever, entries older than the age window
/// are forgotten in ``prune(now:)``: a forgotten key falls back to the age check, which such an
/// old nonce fails anyway, so nothing that was rejected before becomes acceptable.
public struct NonceGuard: Sendable {
    /// `ALLOWED_DELTA` of the reference, in nanoseconds.
    public static let allowedDelta = 4_000_000_000
    /// Dendrites older than 7.2.0 skip the age check, as in the reference.
    public static let ageCheckVersion = 7_002_000

    private var lastNonce: [String: Int] = [:]

    public init() {}

    public enum Rejection: Error, Equatable, Sendable, CustomStringConvertible {
        case missing
        case tooOld(allowedSeconds: Double, ageSeconds: Double)
        case notIncreasing

        /// The reference's exception texts, which the axon reports after "Not Verified with error: ".
        public var description: String {
            switch self {
            case .missing: "Missing Nonce"
            case let .tooOld(allowed, age):
                "Nonce is too old: acceptable delta is \(Self.twoDecimals(allowed)) seconds but request was \(Self.twoDecimals(age)) seconds old"
            case .notIncreasing: "Nonce is too old, a newer one was last processed"
            }
        }

        /// Python's `f"{x:.2f}"`: C's correctly rounded `%.2f`.
        private static func twoDecimals(_ value: Double) -> String {
            String(format: "%.2f", value)
        }
    }

    /// Checks `nonce` without recording it (record only after the signature verified).
    public func check(nonce: Int?, hotkey: String, uuid: String, version: Int?, timeout: Double?, now: Int) throws(Rejection) {
        guard let nonce else { throw .missing }
        let key = hotkey + ":" + uuid
        if let last = lastNonce[key] {
            guard nonce > last else { throw .notIncreasing }
            return
        }
        if let version, version >= Self.ageCheckVersion {
            let window = now - Self.allowedDelta - Int((timeout ?? 0) * 1e9)
            if nonce <= window {
                let allowed = Double(Self.allowedDelta) / 1e9 + (timeout ?? 0)
                throw .tooOld(allowedSeconds: allowed, ageSeconds: Double(now - nonce) / 1e9)
            }
        }
    }

    /// Records an accepted nonce.
    public mutating func record(nonce: Int, hotkey: String, uuid: String) {
        lastNonce[hotkey + ":" + uuid] = nonce
    }

    /// Forgets keys whose last nonce is older than `maximumAge` nanoseconds.
    public mutating func prune(now: Int, maximumAge: Int = 3_600_000_000_000) {
        lastNonce = lastNonce.filter { now - $0.value < maximumAge }
    }

    public var trackedKeys: Int { lastNonce.count }
}
