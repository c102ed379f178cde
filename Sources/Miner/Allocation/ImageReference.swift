/// Docker image references (`[registry[:port]/]path[:tag][@sha256:hex]`), checked by the
/// grammar of the distribution spec, so that no other text ever reaches the engine as an image.
public enum ImageReference {
    public static func isValid(_ reference: String) -> Bool {
        guard !reference.isEmpty, reference.utf8.count <= 255 else { return false }
        var rest = Substring(reference)
        if let at = rest.firstIndex(of: "@") {
            let digest = rest[rest.index(after: at)...]
            guard digest.hasPrefix("sha256:"), digest.dropFirst(7).count == 64,
                digest.dropFirst(7).allSatisfy({ $0.isHexDigit && !$0.isUppercase })
            else { return false }
            rest = rest[..<at]
        }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard let last = components.popLast() else { return false }
        var name = last
        if let colon = last.lastIndex(of: ":") {
            let tag = last[last.index(after: colon)...]
            guard !tag.isEmpty, tag.count <= 128, tag.first.map({ $0.isLetter || $0.isNumber || $0 == "_" }) == true,
                tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) })
            else { return false }
            name = last[..<colon]
        }
        if let registry = components.first, components.count >= 1,
            registry.contains(".") || registry.contains(":") || registry == "localhost"
        {
            guard registry.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:".contains($0)) }),
                registry.first.map({ $0.isLetter || $0.isNumber }) == true, !registry.contains("..")
            else { return false }
            components.removeFirst()
        }
        return (components + [name]).allSatisfy(isPathComponent)
    }

    /// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
    private static func isPathComponent(_ component: Substring) -> Bool {
        guard let first = component.first, let last = component.last,
            isLowerAlnum(first), isLowerAlnum(last), !component.contains("..")
        else { return false }
        return component.allSatisfy { isLowerAlnum($0) || "._-".contains($0) }
    }

    private static func isLowerAlnum(_ character: Character) -> Bool {
        character.isASCII && (character.isNumber || (character.isLetter && character.isLowercase))
    }
}
