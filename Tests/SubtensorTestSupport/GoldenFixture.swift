import Foundation
import HexCoding
import Subtensor
import TestSupport

/// The real node data of `../shared/fixtures/subtensor-golden.json` (recorded from a subtensor
/// localnet by the RaoFoundation SDK's test suite; see that folder's README). A missing file
/// fails the tests that need it.
public enum GoldenFixture {
    /// `SUBTENSOR_GOLDEN`, else `fixtures/subtensor-golden.json` in the shared material
    /// (`NICOMPUTE_SHARED`, else `../shared` beside the repository, as the other fixture tests).
    public static var path: String {
        ProcessInfo.processInfo.environment["SUBTENSOR_GOLDEN"]
            ?? URL(fileURLWithPath: TestPaths.shared).appendingPathComponent("fixtures/subtensor-golden.json").path
    }

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// The whole file as a JSON object.
    public static func json() throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: path),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw Missing(description: "golden fixture not readable at \(path) (set SUBTENSOR_GOLDEN)") }
        return object
    }

    public static func bytes(_ hex: String) throws -> [UInt8] {
        guard let bytes = Hex.decode(hex.hasPrefix("0x") ? String(hex.dropFirst(2)) : hex) else {
            throw Missing(description: "fixture hex not decodable: \(hex.prefix(20))…")
        }
        return bytes
    }

    /// The recorded metadata V15 (parsed once per process).
    public static let metadata: Result<RuntimeMetadata, any Error> = Result {
        let object = try json()
        guard let section = object["metadata"] as? [String: Any], let hex = section["v15_hex"] as? String else {
            throw Missing(description: "fixture has no metadata.v15_hex")
        }
        return try RuntimeMetadata(bytes: try bytes(hex))
    }

    public static func section(_ name: String) throws -> [[String: Any]] {
        guard let list = try json()[name] as? [[String: Any]] else { throw Missing(description: "fixture has no \(name) list") }
        return list
    }
}
