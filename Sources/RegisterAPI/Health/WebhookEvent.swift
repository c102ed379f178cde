import BittensorNetwork
import Foundation

/// A notification to the platform, in the reference's JSON (compact, keys in its order):
/// `{"time", "deallocated_at"|"status_change_at", "hotkey", "status", "uuid"}`.
public struct WebhookEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case deallocation = "DEALLOCATION"
        case online = "ONLINE"
        case offline = "OFFLINE"
    }

    public var kind: Kind
    public var hotkey: String
    public var uuid: String
    /// When it happened (Unix seconds).
    public var at: Double

    public init(kind: Kind, hotkey: String, uuid: String, at: Double = Date().timeIntervalSince1970) {
        self.kind = kind
        self.hotkey = hotkey
        self.uuid = uuid
        self.at = at
    }

    /// The body, stamped with `now`.
    public func body(now: Double = Date().timeIntervalSince1970) -> [UInt8] {
        let eventKey = kind == .deallocation ? "deallocated_at" : "status_change_at"
        return OrderedJSON.serialize(
            .object([
                ("time", .string(Self.timestamp(now))), (eventKey, .string(Self.timestamp(at))), ("hotkey", .string(hotkey)),
                ("status", .string(kind.rawValue)), ("uuid", .string(uuid)),
            ]))
    }

    /// `%Y-%m-%dT%H:%M:%S.%fZ` in UTC, as Python's strftime writes it (microseconds).
    static func timestamp(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.down))
        let micros = Int(((seconds - Double(whole)) * 1_000_000).rounded(.down))
        var time = time_t(whole)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), micros)
    }
}
