// Finds the Debian programs the tests drive: Chromium for the browser test, redis-server for the queue tests
// (Debian's packages; nothing else can be downloaded here). `node scripts/debian.mjs --ensure` installs the missing
// ones from Debian when this user may (CI runs as root); otherwise it says how to get them, and the tests that need
// them fail with the same words.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const first = (candidates) => candidates.find((p) => p !== undefined && p !== "" && existsSync(p));

export function findChromium() {
  return first([process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]);
}

export function findRedisServer() {
  return first([process.env.REDIS_SERVER_PATH, "/usr/bin/redis-server", "/usr/local/bin/redis-server"]);
}

export const HOW_TO_GET_CHROMIUM =
  "Chromium not found. The browser test drives Debian's chromium package: `sudo apt-get install -y chromium` " +
  "(or set CHROMIUM_PATH to a Chromium or Chrome binary). `npm test` installs it by itself when run as root.";

export const HOW_TO_GET_REDIS =
  "redis-server not found. The queue tests start Debian's redis-server: `sudo apt-get install -y redis-server` " +
  "(or set REDIS_SERVER_PATH). `npm test` installs it by itself when run as root.";

if (process.argv.includes("--ensure")) {
  const missing = [
    ...(findChromium() === undefined ? [{ pkg: "chromium", how: HOW_TO_GET_CHROMIUM }] : []),
    ...(findRedisServer() === undefined ? [{ pkg: "redis-server", how: HOW_TO_GET_REDIS }] : []),
  ];
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const apt = spawnSync("sh", ["-c", "command -v apt-get"], { encoding: "utf8" }).status === 0;
  if (missing.length > 0 && root && apt) {
    const pkgs = missing.map((m) => m.pkg);
    console.error(`Installing ${pkgs.join(" and ")} from Debian for the tests...`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    try {
      execFileSync("apt-get", ["install", "-y", "-q", ...pkgs], { stdio: ["ignore", "ignore", "inherit"], env });
    } catch {
      execFileSync("apt-get", ["update", "-q"], { stdio: ["ignore", "ignore", "inherit"], env });
      execFileSync("apt-get", ["install", "-y", "-q", ...pkgs], { stdio: ["ignore", "ignore", "inherit"], env });
    }
  } else for (const m of missing) console.error(m.how);
}
