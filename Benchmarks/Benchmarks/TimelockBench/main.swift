// Times what a validator and the chain do with timelocked weights, in the release build:
// encrypting one weight commit (256 uids, the SN27 metagraph's size), decrypting it with the
// round's signature, and one pairing (G2 preparation, Miller loop, final exponentiation).
// Prints one JSON object of operations per second; scripts/bench/timelock.sh puts it beside
// bittensor-drand's Rust.
import BLS12381
import Foundation
import HexCoding
import Subtensor
import Timelock

let seconds = Double(CommandLine.arguments.dropFirst().first ?? "3") ?? 3

func rate(_ body: () -> Void) -> Double {
    body()   // warm-up (and the chain key's lazy preparation)
    var count = 0
    let start = Date()
    while Date().timeIntervalSince(start) < seconds {
        body()
        count += 1
    }
    return Double(count) / Date().timeIntervalSince(start)
}

let payload = WeightsTlockPayload(hotkey: [UInt8](repeating: 7, count: 32), uids: (0..<256).map(UInt16.init),
                                  values: (0..<256).map { UInt16(truncatingIfNeeded: $0 &* 251) }, versionKey: 221).bytes
// drand quicknet's round 1000 and its recorded signature.
let signature = try G1Affine(compressed: Hex.decode("b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39") ?? [],
                             field: "signature")
let ciphertext = Timelock.encrypt(payload, round: 1000)
let p = G1Projective.generator.multiplied(by: Scalar.random()).affine
let q = G2Projective.generator.multiplied(by: Scalar.random()).affine

var sink = 0
let encrypt = rate { sink &+= Timelock.encrypt(payload, round: 1000).bytes.count }
let decrypt = rate { sink &+= (try? Timelock.decrypt(ciphertext, signature: signature))?.count ?? 0 }
let pairing = rate { sink &+= Pairing.pairing(p, q).isZero ? 1 : 0 }
let result: [String: Any] = ["encrypt_commit": encrypt, "decrypt_commit": decrypt, "pairing": pairing,
                             "payload_bytes": payload.count, "ciphertext_bytes": ciphertext.bytes.count, "sink": sink]
print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
