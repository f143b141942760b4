/**
 * The kernel lines of one record. A printk record with embedded newlines (Mem-Info summary, memcg stats 5.3–6.4)
 * arrives as one message with "\n"; rsyslog writes the same newline as `#012`. Both split into lines here.
 */
export function splitMessage(message: string): string[] {
  const hasNl = message.includes("\n");
  const hasEsc = message.includes("#012");
  if (!hasNl && !hasEsc) return [message];
  const parts = hasNl ? message.split("\n") : [message];
  return hasEsc ? parts.flatMap((p) => p.split("#012")) : parts;
}
