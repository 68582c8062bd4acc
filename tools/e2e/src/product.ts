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

/** Starts the built product and resolves once it listens. */
export function startProduct(options: ProductOptions = {}): Promise<Product> {
  return startServerProcess({ ...options, serveAdmin: true });
}
