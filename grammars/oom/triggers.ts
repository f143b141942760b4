/**
 * Byte strings that can START or feed an OOM report when none is open. The lead's byte prefilter drops every line
 * containing none of them while `assembler.isCollecting()` is false. Each must appear verbatim in the kernel line
 * that the assembler starts a report on (see src/assemble/assembler.ts `startsReport`).
 */
export const TRIGGER_STRINGS: string[] = [
  " invoked oom-killer", // header, every era (dump_header / out_of_memory)
  "oom-killer: gfp_mask", // 2.6.1x header without comm
  "Killed process", // victim line, every era (also RHEL6/7 forms)
  "Kill process", // ≤5.0 "Kill process … or sacrifice child"
  "kill process", // 2.6.31–35 "kill process … or a child"
  "oom-kill:", // 5.0+ summary (printed before the victim line)
  "oom_reaper:", // 4.6+ reaper, matched to its kill by pid
  "panic_on_oom", // check_panic_on_oom()
  "no killable processes", // out_of_memory() with no victim
  "deadlocked on memory", // 4.19+ panic after no killable processes
  "Out of Memory:", // 2.6.1x prefix
  "Linux version", // a new boot closes any open report
];
