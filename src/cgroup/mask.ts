/**
 * The shape of a cgroup path with everything that changes between restarts of the same workload
 * replaced by `*`: container ids, pod uids, LXC container ids, pids and counters in transient
 * scope names. Two kills of the same deployment on different pods/containers get the same pattern,
 * which is what the recurrence fingerprint needs.
 *
 *   /kubepods/burstable/pod<uuid>/<64hex>              → /kubepods/burstable/pod*\/*
 *   /system.slice/docker-<64hex>.scope                 → /system.slice/docker-*.scope
 *   …/kubepods-burstable-pod<uuid_>.slice/cri-containerd-<id>.scope
 *                                                      → …/kubepods-burstable-pod*.slice/cri-containerd-*.scope
 *   /lxc/39004/ns/…                                    → /lxc/*\/ns/…
 *   …/app.slice/app-code-892075.scope                  → …/app.slice/app-code-*.scope
 *
 * Slices and services keep their numbers: `user-1000.slice` and `user@1000.service` name a user,
 * which is stable; scopes are transient (sessions, `app-<name>-<pid>.scope`, `run-p<pid>-i<n>.scope`).
 */
export function cgroupPattern(path: string): string {
  if (typeof path !== "string") return "";
  const segments = path.split("/");
  for (let i = 0; i < segments.length; i++) {
    if (segments[i - 1] === "lxc" && segments[i] !== "") segments[i] = "*";
    else segments[i] = maskSegment(segments[i]);
  }
  return segments.join("/");
}

// Pod uid in the cgroupfs ("pod<uuid>") or systemd ("…-pod<uuid_>.slice") form; spaces tolerated (cadvisor test line).
const POD_UID = /pod[0-9a-fA-F][0-9a-fA-F_\- ]{30,40}(?=\.slice$|$)/;
const UUID = /[0-9a-fA-F]{8}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{12}/g;
// A run of 12+ hex digits standing alone (not part of a longer word): container ids, systemd instance hashes.
const HEX_RUN = /(?<![0-9A-Za-z])[0-9a-f]{12,}(?![0-9A-Za-z])/g;

function maskSegment(seg: string): string {
  if (seg === "") return seg;
  if (/^\d+$/.test(seg)) return "*";
  if (seg.startsWith("lxc.payload.")) return "lxc.payload.*";
  if (seg.startsWith("lxc.monitor.")) return "lxc.monitor.*";
  let out = seg.replace(POD_UID, "pod*").replace(UUID, "*").replace(HEX_RUN, "*");
  if (out.endsWith(".scope")) out = out.replace(/\d+/g, "*");
  return out;
}
