import { readFileSync, readdirSync } from "node:fs";
import { nodeCodec } from "@qvault/core";
import { brotliDecompressSync } from "node:zlib";
const dir = process.argv[2] + "/index/";
const f = readdirSync(dir)[0]!;
let t = performance.now();
const lap = (w: string) => { const n = performance.now(); console.log(w.padEnd(14), (n - t).toFixed(1)); t = n; };
for (let k = 0; k < 2; k++) {
const bytes = readFileSync(dir + f); lap("read");
nodeCodec.sha256(bytes.subarray(40)); lap("sha");
const plain = brotliDecompressSync(bytes.subarray(40)); lap("brotli " + plain.length);
const text = new TextDecoder().decode(plain); lap("decode");
const json = JSON.parse(text); lap("parse");
const m = new Map<string, any>();
for (const p of json.packs) { const frames = p.frames.map(([o, l, h]: any) => ({ pack: p.path, offset: o, length: l, hash: h })); for (const [d, kind, fr, off, len] of p.records) m.set(d, { frame: frames[fr], offset: off, length: len, kind }); }
lap("map " + m.size);
}
