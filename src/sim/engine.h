/* engine.h — replicates of one scenario, folded into its accumulators.
 *
 * The engine knows nothing of files, ranks or time: a caller hands it ranges
 * of replicate numbers (chunks) in any order, on any process, and merges the
 * accumulators; the stream contract (rng.h) makes the result independent of
 * how the replicates were split. */
#ifndef HS_ENGINE_H
#define HS_ENGINE_H

#include <stdint.h>

#include "acc.h"
#include "scenario.h"

typedef struct hs_engine hs_engine;

/* Workspace and accumulators for scenario *sc (copied). NULL on bad
 * scenario (with *why) or out of memory (*why = "out of memory"). */
hs_engine *hs_engine_alloc(const hs_scenario *sc, char *err, size_t errlen);
void hs_engine_free(hs_engine *e); /* NULL is a no-op */
/* Simulate replicates first .. first + count - 1 and fold them in. */
void hs_engine_run(hs_engine *e, uint64_t first, uint64_t count);
/* The accumulators (owned by the engine). */
hs_acc *hs_engine_acc(hs_engine *e);
const hs_scenario *hs_engine_scenario(const hs_engine *e);

#endif
