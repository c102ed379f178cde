import BittensorNetwork

/// `docker_requirement`, checked. Only `ssh_key` and `dockerfile` change what the renter gets;
/// `base_image` is validated and recorded but, as in the reference, every container starts from
/// the miner's own SSH image; `ssh_port` is always the miner's `--ssh.port`; `volume_path` is
/// ignored (the reference mounts nothing either).
public struct ContainerRequest: Sendable, Equatable {
    public var sshKey: SSHPublicKey?
    public var baseImage: String?
    /// The renter's customisation: a shell script run **inside** the renter's container after it
    /// starts (the reference ran it on the miner host at image build time).
    public var setupScript: String?

    /// Longest accepted `dockerfile` snippet.
    public static let maximumSetupBytes = 32 * 1024

    public init(sshKey: SSHPublicKey? = nil, baseImage: String? = nil, setupScript: String? = nil) {
        self.sshKey = sshKey
        self.baseImage = baseImage
        self.setupScript = setupScript
    }

    public static func parse(_ json: JSONValue) throws(AllocationRefusal) -> ContainerRequest {
        guard case .object = json else { throw .invalidRequest("docker_requirement: must be an object") }
        var request = ContainerRequest()
        request.sshKey = try SSHPublicKey.optional(
            try string(json["ssh_key"], "docker_requirement.ssh_key"), field: "docker_requirement.ssh_key")
        if let image = try string(json["base_image"], "docker_requirement.base_image"), !image.isEmpty {
            guard ImageReference.isValid(image) else {
                throw .invalidRequest(
                    "docker_requirement.base_image: \"\(image.prefix(80))\" is not an image reference ([registry/]name[:tag][@sha256:digest], lowercase name)"
                )
            }
            request.baseImage = image
        }
        if let script = try string(json["dockerfile"], "docker_requirement.dockerfile"),
            !script.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        {
            guard script.utf8.count <= maximumSetupBytes else {
                throw .invalidRequest("docker_requirement.dockerfile: longer than \(maximumSetupBytes) bytes")
            }
            guard !script.unicodeScalars.contains("\u{0}") else {
                throw .invalidRequest("docker_requirement.dockerfile: contains a NUL character")
            }
            request.setupScript = script
        }
        return request
    }

    private static func string(_ value: JSONValue?, _ field: String) throws(AllocationRefusal) -> String? {
        switch value {
        case nil, .null?: return nil
        case let .string(text)?: return text
        default: throw .invalidRequest("\(field): must be a string")
        }
    }
}
