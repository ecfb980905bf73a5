#ifndef ORCHESTRATOR_CLMDB_SHIM_H
#define ORCHESTRATOR_CLMDB_SHIM_H
#include <lmdb.h>

/* Asks the CPU to start loading the cache line holding `address` into its caches. A hint: it
   never faults and waits for nothing. Log scans use it to read the map ahead of their decoding. */
static inline void orchestrator_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}
#endif
