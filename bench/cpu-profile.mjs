// A CPU profile of one workerd isolate through Miniflare's inspector (the Chrome DevTools protocol):
// where a bench's requests spend the Worker's one thread. Used by `bench:flash -- --profile`.
import { writeFile } from "node:fs/promises";

/** Starts sampling the isolate `target` (e.g. "core:user:flash"); `stop()` ends it and returns the profile. */
export async function startCpuProfile(inspectorPort, target) {
  const ws = new WebSocket(`ws://127.0.0.1:${inspectorPort}/${target}`);
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("error", reject, { once: true });
  });
  let nextId = 0;
  const pending = new Map();
  ws.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data));
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result)));
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 200 });
  await send("Profiler.start");
  return {
    async stop() {
      const { profile } = await send("Profiler.stop");
      ws.close();
      return profile;
    },
  };
}

/** The `n` functions with the most self time, and the share of samples the isolate was idle. */
export function hottest(profile, n = 25) {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const counts = new Map();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const byFunction = new Map();
  for (const [id, count] of counts) {
    const { functionName, url, lineNumber } = byNode.get(id).callFrame;
    const key = `${functionName || "(anonymous)"} ${url.split("/").pop()}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + count);
  }
  const rows = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { samples: total, top: rows.map(([fn, count]) => ({ fn, share: +((count / total) * 100).toFixed(1) })) };
}

export async function saveCpuProfile(file, profile) {
  await writeFile(file, JSON.stringify(profile));
}
