#!/usr/bin/env node
// The registry these machines reach serves only the Linux builds of rollup's native packages,
// so `npm install` leaves the other platforms out of package-lock.json and `npm ci` then calls
// the lock out of sync. This adds those entries back with their os/cpu/libc, as a lock made
// against the full registry has them; npm ci skips them on this platform. Run it after any
// change to dependencies.
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const pkgs = lock.packages;
let added = 0;
for (const meta of Object.values(pkgs)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (pkgs[key]) continue;
    const m = /^@rollup\/rollup-([a-z0-9]+)-([a-z0-9]+)(?:-([a-z]+))?$/.exec(dep);
    if (!m) continue;
    const [, os, cpu, abi] = m;
    const entry = { version, cpu: [cpu], ...(meta.dev ? { dev: true } : {}) };
    if (abi === "gnu" || abi === "gnueabihf") entry.libc = ["glibc"];
    if (abi === "musl" || abi === "musleabihf") entry.libc = ["musl"];
    Object.assign(entry, { license: "MIT", optional: true, os: [os] });
    pkgs[key] = entry;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.keys(pkgs).sort((a, b) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)).map((k) => [k, pkgs[k]]));
writeFileSync(path, JSON.stringify(lock, null, 2) + "\n");
console.log(`package-lock.json: ${added} platform entries added`);
