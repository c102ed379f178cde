#ifndef NICOMPUTE_COPENBLAS_SHIM_H
#define NICOMPUTE_COPENBLAS_SHIM_H
// Debian's libopenblas-dev installs cblas.h through the alternatives system.
#include <cblas.h>
#endif
