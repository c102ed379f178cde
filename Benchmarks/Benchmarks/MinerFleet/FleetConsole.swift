import Foundation

/// What the fleet tells the benchmark script, on stdout.
enum FleetConsole {
    /// One line, unbuffered: the script reads it through a pipe.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// One JSON line: what the validator sent and did, over the whole fleet.
    static func report(_ miners: [FleetMiner]) -> String {
        let states = miners.map { $0.state.withLock { $0 } }
        let received = states.map(\.bytesReceived)
        let allocations = states.map(\.allocations).reduce(0, +)
        let releases = states.map(\.releases).reduce(0, +)
        let tested = states.filter { $0.allocations > 0 }.count
        return #"{"miners": \#(miners.count), "tested": \#(tested), "allocations": \#(allocations), "releases": \#(releases), "#
            + #""bytes_received": \#(received.reduce(0, +)), "bytes_received_min": \#(received.min() ?? 0), "#
            + #""bytes_received_max": \#(received.max() ?? 0)}"#
    }
}
