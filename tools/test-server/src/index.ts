/**
 * @qvault/test-server: the one test-server harness of every test package. `startServerProcess`
 * runs the built server as a child process; `createServerClient` is the client it returns, which
 * the API's in-process harness uses too.
 */
export * from "./client.js";
export * from "./paths.js";
export * from "./postgres.js";
export * from "./process-stats.js";
export * from "./s3.js";
export * from "./s3-fault-proxy.js";
export * from "./server-process.js";
