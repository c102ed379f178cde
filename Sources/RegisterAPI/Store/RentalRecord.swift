import BittensorNetwork
import ComputeProtocol

/// One rental made through the API: who owns it, where it runs and how to log in.
public struct RentalRecord: Sendable, Equatable {
    /// The reference's `uuid_key`: a random v4 UUID (the reference used time-based uuid1).
    public var uuid: String
    public var ownerKeyID: Int
    public var hotkey: String
    public var ip: String
    public var port: Int
    public var username: String
    public var password: String
    /// The RSA public key (PEM) the miner knows the allocation by.
    public var regkey: String
    public var sshKey: String
    public var resource: String
    public var minerVersion: Int
    public var createdAt: Double
    /// The rental's user ports as its miner reported them (v2.2; none from older miners).
    public var userPorts: [UserPort]

    /// The columns the stores read, in ``init(uuid:ownerKeyID:hotkey:ip:port:username:password:regkey:sshKey:resource:minerVersion:createdAt:userPorts:)``'s order.
    static let columns =
        "uuid, owner_key_id, hotkey, ip, port, username, password, regkey, ssh_key, resource, miner_version, created_at, user_ports"

    public init(
        uuid: String, ownerKeyID: Int, hotkey: String, ip: String, port: Int, username: String, password: String,
        regkey: String, sshKey: String, resource: String, minerVersion: Int, createdAt: Double, userPorts: [UserPort] = []
    ) {
        self.uuid = uuid
        self.ownerKeyID = ownerKeyID
        self.hotkey = hotkey
        self.ip = ip
        self.port = port
        self.username = username
        self.password = password
        self.regkey = regkey
        self.sshKey = sshKey
        self.resource = resource
        self.minerVersion = minerVersion
        self.createdAt = createdAt
        self.userPorts = userPorts
    }

    /// `user_ports` as the stores keep it: `internal:external` pairs, comma-separated.
    var storedUserPorts: String {
        userPorts.map { "\($0.internalPort):\($0.externalPort)" }.joined(separator: ",")
    }

    /// Reads ``storedUserPorts`` back; a pair that does not read as two ports is dropped (the
    /// column is only ever written by ``storedUserPorts``).
    static func userPorts(stored text: String) -> [UserPort] {
        text.split(separator: ",").compactMap { pair in
            let sides = pair.split(separator: ":")
            guard sides.count == 2, sides[0].count <= 5, sides[1].count <= 5,
                let inside = Int(sides[0]), let outside = Int(sides[1])
            else { return nil }
            return UserPort(internalPort: inside, externalPort: outside)
        }
    }

    /// The reference's `Allocation` response model, in its field order, and the user ports
    /// (internal → external, as v2.2 miners report them) after it.
    public var allocationJSON: JSONValue {
        .object([
            ("resource", .string(resource)), ("hotkey", .string(hotkey)), ("regkey", .string("")),
            ("ssh_ip", .string(ip)), ("ssh_port", .int(port)), ("ssh_username", .string(username)),
            ("ssh_password", .string(password)), ("ssh_command", .string("ssh \(username)@\(ip) -p \(port)")),
            ("ssh_key", .string(sshKey)), ("uuid_key", .string(uuid)), ("miner_version", .int(minerVersion)),
            ("external_user_ports", UserPort.jsonObject(userPorts)),
        ])
    }
}
