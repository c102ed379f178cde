import Foundation
import Logging

/// A request the API answers with an error envelope: the status, the reference's message and a
/// detail naming what was wrong.
public struct APIFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var status: Int
    public var message: String
    public var detail: String
    /// For a 422: the parameter at fault, which the envelope lists as the reference does.
    public var field: String?

    public init(_ status: Int, _ message: String, _ detail: String, field: String? = nil) {
        self.status = status
        self.message = message
        self.detail = detail
        self.field = field
    }

    /// The reference's 422 for one parameter.
    public static func validation(_ field: String, _ message: String) -> APIFailure {
        APIFailure(422, "Validation Error, Please check the request body.", message, field: field)
    }

    public var description: String { "\(status) \(message): \(detail)" }

    /// A 500 whose cause stays in the operator's log: internal error text (SQL, file paths,
    /// connection details) tells an attacker about the deployment and the caller nothing they
    /// can act on. The incident id ties the answer to its log line.
    public static func internalError(_ error: any Error, while doing: String) -> APIFailure {
        let incident = UUID().uuidString.prefix(8).lowercased()
        internalLogger.error("api: incident \(incident) while \(doing): \(error)")
        return APIFailure(500, "Internal error", "incident \(incident): the API's log has the cause")
    }

    private static let internalLogger = Logger(label: "api")

    static func notFound(_ detail: String = "No allocation details found for the provided hotkey.") -> APIFailure {
        APIFailure(404, "No allocation details found for the provided hotkey.", detail)
    }
}
