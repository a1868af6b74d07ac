import { analyzeCall, type CallReport } from "sameside";
const report: CallReport = analyzeCall({ turns: [{ speaker: "A", role: "agent", text: "Sorry for the wait." }] });
export const score: number = report.impact.score;
