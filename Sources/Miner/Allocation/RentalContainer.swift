import ComputeProtocol

/// How a rental container is made and configured. Every script here is fixed text of ours;
/// renter input (password, keys, the customisation script) reaches them only as environment
/// variables of an exec, which the container's shell expands as data and never parses as code.
public enum RentalContainer {
    /// The label every container we make carries, valued with its allocation id; reconciliation
    /// removes labelled containers that have no live allocation.
    public static let allocationLabel = "io.nicompute.allocation"
    public static let testingLabel = "io.nicompute.testing"
    public static let ownerLabel = "io.nicompute.owner"
    /// The miner's hotkey: several miners may share one engine (the devnet does), and each
    /// reconciles only its own containers.
    public static let minerLabel = "io.nicompute.miner"

    /// PID 1 of the container: host keys of its own, then sshd in the foreground. Root logs in with
    /// the password or key set by ``credentialsScript`` (root's password starts locked).
    static let startScript = """
        set -e
        mkdir -p /run/sshd /root/.ssh
        chmod 700 /root/.ssh
        [ -s /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -A >/dev/null
        exec /usr/sbin/sshd -D -e -o PermitRootLogin=yes -o PasswordAuthentication=yes -o PubkeyAuthentication=yes \
          -o ListenAddress=0.0.0.0 -o UsePAM=no
        """

    /// Sets root's password and `authorized_keys` (line 1: the renter's key, line 2: the
    /// terminal key slot, as the reference lays them out).
    static let credentialsScript = """
        set -e
        printf 'root:%s\\n' "$NICOMPUTE_PASSWORD" | chpasswd
        umask 077
        mkdir -p /root/.ssh
        printf '%s\\n' "$NICOMPUTE_USER_KEY" > /root/.ssh/authorized_keys
        """

    /// Replaces one key slot (`user` = line 1, `terminal` = line 2), keeping the other.
    static let exchangeKeyScript = """
        set -e
        f=/root/.ssh/authorized_keys
        user=$(sed -n 1p "$f" 2>/dev/null || true)
        terminal=$(sed -n 2p "$f" 2>/dev/null || true)
        case "$NICOMPUTE_KEY_SLOT" in
          user) user="$NICOMPUTE_KEY" ;;
          terminal) terminal="$NICOMPUTE_KEY" ;;
          *) exit 64 ;;
        esac
        umask 077
        mkdir -p /root/.ssh
        printf '%s\\n%s\\n' "$user" "$terminal" > "$f.new"
        mv "$f.new" "$f"
        """

    /// Runs the renter's customisation inside their container, in the background, with its
    /// output kept in the container for them to read.
    static let setupScript = "sh -c \"$NICOMPUTE_SETUP\" > /var/log/nicompute-setup.log 2>&1"

    /// The create request for `record` from `image`, publishing sshd on `sshPort` and each user
    /// port on its external port of every host address, with the record's limits
    /// (``RentalLimits``' defaults where it names none) and, on GPU machines, its GPUs.
    static func spec(
        for record: AllocationRecord, image: String, miner: String, machine: MachineSpecs,
        userPorts: [UserPort] = [], limits: RentalLimits = RentalLimits(), pogWorker: String? = nil
    ) -> ContainerSpec {
        let resources = record.resources
        let memory = limits.memoryBytes(asked: resources.memoryBytes, machine: machine)
        // Shared memory for data loaders: half the memory limit, else 1 GiB (the reference gave
        // 90 % of the host's free memory to every container).
        let shm = memory > 0 ? memory / 2 : 1 << 30
        var devices: [HostConfig.DeviceRequest]?
        var environment = [String]()
        if !machine.gpus.isEmpty {
            let count = resources.gpuCount > 0 ? resources.gpuCount : machine.gpus.count
            devices = [HostConfig.DeviceRequest(count: count)]
            environment.append("NVIDIA_DRIVER_CAPABILITIES=compute,utility")
        }
        var exposed = ["22/tcp": ContainerSpec.EmptyObject()]
        var bindings = ["22/tcp": [HostConfig.PortBinding(hostIP: "", hostPort: String(record.sshPort))]]
        for port in userPorts {
            exposed["\(port.internalPort)/tcp"] = .init()
            bindings["\(port.internalPort)/tcp"] = [.init(hostIP: "", hostPort: String(port.externalPort))]
        }
        return ContainerSpec(
            image: image,
            cmd: ["/bin/sh", "-c", startScript],
            env: environment,
            labels: [
                allocationLabel: record.id, testingLabel: record.testing ? "true" : "false", ownerLabel: record.ownerHotkey,
                minerLabel: miner,
            ],
            exposedPorts: exposed,
            hostConfig: HostConfig(
                memory: memory,
                // cpuCount is at most the machine's CPUs (ResourceRequest.check), so this fits.
                nanoCpus: limits.cpuCount(asked: resources.cpuCount, machine: machine) * 1_000_000_000,
                shmSize: shm,
                portBindings: bindings,
                restartPolicy: .init(name: "on-failure", maximumRetryCount: 3),
                deviceRequests: devices,
                initProcess: true,
                pidsLimit: limits.pidsLimit,
                securityOpt: limits.securityOptions,
                capDrop: limits.droppedCapabilities,
                networkMode: limits.network,
                binds: record.testing ? pogWorker.map { ["\($0):\(workerMount):ro"] } : nil))
    }

    /// Where a test container sees this miner's worker (read-only) before ``placeWorkerScript``
    /// copies it to ``TestContainerLayout/workerPath``.
    static let workerMount = "/opt/nicompute/nicompute-pog"

    /// Copies the mounted worker to where the validator looks for it: a copy, not the mount
    /// itself, so that a validator of another release can still replace it with its own.
    static let placeWorkerScript = """
        set -e
        umask 077
        target=\(TestContainerLayout.workerPath)
        mkdir -p "$(dirname "$target")"
        cp \(workerMount) "$target.part"
        chmod 700 "$target.part"
        mv "$target.part" "$target"
        """

    /// The Dockerfile that turns an operator's base image (a CUDA/PyTorch image on GPU miners)
    /// into the SSH image, adding only what the base lacks.
    static func sshImageDockerfile(base: String) -> String {
        // What SN27 v2.2 validators use in a rental: sshd with SFTP (they upload scripts), and
        // `python3` on the SSH session's PATH (the PyTorch images keep theirs in /opt/conda).
        """
        FROM \(base)
        RUN set -e; export DEBIAN_FRONTEND=noninteractive; need=""; \
            command -v sshd >/dev/null 2>&1 || need="$need openssh-server"; \
            [ -x /usr/lib/openssh/sftp-server ] || need="$need openssh-sftp-server"; \
            if [ -x /opt/conda/bin/python ]; then ln -sf /opt/conda/bin/python /usr/local/bin/python3; \
            elif ! command -v python3 >/dev/null 2>&1; then need="$need python3"; fi; \
            if [ -n "$need" ]; then apt-get update && apt-get install -y --no-install-recommends $need && rm -rf /var/lib/apt/lists/*; fi; \
            rm -f /etc/ssh/ssh_host_*
        CMD ["/usr/sbin/sshd", "-D", "-e"]
        """
    }
}
