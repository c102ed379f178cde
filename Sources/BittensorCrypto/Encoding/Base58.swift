/// Bitcoin's base58 alphabet and encoding, as SS58 uses it.
enum Base58 {
    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = Int8(index) }
        return table
    }()

    static func encode(_ bytes: [UInt8]) -> String {
        let zeros = bytes.prefix { $0 == 0 }.count
        // Base-58 digits, least significant first; schoolbook conversion is plenty for 35 bytes.
        var digits = [UInt8]()
        for byte in bytes.dropFirst(zeros) {
            var carry = Int(byte)
            for index in digits.indices {
                carry += Int(digits[index]) << 8
                digits[index] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        let encoded = [UInt8](repeating: alphabet[0], count: zeros) + digits.reversed().map { alphabet[Int($0)] }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// The bytes of `text`, or the offending character and its position.
    static func decode(_ text: String) -> Result<[UInt8], SS58Error> {
        let characters = Array(text.utf8)
        let zeros = characters.prefix { $0 == alphabet[0] }.count
        var bytes = [UInt8]()  // least significant first
        for (position, character) in characters.enumerated().dropFirst(zeros) {
            guard character < 128, values[Int(character)] >= 0 else {
                let shown = String(text[text.utf8.index(text.startIndex, offsetBy: position)])
                return .failure(.invalidCharacter(shown, position: position))
            }
            var carry = Int(values[Int(character)])
            for index in bytes.indices {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xFF))
                carry >>= 8
            }
        }
        return .success([UInt8](repeating: 0, count: zeros) + bytes.reversed())
    }
}
