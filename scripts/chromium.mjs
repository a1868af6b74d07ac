// Finds the Chromium the browser test drives (Debian's package; browsers cannot be downloaded here).
// `node scripts/chromium.mjs --ensure` installs it from Debian when it is missing and this user may (CI runs as
// root); otherwise it says how to get it, and the browser test fails with the same words.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export function findChromium() {
  return CANDIDATES.find((p) => p !== undefined && p !== "" && existsSync(p));
}

export const HOW_TO_GET_CHROMIUM =
  "Chromium not found. The browser test drives Debian's chromium package: `sudo apt-get install -y chromium` " +
  "(or set CHROMIUM_PATH to a Chromium or Chrome binary). `npm test` installs it by itself when run as root.";

if (process.argv.includes("--ensure") && findChromium() === undefined) {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const apt = spawnSync("sh", ["-c", "command -v apt-get"], { encoding: "utf8" }).status === 0;
  if (root && apt) {
    console.error("Installing Chromium from Debian for the browser test...");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    try {
      execFileSync("apt-get", ["install", "-y", "-q", "chromium"], { stdio: ["ignore", "ignore", "inherit"], env });
    } catch {
      execFileSync("apt-get", ["update", "-q"], { stdio: ["ignore", "ignore", "inherit"], env });
      execFileSync("apt-get", ["install", "-y", "-q", "chromium"], { stdio: ["ignore", "ignore", "inherit"], env });
    }
  } else console.error(HOW_TO_GET_CHROMIUM);
}
