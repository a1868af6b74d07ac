import { createRequire } from "node:module";

/**
 * Loads a CommonJS module on first use, so that importing sameside stays cheap and a call that never needs
 * the heavy NLP packages never pays for them. Works from the ESM and the CJS build (tsup shims import.meta.url).
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) loaded = createRequire(import.meta.url)(id) as T;
    return loaded;
  };
}
