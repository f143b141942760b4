import type { ContainerIdentity } from "../events/oom-event.js";

/**
 * Container / pod / unit identity from a cgroup path as the kernel prints it
 * (`task_memcg=`, `oom_memcg=`, `Task in … killed as a result of limit of …`,
 * `Memory cgroup stats for …`). Returns null when the path names no container.
 *
 * STUB: signature fixed; implementation pending (owned by the correlate work).
 */
export function containerIdentity(cgroupPath: string): ContainerIdentity | null {
  void cgroupPath;
  return null;
}
