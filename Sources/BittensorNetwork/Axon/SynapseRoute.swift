import Foundation

/// One attached synapse type with its hooks, erased so the axon can route by name.
struct SynapseRoute: Sendable {
    /// The outcome of one call: status, headers and JSON body.
    struct Reply: Sendable {
        let status: Int
        let headers: [(String, String)]
        let body: [UInt8]
    }

    let name: String
    /// `required_hash_fields`, for error messages.
    let hashedFields: [String]
    /// ``Synapse/boundFields``, for error messages.
    let boundFields: [String]
    /// Builds the header-only synapse and runs the blacklist hook on it (after verification).
    let blacklist: @Sendable (SynapseCommon) async -> (blocked: Bool, reason: String)
    /// Builds the header-only synapse and runs the priority hook on it.
    let priority: @Sendable (SynapseCommon) async -> Double
    /// Decodes the body, checks its hash against the header's, runs the handler, encodes the answer.
    let answer:
        @Sendable (
            _ header: SynapseCommon, _ signed: SignedRequest, _ binding: String?, _ body: [UInt8],
            _ started: ContinuousClock.Instant
        ) async throws -> Reply

    init<S: Synapse>(
        _ type: S.Type,
        forward: @escaping @Sendable (S) async throws -> S,
        blacklist: (@Sendable (S) async -> (Bool, String))?,
        priority: (@Sendable (S) async -> Double)?
    ) {
        name = S.name
        hashedFields = S.requiredHashFields
        boundFields = S.boundFields
        self.blacklist = { common in
            guard let blacklist else { return (false, "") }
            var synapse = S()
            synapse.common = common
            return await blacklist(synapse)
        }
        self.priority = { common in
            guard let priority else { return 0 }
            var synapse = S()
            synapse.common = common
            return await priority(synapse)
        }
        answer = { header, signed, binding, body, started in
            var request: S
            do {
                request = try SynapseCoder.decode(S.self, from: body)
            } catch {
                throw SynapseRouteFailure.unprocessable(String(describing: error))
            }
            guard request.bodyHash == header.computedBodyHash else { throw SynapseRouteFailure.bodyHashMismatch }
            // Our dendrites bind the fields the handler acts on; a reference dendrite sends no
            // binding and is served as the reference serves it (``BodyBinding``).
            if !S.boundFields.isEmpty, let binding {
                let expected = BodyBinding(
                    nonce: signed.nonce, dendriteHotkey: signed.hotkey, axonHotkey: header.axon?.hotkey ?? "",
                    uuid: signed.uuid, boundHash: request.boundHash)
                guard expected.verifies(binding, publicKey: signed.publicKey) else { throw SynapseRouteFailure.bodyBindingMismatch }
            }
            // The handler sees who called as verified from the signed headers, never the body's
            // claim: miners decide ownership by the caller's hotkey.
            request.common.dendrite = header.dendrite
            var response = try await forward(request)
            var axon = response.axon
            // Python's axon answers with the version, uuid and nonce it stamped on arrival.
            axon.version = header.axon?.version
            axon.uuid = header.axon?.uuid
            axon.nonce = header.axon?.nonce
            axon.statusCode = axon.statusCode ?? 200
            if axon.statusMessage?.isEmpty ?? true { axon.statusMessage = "Success" }
            axon.processTime = (ContinuousClock.now - started).seconds
            response.common.axon = axon
            response.common.name = S.name
            return Reply(status: 200, headers: SynapseHeaders.make(for: response), body: try SynapseCoder.encode(response))
        }
    }
}

/// Failures after admission, mapped to Python's statuses by the axon.
enum SynapseRouteFailure: Error {
    /// The body does not decode into the synapse (FastAPI answers 422).
    case unprocessable(String)
    /// The body does not hash to the signed `computed_body_hash` (Python answers 500).
    case bodyHashMismatch
    /// The ``BodyBinding`` header is not the caller's signature over the body's bound fields.
    case bodyBindingMismatch
}
