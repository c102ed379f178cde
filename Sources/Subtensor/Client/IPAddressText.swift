/// Renders the chain's integer IPs as the SDK does (`str(netaddr.IPAddress(int))`): values that
/// fit 32 bits as dotted IPv4, larger ones as IPv6 text with the longest run of zero groups
/// compressed.
public enum IPAddressText {
    public static func render(_ value: UInt128) -> String {
        if value <= UInt128(UInt32.max) {
            return (0..<4).reversed().map { String((value >> (8 * UInt128($0))) & 0xff) }.joined(separator: ".")
        }
        let groups = (0..<8).reversed().map { UInt16(truncatingIfNeeded: value >> (16 * UInt128($0))) }
        // Longest run (first if tied) of two or more zero groups.
        var best: (start: Int, length: Int) = (-1, 0)
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else { index += 1; continue }
            var end = index
            while end < 8, groups[end] == 0 { end += 1 }
            if end - index > best.length { best = (index, end - index) }
            index = end
        }
        let text = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return text.joined(separator: ":") }
        let head = text[..<best.start].joined(separator: ":")
        let tail = text[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }

    /// The integer of a dotted IPv4 or an IPv6 address, and its type (4 or 6); nil when the
    /// text is neither.
    public static func parse(_ text: String) -> (value: UInt128, type: Int)? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4 {
            var value: UInt128 = 0
            for octet in octets {
                guard octet.count <= 3, let byte = UInt8(octet) else { return nil }
                value = value << 8 | UInt128(byte)
            }
            return (value, 4)
        }
        guard text.contains(":") else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let number = UInt16(group, radix: 16) else { return nil }
                out.append(number)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return (all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }, 6)
    }
}
