/** The worker thread's entry: piscina calls the default export once per chunk of calls. */
import { move, transferableSymbol, valueSymbol } from "piscina";
import { packResults, runTask, type CallTask } from "./render.js";

export default function analyzeInWorker(task: CallTask): unknown {
  const packed = packResults(
    task.items.map((item) => runTask(item, task.options, task.output)),
    task.spare,
  );
  // Piscina moves what [transferableSymbol] names and sends [valueSymbol]: the buffer changes threads uncopied
  // (all of it, headroom included, so that it can come back as the next chunk's spare).
  return move({ [transferableSymbol]: packed.bytes.buffer, [valueSymbol]: packed });
}
