import sameside = require("sameside");
const report: sameside.CallReport = sameside.analyzeCall({ turns: [{ speaker: "A", role: "agent", text: "Sorry for the wait." }] });
export const score: number = report.impact.score;
