/// One end of a synapse call (`bittensor.TerminalInfo`): who sent or served it, and how it
/// went. All fields are optional and encode as JSON `null` when absent, as pydantic dumps them.
public struct TerminalInfo: Codable, Sendable, Equatable {
    public var statusCode: Int?
    public var statusMessage: String?
    public var processTime: Double?
    public var ip: String?
    public var port: Int?
    public var version: Int?
    public var nonce: Int?
    public var uuid: String?
    public var hotkey: String?
    public var signature: String?

    public init(
        statusCode: Int? = nil, statusMessage: String? = nil, processTime: Double? = nil, ip: String? = nil,
        port: Int? = nil, version: Int? = nil, nonce: Int? = nil, uuid: String? = nil, hotkey: String? = nil,
        signature: String? = nil
    ) {
        self.statusCode = statusCode
        self.statusMessage = statusMessage
        self.processTime = processTime
        self.ip = ip
        self.port = port
        self.version = version
        self.nonce = nonce
        self.uuid = uuid
        self.hotkey = hotkey
        self.signature = signature
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case statusCode = "status_code"
        case statusMessage = "status_message"
        case processTime = "process_time"
        case ip, port, version, nonce, uuid, hotkey, signature
    }

    /// Encodes every field, `null` included, in the model's order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(statusCode, forKey: .statusCode)
        try container.encode(statusMessage, forKey: .statusMessage)
        try container.encode(processTime, forKey: .processTime)
        try container.encode(ip, forKey: .ip)
        try container.encode(port, forKey: .port)
        try container.encode(version, forKey: .version)
        try container.encode(nonce, forKey: .nonce)
        try container.encode(uuid, forKey: .uuid)
        try container.encode(hotkey, forKey: .hotkey)
        try container.encode(signature, forKey: .signature)
    }

    /// The header values Python's `to_headers` emits: `str(v)` of each non-None field, keyed
    /// by the field name.
    public var headerFields: [(String, String)] {
        var fields = [(String, String)]()
        func add(_ key: CodingKeys, _ value: String?) {
            if let value { fields.append((key.rawValue, value)) }
        }
        add(.statusCode, statusCode.map(String.init))
        add(.statusMessage, statusMessage)
        add(.processTime, processTime.map(PythonValue.floatRepr))
        add(.ip, ip)
        add(.port, port.map(String.init))
        add(.version, version.map(String.init))
        add(.nonce, nonce.map(String.init))
        add(.uuid, uuid)
        add(.hotkey, hotkey)
        add(.signature, signature)
        return fields
    }

    /// Sets the field named `key` from a header string, as pydantic coerces it (`int(raw)`,
    /// `float(raw)`); an unparseable number is an error naming the header.
    public mutating func set(field key: String, headerValue raw: String) throws(SynapseHeaderError) {
        guard let field = CodingKeys(rawValue: key) else { return }
        func integer() throws(SynapseHeaderError) -> Int {
            guard let value = Int(raw.trimmingCharacters(in: " ")) else { throw .invalidNumber(field: key, value: raw) }
            return value
        }
        switch field {
        case .statusCode: statusCode = try integer()
        case .statusMessage: statusMessage = raw
        case .processTime:
            guard let value = Double(raw) else { throw .invalidNumber(field: key, value: raw) }
            processTime = value
        case .ip: ip = raw
        case .port: port = try integer()
        case .version: version = try integer()
        case .nonce: nonce = try integer()
        case .uuid: uuid = raw
        case .hotkey: hotkey = raw
        case .signature: signature = raw
        }
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return String(text)
    }
}
