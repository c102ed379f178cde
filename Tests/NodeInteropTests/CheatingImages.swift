import Foundation
import Miner

/// SSH images for cheating miners: the local SSH image with sshd's `ForceCommand` set to a
/// wrapper that runs each command the validator sends but answers for the real worker in one
/// way: random Merkle roots, roots of other seeds, correct roots with tampered rows, a benchmark
/// that claims a fast device, a `compute` that never returns, one that prints 50 MB, or one
/// that drops the SSH connection, or a CPU that names itself an H100.
enum CheatingImages {
    enum Mode: String, CaseIterable {
        case randomRoots = "random-roots"
        case otherSeeds = "other-seeds"
        case wrongRows = "wrong-rows"
        case claimsFast = "claims-fast"
        case hangs = "hangs"
        case hugeOutput = "huge-output"
        case dropsConnection = "drops-connection"
        case claimsH100 = "claims-h100"
    }

    static let wrapper = #"""
        #!/bin/sh
        mode=$(cat /etc/nicompute-cheat)
        cmd="$SSH_ORIGINAL_COMMAND"
        case "$cmd" in
          *" compute "*)
            case "$mode" in
              random-roots)
                fake=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
                sh -c "$cmd" | sed -E "s/\"root\":\"[0-9a-f]{64}\"/\"root\":\"$fake\"/g"; exit 0 ;;
              other-seeds)
                sed -E 's/"a":"[0-9]+"/"a":"12345"/g' | sh -c "$cmd"; exit 0 ;;
              hangs)
                sleep 3600; exit 0 ;;
              huge-output)
                head -c 50000000 /dev/zero | tr '\0' 'x'; exit 0 ;;
              drops-connection)
                kill -9 $PPID; exit 0 ;;
            esac ;;
          *" proof "*)
            if [ "$mode" = wrong-rows ]; then
              sh -c "$cmd" | sed -E 's/"row":"(....)(....)/"row":"\2\1/g'; exit 0
            fi ;;
          *" gpu-info"*)
            if [ "$mode" = claims-h100 ]; then
              sh -c "$cmd" | sed -E 's/"CPU"/"NVIDIA H100 80GB HBM3"/g'; exit 0
            fi ;;
          *" benchmark"*)
            if [ "$mode" = claims-fast ]; then
              sh -c "$cmd" | sed -E 's/"seconds":[0-9.eE+-]+/"seconds":1e-06/g'; exit 0
            fi ;;
        esac
        exec sh -c "$cmd"
        """#

    static func tag(_ mode: Mode) -> String { "nicompute-cheat-\(mode.rawValue):test" }

    /// Builds the image of `mode` from the local SSH image unless it exists.
    static func build(_ mode: Mode, docker: DockerClient) async throws {
        if try await docker.imageExists(tag(mode)) { return }
        let encoded = Data(wrapper.utf8).base64EncodedString()
        let dockerfile = """
            FROM nicompute-ssh:bookworm
            RUN echo \(encoded) | base64 -d > /usr/local/bin/cheat && chmod 755 /usr/local/bin/cheat \
                && echo 'ForceCommand /usr/local/bin/cheat' >> /etc/ssh/sshd_config && echo \(mode.rawValue) > /etc/nicompute-cheat
            """
        try await docker.buildImage(tag: tag(mode), dockerfile: dockerfile)
    }
}
