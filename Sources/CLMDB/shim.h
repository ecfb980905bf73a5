#ifndef ORCHESTRATOR_CLMDB_SHIM_H
#define ORCHESTRATOR_CLMDB_SHIM_H
#include <lmdb.h>
#endif
