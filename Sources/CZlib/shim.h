#ifndef NICOMPUTE_CZLIB_SHIM_H
#define NICOMPUTE_CZLIB_SHIM_H
#include <zlib.h>

// deflateInit2 is a macro over deflateInit2_ (it passes the library's version and the stream's
// size); Swift cannot call C macros.
static inline int nicompute_deflate_init_gzip(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

// inflateInit2 likewise; 15 + 16 reads gzip only (not zlib or raw deflate).
static inline int nicompute_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 15 + 16);
}
#endif
