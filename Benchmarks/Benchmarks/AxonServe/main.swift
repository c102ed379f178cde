import BittensorCrypto
import BittensorNetwork
import ComputeProtocol

import Foundation



// Serves `Specs` as a miner would (a fixed answer), hotkey //Bob, on the port given.
let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 8091
let axon = Axon(keypair: try Keypair(uri: "//Bob"), configuration: AxonConfiguration(host: "127.0.0.1", port: port))
axon.attach(Specs.self, forward: { synapse in
    var synapse = synapse
    synapse.specsOutput = #"{"cpu":{"count":2},"gpu":{"count":0}}"#
    return synapse
})
try await axon.run { port in
    // Unbuffered: the script reads this line through a pipe.
    FileHandle.standardOutput.write(Data("READY \(port)\n".utf8))
}
