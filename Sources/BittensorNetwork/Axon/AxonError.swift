/// Why the axon refused a request: the HTTP status and the `message` a Python axon gives
/// (bittensor 9/10 `log_and_handle_error`).
public struct AxonError: Error, Sendable, Equatable {
    public let status: Int
    public let message: String

    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    static func unknownSynapse(_ name: String, available: [String]) -> AxonError {
        let list = PythonValue.list(available.map(PythonValue.string)).repr
        return AxonError(status: 404, message: "Synapse name '\(name)' not found. Available synapses \(list)")
    }

    static func blacklisted(_ reason: String) -> AxonError {
        AxonError(status: 403, message: "Forbidden. Key is blacklisted: \(reason).")
    }

    static func notVerified(_ reason: String) -> AxonError {
        AxonError(status: 401, message: "Not Verified with error: \(reason)")
    }

    static func timeout(_ seconds: Double) -> AxonError {
        AxonError(status: 408, message: "Response timeout after: \(PythonValue.floatRepr(seconds))s")
    }

    /// Python hides internal failures behind a random id; so do we, and log the cause.
    static func internalError() -> AxonError {
        AxonError(status: 500, message: "Internal Server Error #\(UUIDString.random())")
    }

    static func bodyTooLarge(_ limit: Int) -> AxonError {
        AxonError(status: 413, message: "Request body exceeds \(limit) bytes")
    }

    /// A header that cannot be used; the message names it and the rule (Python answers 500
    /// with an opaque id; a caller is better served knowing which header is wrong).
    static func badHeader(_ error: SynapseHeaderError) -> AxonError {
        AxonError(status: 400, message: "Bad request header: \(error.description)")
    }

    /// The body does not hash to the signed `computed_body_hash`: it is not the body the
    /// dendrite signed (Python answers 500).
    static func bodyHashMismatch(hashedFields: [String]) -> AxonError {
        let fields = hashedFields.isEmpty ? "no fields" : hashedFields.joined(separator: ", ")
        return AxonError(status: 400, message: "Body hash mismatch: computed_body_hash does not match the body's hashed fields (\(fields))")
    }

    /// The ``BodyBinding`` header is present but is not the caller's signature over the body's
    /// bound fields: the body is not the one the dendrite sent.
    static func bodyBindingMismatch(boundFields: [String]) -> AxonError {
        AxonError(
            status: 400,
            message: "Body binding mismatch: \(BodyBinding.headerName) is not the caller's signature over the body's "
                + "bound fields (\(boundFields.joined(separator: ", ")))")
    }
}
