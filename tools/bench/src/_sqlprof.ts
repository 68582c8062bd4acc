import { createRequire } from "node:module";
const sqlite3 = createRequire(import.meta.url.replace("tools/bench/src/_sqlprof.ts","packages/question-bank/package.json"))("sqlite3");
const stats = new Map<string, { n: number; ms: number }>();
for (const m of ["all", "run", "exec", "get"] as const) {
  const orig = (sqlite3.Database.prototype as any)[m];
  (sqlite3.Database.prototype as any)[m] = function (sql: string, ...args: any[]) {
    const t = performance.now();
    const cbi = args.findIndex((a) => typeof a === "function");
    if (cbi >= 0) {
      const cb = args[cbi];
      args[cbi] = function (this: any, ...r: any[]) {
        const k = sql.replace(/\s+/g, " ").slice(0, 110);
        const s = stats.get(k) ?? { n: 0, ms: 0 }; s.n++; s.ms += performance.now() - t; stats.set(k, s);
        return cb.apply(this, r);
      };
    }
    return orig.call(this, sql, ...args);
  };
}
process.on("exit", () => {
  for (const [k, v] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(v.ms.toFixed(0).padStart(6), String(v.n).padStart(5), k);
});
