#include "common/allocator.h"

#include <malloc.h>

namespace sluice {

void TuneAllocatorForBatches() {
  // Setting either value also turns off glibc's dynamic threshold, which would otherwise keep
  // moving the mmap threshold as buffers of new sizes come and go.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

void ReleaseFreeMemory() { malloc_trim(0); }

}  // namespace sluice
