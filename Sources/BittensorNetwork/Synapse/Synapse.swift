/// A bittensor synapse: the common fields plus a subclass's own, served at `/<name>`.
///
/// Conformers encode ``common`` into the same JSON object as their own fields (a subclass's
/// `model_dump`), give a value for every field named in ``requiredHashFields``, and list their
/// fields without defaults in ``requiredFields`` so a dendrite can send the header placeholders
/// a Python axon needs.
public protocol Synapse: Codable, Sendable {
    /// The Python class name, which is also the route.
    static var name: String { get }
    /// `required_hash_fields`, in order.
    static var requiredHashFields: [String] { get }
    /// Fields bound to the request by ``BodyBinding`` (our second signature) for a synapse whose
    /// Python class declares no `required_hash_fields`, in order; empty for most synapses.
    static var boundFields: [String] { get }
    /// Fields without a default, and their Python types.
    static var requiredFields: [(name: String, type: PythonType)] { get }

    var common: SynapseCommon { get set }

    /// A synapse with every field at its default.
    init()

    /// The pydantic-coerced value of field `field`, for the body hash.
    func pythonValue(forField field: String) -> PythonValue?

    /// The dict fields, by JSON name, whose key order must survive encoding.
    var orderedFields: [String: JSONValue] { get }

    /// Takes the dict fields' values, in document order, from the parsed body.
    mutating func adoptOrderedFields(from body: JSONValue)
}

extension Synapse {
    public static var requiredHashFields: [String] { [] }
    public static var boundFields: [String] { [] }
    public static var requiredFields: [(name: String, type: PythonType)] { [] }

    public func pythonValue(forField field: String) -> PythonValue? { nil }

    public var orderedFields: [String: JSONValue] { [:] }

    public mutating func adoptOrderedFields(from body: JSONValue) {}

    /// `Synapse.body_hash`.
    public var bodyHash: String {
        BodyHash.compute(Self.requiredHashFields.map { pythonValue(forField: $0) ?? .none })
    }

    /// The hash ``BodyBinding`` signs: ``BodyHash`` over ``boundFields``.
    public var boundHash: String {
        BodyHash.compute(Self.boundFields.map { pythonValue(forField: $0) ?? .none })
    }

    /// The dendrite's view of the call's outcome.
    public var dendrite: TerminalInfo { common.dendrite ?? TerminalInfo() }
    /// The axon's view of the call's outcome.
    public var axon: TerminalInfo { common.axon ?? TerminalInfo() }

    public var isSuccess: Bool { dendrite.statusCode == 200 }
}
