/**
 * Naming a snapshot on the command line: its full id, a prefix of it that only it has, or
 * `latest` (the newest). Ids grow with time, so a listing's order is their order.
 */
import { badInput, notFound, type Repository, type SnapshotManifest } from "@qvault/core";
import type { ServerClient } from "./server.js";

/**
 * The id `ref` names among `ids` (oldest first), or null when none matches.
 * @throws BAD_USER_INPUT when a prefix matches more than one.
 */
export function pickSnapshot(ref: string, ids: readonly string[]): string | null {
  if (ref === "latest") return ids.at(-1) ?? null;
  if (ids.includes(ref)) return ref;
  const matches = ids.filter((id) => id.startsWith(ref));
  if (matches.length > 1)
    throw badInput("snapshot", `${ref} is the start of ${matches.length} snapshot ids; give more of it`, {
      ids: matches.slice(0, 10),
    });
  return matches[0] ?? null;
}

/**
 * The snapshot `ref` names in `repository`.
 * @throws NOT_FOUND; INTEGRITY_ERROR when its manifest is damaged; BAD_USER_INPUT when ambiguous.
 */
export async function findSnapshot(repository: Repository, ref: string): Promise<SnapshotManifest> {
  const snapshots = await repository.listSnapshots();
  const id = pickSnapshot(
    ref,
    snapshots.map((s) => s.id),
  );
  if (id) return snapshots.find((s) => s.id === id)!;
  if (ref === "latest") throw notFound("Snapshot", "latest (the repository has none)");
  // A damaged manifest is not listed; asking for it by id says what is wrong with it.
  await repository.getSnapshot(ref).catch((error: { code?: string }) => {
    if (error.code === "NOT_FOUND") throw notFound("Snapshot", ref);
    throw error;
  });
  throw notFound("Snapshot", ref);
}

/**
 * The id of the snapshot `ref` names on a server.
 * @throws NOT_FOUND; BAD_USER_INPUT when ambiguous.
 */
export async function findServerSnapshot(server: ServerClient, ref: string): Promise<string> {
  if (ref !== "latest") {
    const { backup } = await server.request<{ backup: { id: string } | null }>(
      "query($id: ID!) { backup(id: $id) { id } }",
      { id: ref },
    );
    if (backup) return backup.id;
  }
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const {
      backups,
    }: {
      backups: {
        edges: { node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } = await server.request(
      "query($first: Int, $after: String) { backups(first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }",
      {
        first: ref === "latest" ? 1 : 100,
        after,
      },
    );
    ids.push(...backups.edges.map((edge) => edge.node.id));
    if (ref === "latest" || !backups.pageInfo.hasNextPage) break;
    after = backups.pageInfo.endCursor;
  }
  const id = pickSnapshot(ref, ids.reverse());
  if (!id) throw notFound("Snapshot", ref === "latest" ? "latest (the repository has none)" : ref);
  return id;
}
