/// Which image rentals start from, when the operator names none: on a GPU machine, one built
/// from the PyTorch/CUDA image SN27 v2.2's miners use, so that a v2.2 validator's scripts find
/// `python3` with PyTorch in it; without GPUs, the local Debian image `scripts/container-engine.sh`
/// makes (the devnet's).
public enum RentalImage {
    /// v2.2.1's rental base (`neurons/Miner/container.py`).
    public static let referenceGPUBase = "pytorch/pytorch:2.8.0-cuda12.8-cudnn9-runtime"
    /// The image `scripts/container-engine.sh` builds.
    public static let localImage = "nicompute-ssh:bookworm"

    /// The SSH image to use and the base to build it from when it is missing. A named image is
    /// used as named; otherwise a GPU machine gets one named after its base, so that changing
    /// `--miner.base-image` makes a new image rather than reusing one built from another base.
    public static func choose(sshImage: String?, baseImage: String?, hasGPUs: Bool) -> (sshImage: String, baseImage: String?) {
        if let sshImage { return (sshImage, baseImage) }
        guard hasGPUs else { return (localImage, baseImage) }
        let base = baseImage ?? referenceGPUBase
        return (tag(forBase: base), base)
    }

    /// `nicompute-ssh:<base>`, the base's characters outside a tag's alphabet (letters, digits,
    /// `_ . -`) replaced by `-`, at most 128 characters.
    static func tag(forBase base: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        let cleaned = String(base.map { allowed.contains($0) ? $0 : "-" }.prefix(128))
        return "nicompute-ssh:" + (cleaned.first.map { $0 == "." || $0 == "-" } ?? true ? "x" + cleaned.prefix(127) : cleaned)
    }
}
