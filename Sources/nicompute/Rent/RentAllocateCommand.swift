import ArgumentParser
import BittensorNetwork

/// `nicompute rent allocate`: `/service/allocate_spec`, or `/service/allocate_hotkey` with --hotkey.
struct RentAllocateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocate",
        abstract: "Rent a machine: the best verified miner that fits, or the one you name.",
        discussion: """
            Unset requirements take the API's defaults (the reference's: any "gpu" type of 3 GB, \
            1 CPU, 1 GB of RAM, 1 GB of disk, 90 days).

              nicompute rent allocate --gpu-type "NVIDIA H100 80GB HBM3" --gpu-size 80 --timeline 7
              nicompute rent allocate --hotkey 5F… --ssh-key ~/.ssh/id_ed25519.pub
              nicompute rent allocate --gpu-size 0 --timeline 1 --idempotency-key order-17
            """
    )

    @OptionGroup var api: RegisterAPIOptions

    @Option(help: "Rent this miner (by its hotkey) instead of choosing by requirements.")
    var hotkey: String?

    @Option(name: .customLong("gpu-type"), help: "The GPU model, as the validator identifies it (e.g. \"NVIDIA H100 80GB HBM3\").")
    var gpuType: String?

    @Option(name: .customLong("gpu-size"), help: "GPU memory in GB; 0 asks for no GPU in particular.")
    var gpuSize: Int?

    @Option(name: .customLong("cpu-count"), help: "CPU cores.")
    var cpuCount: Int?

    @Option(help: "RAM in GB.")
    var ram: Int?

    @Option(name: .customLong("hard-disk"), help: "Disk in GB.")
    var hardDisk: Int?

    @Option(help: "Days to rent for.")
    var timeline: Int?

    @Option(help: "The container's base image (the miner decides which it allows).")
    var image: String?

    @Option(name: .customLong("ssh-key"), help: "A public key file (e.g. ~/.ssh/id_ed25519.pub) to log in with besides the password.")
    var sshKeyPath: String?

    @Option(name: .customLong("idempotency-key"), help: "Makes a retry return the first answer instead of renting twice.")
    var idempotencyKey: String?

    @Flag(help: "Print the API's data as JSON.")
    var json = false

    func validate() throws {
        if hotkey != nil, gpuType != nil || gpuSize != nil || cpuCount != nil || ram != nil || hardDisk != nil || timeline != nil {
            throw ValidationError(
                "--hotkey: rents that miner as it is; leave out --gpu-type, --gpu-size, --cpu-count, --ram, --hard-disk and --timeline")
        }
        for (flag, value, minimum) in [
            ("--gpu-size", gpuSize, 0), ("--cpu-count", cpuCount, 1), ("--ram", ram, 1),
            ("--hard-disk", hardDisk, 0), ("--timeline", timeline, 1),
        ] {
            if let value, value < minimum { throw ValidationError("\(flag): must be at least \(minimum)") }
        }
        if let idempotencyKey, idempotencyKey.isEmpty || idempotencyKey.count > 200 {
            throw ValidationError("--idempotency-key: 1 to 200 characters")
        }
        _ = try sshKey()
    }

    func run() async throws {
        let client = try api.client()
        let headers = idempotencyKey.map { [("Idempotency-Key", $0)] } ?? []
        let reply: RegisterAPIClient.Reply
        if let hotkey {
            var docker = [(String, JSONValue)]()
            if let image { docker.append(("base_image", .string(image))) }
            reply = try await client.post(
                "/service/allocate_hotkey", query: [("hotkey", hotkey), ("ssh_key", try sshKey() ?? "")],
                body: .object(docker), headers: headers)
        } else {
            reply = try await client.post("/service/allocate_spec", body: requestBody(), headers: headers)
        }
        guard reply.status == 200, let rental = reply.data else { throw CLIError("allocation failed: \(reply.failure)") }
        if json {
            print(String(decoding: OrderedJSON.serialize(rental), as: UTF8.self))
            return
        }
        let field = rental.fieldText
        // The release line reaches the same API the same way, so it works as printed.
        let command =
            ([
                RegisterAPIOptions.shellQuoted(CommandLine.arguments.first ?? "nicompute"), "rent", "release", api.repeatedFlags,
                "--hotkey", field("hotkey"), "--uuid", field("uuid_key"),
            ]).filter { !$0.isEmpty }.joined(separator: " ")
        print(
            """
            Allocated \(field("resource")) on \(field("hotkey")), rental \(field("uuid_key")).
              \(field("ssh_command"))
              password: \(field("ssh_password"))
            Release it with:
              \(command)
            """)
    }

    /// `{"requirements": {…given…}, "docker_requirement": {…given…}}`.
    private func requestBody() throws -> JSONValue {
        var requirements = [(String, JSONValue)]()
        if let gpuType { requirements.append(("gpu_type", .string(gpuType))) }
        for (name, value) in [
            ("gpu_size", gpuSize), ("cpu_count", cpuCount), ("ram", ram), ("hard_disk", hardDisk), ("timeline", timeline),
        ] {
            if let value { requirements.append((name, .int(value))) }
        }
        var docker = [(String, JSONValue)]()
        if let image { docker.append(("base_image", .string(image))) }
        if let key = try sshKey() { docker.append(("ssh_key", .string(key))) }
        return .object([("requirements", .object(requirements)), ("docker_requirement", .object(docker))])
    }

    /// The --ssh-key file's key line, when one is given.
    private func sshKey() throws -> String? {
        try sshKeyPath.map { try PublicKeyFile.read($0, flag: "--ssh-key") }
    }
}
