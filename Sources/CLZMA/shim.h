#ifndef NICOMPUTE_CLZMA_SHIM_H
#define NICOMPUTE_CLZMA_SHIM_H
#include <lzma.h>

// The filter IDs are LZMA_VLI_C(...) macros, which Swift cannot import, so the chain is built
// here: x86 BCJ (when asked; it turns relative call targets in x86-64 code into absolute ones,
// which LZMA2 then finds repeated) before LZMA2 at `preset`, in one .xz stream with a CRC64.
static inline lzma_ret nicompute_xz_encode(const uint8_t *input, size_t input_size, uint8_t *output,
                                           size_t *output_position, size_t output_size, uint32_t preset,
                                           int x86) {
    lzma_options_lzma options;
    if (lzma_lzma_preset(&options, preset)) return LZMA_OPTIONS_ERROR;
    lzma_filter filters[3];
    size_t next = 0;
    if (x86) filters[next++] = (lzma_filter){.id = LZMA_FILTER_X86, .options = NULL};
    filters[next++] = (lzma_filter){.id = LZMA_FILTER_LZMA2, .options = &options};
    filters[next] = (lzma_filter){.id = LZMA_VLI_UNKNOWN, .options = NULL};
    return lzma_stream_buffer_encode(filters, LZMA_CHECK_CRC64, NULL, input, input_size, output, output_position,
                                     output_size);
}
#endif
