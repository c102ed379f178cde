/// A value as Python sees it after pydantic's coercion, rendered exactly as CPython's `str()`
/// and `repr()` render it.
///
/// The body hash of a synapse is SHA3-256 over `str(value)` of each hashed field, so a Swift
/// peer must print Python's way: `True`/`None`, shortest round-trip floats with Python's
/// exponent rules, single-quoted string reprs with Python's escapes, `[a, b]`, `(a,)`,
/// `{'k': v}` in insertion order.
public indirect enum PythonValue: Sendable, Equatable {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case list([PythonValue])
    case tuple([PythonValue])
    /// A dict or a nested model, in insertion (field) order.
    case dict([(String, PythonValue)])

    public static func == (lhs: PythonValue, rhs: PythonValue) -> Bool {
        lhs.repr == rhs.repr
    }

    /// `str(value)`: a string is itself; everything else is its `repr`.
    public var str: String {
        if case let .string(text) = self { return text }
        return repr
    }

    /// `repr(value)`.
    public var repr: String {
        switch self {
        case .none: "None"
        case let .bool(value): value ? "True" : "False"
        case let .int(value): String(value)
        case let .float(value): Self.floatRepr(value)
        case let .string(text): Self.stringRepr(text)
        case let .list(items): "[" + items.map(\.repr).joined(separator: ", ") + "]"
        case let .tuple(items) where items.count == 1: "(" + items[0].repr + ",)"
        case let .tuple(items): "(" + items.map(\.repr).joined(separator: ", ") + ")"
        case let .dict(pairs): "{" + pairs.map { Self.stringRepr($0.0) + ": " + $0.1.repr }.joined(separator: ", ") + "}"
        }
    }

    /// Python's float repr: the shortest digits that round-trip (Swift's `description` finds the
    /// same digits), laid out by Python's rule: positional when the decimal exponent e is in
    /// −4 ≤ e < 16 (`0.0001`, `9999999999999998.0`), else `d.ddde±XX` (`1e-05`, `1e+16`); `inf`,
    /// `-inf`, `nan`. (Swift itself switches to exponents at 2^53, so it cannot be used as is.)
    static func floatRepr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0.0" }
        // Below 2^53 and from 1e-4 up, Swift writes the same shortest digits positionally, as
        // Python does: its text is Python's, with no re-layout (this runs for every answer's
        // `process_time`).
        let magnitude = abs(value)
        if magnitude >= 1e-4, magnitude < 9.007199254740992e15 {
            let text = value.description
            if !text.utf8.contains(UInt8(ascii: "e")) { return text }
        }
        let (digits, exponent) = shortestDigits(magnitude)
        if exponent < -4 || exponent >= 16 {
            let mantissa = digits.count > 1 ? digits.prefix(1) + "." + digits.dropFirst() : digits
            let magnitude = String(abs(exponent))
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" : "") + magnitude
        }
        if exponent < 0 {
            return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits
        }
        let integerCount = exponent + 1
        if digits.count <= integerCount {
            return sign + digits + String(repeating: "0", count: integerCount - digits.count) + ".0"
        }
        return sign + digits.prefix(integerCount) + "." + digits.dropFirst(integerCount)
    }

    /// The shortest round-trip significant digits of a positive finite `value` (no leading or
    /// trailing zeros) and the decimal exponent of the first digit.
    private static func shortestDigits(_ value: Double) -> (String, Int) {
        let text = value.description  // e.g. "123.45", "0.0001", "1e-05", "9.999999999999998e+15"
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponentPart = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pointIndex = mantissa.firstIndex(of: ".") ?? mantissa.endIndex
        let integerDigits = mantissa.distance(from: mantissa.startIndex, to: pointIndex)
        var digits = mantissa.filter { $0 != "." }
        var leadingZeros = 0
        while digits.first == "0" {
            digits.removeFirst()
            leadingZeros += 1
        }
        while digits.last == "0" { digits.removeLast() }
        return (String(digits), exponentPart + integerDigits - 1 - leadingZeros)
    }

    /// Python's str repr: single quotes unless the text has `'` and no `"`; backslash, the
    /// quote, `\n`, `\r`, `\t` escaped; other non-printable characters as `\xNN`, `\uNNNN` or
    /// `\UNNNNNNNN`; printable non-ASCII kept as it is.
    static func stringRepr(_ text: String) -> String {
        // Scalars, not Characters: a quote followed by a combining mark is one Character.
        let scalars = text.unicodeScalars
        let quote: Character = scalars.contains("'") && !scalars.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case Unicode.Scalar(String(quote)): out += "\\" + String(quote)
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x100 {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value < 0x10000 {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        out.append(quote)
        return out
    }

    /// CPython's `str.isprintable` for one code point: not a control, format, surrogate,
    /// private-use, unassigned, line/paragraph separator or space separator other than ' '.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
            .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
