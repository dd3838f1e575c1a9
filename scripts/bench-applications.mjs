#!/usr/bin/env node
// Load benchmark (not a test): POST /api/v1/applications with the complete example filing, which
// the server parses, re-validates with every rule and stores. Starts the server binary on a fresh
// data folder (SQLite, or the PostgreSQL database of DATABASE_URL), runs `--concurrency` clients
// for `--seconds`, and prints requests per second and latency percentiles. Each client keeps its
// session cookie, as a browser does.
//
//   cargo build --release -p beian-server
//   node scripts/bench-applications.mjs [--bin target/release/beian-server] [--concurrency 16] [--seconds 10]
//   DATABASE_URL=postgres://… node scripts/bench-applications.mjs   # an empty PostgreSQL database
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const BIN = args.bin ?? 'target/release/beian-server';
const CONCURRENCY = Number(args.concurrency ?? 16);
const SECONDS = Number(args.seconds ?? 10);
const BODY = readFileSync(new URL('../docs/examples/first-filing-personal.json', import.meta.url), 'utf8');

function start() {
  const dataDir = mkdtempSync(join(tmpdir(), 'beian-bench-'));
  const server = spawn(BIN, [], {
    env: { ...process.env, BEIAN_ADDR: '127.0.0.1:0', BEIAN_DATA_DIR: dataDir, RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve({ url: m[1], server, dataDir });
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function client(url, until, latencies, failures) {
  let cookie = '';
  while (performance.now() < until) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie && { cookie }) },
      body: BODY,
    });
    await res.arrayBuffer();
    const ms = performance.now() - t0;
    if (res.status !== 201) {
      failures.push(res.status);
      continue;
    }
    cookie ||= (res.headers.get('set-cookie') ?? '').split(';')[0];
    latencies.push(ms);
  }
}

const { url, server, dataDir } = await start();
try {
  // Warm-up: one request per client.
  const latencies = [];
  const failures = [];
  await Promise.all(Array.from({ length: CONCURRENCY }, () => client(url, performance.now() + 200, [], [])));
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: CONCURRENCY }, () => client(url, until, latencies, failures)));
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
  console.log(`POST /api/v1/applications (${process.env.DATABASE_URL ? "PostgreSQL" : "SQLite"}, full re-validation), ${CONCURRENCY} clients, ${SECONDS} s`);
  console.log(`  ${latencies.length} stored, ${failures.length} failed: ${(latencies.length / SECONDS).toFixed(0)} per second`);
  console.log(`  latency ms: p50 ${pct(50)}  p90 ${pct(90)}  p99 ${pct(99)}  max ${latencies.at(-1).toFixed(1)}`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
