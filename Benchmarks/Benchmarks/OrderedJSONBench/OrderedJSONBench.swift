import Benchmark
import BittensorNetwork
import ComputeProtocol

/// What a hostile body costs to read (issue 16, defect 3): a 1 MiB object of 85 000 keys, as
/// parsed alone and as read into a synapse. Linear parsing keeps this in milliseconds; the
/// old per-key search needed billions of comparisons.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock],
        warmupIterations: 2,
        maxDuration: .seconds(3),
        maxIterations: 1_000
    )

    var text = "{\"specs_input\":\"x\""
    for index in 0..<85_000 { text += ",\"k\(index)\":\(index % 10)" }
    let body = Array((text + "}").utf8)

    Benchmark("parse 85k keys") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? OrderedJSON.parse(body))
        }
    }

    Benchmark("decode Specs with 85k extra keys") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? SynapseCoder.decode(Specs.self, from: body))
        }
    }
}
