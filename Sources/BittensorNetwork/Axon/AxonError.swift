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
}
