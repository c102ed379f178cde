import BittensorCrypto
import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Passwords from the terminal without echo, or from bittensor-wallet's `BT_PW_…` variables.
enum PasswordPrompt {
    /// Reads a line from the controlling terminal with echo off; nil when there is no terminal.
    static func ask(_ prompt: String) -> String? {
        let descriptor = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var original = termios()
        guard tcgetattr(descriptor, &original) == 0 else { return nil }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        _ = prompt.withCString { write(descriptor, $0, strlen($0)) }
        tcsetattr(descriptor, TCSAFLUSH, &silent)
        defer {
            tcsetattr(descriptor, TCSAFLUSH, &original)
            _ = write(descriptor, "\n", 1)
        }
        var line = [UInt8]()
        var byte: UInt8 = 0
        while read(descriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
            line.append(byte)
        }
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }

    /// The password of an existing keyfile: asked at the terminal (used only when the
    /// keyfile's `BT_PW_…` variable is not set).
    static func existing(for keyfile: Keyfile) -> () throws -> String? {
        { ask("Enter the password for \(keyfile.path): ") }
    }

    /// A new password for `keyfile`: its `BT_PW_…` variable when set, else asked twice at the
    /// terminal. Checked against the password rule either way.
    static func new(for keyfile: Keyfile) throws -> String {
        if let fromEnvironment = KeyfilePassword.fromEnvironment(forKeyfileAt: keyfile.path) {
            try KeyfilePassword.validateNew(fromEnvironment)
            return fromEnvironment
        }
        guard let first = ask("Choose a password to encrypt \(keyfile.path): ") else {
            throw CLIError(
                "no terminal to ask for a password: set \(keyfile.passwordEnvironmentVariable) "
                    + "or pass --no-password")
        }
        try KeyfilePassword.validateNew(first)
        guard ask("Retype the password: ") == first else { throw CLIError("the passwords do not match; nothing was written") }
        return first
    }
}
