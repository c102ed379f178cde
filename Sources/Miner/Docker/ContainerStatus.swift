/// A container as the engine lists it (`GET /containers/json`).
public struct ContainerSummary: Decodable, Sendable, Equatable {
    public var id: String
    public var names: [String]
    public var labels: [String: String]
    public var state: String

    enum CodingKeys: String, CodingKey { case id = "Id", names = "Names", labels = "Labels", state = "State" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        names = try container.decodeIfPresent([String].self, forKey: .names) ?? []
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        state = try container.decodeIfPresent(String.self, forKey: .state) ?? ""
    }
}

/// A container as the engine describes it (`GET /containers/{id}/json`): state and the limits
/// it actually got.
public struct ContainerInspection: Decodable, Sendable, Equatable {
    public var id: String
    public var state: State
    public var hostConfig: Limits
    public var labels: [String: String]

    public struct State: Decodable, Sendable, Equatable {
        /// created, running, paused, restarting, exited, …
        public var status: String
        enum CodingKeys: String, CodingKey { case status = "Status" }
    }

    public struct Limits: Decodable, Sendable, Equatable {
        public var memory: Int
        public var nanoCpus: Int
        public var shmSize: Int
        enum CodingKeys: String, CodingKey { case memory = "Memory", nanoCpus = "NanoCpus", shmSize = "ShmSize" }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            memory = try container.decodeIfPresent(Int.self, forKey: .memory) ?? 0
            nanoCpus = try container.decodeIfPresent(Int.self, forKey: .nanoCpus) ?? 0
            shmSize = try container.decodeIfPresent(Int.self, forKey: .shmSize) ?? 0
        }
    }

    private struct Config: Decodable {
        var labels: [String: String]?
        enum CodingKeys: String, CodingKey { case labels = "Labels" }
    }

    enum CodingKeys: String, CodingKey { case id = "Id", state = "State", hostConfig = "HostConfig", config = "Config" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        state = try container.decode(State.self, forKey: .state)
        hostConfig = try container.decode(Limits.self, forKey: .hostConfig)
        labels = try container.decodeIfPresent(Config.self, forKey: .config)?.labels ?? [:]
    }
}
