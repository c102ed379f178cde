#ifndef NICOMPUTE_CSODIUM_SHIM_H
#define NICOMPUTE_CSODIUM_SHIM_H
#include <sodium.h>
#endif
