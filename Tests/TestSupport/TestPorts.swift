import Foundation

/// Ports for the servers the interoperability tests start (axons, the API, rentals' SSH).
///
/// They are drawn below the kernel's ephemeral range (`net.ipv4.ip_local_port_range`,
/// 32768–60999 by default), from which every outgoing connection on the machine takes its local
/// port. A listening port inside that range can be held by any such connection at the moment a
/// server needs it; CI saw a test container's SSH port fail that way ("bind: address already in
/// use") and a miner go unscored.
public enum TestPorts {
    /// The lowest port of the ephemeral range.
    public static let ephemeralLow: Int = {
        guard let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8),
            let low = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.flatMap({ Int($0) })
        else { return 32_768 }
        return low
    }()

    /// The lowest port handed out: clear of the well-known and registered services below.
    public static let lowest = 10_000

    /// A random base port such that `base ..< base + span` lies below the ephemeral range, on
    /// a multiple of `step` (so that runs with the same step never half-overlap).
    public static func base(span: Int, step: Int = 1) -> Int {
        let slots = max(1, (ephemeralLow - span - lowest) / step)
        return lowest + Int.random(in: 0..<slots) * step
    }
}
