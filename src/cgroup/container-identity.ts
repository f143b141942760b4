import type { ContainerIdentity } from "../events/oom-event.js";

/**
 * Container / pod / unit identity from a cgroup path as the kernel prints it
 * (`task_memcg=`, `oom_memcg=`, `Task in … killed as a result of limit of …`,
 * `Memory cgroup stats for …`) or as systemd-oomd prints it. Returns null when the path names
 * neither a container, a pod nor a systemd unit (`/sandbox/leaky`, `/mem2`, `/`).
 *
 * Shapes (each one is a path segment; the innermost container wins, an enclosing LXC container
 * is kept in `outer`):
 * - docker cgroupfs `/docker/<id>`, systemd driver `docker-<id>.scope`
 * - containerd CRI `cri-containerd-<id>.scope`; under kubepods with the cgroupfs driver the
 *   container is a bare `<id>`, which docker (dockershim) and containerd both produce, so the
 *   runtime stays "kubepods" there instead of being guessed
 * - cri-o `crio-<id>.scope` / `crio-<id>`, and its monitor `crio-conmon-<id>.scope` (runtime
 *   "cri-o", unit keeps the conmon name so the two can be told apart)
 * - podman `libpod-<id>.scope`, `libpod-conmon-<id>.scope`, cgroupfs `libpod_parent/libpod-<id>`
 * - kubepods cgroupfs `/kubepods[/<qos>]/pod<uuid>/<id>` and systemd driver
 *   `kubepods-<qos>-pod<uuid_with_underscores>.slice` → podUid always dashed, qos from the path
 *   (no qos segment = guaranteed)
 * - LXC / Proxmox `/lxc/<ct>/…` (`ns/` below it is the container's own view), LXD/Incus
 *   `/lxc.payload.<name>/…`
 * - systemd units: the innermost `*.service` / `*.scope` segment → `unit`
 */
export function containerIdentity(cgroupPath: string): ContainerIdentity | null {
  if (typeof cgroupPath !== "string" || cgroupPath.length === 0) return null;
  const segments = cgroupPath.split("/").filter((s) => s.length > 0);

  let lxc: ContainerIdentity | null = null;
  let container: { runtime: string; id: string; unit: string | null } | null = null;
  let podUid: string | null = null;
  let qos: string | null = null;
  let inKubepods = false;
  let unit: string | null = null;

  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];

    // LXC / Proxmox: "/lxc/39004/ns/…" — the CT id is the next segment.
    if (seg === "lxc" && i + 1 < segments.length) {
      lxc = { runtime: "lxc", id: segments[i + 1], podUid: null, qos: null, unit: null };
      i++;
      continue;
    }
    if (seg.startsWith("lxc.payload.") && seg.length > "lxc.payload.".length) {
      lxc = { runtime: "lxc", id: seg.slice("lxc.payload.".length), podUid: null, qos: null, unit: null };
      continue;
    }

    if (seg === "kubepods" || seg === "kubepods.slice") {
      inKubepods = true;
      continue;
    }
    if (inKubepods) {
      const q = kubepodsQos(seg);
      if (q) qos = q;
      const uid = podUidOf(seg);
      if (uid) {
        podUid = uid;
        if (!qos) qos = "guaranteed";
        continue;
      }
    }

    const found = runtimeSegment(seg, segments[i - 1]);
    if (found) {
      container = found;
      continue;
    }
    // A bare container id directly below a pod (cgroupfs driver).
    if (podUid && segments[i - 1] !== undefined && podUidOf(segments[i - 1]) && HEX_ID.test(seg)) {
      container = { runtime: "kubepods", id: seg, unit: null };
      continue;
    }
    if (seg.endsWith(".service") || seg.endsWith(".scope")) unit = seg;
  }

  if (container) {
    return {
      runtime: container.runtime,
      id: container.id,
      podUid,
      qos,
      unit: container.unit,
      outer: lxc,
    };
  }
  if (podUid) return { runtime: "kubepods", id: null, podUid, qos, unit: null, outer: lxc };
  if (lxc) {
    if (unit) lxc.unit = unit;
    return lxc;
  }
  if (unit) return { runtime: "systemd", id: null, podUid: null, qos: null, unit };
  return null;
}

/** Container ids are 64 hex digits; accept the 12-digit short form and anything in between. */
const HEX_ID = /^[0-9a-f]{12,64}$/;

/** Runtime prefixes of a `<prefix><id>[.scope]` segment. Longer prefixes first: `crio-conmon-` before `crio-`. */
const RUNTIME_PREFIXES: Array<[prefix: string, runtime: string, isMonitor: boolean]> = [
  ["cri-containerd-", "containerd", false],
  ["crio-conmon-", "cri-o", true],
  ["crio-", "cri-o", false],
  ["libpod-conmon-", "podman", true],
  ["libpod-", "podman", false],
  ["docker-", "docker", false],
];

function runtimeSegment(seg: string, parent: string | undefined): { runtime: string; id: string; unit: string | null } | null {
  // cgroupfs docker: "/docker/<id>".
  if (parent === "docker" && HEX_ID.test(seg)) return { runtime: "docker", id: seg, unit: null };
  const isScope = seg.endsWith(".scope");
  const bare = isScope ? seg.slice(0, -".scope".length) : seg;
  for (const [prefix, runtime, isMonitor] of RUNTIME_PREFIXES) {
    if (!bare.startsWith(prefix)) continue;
    const id = bare.slice(prefix.length);
    if (!HEX_ID.test(id)) return null;
    return { runtime, id, unit: isScope || isMonitor ? seg : null };
  }
  return null;
}

/** "burstable" / "kubepods-burstable.slice" → "burstable". */
function kubepodsQos(seg: string): string | null {
  const m = /^(?:kubepods-)?(burstable|besteffort|guaranteed)(?:\.slice)?$/.exec(seg);
  return m ? m[1] : null;
}

/**
 * "pod<uuid>" (cgroupfs) or "kubepods[-<qos>]-pod<uuid_with_underscores>.slice" (systemd driver)
 * → the uid in dashed form. Whitespace inside the uid is dropped: cadvisor's 5.x test line
 * carries a pod uid with a stray space (google/cadvisor oomparser_test.go, issue #2813).
 */
export function podUidOf(seg: string): string | null {
  const m = /^(?:kubepods-(?:(?:burstable|besteffort|guaranteed)-)?)?pod([0-9a-fA-F_\- ]+?)(?:\.slice)?$/.exec(seg);
  if (!m) return null;
  const uid = m[1].replace(/\s+/g, "").replace(/_/g, "-").toLowerCase();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(uid)) return uid;
  // Static pods: the kubelet uses a 32-hex config hash as the uid (`kubepods-burstable-pode4e6…60ce.slice`).
  return /^[0-9a-f]{32}$/.test(uid) ? uid : null;
}
