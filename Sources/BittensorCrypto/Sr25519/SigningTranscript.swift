/// The Merlin transcript of an sr25519 signature under Substrate's signing context.
///
/// sp-core signs `signing_context(b"substrate").bytes(message)`; schnorrkel then commits the
/// protocol name, the public key and the commitment R before drawing the challenge scalar.
enum SigningTranscript {
    static let context = Array("substrate".utf8)

    /// The transcript up to and including the public key: where the signer draws its witness.
    static func beforeCommitment(message: [UInt8], publicKey: [UInt8]) -> MerlinTranscript {
        var transcript = MerlinTranscript(label: "SigningContext")
        transcript.append(label: "", message: context)
        transcript.append(label: "sign-bytes", message: message)
        transcript.append(label: "proto-name", message: Array("Schnorr-sig".utf8))
        transcript.append(label: "sign:pk", message: publicKey)
        return transcript
    }

    /// The challenge k of the signature with commitment `commitment` (R).
    static func challenge(message: [UInt8], publicKey: [UInt8], commitment: [UInt8]) -> Scalar25519 {
        var transcript = beforeCommitment(message: message, publicKey: publicKey)
        return challenge(after: &transcript, commitment: commitment)
    }

    static func challenge(after transcript: inout MerlinTranscript, commitment: [UInt8]) -> Scalar25519 {
        transcript.append(label: "sign:R", message: commitment)
        return Scalar25519.reducing(wide: transcript.challengeBytes(label: "sign:c", count: 64))
    }
}
