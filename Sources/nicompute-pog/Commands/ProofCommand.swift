import ArgumentParser
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import ProofOfGPU
import HexCoding

struct ProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Answer challenged cells with C's rows and their Merkle proofs.",
        discussion: #"stdin: {"indices": [{"gpu": 0, "cells": [[i, j], …]}]}"#
    )

    /// Each cell returns a whole row; this bounds the answer's size.
    static let maximumCellsPerGPU = 1024

    @Option(name: .customLong("state-dir"), help: "Where `compute` left C and the Merkle trees.")
    var stateDirectory: String?

    func run() throws {
        try runReportingErrors {
            let request = try JSONIO.readRequest(ProofRequest.self, command: "proof")
            let state = try WorkerState(directory: stateDirectory ?? WorkerState.defaultDirectory())
            let manifest = try state.manifest()
            var answers = [ProofResponse.GPUProofs]()
            for entry in request.indices {
                guard manifest.gpus.contains(entry.gpu) else { throw BackendError("indices[gpu \(entry.gpu)]: was not computed") }
                guard entry.cells.count <= Self.maximumCellsPerGPU else {
                    throw BackendError("indices[gpu \(entry.gpu)].cells: at most \(Self.maximumCellsPerGPU) cells")
                }
                let cells = try entry.parsed(n: manifest.n)
                let tree = try state.tree(gpu: entry.gpu, n: manifest.n)
                var proofs = [ProofResponse.CellProof]()
                for cell in cells {
                    let row = try state.row(cell.i, gpu: entry.gpu, n: manifest.n)
                    proofs.append(
                        .init(
                            i: cell.i, j: cell.j, row: row.base64EncodedString(),
                            proof: tree.proof(forLeaf: cell.i).map { Hex.encode($0) }))
                }
                answers.append(.init(gpu: entry.gpu, cells: proofs))
            }
            JSONIO.write(ProofResponse(proofs: answers))
        }
    }
}
