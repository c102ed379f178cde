import NIOSSL

/// HTTPS for the API: a server certificate and key (PEM), and optionally a CA whose client
/// certificates are then required (mutual TLS, as the reference ran). API keys still decide who
/// owns what; client certificates decide who may connect at all.
/// `scripts/make-certs.sh` makes a CA, a server and a client certificate.
public struct TLSSettings: Sendable {
    public var certificatePath: String
    public var keyPath: String
    /// Client certificates must chain to this CA when set.
    public var clientCAPath: String?

    public init(certificatePath: String, keyPath: String, clientCAPath: String? = nil) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.clientCAPath = clientCAPath
    }

    /// NIOSSL's server configuration; the files are read and checked now, so a bad path or PEM
    /// fails at start-up, naming the flag.
    public func serverConfiguration() throws(TLSSettingsError) -> TLSConfiguration {
        let chain: [NIOSSLCertificate], key: NIOSSLPrivateKey
        do { chain = try NIOSSLCertificate.fromPEMFile(certificatePath) } catch {
            throw TLSSettingsError("--tls.cert \(certificatePath): not a readable PEM certificate (\(error))")
        }
        guard !chain.isEmpty else { throw TLSSettingsError("--tls.cert \(certificatePath): holds no certificate") }
        do { key = try NIOSSLPrivateKey(file: keyPath, format: .pem) } catch {
            throw TLSSettingsError("--tls.key \(keyPath): not a readable, unencrypted PEM private key (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        if let clientCAPath {
            let authorities: [NIOSSLCertificate]
            do { authorities = try NIOSSLCertificate.fromPEMFile(clientCAPath) } catch {
                throw TLSSettingsError("--tls.client-ca \(clientCAPath): not a readable PEM certificate (\(error))")
            }
            guard !authorities.isEmpty else { throw TLSSettingsError("--tls.client-ca \(clientCAPath): holds no certificate") }
            configuration.trustRoots = .certificates(authorities)
            // Clients are not named by host; their certificate must chain to the CA, and one is required.
            configuration.certificateVerification = .noHostnameVerification
        }
        return configuration
    }
}

/// A TLS flag whose file cannot be used.
public struct TLSSettingsError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
