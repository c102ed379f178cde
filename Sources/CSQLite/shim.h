#ifndef NICOMPUTE_CSQLITE_SHIM_H
#define NICOMPUTE_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
