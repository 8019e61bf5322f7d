/**
 * Sums a V8 CPU profile (`node --cpu-prof`, bench:webhook's BENCH_CPU_PROFILE) by where the
 * time went: each package under node_modules, Rafiq's own folders, Node's internals, and
 * garbage collection / idle. Self time only, so the shares add up to 100 %. A last table
 * charges Node's internals and native code to the nearest caller that is a package or
 * Rafiq's own code (who asked for that socket write, that timer).
 *
 *   node tests/bench/profile-summary.ts <file.cpuprofile> [top functions, default 15]
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: node tests/bench/profile-summary.ts <file.cpuprofile> [top]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMs = new Map<number, number>();
profile.samples.forEach((id, index) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000));

function placeOf(frame: ProfileNode["callFrame"]): string {
  if (!frame.url) return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (inPackage) return inPackage[1] ?? "?";
  if (frame.url.startsWith("node:")) return "node internals";
  const own = /\/(bot|api|db|lib|locales|main\.ts)(\/[^/]+)?/.exec(frame.url);
  return own ? `rafiq ${own[1]}${own[2] ?? ""}` : frame.url;
}

const byPlace = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const [id, ms] of selfMs) {
  const frame = nodes.get(id)?.callFrame;
  if (!frame) continue;
  total += ms;
  const place = placeOf(frame);
  byPlace.set(place, (byPlace.get(place) ?? 0) + ms);
  const name = `${frame.functionName || "(anonymous)"} ${place}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
}
const share = (ms: number) => `${((ms / total) * 100).toFixed(1)} %`;
const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
console.log(`${file}: ${(total / 1000).toFixed(1)} s sampled`);
console.table(sorted(byPlace).slice(0, 20).map(([place, ms]) => ({ where: place, "self ms": Math.round(ms), share: share(ms) })));
console.table(sorted(byFunction).slice(0, Number(topArg ?? 15)).map(([fn, ms]) => ({ function: fn, "self ms": Math.round(ms), share: share(ms) })));

const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const onBehalf = new Map<string, number>();
for (const [id, ms] of selfMs) {
  const frame = nodes.get(id)?.callFrame;
  if (!frame) continue;
  let place = placeOf(frame);
  if (place !== "node internals" && place !== "(native)") continue;
  for (let at = parentOf.get(id); at !== undefined; at = parentOf.get(at)) {
    const caller = nodes.get(at)?.callFrame;
    if (!caller) break;
    const callerPlace = placeOf(caller);
    if (callerPlace !== "node internals" && callerPlace !== "(native)" && !callerPlace.startsWith("(")) {
      place = `${place} for ${callerPlace}`;
      break;
    }
  }
  onBehalf.set(place, (onBehalf.get(place) ?? 0) + ms);
}
console.table(sorted(onBehalf).slice(0, 15).map(([place, ms]) => ({ "Node's own work": place, "self ms": Math.round(ms), share: share(ms) })));
