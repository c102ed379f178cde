import Foundation
import Testing

/// The API over HTTPS with client certificates, with certificates from `scripts/make-certs.sh`
/// and curl (OpenSSL) as the client.
@Suite("Register API: mutual TLS", .serialized)
struct RegisterAPITLSTests {
    @Test(
        "with the CA's client certificate a renter gets in; without one, with another CA's, or over plain HTTP nobody does; bad files are named"
    )
    func mutualTLS() async throws {
        let bed = try NetworkTestbed(miners: [])
        try FileManager.default.createDirectory(atPath: bed.root + "/validator", withIntermediateDirectories: true)
        let script = MinerTestbed.repository.appendingPathComponent("scripts/make-certs.sh").path
        let (certs, other) = (bed.root + "/certs", bed.root + "/other")
        try MinerTestbed.check(MinerTestbed.run(script, [certs, "10.1.2.3"]))
        try MinerTestbed.check(MinerTestbed.run(script, [other]))
        let refused = try MinerTestbed.run(script, [certs])
        #expect(refused.status != 0 && refused.output.contains("refusing to overwrite"), "\(refused.output)")

        let port = bed.apiPort
        try await bed.startAPI([
            "--tls.cert", certs + "/server.cer", "--tls.key", certs + "/server.key", "--tls.client-ca", certs + "/ca.cer",
        ])
        defer { bed.stop("api") }
        #expect(bed.log("api").contains("(HTTPS)"))
        let key = try bed.apiKey("tls")
        let url = "https://127.0.0.1:\(port)"
        func curl(_ extra: [String], _ path: String = "/", post: Bool = false) throws -> MinerTestbed.Result {
            var arguments = ["-sS", "--max-time", "10", "--cacert", certs + "/ca.cer"] + extra
            if post { arguments += ["-X", "POST", "-H", "Authorization: Bearer \(key)"] }
            return try MinerTestbed.run("/usr/bin/curl", arguments + [url + path])
        }
        let client = ["--cert", certs + "/client.cer", "--key", certs + "/client.key"]

        let welcome = try curl(client)
        #expect(welcome.status == 0 && welcome.output.contains("Welcome to Compute Subnet Allocation API"), "\(welcome.output)")
        let listing = try curl(client, "/list/allocations_sql", post: true)
        #expect(listing.status == 0 && listing.output.contains("No resources found."), "\(listing.output)")

        let anonymous = try curl([])
        #expect(anonymous.status != 0 && !anonymous.output.contains("Welcome"), "no client certificate: \(anonymous.output)")
        let stranger = try curl(["--cert", other + "/client.cer", "--key", other + "/client.key"])
        #expect(stranger.status != 0 && !stranger.output.contains("Welcome"), "another CA's certificate: \(stranger.output)")
        let plain = try MinerTestbed.run("/usr/bin/curl", ["-sS", "--max-time", "10", "http://127.0.0.1:\(port)/"])
        #expect(!plain.output.contains("Welcome"), "plain HTTP: \(plain.output)")

        // `nicompute rent` with the same files gets in; without the client certificate it is
        // turned away with the reason; a file that is not a certificate is named.
        let rent = { (extra: [String]) throws -> MinerTestbed.Result in
            try MinerTestbed.run(
                MinerTestbed.nicompute, ["rent", "list", "--api.url", url, "--api.key", key, "--tls.ca", certs + "/ca.cer"] + extra)
        }
        let rented = try rent(["--tls.cert", certs + "/client.cer", "--tls.key", certs + "/client.key"])
        #expect(rented.status == 0 && rented.output.contains("No rentals."), "\(rented.output)")
        let uncertified = try rent([])
        #expect(uncertified.status != 0 && uncertified.output.contains("cannot reach the Register API at \(url)"), "\(uncertified.output)")
        let notACertificate = try rent(["--tls.cert", certs + "/client.key", "--tls.key", certs + "/client.key"])
        #expect(notACertificate.status != 0 && notACertificate.output.contains("--tls.cert"), "\(notACertificate.output)")

        // A key file that is not a key stops the API at start-up, naming the flag.
        let broken = try MinerTestbed.run(
            MinerTestbed.nicompute,
            [
                "api", "--local.path", bed.chain, "--wallet.path", bed.wallets,
                "--wallet.hotkey", "validator", "--db.url", bed.root + "/other.sqlite",
                "--tls.cert", certs + "/server.cer", "--tls.key", certs + "/ca.cer",
            ])
        #expect(broken.status != 0 && broken.output.contains("--tls.key"), "\(broken.output)")
    }
}
