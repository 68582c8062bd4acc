import { Repository } from "@qvault/core";
const stats = new Map<string, { n: number; ms: number }>();
export function wrap(obj: any, name: string, label = name) {
  const orig = obj[name];
  obj[name] = function (...args: any[]) {
    const t = performance.now();
    const r = orig.apply(this, args);
    const done = () => { const s = stats.get(label) ?? { n: 0, ms: 0 }; s.n++; s.ms += performance.now() - t; stats.set(label, s); };
    if (r && typeof r.then === "function") return r.finally(done);
    done(); return r;
  };
}
for (const m of ["readRecords", "readRecordBytes", "readListing", "inStorageOrder", "listSnapshots", "getSnapshot", "write"]) wrap(Repository.prototype, m);
process.on("exit", () => { for (const [k, v] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) console.log("W", v.ms.toFixed(0).padStart(6), String(v.n).padStart(5), k); });
