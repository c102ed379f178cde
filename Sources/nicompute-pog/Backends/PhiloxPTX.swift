/// The device-side generator: ``SeededGenerator`` (Philox4x32-10) as a hand-written PTX kernel.
///
/// Why PTX text: the CUDA driver JIT-compiles it (`cuModuleLoadData`), so the worker needs no
/// CUDA toolkit, no NVRTC and no build-time CUDA at all, like the rest of the CUDA backend.
/// `.target sm_52` with PTX ISA 7.0 loads on every GPU a CUDA 11+ driver supports (the driver
/// compiles it for the card it runs on, H100/H200 included).
///
/// `philox_fill(out, n, key0, key1)`: thread t fills entries (row, 4·block … 4·block + 3) of
/// the row-major n×n float32 matrix `out`, where row = t / ⌈n/4⌉ and block = t mod ⌈n/4⌉,
/// exactly as the host does: counter (row, block, 0, 0), key (key0, key1) = the seed's low and
/// high halves, ten rounds with the Weyl key schedule, and each output word's top 24 bits as a
/// signed integer times 2⁻²³ (`0f34000000`). Entries past column n − 1 are not written.
/// Launch with ⌈n·⌈n/4⌉ / 256⌉ blocks of 256 threads; n ≤ 65 536 keeps t below 2³².
///
/// Not testable without a GPU: `nicompute-pog generate --backend cuda --compare-host` checks it
/// against the host generator entry by entry (see docs/proof-of-gpu.md).
enum PhiloxPTX {
    static let kernelName = "philox_fill"
    static let threadsPerBlock: UInt32 = 256

    static let source = """
        .version 7.0
        .target sm_52
        .address_size 64

        .visible .entry philox_fill(
            .param .u64 param_out,
            .param .u32 param_n,
            .param .u32 param_key0,
            .param .u32 param_key1
        )
        {
            .reg .pred %p<8>;
            .reg .b32 %r<40>;
            .reg .b64 %rd<12>;
            .reg .f32 %f<4>;

            mov.u32 %r1, %ctaid.x;
            mov.u32 %r2, %ntid.x;
            mov.u32 %r3, %tid.x;
            mul.wide.u32 %rd1, %r1, %r2;
            cvt.u64.u32 %rd2, %r3;
            add.u64 %rd1, %rd1, %rd2;
            ld.param.u32 %r4, [param_n];
            add.u32 %r5, %r4, 3;
            shr.u32 %r5, %r5, 2;
            cvt.u64.u32 %rd3, %r5;
            cvt.u64.u32 %rd4, %r4;
            mul.lo.u64 %rd5, %rd4, %rd3;
            setp.ge.u64 %p1, %rd1, %rd5;
            @%p1 bra DONE;

            cvt.u32.u64 %r6, %rd1;
            div.u32 %r7, %r6, %r5;
            rem.u32 %r8, %r6, %r5;
            mov.u32 %r10, %r7;
            mov.u32 %r11, %r8;
            mov.u32 %r12, 0;
            mov.u32 %r13, 0;
            ld.param.u32 %r14, [param_key0];
            ld.param.u32 %r15, [param_key1];
            mov.u32 %r16, 0;
        ROUND:
            mul.hi.u32 %r17, %r10, 0xD2511F53;
            mul.lo.u32 %r18, %r10, 0xD2511F53;
            mul.hi.u32 %r19, %r12, 0xCD9E8D57;
            mul.lo.u32 %r20, %r12, 0xCD9E8D57;
            xor.b32 %r21, %r19, %r11;
            xor.b32 %r10, %r21, %r14;
            mov.u32 %r11, %r20;
            xor.b32 %r22, %r17, %r13;
            xor.b32 %r12, %r22, %r15;
            mov.u32 %r13, %r18;
            add.u32 %r14, %r14, 0x9E3779B9;
            add.u32 %r15, %r15, 0xBB67AE85;
            add.u32 %r16, %r16, 1;
            setp.lt.u32 %p2, %r16, 10;
            @%p2 bra ROUND;

            cvt.u64.u32 %rd6, %r7;
            mul.lo.u64 %rd6, %rd6, %rd4;
            shl.b32 %r23, %r8, 2;
            cvt.u64.u32 %rd7, %r23;
            add.u64 %rd6, %rd6, %rd7;
            shl.b64 %rd6, %rd6, 2;
            ld.param.u64 %rd8, [param_out];
            cvta.to.global.u64 %rd8, %rd8;
            add.u64 %rd8, %rd8, %rd6;

            shr.s32 %r24, %r10, 8;
            cvt.rn.f32.s32 %f1, %r24;
            mul.f32 %f1, %f1, 0f34000000;
            st.global.f32 [%rd8], %f1;

            add.u32 %r25, %r23, 1;
            setp.ge.u32 %p3, %r25, %r4;
            @%p3 bra DONE;
            shr.s32 %r24, %r11, 8;
            cvt.rn.f32.s32 %f1, %r24;
            mul.f32 %f1, %f1, 0f34000000;
            st.global.f32 [%rd8+4], %f1;

            add.u32 %r25, %r23, 2;
            setp.ge.u32 %p4, %r25, %r4;
            @%p4 bra DONE;
            shr.s32 %r24, %r12, 8;
            cvt.rn.f32.s32 %f1, %r24;
            mul.f32 %f1, %f1, 0f34000000;
            st.global.f32 [%rd8+8], %f1;

            add.u32 %r25, %r23, 3;
            setp.ge.u32 %p5, %r25, %r4;
            @%p5 bra DONE;
            shr.s32 %r24, %r13, 8;
            cvt.rn.f32.s32 %f1, %r24;
            mul.f32 %f1, %f1, 0f34000000;
            st.global.f32 [%rd8+12], %f1;
        DONE:
            ret;
        }

        """
}
