/**
 * Reading a VERIFY job's `report` (JSON): `{ ok, readData, problems: [{ kind, message, path,
 * digest, snapshots, sections }], unreferencedPacks, stats }`. The API sends it as an untyped
 * scalar, so it is checked here, field by field, and anything else reads as "no report".
 */

export interface VerifyProblem {
  kind: string;
  message: string;
  path: string | null;
  digest: string | null;
  /** Ids of the backups (snapshots) whose content the problem damages. */
  snapshots: string[];
  /** Ids of the sections whose content the problem damages. */
  sections: string[];
}

export interface VerifyReport {
  ok: boolean;
  readData: boolean;
  problems: VerifyProblem[];
  unreferencedPacks: string[];
  stats: { snapshots: number; indexFiles: number; packs: number; records: number; bytesRead: number };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
const number = (value: unknown): number => (typeof value === "number" ? value : 0);
const stringOrNull = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** The report of a VERIFY job, or null when `report` is not one. */
export function readVerifyReport(report: unknown): VerifyReport | null {
  if (!isObject(report) || typeof report.ok !== "boolean" || !Array.isArray(report.problems)) return null;
  const stats = isObject(report.stats) ? report.stats : {};
  return {
    ok: report.ok,
    readData: report.readData === true,
    problems: report.problems.filter(isObject).map((problem) => ({
      kind: typeof problem.kind === "string" ? problem.kind : "unknown",
      message: typeof problem.message === "string" ? problem.message : "(no message)",
      path: stringOrNull(problem.path),
      digest: stringOrNull(problem.digest),
      snapshots: strings(problem.snapshots),
      sections: strings(problem.sections),
    })),
    unreferencedPacks: strings(report.unreferencedPacks),
    stats: {
      snapshots: number(stats.snapshots),
      indexFiles: number(stats.indexFiles),
      packs: number(stats.packs),
      records: number(stats.records),
      bytesRead: number(stats.bytesRead),
    },
  };
}
