import ArgumentParser
import BittensorCrypto
import HexCoding

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a signature: exit status 0 when valid, 1 when not.",
        discussion: """
            Like bittensor-wallet, accepts a signature over the raw message or over the message \
            wrapped in <Bytes>…</Bytes> (as browser extensions sign). Malformed input exits with 64.
            """
    )

    @Option(help: "The message that was signed.")
    var message: String

    @Option(help: "The 64-byte signature as hex (with or without 0x).")
    var signature: String

    @Option(help: "The signer's SS58 address.")
    var ss58: String

    func run() throws {
        guard let signatureBytes = Hex.decode(signature) else {
            throw ValidationError("--signature: is not hexadecimal")
        }
        guard signatureBytes.count == 64 else {
            throw ValidationError("--signature: has \(signatureBytes.count) bytes, expected 64")
        }
        let publicKey: PublicKey
        do { publicKey = try PublicKey(ss58Address: ss58) } catch { throw ValidationError("--ss58: \(error.description)") }
        if Keypair(publicKey: publicKey).verify(Array(message.utf8), signature: signatureBytes) {
            print("valid: signed by \(ss58)")
        } else {
            print("invalid: not a signature of this message by \(ss58)")
            throw ExitCode.failure
        }
    }
}
