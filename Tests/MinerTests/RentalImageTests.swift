@testable import Miner
import Testing

/// Which image rentals start from, and what the Dockerfile adds to a base.
@Suite("rental image: v2.2's PyTorch base on GPU machines, the local image otherwise")
struct RentalImageTests {
    @Test("an operator's image is kept; GPU machines default to v2.2's base, named after it; others to the local image")
    func choice() {
        #expect(RentalImage.choose(sshImage: "mine:1", baseImage: nil, hasGPUs: true) == ("mine:1", nil))
        let gpu = RentalImage.choose(sshImage: nil, baseImage: nil, hasGPUs: true)
        #expect(gpu.baseImage == "pytorch/pytorch:2.8.0-cuda12.8-cudnn9-runtime")
        #expect(gpu.sshImage == "nicompute-ssh:pytorch-pytorch-2.8.0-cuda12.8-cudnn9-runtime")
        let other = RentalImage.choose(sshImage: nil, baseImage: "nvcr.io/nvidia/pytorch:24.05-py3", hasGPUs: true)
        #expect(other.sshImage == "nicompute-ssh:nvcr.io-nvidia-pytorch-24.05-py3" && other.sshImage != gpu.sshImage)
        #expect(RentalImage.choose(sshImage: nil, baseImage: nil, hasGPUs: false) == ("nicompute-ssh:bookworm", nil))
        let long = RentalImage.tag(forBase: String(repeating: "a", count: 300))
        #expect(long.count == "nicompute-ssh:".count + 128 && ImageReference.isValid(long))
        #expect(ImageReference.isValid(RentalImage.tag(forBase: "-odd/@sha256:x")))
    }

    @Test("the Dockerfile adds sshd, SFTP and python3 only when missing, and puts conda's Python on the SSH PATH")
    func dockerfile() {
        let text = RentalContainer.sshImageDockerfile(base: "pytorch/pytorch:2.8.0-cuda12.8-cudnn9-runtime")
        #expect(text.hasPrefix("FROM pytorch/pytorch:2.8.0-cuda12.8-cudnn9-runtime\n"))
        #expect(text.contains("openssh-sftp-server") && text.contains("ln -sf /opt/conda/bin/python /usr/local/bin/python3"))
        #expect(text.contains("rm -f /etc/ssh/ssh_host_*"), "each container makes its own host keys")
    }
}
