// sameside/queue, as a BullMQ user (with Node's types, as BullMQ's own need) writes it.
import { createWorker, type WorkerSettings } from "sameside/queue";
const settings: WorkerSettings = { connection: "redis://127.0.0.1:6379", queue: "calls", result: "summary" };
export const start = (): ReturnType<typeof createWorker> => createWorker(settings);
