/// Text from the outside (a peer's header, a path, a miner's stderr or GPU name) made safe to
/// put in a log line or an error message: one line, printable ASCII, bounded in length.
///
/// Why: a peer that controls text in our logs could otherwise forge log lines (`\n` and a
/// made-up entry), hide text with terminal escapes, or fill the log with one huge value.
public enum LogText {
    /// The longest escaped text kept; longer input is cut and marked with `…(N bytes)`.
    public static let maximumLength = 200

    /// `text` with `\`, quotes and every byte outside printable ASCII escaped (`\n`, `\xNN`,
    /// `\u{NNNN}`), cut to ``maximumLength`` characters.
    public static func escaped(_ text: some StringProtocol, maximumLength: Int = LogText.maximumLength) -> String {
        var out = ""
        out.reserveCapacity(min(text.utf8.count, maximumLength) + 16)
        var emitted = 0
        for scalar in text.unicodeScalars {
            let piece: String
            switch scalar {
            case "\\": piece = "\\\\"
            case "\"": piece = "\\\""
            case "'": piece = "\\'"
            case "\n": piece = "\\n"
            case "\r": piece = "\\r"
            case "\t": piece = "\\t"
            default:
                if scalar.value >= 0x20 && scalar.value < 0x7F {
                    piece = String(Character(scalar))
                } else if scalar.value < 0x100 {
                    piece = "\\x" + hex(scalar.value, width: 2)
                } else {
                    piece = "\\u{" + hex(scalar.value, width: 4) + "}"
                }
            }
            if emitted + piece.count > maximumLength {
                out += "…(\(text.utf8.count) bytes)"
                return out
            }
            out += piece
            emitted += piece.count
        }
        return out
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
