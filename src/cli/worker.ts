/** The worker thread's entry (piscina calls the default export once per call). */
import { runTask, type CallTask, type CallDone } from "./render.js";

export default function analyzeInWorker(task: CallTask): CallDone {
  return runTask(task);
}
