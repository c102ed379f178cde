import CSodium

/// libsodium's one-time initialisation and its CSPRNG.
enum Sodium {
    /// `sodium_init` is idempotent and thread-safe; a Swift global is initialised exactly once.
    private static let initialized: Bool = sodium_init() >= 0

    /// Makes sure libsodium is initialised; every entry point that calls into it goes through here.
    @inline(__always)
    static func ensureInitialized() {
        precondition(initialized, "libsodium failed to initialise")
    }

    /// `count` bytes from the operating system's CSPRNG.
    static func randomBytes(_ count: Int) -> [UInt8] {
        ensureInitialized()
        var bytes = [UInt8](repeating: 0, count: count)
        randombytes_buf(&bytes, count)
        return bytes
    }

    /// Overwrites `bytes` with zeros in a way the optimiser cannot drop.
    static func wipe(_ bytes: inout [UInt8]) {
        let count = bytes.count
        sodium_memzero(&bytes, count)
    }
}
