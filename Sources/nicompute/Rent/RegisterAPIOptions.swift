import ArgumentParser
import Foundation
import NIOSSL

/// Where the Register API is and who is asking: the flags every `nicompute rent` command shares.
struct RegisterAPIOptions: ParsableArguments {
    @Option(
        name: .customLong("api.url"),
        help: ArgumentHelp(
            "The Register API.", discussion: "Default: $NICOMPUTE_API_URL, else http://127.0.0.1:8903 (the devnet's)."))
    var url: String?

    @Option(
        name: .customLong("api.key"),
        help: ArgumentHelp(
            "Your API key (nic_…).",
            discussion: "Default: $NICOMPUTE_API_KEY. A flag shows in the process list: prefer the variable or --api.key-file."))
    var key: String?

    @Option(name: .customLong("api.key-file"), help: "A file holding your API key (the devnet's: ~/.nicompute/devnet/admin-api-key).")
    var keyFile: String?

    @Option(name: .customLong("tls.ca"), help: "Trust this CA certificate (PEM) for an https API (scripts/make-certs.sh writes ca.cer).")
    var caPath: String?

    @Option(name: .customLong("tls.cert"), help: "Your client certificate (PEM), for an API that requires mutual TLS.")
    var certificatePath: String?

    @Option(name: .customLong("tls.key"), help: "The private key (PEM) of --tls.cert.")
    var privateKeyPath: String?

    func validate() throws {
        _ = try baseURL()
        _ = try apiKey()
        _ = try tlsConfiguration()
    }

    /// `scheme://host[:port]`, without a trailing slash.
    func baseURL() throws -> String {
        let text = url ?? ProcessInfo.processInfo.environment["NICOMPUTE_API_URL"] ?? "http://127.0.0.1:8903"
        guard let components = URLComponents(string: text), let scheme = components.scheme, ["http", "https"].contains(scheme),
            let host = components.host, !host.isEmpty
        else {
            throw ValidationError("--api.url \(text): must be http:// or https:// with a host, e.g. http://127.0.0.1:8903")
        }
        guard components.query == nil, components.fragment == nil else {
            throw ValidationError("--api.url \(text): must not carry a query")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// The key, from exactly one of --api.key, --api.key-file and $NICOMPUTE_API_KEY.
    func apiKey() throws -> String {
        guard key == nil || keyFile == nil else { throw ValidationError("--api.key and --api.key-file: give one") }
        let text: String
        if let keyFile {
            do { text = try String(contentsOfFile: keyFile, encoding: .utf8) } catch {
                throw ValidationError("--api.key-file \(keyFile): cannot be read (\(error.localizedDescription))")
            }
        } else if let key {
            text = key
        } else if let fromEnvironment = ProcessInfo.processInfo.environment["NICOMPUTE_API_KEY"], !fromEnvironment.isEmpty {
            text = fromEnvironment
        } else {
            throw ValidationError(
                "--api.key: missing; give --api.key, --api.key-file or $NICOMPUTE_API_KEY (make one with `nicompute api keys create`)")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("nic_"), trimmed.count > 4, trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        else {
            throw ValidationError("--api.key: must look like nic_ followed by letters and digits")
        }
        return trimmed
    }

    /// nil for plain HTTP and the system's trust store; the files are read now, so a bad one
    /// is named before anything is sent.
    func tlsConfiguration() throws -> TLSConfiguration? {
        guard caPath != nil || certificatePath != nil || privateKeyPath != nil else { return nil }
        guard (certificatePath == nil) == (privateKeyPath == nil) else {
            throw ValidationError("--tls.cert and --tls.key: give both or neither")
        }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caPath {
            do {
                let authorities = try NIOSSLCertificate.fromPEMFile(caPath)
                guard !authorities.isEmpty else { throw ValidationError("--tls.ca \(caPath): holds no certificate") }
                configuration.trustRoots = .certificates(authorities)
            } catch let error as ValidationError { throw error } catch {
                throw ValidationError("--tls.ca \(caPath): not a readable PEM certificate (\(error))")
            }
        }
        if let certificatePath, let privateKeyPath {
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
                guard !chain.isEmpty else { throw ValidationError("--tls.cert \(certificatePath): holds no certificate") }
                configuration.certificateChain = chain.map { .certificate($0) }
            } catch let error as ValidationError { throw error } catch {
                throw ValidationError("--tls.cert \(certificatePath): not a readable PEM certificate (\(error))")
            }
            do { configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: privateKeyPath, format: .pem)) } catch {
                throw ValidationError("--tls.key \(privateKeyPath): not a readable, unencrypted PEM private key (\(error))")
            }
        }
        return configuration
    }

    /// The connection flags given on this command line, shell-quoted, for printing a follow-up
    /// command that reaches the same API. Never the key itself: only its file.
    var repeatedFlags: String {
        let given: [(String, String?)] = [
            ("--api.url", url), ("--api.key-file", keyFile), ("--tls.ca", caPath),
            ("--tls.cert", certificatePath), ("--tls.key", privateKeyPath),
        ]
        return given.compactMap { flag, value in value.map { "\(flag) \(Self.shellQuoted($0))" } }.joined(separator: " ")
    }

    /// `text` as one shell word.
    static func shellQuoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:=@%+,".contains($0)) }
        return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    func client() throws -> RegisterAPIClient {
        try RegisterAPIClient(baseURL: baseURL(), key: apiKey(), tls: tlsConfiguration())
    }
}
