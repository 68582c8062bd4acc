/**
 * The built qvault product (`node apps/api/dist/main.js`, serving the built admin) on a free
 * port with a fresh data folder, the way an operator runs it: @qvault/test-server's server with
 * the admin served. It builds nothing: a missing API or admin build fails with that advice.
 */
import { type ServerProcess, type ServerProcessOptions, startServerProcess } from "@qvault/test-server";

/** The running product: its URL, admin token, data folder, output and API client. */
export type Product = ServerProcess;

/** How to start the product; the admin is always served. */
export type ProductOptions = Omit<ServerProcessOptions, "serveAdmin">;

/**
 * Starts the built product and resolves once it listens. When the suites run on PostgreSQL
 * (QVAULT_TEST_DATABASE=postgres, the "e2e (postgres)" project), its bank is a fresh database
 * on the project's cluster, unless the caller names a bank.
 */
export async function startProduct(options: ProductOptions = {}): Promise<Product> {
  const onPostgres =
    process.env.QVAULT_TEST_DATABASE === "postgres" && !options.bank && !options.env?.QVAULT_DATABASE_URL;
  // Loaded only then: it reads the cluster's port from the test runner.
  const database: Record<string, string> = onPostgres
    ? { QVAULT_DATABASE_URL: (await import("@qvault/test-server/database")).testDatabaseLocation("") }
    : {};
  return startServerProcess({ ...options, env: { ...database, ...options.env }, serveAdmin: true });
}
