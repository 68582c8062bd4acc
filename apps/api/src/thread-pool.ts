/**
 * Sizes libuv's thread pool before anything uses it (this module is imported first). SQLite's
 * statements, brotli and file I/O all run there, for the API and for the job thread alike;
 * with libuv's default of 4 threads, a page of questions waits behind a restore's compression and
 * writes. Threads waiting on I/O cost little; UV_THREADPOOL_SIZE, when set, is kept.
 */
process.env.UV_THREADPOOL_SIZE ??= "16";
