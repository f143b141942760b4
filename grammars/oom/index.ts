/** The grammar of one OOM report's lines: the one registry of its section files and their samples. */
import { samples as headerSamples } from "./header.js";
import { samples as killSamples } from "./kill.js";
import type { LineSample } from "./line-types.js";
import { samples as memcgSamples } from "./memcg.js";
import { samples as meminfoSamples } from "./meminfo.js";
import { samples as taskSamples } from "./tasks.js";

export { parseOomLine } from "./classify.js";
export { TRIGGER_STRINGS } from "./triggers.js";
export type { LineSample, OomLine, OomLineKind } from "./line-types.js";

/** Every section file with its samples (checked by test/oom/samples.test.ts). */
export const grammarFiles: { file: string; samples: LineSample[] }[] = [
  { file: "header.ts", samples: headerSamples },
  { file: "meminfo.ts", samples: meminfoSamples },
  { file: "memcg.ts", samples: memcgSamples },
  { file: "tasks.ts", samples: taskSamples },
  { file: "kill.ts", samples: killSamples },
];
