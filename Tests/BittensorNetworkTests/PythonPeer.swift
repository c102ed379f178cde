import Foundation
import Testing
import TestSupport
@testable import BittensorNetwork

/// The Python side of these tests (`python_peer.py` in the project's `.venv`, bittensor 9.0.0).
/// A missing environment fails the test with the command that makes it.
enum PythonPeer {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func call(_ command: String, _ arguments: [String: Any]) throws -> [String: Any] {
        try PythonPeerScript.call(PythonPeerScript.path("Tests/BittensorNetworkTests/python_peer.py"), command, arguments)
    }

    /// ``call(_:_:)`` on a thread of its own, so that waiting for Python (seconds) does not hold
    /// one of the few threads that run every test's async work.
    static func callDetached(_ command: String, _ arguments: [String: any Sendable]) async throws -> [String: Any] {
        // The answer crosses threads as JSON bytes (Sendable), not as Foundation objects.
        let data: Data = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try JSONSerialization.data(withJSONObject: call(command, arguments)) })
            }
        }
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Rebuilds a value tagged by `python_peer.typed`.
    static func value(_ tagged: Any?) throws -> PythonValue {
        guard let node = tagged as? [String: Any], let type = node["t"] as? String else { throw Failure(description: "bad tagged value") }
        switch type {
        case "none": return .none
        case "bool": return .bool(try require(node["v"] as? Bool))
        case "int": return .int(try require((node["v"] as? NSNumber)?.int64Value).asInt)
        case "float": return .float(Double(bitPattern: try require((node["bits"] as? NSNumber)?.uint64Value)))
        case "str": return .string(try require(node["v"] as? String))
        case "list": return .list(try require(node["v"] as? [Any]).map(value))
        case "tuple": return .tuple(try require(node["v"] as? [Any]).map(value))
        case "dict":
            return .dict(try require(node["v"] as? [[Any]]).map { pair in (try require(pair.first as? String), try value(pair.last)) })
        default: throw Failure(description: "unknown tag \(type)")
        }
    }

    private static func require<T>(_ value: T?) throws -> T {
        guard let value else { throw Failure(description: "malformed tagged value") }
        return value
    }
}

extension Int64 {
    var asInt: Int { Int(self) }
}
