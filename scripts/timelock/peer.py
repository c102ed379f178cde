#!/usr/bin/env python3
"""Real Python peers for the Swift BLS12-381 / drand timelock (tle) implementation.

Usage (from the repository root, after scripts/setup-python-env.sh):

    .venv/bin/python scripts/timelock/peer.py COMMAND ['{"json": "args"}']

Prints exactly one JSON object on standard output. On any error it prints a message on standard
error and exits 1. Hex is lower case without 0x on output; input hex may carry a 0x prefix.
Integers that may exceed 2^53 (scalars) are passed as decimal strings.

Two independent peers are used:
  * bittensor_drand 2.0.0 and bittensor_commit_reveal 0.2.0 (Rust `tle` crate from
    ideal-lab5/timelock rev 5416406, arkworks 0.4) -- the code Bittensor's SDK runs;
  * py_ecc 8.0.0 (pure-Python BLS12-381) -- an independent curve/pairing implementation.

Commands
--------
encrypt        {"plaintext": hex, "round": int}
               -> {"ciphertext": hex, "user_data": hex}
    bittensor_drand.encrypt_at_round(data: bytes, reveal_round: int) -> (bytes, int).
    In 2.0.0 the returned bytes are SCALE UserData{encrypted_data: Vec<u8>, reveal_round: u64}
    (compact length prefix, the raw tle ciphertext, reveal_round as u64 little-endian); the
    returned int equals reveal_round. "ciphertext" is the raw tle ciphertext (what the chain
    stores as `commit`); "user_data" is the wrapped form exactly as returned.

decrypt        {"ciphertext": hex, "signature": hex}
               -> {"plaintext": hex}
    bittensor_drand.decrypt_with_signature(encrypted_data: bytes, signature_hex: str) -> bytes.
    It only accepts the UserData-wrapped form (raw bytes fail with "Could not decode
    `UserData::encrypted_data`"); reveal_round inside the wrapper is not used for decryption.
    This command accepts either form: raw input is wrapped (reveal_round 0) first.

decrypt_ref    {"ciphertext": hex, "signature": hex}
               -> {"plaintext": hex, "sigma": hex, "esk": hex, "gt": hex}
    Independent pure-Python tle decryption (py_ecc pairing + AES-256-GCM), raw or wrapped input:
    gt = e(sig, U) (arkworks Fq12 serialization, see "pairing"), sigma = V xor sha256(gt),
    esk = W xor sha256(sigma), check U == (from_be_bytes_mod_r(sha256(sigma||esk)))*G2,
    plaintext = AES-256-GCM-decrypt(key=esk, nonce, ct||tag, aad="").

parse          {"ciphertext": hex}
               -> {"u", "v", "w", "aes_ciphertext", "nonce", "cipher_suite", "wrapped"}
    Splits a raw (or wrapped) tle ciphertext into its fields (see layout below).

commit_v4      {"uids": [int], "weights": [int], "version_key": int, "last_epoch_block": int,
                "pending_epoch_at": int, "subnet_epoch_index": int, "tempo": int,
                "blocks_since_last_step": int, "current_block": int,
                "subnet_reveal_period_epochs": int, "block_time": number, "hotkey": hex}
               -> {"commit": hex, "reveal_round": int}
    bittensor_drand.get_encrypted_commit_v2(uids, weights, version_key, last_epoch_block,
    pending_epoch_at, subnet_epoch_index, tempo, blocks_since_last_step, current_block,
    subnet_reveal_period_epochs, block_time, hotkey) -> (bytes, int), positional in that order.
    (2.0.0 has no `get_encrypted_commit`; v2 is its only weights commit.) uids/weights are
    u16 lists (weights already u16-normalised), block_time is seconds per block (float or int),
    hotkey is the 32-byte public key. The commit is the RAW tle ciphertext (no UserData) of
    SCALE WeightsTlockPayload{hotkey: Vec<u8>, uids: Vec<u16>, values: Vec<u16>,
    version_key: u64}, random 32-byte esk. reveal_round = floor((now + (first_reveal_block +
    3 - current_block) * block_time - 1692803367) / 3), min 1, where first_reveal_block is
    simulated from the epoch state (src/epoch_schedule.rs) -- it depends on the wall clock.

commit_v3      {"uids": [int], "weights": [int], "version_key": int, "tempo": int,
                "current_block": int, "netuid": int, "subnet_reveal_period_epochs": int,
                "block_time": int (default 12)}
               -> {"commit": hex, "reveal_round": int, "payload": hex}
    bittensor_commit_reveal.get_encrypted_commit(uids, weights, version_key, tempo,
    current_block, netuid, subnet_reveal_period_epochs, block_time=12) -> (bytes, int).
    block_time is an integer (u64) in 0.2.0. The commit is the RAW tle ciphertext of SCALE
    WeightsTlockPayload{uids: Vec<u16>, values: Vec<u16>, version_key: u64} (no hotkey).
    0.2.0 uses the fixed esk [2]*32, so "payload" (the SCALE plaintext) is recovered here by
    AES-GCM with that key -- no beacon signature needed. reveal_round (0.2.0, src/lib.rs):
    epoch = (current_block + netuid + 1) // (tempo + 1); reveal_block = (epoch + period) *
    (tempo + 1) - (netuid + 1); wait = (reveal_block - current_block) * block_time (one extra
    epoch only when wait < 72 s and at most 1 block away); reveal_round =
    ceil((now + wait - 1692803367) / 3) - 24 -- also wall-clock dependent.

g1_mul         {"scalar": dec}            -> {"point": hex48}   scalar * G1, compressed
g2_mul         {"scalar": dec}            -> {"point": hex96}   scalar * G2, compressed
pairing        {"a": dec, "b": dec}       -> {"gt": hex576}     e(a*G1, b*G2)
hash_to_g1     {"msg": hex, "dst": str}   -> {"point": hex48}   RFC 9380 BLS12381G1_XMD:SHA-256_SSWU_RO_
expand_xmd     {"msg": hex, "dst": str, "len": int} -> {"uniform_bytes": hex}  (SHA-256)
verify         {"round": int, "signature": hex, "pubkey": hex (default quicknet)}
               -> {"valid": bool}
    drand "bls-unchained-g1-rfc9380": m = sha256(u64_be(round)); Q = hash_to_g1(m,
    "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_"); valid iff e(sig, G2) == e(Q, pk).
    Undecodable or off-subgroup points give {"valid": false}.

Byte layouts
------------
G1 compressed (48 B) / G2 compressed (96 B): zcash/arkworks format, big-endian x (G2: x.c1 then
x.c0), top bits of byte 0: 0x80 compressed, 0x40 infinity, 0x20 "y is the larger of y, -y"
(G2: compare y.c1, then y.c0).
Gt (576 B): arkworks Fq12 = c0 + c1*w over Fq6 = d0 + d1*v + d2*v^2 over Fq2 = a + b*u, with
u^2 = -1, v^3 = u + 1, w^2 = v; serialized c0.d0.a, c0.d0.b, c0.d1.a, c0.d1.b, c0.d2.a, c0.d2.b,
c1.d0.a, ..., c1.d2.b, each Fp 48 bytes LITTLE-endian. py_ecc's FQ12 is Fp[w]/(w^12 - 2w^6 + 2)
(same w: w^6 = u + 1, and its twist embeds Fq2 with u = w^6 - 1), so for k = 2j + i
(i = 0, 1; j = 0, 1, 2) the tower coefficient c_i.d_j = (coeff[k] + coeff[k+6]) + coeff[k+6]*u.
The VALUE is arkworks' pairing, which is the cube of the standard optimal ate pairing
(arkworks' final exponentiation computes f^(3(p^12-1)/r)); py_ecc's own value is the inverse of
the standard one (it skips the conjugation for negative x), so "pairing" returns
tower(py_ecc^-3). Pairing-equality checks (verify) do not care; tle does, because it hashes
these bytes. Checked end to end by decrypt_ref on ciphertexts made by bittensor_drand: of
py_ecc^1, ^-1, ^3, ^-3 only ^-3 (with the tower map above) reproduces U == r*G2.
tle ciphertext (raw, arkworks serialize_compressed of TLECiphertext<TinyBLS381>):
  U: G2 compressed (96) | V: u64_le(32) | 32 | W: u64_le(32) | 32 |
  body: u64_le(len) | [ u64_le(len(ct)) | ct || tag16 | u64_le(12) | nonce12 ] |
  cipher_suite: u64_le(8) | "AES_GCM_"            (total = plaintext length + 244)
"""

