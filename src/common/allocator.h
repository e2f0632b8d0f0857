// Allocator settings for batch-at-a-time work.
//
// Column batches allocate buffers of hundreds of kilobytes to tens of megabytes, batch after
// batch. glibc's malloc serves such sizes with fresh mmap()s and gives them back with munmap(),
// so every batch pays page faults and the kernel's zeroing again (a fifth of a Parquet scan's
// time). TuneAllocatorForBatches() keeps buffers up to 64 MiB inside malloc's arenas and stops
// it from trimming them away between batches, so they are reused. The cost is that freed memory
// stays with the process while work runs: long-running work calls ReleaseFreeMemory() when it
// ends (a job run, a crawl), which hands it back to the system.
//
// Thread safety: TuneAllocatorForBatches() once at start, before threads; ReleaseFreeMemory()
// from any thread.
#pragma once

namespace sluice {

void TuneAllocatorForBatches();
void ReleaseFreeMemory();

}  // namespace sluice
