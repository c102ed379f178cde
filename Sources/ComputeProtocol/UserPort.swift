import BittensorNetwork
import Foundation

/// One of a rental's user ports (SN27 v2.2): a port inside the container that a renter's own
/// service listens on, published on the miner's host as `externalPort`. The validator's
/// post-PoG health check serves HTTP on each internal port and probes the external one from
/// outside.
public struct UserPort: Sendable, Equatable, Hashable, Comparable {
    /// The port inside the container (v2.2 fixes them: 27015, 27016, 27017, 27018).
    public var internalPort: Int
    /// The port on the miner's public address that reaches `internalPort`.
    public var externalPort: Int

    public init(internalPort: Int, externalPort: Int) {
        self.internalPort = internalPort
        self.externalPort = externalPort
    }

    public static func < (lhs: UserPort, rhs: UserPort) -> Bool {
        (lhs.internalPort, lhs.externalPort) < (rhs.internalPort, rhs.externalPort)
    }

    /// The internal ports, in the order `--external.ports` is paired with them.
    public static let internalPorts = [27015, 27016, 27017, 27018]
    /// The miner's `--external.ports` default: each internal port published on the same number.
    public static let defaultExternalPorts = internalPorts

    /// Pairs `externalPorts` with ``internalPorts`` in order, as v2.2's miner does; refuses what
    /// the reference would silently drop or mis-map (more ports than internal ones, a port out of
    /// range, the same external port twice).
    public static func mapping(externalPorts: [Int]) throws(UserPortError) -> [UserPort] {
        guard externalPorts.count <= internalPorts.count else {
            throw .tooMany(
                "external.ports: at most \(internalPorts.count) ports (one per internal port \(internalPorts.map(String.init).joined(separator: ", "))), got \(externalPorts.count)"
            )
        }
        var seen = Set<Int>()
        for port in externalPorts {
            guard (1...65_535).contains(port) else { throw .outOfRange("external.ports: \(port) is not a TCP port (1-65535)") }
            guard seen.insert(port).inserted else { throw .duplicate("external.ports: \(port) is given twice") }
        }
        return zip(internalPorts, externalPorts).map { UserPort(internalPort: $0, externalPort: $1) }
    }

    /// Parses `--external.ports`: comma-separated port numbers ("" for none).
    public static func parse(externalPorts text: String) throws(UserPortError) -> [UserPort] {
        let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if fields == [""] { return [] }
        var ports = [Int]()
        for field in fields {
            guard field.count <= 5, let port = Int(field) else {
                throw .notANumber("external.ports: \"\(field.prefix(20))\" is not a port number (expected e.g. 27015,27016,27017,27018)")
            }
            ports.append(port)
        }
        return try mapping(externalPorts: ports)
    }

    /// The JSON object the reference writes (Python's `json.dumps` of `{27015: 27015, …}`: keys
    /// become strings, insertion order kept).
    public static func jsonObject(_ ports: [UserPort]) -> JSONValue {
        .object(ports.map { (String($0.internalPort), .int($0.externalPort)) })
    }
}

/// Why a user-port list was refused; the text names the field and the rule.
public enum UserPortError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooMany(String)
    case outOfRange(String)
    case duplicate(String)
    case notANumber(String)

    public var description: String {
        switch self {
        case let .tooMany(reason), let .outOfRange(reason), let .duplicate(reason), let .notANumber(reason): reason
        }
    }
}
