/// The smallest POSIX ustar writer that a build context needs: one regular file.
enum TarArchive {
    static func singleFile(named name: String, contents: [UInt8], mode: Int = 0o644) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, length: Int) {
            for (index, byte) in text.utf8.prefix(length).enumerated() { header[offset + index] = byte }
        }
        func octal(_ value: Int, length: Int) -> String {
            let digits = String(value, radix: 8)
            return String(repeating: "0", count: max(0, length - 1 - digits.count)) + digits
        }
        put(name, at: 0, length: 100)
        put(octal(mode, length: 8), at: 100, length: 7)
        put(octal(0, length: 8), at: 108, length: 7)
        put(octal(0, length: 8), at: 116, length: 7)
        put(octal(contents.count, length: 12), at: 124, length: 11)
        put(octal(0, length: 12), at: 136, length: 11)
        put("        ", at: 148, length: 8)
        header[156] = UInt8(ascii: "0")
        put("ustar", at: 257, length: 6)
        put("00", at: 263, length: 2)
        let checksum = header.reduce(0) { $0 + Int($1) }
        put(octal(checksum, length: 7), at: 148, length: 6)
        header[154] = 0
        header[155] = UInt8(ascii: " ")
        let padding = (512 - contents.count % 512) % 512
        return header + contents + [UInt8](repeating: 0, count: padding + 1024)
    }
}
