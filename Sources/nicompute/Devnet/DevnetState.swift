import BittensorCrypto
import Foundation
import RegisterAPI
import Subtensor

/// The devnet's state directory and what is made there on the first run: four wallets (the
/// subnet owner, the validator, two miners) with unencrypted keys, the local chain with subnet 27,
/// their registrations, the validator's stake, and an admin API key. Every step is skipped when
/// its result is already there, so a rerun resumes with the same keys, chain and API key.
///
/// ```
/// <dir>/wallets/{owner,validator,miner1,miner2}/…   bittensor-wallet layout, hotkey "default"
/// <dir>/chain.sqlite                                  the local chain (1-second blocks)
/// <dir>/validator/validator.sqlite                    PoG results and scores
/// <dir>/miner1/, <dir>/miner2/                        allocation stores
/// <dir>/api.sqlite, <dir>/admin-api-key               the API's store and the admin key
/// <dir>/logs/*.log                                    one log per child
/// <dir>/devnet.lock, <dir>/children.pids              one devnet per directory; its children
/// ```
struct DevnetState: Sendable {
    /// The roles, in registration order: the first registrant of a new subnet becomes its owner.
    static let roles = ["owner", "validator", "miner1", "miner2"]
    static let miners = ["miner1", "miner2"]
    static let netuid = 27
    /// Short blocks so the validator's schedule, weights and epochs happen in minutes, not hours.
    static let blockSeconds = 1.0
    /// One-minute epochs: timelocked weights committed in one epoch are revealed in the next, so
    /// incentive shows within minutes.
    static let tempo = 60
    /// Stake for the validator: above the miners' default admission minimum (10 000 TAO).
    static let validatorStakeTAO = 20_000

    let directory: String

    var wallets: String { directory + "/wallets" }
    var chain: String { directory + "/chain.sqlite" }
    var validatorDirectory: String { directory + "/validator" }
    var validatorStore: String { validatorDirectory + "/validator.sqlite" }
    var apiDatabase: String { directory + "/api.sqlite" }
    var adminKeyFile: String { directory + "/admin-api-key" }
    var logs: String { directory + "/logs" }
    var lockFile: String { directory + "/devnet.lock" }
    var childrenFile: String { directory + "/children.pids" }
    func minerDirectory(_ name: String) -> String { directory + "/" + name }
    func log(_ name: String) -> String { logs + "/" + name + ".log" }

    /// What `prepare()` found or made.
    struct Prepared: Sendable {
        /// Role → hotkey SS58 address.
        var hotkeys: [String: String]
        var adminKey: String
    }

    /// Makes whatever is missing and returns the keys; `say` reports each step made.
    func prepare(say: (String) -> Void) async throws -> Prepared {
        for folder in [directory, logs, validatorDirectory] + Self.miners.map(minerDirectory) {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        var hotkeys = [String: String]()
        var coldkeys = [String: String]()
        for role in Self.roles {
            let wallet = try Wallet(name: role, hotkey: Wallet.defaultHotkey, path: wallets)
            if !wallet.hotkeyFile.exists {
                // Devnet keys guard nothing of value: stored unencrypted so the children start unattended.
                try wallet.write(
                    coldkey: Keypair(mnemonic: try Mnemonic.generate()), coldkeyPassword: nil,
                    hotkey: Keypair(mnemonic: try Mnemonic.generate()), overwrite: false)
                say("devnet: created wallet \(role) in \(wallet.directory) (unencrypted dev keys, for this devnet only)")
            }
            hotkeys[role] = try wallet.hotkeyPublic().ss58Address
            coldkeys[role] = try wallet.coldkeyPublic().ss58Address
        }

        var parameters = LocalChainParameters()
        parameters.tempo = Self.tempo
        let local = try LocalChain(path: chain, blockSeconds: Self.blockSeconds, parameters: parameters)
        for role in Self.roles {
            guard let hotkey = hotkeys[role], let coldkey = coldkeys[role] else { continue }
            // A new chain has no subnet yet: its metagraph is then unknown, not an error.
            let known = (try? await local.metagraph(netuid: Self.netuid))?.neuron(hotkey: hotkey) != nil
            let uid = try await local.register(netuid: Self.netuid, hotkey: hotkey, coldkey: coldkey)
            if !known { say("devnet: registered \(role) \(hotkey) on subnet \(Self.netuid) as uid \(uid)") }
        }
        if let validator = hotkeys["validator"] {
            let stake = try await local.metagraph(netuid: Self.netuid).neuron(hotkey: validator)?.stake ?? 0
            let wanted = Self.validatorStakeTAO * 1_000_000_000
            if stake < wanted {
                try await local.addStake(netuid: Self.netuid, hotkey: validator, rao: wanted - stake)
                say("devnet: staked \(Self.validatorStakeTAO) TAO on the validator")
            }
        }
        return Prepared(hotkeys: hotkeys, adminKey: try await adminKey(say: say))
    }

    /// The admin key from `admin-api-key`, else a new one made in the API's store and kept there
    /// (the store keeps only its hash, and a rerun must print the same key).
    private func adminKey(say: (String) -> Void) async throws -> String {
        if let text = try? String(contentsOfFile: adminKeyFile, encoding: .utf8) {
            let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard key.hasPrefix("nic_") else {
                throw CLIError("\(adminKeyFile): expected an API key (nic_…); delete the file to make a new one")
            }
            return key
        }
        let (key, _) = try await DatabaseLocation.sqlite(path: apiDatabase).withStore { store in
            try await store.createKey(name: "devnet admin", admin: true)
        }
        guard
            FileManager.default.createFile(atPath: adminKeyFile, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw CLIError("\(adminKeyFile): cannot write the admin API key")
        }
        say("devnet: created an admin API key (kept in \(adminKeyFile))")
        return key
    }
}