import hashlib
import json
import sys

QUICKNET_PUBKEY = (
    "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d"
    "1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a"
)
QUICKNET_DST = b"BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_"
P = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB
R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001


class PeerError(Exception):
    pass


# ---------------------------------------------------------------- helpers

def unhex(s, name):
    if not isinstance(s, str):
        raise PeerError(f"{name} must be a hex string")
    if s.startswith(("0x", "0X")):
        s = s[2:]
    try:
        return bytes.fromhex(s)
    except ValueError as e:
        raise PeerError(f"{name} is not valid hex: {e}") from None


def arg(args, name, kind=None, default=KeyError):
    if name not in args:
        if default is KeyError:
            raise PeerError(f"missing argument '{name}'")
        return default
    value = args[name]
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise PeerError(f"'{name}' must be an integer (or a decimal string)")
        try:
            return int(value, 10) if isinstance(value, str) else value
        except ValueError:
            raise PeerError(f"'{name}' is not a decimal integer: {value!r}") from None
    return value


def int_list(args, name):
    value = arg(args, name)
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise PeerError(f"'{name}' must be a list of integers")
    return value


def scale_compact(n):
    if n < 1 << 6:
        return bytes([n << 2])
    if n < 1 << 14:
        return ((n << 2) | 1).to_bytes(2, "little")
    if n < 1 << 30:
        return ((n << 2) | 2).to_bytes(4, "little")
    raw = n.to_bytes((n.bit_length() + 7) // 8, "little")
    return bytes([((len(raw) - 4) << 2) | 3]) + raw


def scale_compact_decode(b, i):
    mode = b[i] & 3
    if mode == 0:
        return b[i] >> 2, i + 1
    if mode == 1:
        return int.from_bytes(b[i:i + 2], "little") >> 2, i + 2
    if mode == 2:
        return int.from_bytes(b[i:i + 4], "little") >> 2, i + 4
    n = (b[i] >> 2) + 4
    return int.from_bytes(b[i + 1:i + 1 + n], "little"), i + 1 + n


def parse_tle(raw):
    """Splits a raw tle ciphertext; raises PeerError unless the layout fits exactly."""
    def u64(i):
        if i + 8 > len(raw):
            raise PeerError("tle ciphertext truncated")
        return int.from_bytes(raw[i:i + 8], "little"), i + 8

    if len(raw) < 244:
        raise PeerError(f"tle ciphertext too short ({len(raw)} bytes)")
    u = raw[:96]
    if not u[0] & 0x80:
        raise PeerError("U is not a compressed G2 point (top bit clear)")
    i = 96
    n, i = u64(i)
    if n != 32:
        raise PeerError(f"V length {n}, expected 32")
    v = raw[i:i + 32]; i += 32
    n, i = u64(i)
    if n != 32:
        raise PeerError(f"W length {n}, expected 32")
    w = raw[i:i + 32]; i += 32
    body_len, i = u64(i)
    body_end = i + body_len
    ct_len, i = u64(i)
    ct = raw[i:i + ct_len]; i += ct_len
    n, i = u64(i)
    if n != 12:
        raise PeerError(f"nonce length {n}, expected 12")
    nonce = raw[i:i + 12]; i += 12
    if i != body_end:
        raise PeerError("body length does not match its contents")
    n, i = u64(i)
    suite = raw[i:i + n]; i += n
    if i != len(raw) or len(ct) != ct_len or len(nonce) != 12 or len(suite) != n:
        raise PeerError("tle ciphertext length does not match its contents")
    return {"u": u, "v": v, "w": w, "aes_ciphertext": ct, "nonce": nonce, "cipher_suite": suite}


def split_ciphertext(data):
    """Returns (raw, was_wrapped) for raw tle bytes or SCALE UserData{Vec<u8>, u64}."""
    try:
        parse_tle(data)
        return data, False
    except PeerError as raw_error:
        try:
            n, i = scale_compact_decode(data, 0)
            if i + n + 8 == len(data):
                inner = data[i:i + n]
                parse_tle(inner)
                return inner, True
        except (PeerError, IndexError):
            pass
        raise PeerError(f"not a tle ciphertext (raw or UserData-wrapped): {raw_error}")


def wrap_user_data(raw, reveal_round=0):
    return scale_compact(len(raw)) + raw + reveal_round.to_bytes(8, "little")


# ---------------------------------------------------------------- py_ecc

def ecc():
    from py_ecc import optimized_bls12_381 as o
    return o


def g1_compress(pt):
    from py_ecc.bls.point_compression import compress_G1
    return compress_G1(pt).to_bytes(48, "big")


def g2_compress(pt):
    from py_ecc.bls.point_compression import compress_G2
    z1, z2 = compress_G2(pt)
    return z1.to_bytes(48, "big") + z2.to_bytes(48, "big")


def g1_decompress(b):
    from py_ecc.bls.point_compression import decompress_G1
    o = ecc()
    if len(b) != 48:
        raise PeerError(f"G1 point must be 48 bytes, got {len(b)}")
    pt = decompress_G1(int.from_bytes(b, "big"))
    if not o.is_inf(o.multiply(pt, o.curve_order)):
        raise PeerError("G1 point is not in the prime-order subgroup")
    return pt


def g2_decompress(b):
    from py_ecc.bls.point_compression import decompress_G2
    o = ecc()
    if len(b) != 96:
        raise PeerError(f"G2 point must be 96 bytes, got {len(b)}")
    pt = decompress_G2((int.from_bytes(b[:48], "big"), int.from_bytes(b[48:], "big")))
    if not o.is_inf(o.multiply(pt, o.curve_order)):
        raise PeerError("G2 point is not in the prime-order subgroup")
    return pt


def fq12_to_arkworks(f):
    """py_ecc FQ12 (polynomial in w, w^12 = 2w^6 - 2) -> arkworks tower bytes (576, LE limbs)."""
    c = [int(x) % P for x in f.coeffs]
    out = bytearray()
    for i in (0, 1):          # Fq12 = c0 + c1 w
        for j in (0, 1, 2):   # Fq6 = d0 + d1 v + d2 v^2, v = w^2
            k = 2 * j + i
            b = c[k + 6]                  # coefficient of u (u = w^6 - 1)
            a = (c[k] + c[k + 6]) % P     # real part
            out += a.to_bytes(48, "little") + b.to_bytes(48, "little")
    return bytes(out)


def pairing_g1_g2(p1, q2):
    """arkworks Bls12_381::pairing(P in G1, Q in G2) as its 576 serialized bytes.

    py_ecc runs the Miller loop over |x| without conjugating for BLS12-381's negative x and
    raises to exactly (p^12 - 1)/r, so its value is e^-1 for the standard optimal ate pairing e.
    arkworks conjugates and its final exponentiation (hard part after eprint 2016/130) yields
    e^3. Hence arkworks = py_ecc^-3; checked by decrypt_ref against bittensor_drand.
    """
    o = ecc()
    f = o.FQ12.one() / o.pairing(q2, p1)
    return fq12_to_arkworks(f * f * f)


def hash_to_g1(msg, dst):
    from py_ecc.bls.hash_to_curve import hash_to_G1
    return hash_to_G1(msg, dst, hashlib.sha256)


# ---------------------------------------------------------------- commands

def cmd_encrypt(args):
    import bittensor_drand
    plaintext = unhex(arg(args, "plaintext"), "plaintext")
    rnd = arg(args, "round", int)
    wrapped, out_round = bittensor_drand.encrypt_at_round(plaintext, rnd)
    raw, was_wrapped = split_ciphertext(bytes(wrapped))
    if not was_wrapped or out_round != rnd or wrapped[-8:] != rnd.to_bytes(8, "little"):
        raise PeerError("encrypt_at_round returned an unexpected shape")
    return {"ciphertext": raw.hex(), "user_data": bytes(wrapped).hex()}


def cmd_decrypt(args):
    import bittensor_drand
    data = unhex(arg(args, "ciphertext"), "ciphertext")
    sig = unhex(arg(args, "signature"), "signature")
    raw, was_wrapped = split_ciphertext(data)
    wrapped = data if was_wrapped else wrap_user_data(raw)
    try:
        plaintext = bittensor_drand.decrypt_with_signature(wrapped, sig.hex())
    except Exception as e:  # pyo3 raises ValueError
        raise PeerError(f"decrypt_with_signature failed: {e}") from None
    return {"plaintext": bytes(plaintext).hex()}


def cmd_decrypt_ref(args):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    o = ecc()
    data = unhex(arg(args, "ciphertext"), "ciphertext")
    sig = g1_decompress(unhex(arg(args, "signature"), "signature"))
    raw, _ = split_ciphertext(data)
    f = parse_tle(raw)
    u = g2_decompress(f["u"])
    gt = pairing_g1_g2(sig, u)
    sigma = bytes(a ^ b for a, b in zip(f["v"], hashlib.sha256(gt).digest()))
    esk = bytes(a ^ b for a, b in zip(f["w"], hashlib.sha256(sigma).digest()))
    r = int.from_bytes(hashlib.sha256(sigma + esk).digest(), "big") % R
    if g2_compress(o.multiply(o.G2, r)) != f["u"]:
        raise PeerError("U != r*G2: wrong signature (or pairing/serialization mismatch)")
    if f["cipher_suite"] != b"AES_GCM_":
        raise PeerError(f"unknown cipher suite {f['cipher_suite']!r}")
    plaintext = AESGCM(esk).decrypt(f["nonce"], f["aes_ciphertext"], b"")
    return {"plaintext": plaintext.hex(), "sigma": sigma.hex(), "esk": esk.hex(), "gt": gt.hex()}


def cmd_parse(args):
    data = unhex(arg(args, "ciphertext"), "ciphertext")
    raw, was_wrapped = split_ciphertext(data)
    out = {k: v.hex() for k, v in parse_tle(raw).items()}
    out["wrapped"] = was_wrapped
    return out


def cmd_commit_v4(args):
    import bittensor_drand
    commit, reveal_round = bittensor_drand.get_encrypted_commit_v2(
        int_list(args, "uids"),
        int_list(args, "weights"),
        arg(args, "version_key", int),
        arg(args, "last_epoch_block", int),
        arg(args, "pending_epoch_at", int),
        arg(args, "subnet_epoch_index", int),
        arg(args, "tempo", int),
        arg(args, "blocks_since_last_step", int),
        arg(args, "current_block", int),
        arg(args, "subnet_reveal_period_epochs", int),
        arg(args, "block_time"),
        unhex(arg(args, "hotkey"), "hotkey"),
    )
    commit = bytes(commit)
    parse_tle(commit)  # raw, not wrapped
    return {"commit": commit.hex(), "reveal_round": int(reveal_round)}


def cmd_commit_v3(args):
    import bittensor_commit_reveal
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    commit, reveal_round = bittensor_commit_reveal.get_encrypted_commit(
        int_list(args, "uids"),
        int_list(args, "weights"),
        arg(args, "version_key", int),
        arg(args, "tempo", int),
        arg(args, "current_block", int),
        arg(args, "netuid", int),
        arg(args, "subnet_reveal_period_epochs", int),
        arg(args, "block_time", int, 12),
    )
    commit = bytes(commit)
    f = parse_tle(commit)
    payload = AESGCM(bytes([2] * 32)).decrypt(f["nonce"], f["aes_ciphertext"], b"")
    return {"commit": commit.hex(), "reveal_round": int(reveal_round), "payload": payload.hex()}


def cmd_g1_mul(args):
    o = ecc()
    return {"point": g1_compress(o.multiply(o.G1, arg(args, "scalar", int) % R)).hex()}


def cmd_g2_mul(args):
    o = ecc()
    return {"point": g2_compress(o.multiply(o.G2, arg(args, "scalar", int) % R)).hex()}


def cmd_pairing(args):
    o = ecc()
    a = arg(args, "a", int) % R
    b = arg(args, "b", int) % R
    return {"gt": pairing_g1_g2(o.multiply(o.G1, a), o.multiply(o.G2, b)).hex()}


def cmd_hash_to_g1(args):
    msg = unhex(arg(args, "msg"), "msg")
    dst = arg(args, "dst").encode()
    return {"point": g1_compress(hash_to_g1(msg, dst)).hex()}


def cmd_expand_xmd(args):
    from py_ecc.bls.hash import expand_message_xmd
    msg = unhex(arg(args, "msg"), "msg")
    out = expand_message_xmd(msg, arg(args, "dst").encode(), arg(args, "len", int), hashlib.sha256)
    return {"uniform_bytes": out.hex()}


def cmd_verify(args):
    o = ecc()
    rnd = arg(args, "round", int)
    try:
        sig = g1_decompress(unhex(arg(args, "signature"), "signature"))
        pk = g2_decompress(unhex(arg(args, "pubkey", default=QUICKNET_PUBKEY), "pubkey"))
    except (PeerError, ValueError):
        return {"valid": False}
    q = hash_to_g1(hashlib.sha256(rnd.to_bytes(8, "big")).digest(), QUICKNET_DST)
    # e(sig, G2) == e(Q, pk)  <=>  e(-sig, G2) * e(Q, pk) == 1 (one final exponentiation)
    f = o.pairing(o.G2, o.neg(sig), final_exponentiate=False) * o.pairing(pk, q, final_exponentiate=False)
    return {"valid": o.final_exponentiate(f) == o.FQ12.one()}


COMMANDS = {
    "encrypt": cmd_encrypt,
    "decrypt": cmd_decrypt,
    "decrypt_ref": cmd_decrypt_ref,
    "parse": cmd_parse,
    "commit_v4": cmd_commit_v4,
    "commit_v3": cmd_commit_v3,
    "g1_mul": cmd_g1_mul,
    "g2_mul": cmd_g2_mul,
    "pairing": cmd_pairing,
    "hash_to_g1": cmd_hash_to_g1,
    "expand_xmd": cmd_expand_xmd,
    "verify": cmd_verify,
}


def main(argv):
    if len(argv) < 2 or argv[1] not in COMMANDS:
        print(f"usage: peer.py {{{'|'.join(COMMANDS)}}} ['<json args>']", file=sys.stderr)
        return 1
    try:
        args = json.loads(argv[2]) if len(argv) > 2 else {}
        if not isinstance(args, dict):
            raise PeerError("arguments must be a JSON object")
        result = COMMANDS[argv[1]](args)
    except json.JSONDecodeError as e:
        print(f"peer.py {argv[1]}: arguments are not JSON: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001 -- every failure is reported the same way
        print(f"peer.py {argv[1]}: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
