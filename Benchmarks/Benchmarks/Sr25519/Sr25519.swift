import Benchmark
import BittensorCrypto

/// sr25519 throughput: what an axon pays per request (verify) and a dendrite per query (sign).
/// The messages are 106 bytes, the size of a synapse signature message
/// (`nonce.dendrite_hotkey.axon_hotkey.uuid.body_hash`).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock],
        warmupIterations: 50,
        maxDuration: .seconds(3),
        maxIterations: 100_000
    )

    let message = Array(repeating: UInt8(ascii: "a"), count: 106)
    // Failing to build the fixture is a broken benchmark, not a measurement.
    guard let keypair = try? Keypair(uri: "//Alice"), let signature = try? keypair.sign(message) else {
        fatalError("sr25519 benchmark fixture could not be built")
    }

    Benchmark("sign") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? keypair.sign(message))
        }
    }

    Benchmark("verify") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(keypair.publicKey.verify(signature: signature, message: message))
        }
    }
}
