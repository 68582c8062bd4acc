// An S3-protocol server (s3rver) in a process of its own, so that a test blocking its event loop
// cannot stall the server. Arguments: one JSON object ({ directory, buckets, key?, cert? }); it
// prints {"port": n} once it listens, and stops on SIGTERM.
import { readFileSync } from "node:fs";
import S3rver from "s3rver";

const options = JSON.parse(process.argv[2] ?? "{}");
const server = new S3rver({
  address: "127.0.0.1",
  port: 0,
  silent: true,
  directory: options.directory,
  configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  ...(options.key ? { key: readFileSync(options.key), cert: readFileSync(options.cert) } : {}),
});
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.on("SIGTERM", () => server.close().finally(() => process.exit(0)));
