import ArgumentParser
import BittensorCrypto
import BittensorNetwork
import ComputeProtocol
import Foundation

/// `nicompute query`: a dendrite from the command line, for operators checking an axon.
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Send one signed synapse to an axon and print its answer.",
        discussion: """
            Signs with the wallet's hotkey, like a validator would. Prints the status, the message, \
            the time taken and the synapse's fields as the axon returned them. Exit status 0 when \
            the axon answered 200, 1 otherwise.

            Example: nicompute query --axon 203.0.113.7:8091 --axon.hotkey 5F… --synapse Allocate \\
                       --body '{"checking": true, "timeline": 1}'
            """
    )

    /// The synapses this command knows, by name.
    static let synapses: [String: any QueryableSynapse.Type] = [
        Specs.name: Specs.self, Allocate.name: Allocate.self, Challenge.name: Challenge.self,
    ]

    @OptionGroup var wallet: WalletOptions

    @Option(help: "The axon's address as IP:PORT.")
    var axon: String

    @Option(name: .customLong("axon.hotkey"), help: "The axon's hotkey (SS58), which the signature binds.")
    var axonHotkey: String

    @Option(help: "The synapse: Specs, Allocate or Challenge.")
    var synapse: String

    @Option(help: "The synapse's own fields as a JSON object; others keep their defaults.")
    var body = "{}"

    @Option(help: "Seconds to wait for the answer.")
    var timeout = 12.0

    @Option(name: .customLong("external-ip"), help: "The IP reported as the dendrite's.")
    var externalIP = "127.0.0.1"

    func validate() throws {
        guard Self.synapses[synapse] != nil else {
            throw ValidationError("--synapse: must be one of \(Self.synapses.keys.sorted().joined(separator: ", "))")
        }
        guard (try? target()) != nil else { throw ValidationError("--axon: must be IP:PORT with a port from 1 to 65535") }
        guard SS58.isValid(axonHotkey) else { throw ValidationError("--axon.hotkey: is not a valid SS58 address") }
        guard timeout > 0 else { throw ValidationError("--timeout: must be positive") }
    }

    func run() async throws {
        guard let type = Self.synapses[synapse] else { throw ExitCode.validationFailure }
        let wallet = try wallet.wallet()
        let keypair = try wallet.hotkeyFile.keypair(password: PasswordPrompt.existing(for: wallet.hotkeyFile))
        let fields: JSONValue
        do { fields = try OrderedJSON.parse(Array(body.utf8)) } catch { throw ValidationError("--body: \(error)") }
        guard case .object = fields else { throw ValidationError("--body: must be a JSON object") }
        let dendrite = Dendrite(keypair: keypair, externalIP: externalIP)
        let outcome = try await type.query(fields: fields, dendrite: dendrite, target: try target(), timeout: timeout)
        print("status        \(outcome.status.map(String.init) ?? "-")")
        print("message       \(outcome.message ?? "-")")
        print("process time  \(outcome.processTime.map { String(format: "%.3f s", $0) } ?? "-")")
        print("fields        \(outcome.fields)")
        if outcome.status != 200 { throw ExitCode.failure }
    }

    private func target() throws -> AxonTarget {
        guard let colon = axon.lastIndex(of: ":"), let port = Int(axon[axon.index(after: colon)...]), (1...65_535).contains(port) else {
            throw ValidationError("--axon: must be IP:PORT")
        }
        return AxonTarget(ip: String(axon[..<colon]), port: port, hotkey: axonHotkey)
    }
}

/// What `query` prints.
struct QueryOutcome {
    let status: Int?
    let message: String?
    let processTime: Double?
    /// The synapse's own fields as JSON.
    let fields: String
}

/// A synapse `query` can build from JSON fields and send.
protocol QueryableSynapse: Synapse {}

extension QueryableSynapse {
    static func query(fields: JSONValue, dendrite: Dendrite, target: AxonTarget, timeout: Double) async throws -> QueryOutcome {
        // Start from the defaults and lay the given fields over them.
        guard case let .object(defaults) = try OrderedJSON.parse(try SynapseCoder.encode(Self())),
            case let .object(given) = fields
        else { throw ValidationError("--body: must be a JSON object") }
        let commonKeys: Set = ["name", "timeout", "total_size", "header_size", "dendrite", "axon", "computed_body_hash"]
        for key in given.map(\.0) where !defaults.contains(where: { $0.0 == key }) || commonKeys.contains(key) {
            throw ValidationError("--body: '\(key)' is not a field of \(Self.name)")
        }
        let merged = JSONValue.object(defaults.map { key, value in (key, given.first { $0.0 == key }?.1 ?? value) })
        let request: Self
        do { request = try SynapseCoder.decode(Self.self, from: OrderedJSON.serialize(merged)) } catch {
            throw ValidationError("--body: the fields do not fit \(Self.name): \(error)")
        }
        let answer = await dendrite.call(request, to: target, timeout: timeout)
        var own = [(String, JSONValue)]()
        if case let .object(pairs) = try OrderedJSON.parse(try SynapseCoder.encode(answer)) {
            own = pairs.filter { !commonKeys.contains($0.0) }
        }
        return QueryOutcome(
            status: answer.dendrite.statusCode, message: answer.dendrite.statusMessage,
            processTime: answer.dendrite.processTime,
            fields: String(decoding: OrderedJSON.serialize(.object(own)), as: UTF8.self))
    }
}

extension Specs: QueryableSynapse {}
extension Allocate: QueryableSynapse {}
extension Challenge: QueryableSynapse {}
