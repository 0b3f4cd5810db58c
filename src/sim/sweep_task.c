/* sweep_task.c — the split of a sweep's points over tasks (sweep.h). */
#include "sweep.h"

uint64_t hs_sweep_task_size(uint64_t npoints, uint64_t k, uint64_t tasks)
{
    if (tasks == 0 || k >= tasks || k >= npoints)
        return 0;
    return (npoints - k + tasks - 1) / tasks;
}

uint64_t hs_sweep_task_point(uint64_t i, uint64_t k, uint64_t tasks)
{
    return k + i * tasks;
}
