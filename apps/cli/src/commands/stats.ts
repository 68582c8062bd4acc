/**
 * `qvault stats`: how large the repository is, and what compression and deduplication save, like
 * restic's stats: from the snapshot list and the index (core's `repositoryStats`), or through a
 * server from its health's storage figures.
 */
import { repositoryStats } from "@qvault/core";
import { formatBytes, plural } from "@qvault/vault/report-text";
import { defineCommand } from "../command.js";
import type { Output } from "../output/output.js";

/** The figures, as this command prints them; null where a server does not tell. */
interface Figures {
  snapshots: number;
  records: number;
  packs: number | null;
  bytesOnDisk: number;
  uniqueBytes: number | null;
  /** The audio files' part of the unique bytes. */
  mediaBytes: number | null;
  logicalBytes: number;
  totalLogicalBytes: number | null;
  compressionRatio: number;
  dedupRatio: number;
  freeBytes: number | null;
}

const ratio = (n: number) => `${n.toFixed(2)}x`;

function print(output: Output, figures: Figures): void {
  const rows: [string, string | null][] = [
    ["snapshots", String(figures.snapshots)],
    ["records", String(figures.records)],
    ["packs", figures.packs === null ? null : String(figures.packs)],
    ["on disk", formatBytes(figures.bytesOnDisk)],
    ["unique, uncompressed", figures.uniqueBytes === null ? null : formatBytes(figures.uniqueBytes)],
    ["of which audio", figures.mediaBytes === null ? null : formatBytes(figures.mediaBytes)],
    ["newest snapshot", formatBytes(figures.logicalBytes)],
    ["all snapshots", figures.totalLogicalBytes === null ? null : formatBytes(figures.totalLogicalBytes)],
    ["compression", ratio(figures.compressionRatio)],
    ["deduplication", ratio(figures.dedupRatio)],
    ["free", figures.freeBytes === null ? null : formatBytes(figures.freeBytes)],
  ];
  const shown = rows.filter((row): row is [string, string] => row[1] !== null);
  const width = Math.max(...shown.map(([label]) => label.length));
  output.print(shown.map(([label, value]) => `${`${label}:`.padEnd(width + 1)}  ${value}`).join("\n"));
  output.summary(
    { command: "stats", ...figures },
    `${plural(figures.snapshots, "snapshot")}, ${formatBytes(figures.bytesOnDisk)} on disk; ` +
      `compression ${ratio(figures.compressionRatio)}, deduplication ${ratio(figures.dedupRatio)}`,
  );
}

export const stats = defineCommand({
  name: "stats",
  summary: "the repository's size: snapshots, records, packs, bytes on disk, compression and dedup ratios",
  description:
    "Reads the snapshot list and the index (no pack is opened). Bytes on disk are the packs' sizes; unique " +
    "bytes are the stored records, uncompressed, each once; logical bytes are what snapshots reference, " +
    "uncompressed (the newest one's, and all snapshots' added up). Compression is unique bytes per byte on " +
    "disk; deduplication is all snapshots' logical bytes per unique byte of the bank's records (the audio " +
    "files, stored once and not compressed again, are counted apart). Through a server, the figures of its " +
    "health (systemHealth.storage), which has no pack count and no unique or total logical bytes.",
  examples: [
    "qvault stats",
    "qvault stats --json",
    "qvault stats --server http://127.0.0.1:4000 --key-file ~/.qvault-key",
  ],
  async local({ local, output }) {
    const repository = await local.repository();
    const figures = await repositoryStats(repository);
    print(output, { ...figures, freeBytes: (await repository.storage.freeBytes?.()) ?? null });
    return undefined;
  },
  async server({ server, output }) {
    const { systemHealth } = await server.request<{
      systemHealth: {
        storage: {
          snapshotCount: number;
          recordCount: number;
          bytesOnDisk: number;
          logicalBytes: number;
          compressionRatio: number;
          dedupRatio: number;
          freeBytes: number | null;
        };
      };
    }>(
      "{ systemHealth { storage { snapshotCount recordCount bytesOnDisk logicalBytes compressionRatio dedupRatio freeBytes } } }",
    );
    const { storage } = systemHealth;
    print(output, {
      snapshots: storage.snapshotCount,
      records: storage.recordCount,
      packs: null,
      bytesOnDisk: storage.bytesOnDisk,
      uniqueBytes: null,
      mediaBytes: null,
      logicalBytes: storage.logicalBytes,
      totalLogicalBytes: null,
      compressionRatio: storage.compressionRatio,
      dedupRatio: storage.dedupRatio,
      freeBytes: storage.freeBytes,
    });
    return undefined;
  },
});
