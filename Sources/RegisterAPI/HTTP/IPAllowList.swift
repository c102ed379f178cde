import Hummingbird
import NIOCore

/// `--api.allow-ip`: only these addresses (exact IPv4/IPv6, or IPv4 CIDR blocks) may call the
/// API; others get the reference's 403 "Access forbidden: IP not whitelisted". Empty allows all
/// (the reference shipped this check disabled).
public struct IPAllowList: Sendable, Equatable {
    private var exact: Set<String> = []
    private var blocks: [(network: UInt32, mask: UInt32)] = []

    public static func == (lhs: IPAllowList, rhs: IPAllowList) -> Bool {
        lhs.exact == rhs.exact && lhs.blocks.map(\.network) == rhs.blocks.map(\.network) && lhs.blocks.map(\.mask) == rhs.blocks.map(\.mask)
    }

    public var isEmpty: Bool { exact.isEmpty && blocks.isEmpty }

    /// Allows everyone.
    public init() {}

    /// Parses `entries`; a malformed one is an error naming it.
    public init(_ entries: [String]) throws(APIFailure) {
        for entry in entries {
            if let slash = entry.firstIndex(of: "/") {
                guard let address = Self.ipv4(String(entry[..<slash])), let bits = Int(entry[entry.index(after: slash)...]),
                    (0...32).contains(bits)
                else {
                    throw .validation("api.allow-ip", "\(entry) is not an address or an IPv4 CIDR block")
                }
                let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
                blocks.append((address & mask, mask))
            } else {
                guard (try? SocketAddress(ipAddress: entry, port: 0)) != nil else {
                    throw .validation("api.allow-ip", "\(entry) is not an address or an IPv4 CIDR block")
                }
                exact.insert(entry)
            }
        }
    }

    public func allows(_ address: SocketAddress?) -> Bool {
        if isEmpty { return true }
        guard let ip = address?.ipAddress else { return false }
        if exact.contains(ip) { return true }
        guard let value = Self.ipv4(ip) else { return false }
        return blocks.contains { value & $0.mask == $0.network }
    }

    private static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let octet = UInt8(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }
}

/// Refuses callers outside the allow-list before any route runs.
struct IPAllowListMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let allowList: IPAllowList

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard allowList.allows(context.remoteAddress) else {
            return APIResponse.failure(
                APIFailure(
                    403, "Access forbidden: IP not whitelisted", "\(context.remoteAddress?.ipAddress ?? "unknown") is not in --api.allow-ip"
                )
            ).response
        }
        return try await next(request, context)
    }
}
