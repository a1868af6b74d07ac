/**
 * sameside's own data files (the model's weights, the word vectors): binary files beside the code that reads them
 * (src/model/ in the repository, dist/ in the package, where the build copies them), read once on first use. As text
 * in the bundle they would be parsed on every import, whether or not a call is ever scored.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the data file `name` lies: beside this module, or beside the bundle that holds it. */
export const dataFilePath = (name: string): string => fileURLToPath(new URL(`./${name}`, import.meta.url));

/** Reads a data file whole; a missing or unreadable one throws an error that says which file, what it holds and what to do. */
export function readDataFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === "ENOENT" ? "is missing" : `cannot be read (${(error as Error).message})`;
    const name = basename(path);
    throw new Error(`sameside's ${what} ${why}: ${path}. It ships beside the package's code in dist/; if you bundle sameside into one file, copy node_modules/sameside/dist/${name} beside the bundle.`);
  }
}
