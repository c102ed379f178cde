import BittensorCrypto
import BittensorNetwork
import ComputeProtocol
import Crypto
import Foundation
import HexCoding
import NIOCore
import NIOSSH
import Subtensor

// MinerFleet DIR COUNT BASEPORT [WORKER]: COUNT miners in this one process, each with its own hotkey,
// axon (BASEPORT + i) and SSH server (BASEPORT + 10000 + i), registered and served on subnet 27
// of the local chain DIR/chain.sqlite (room left for one validator). Prints `READY COUNT` once
// every axon listens. With WORKER, each miner starts with that file's hash as its worker's (a miner
// run with `--miner.pog-worker`), so a validator of the same worker uploads nothing; on SIGTERM or SIGINT prints one JSON line of what the validator did to
// the fleet and exits. A load generator for `scripts/bench/validator-fleet.sh`, never a stand-in
// in behaviour tests.

let arguments = CommandLine.arguments
guard arguments.count == 4 || arguments.count == 5, let count = Int(arguments[2]), (1...4096).contains(count),
    let basePort = Int(arguments[3]),
    (1024...(65_535 - 10_000 - count)).contains(basePort)
else {
    FileHandle.standardError.write(
        Data("usage: MinerFleet DIR COUNT BASEPORT [WORKER] (COUNT 1…4096; BASEPORT + 10000 + COUNT < 65536)\n".utf8))
    exit(2)
}
let directory = arguments[1]

var parameters = LocalChainParameters()
parameters.maxUIDs = count + 1
let chain = try LocalChain(path: directory + "/chain.sqlite", blockSeconds: 1, parameters: parameters)
func randomBytes() -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
}
var registered = [FleetMiner]()
for index in 0..<count {
    let keypair = try Keypair(seed: randomBytes())
    let uid = try await chain.register(netuid: 27, hotkey: keypair.ss58Address, coldkey: SS58.encode(randomBytes()))
    let axonPort = basePort + index
    try await chain.serveAxon(
        netuid: 27, hotkey: keypair.ss58Address, axon: AxonInfo(ip: "127.0.0.1", port: axonPort, version: ComputeVersion.asInt))
    registered.append(FleetMiner(uid: uid, keypair: keypair, axonPort: axonPort, sshPort: basePort + 10_000 + index))
}

let miners = registered
if arguments.count == 5 {
    guard let worker = FileManager.default.contents(atPath: arguments[4]) else {
        FileHandle.standardError.write(Data("MinerFleet: cannot read the worker \(arguments[4])\n".utf8))
        exit(2)
    }
    let hash = Hex.encode(SHA256.hash(data: worker))
    for miner in miners { miner.state.withLock { $0.workerSHA256 = hash } }
}
let hostKey = NIOSSHPrivateKey(ed25519Key: Curve25519.Signing.PrivateKey())
var sshChannels = [any Channel]()
for miner in miners { sshChannels.append(try await FleetSSHServer.start(miner, hostKey: hostKey)) }

signal(SIGTERM, SIG_IGN)
signal(SIGINT, SIG_IGN)
let stops = [SIGTERM, SIGINT].map { DispatchSource.makeSignalSource(signal: $0, queue: .main) }
for source in stops {
    source.setEventHandler {
        FleetConsole.say(FleetConsole.report(miners))
        exit(0)
    }
    source.resume()
}

let listening = Counter()
try await withThrowingDiscardingTaskGroup { group in
    for miner in miners {
        let axon = Axon(
            keypair: miner.keypair, configuration: AxonConfiguration(host: "127.0.0.1", port: miner.axonPort, version: 9_000_000))
        axon.attach(Allocate.self, forward: { miner.allocate($0) })
        group.addTask {
            try await axon.run { _ in
                if await listening.increment() == count {
                    FleetConsole.say("READY \(count)")
                }
            }
        }
    }
}

actor Counter {
    private var value = 0
    func increment() -> Int {
        value += 1
        return value
    }
}
