import { describe, expect, it } from "vitest";
import { containerIdentity, podUidOf } from "../../src/cgroup/container-identity.js";

/** Reads `key=value` out of a real `oom-kill:` line, so each assertion starts from the line as logged. */
function field(line: string, key: string): string {
  const m = new RegExp(`[,:]${key}=([^,]*)`).exec(line);
  if (!m) throw new Error(`no ${key}= in ${line}`);
  return m[1];
}

// google/cadvisor utils/oomparser/oomparser_test.go @6a0c4f25 (corpus peers/cadvisor/…consts.log), the 5.x line.
const CADVISOR_5X =
  "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=ef807430361e6e82b45db92e2e9b6fbec98f419b12c591e655c1a725565e73a8,mems_allowed=0,oom_memcg=/kubepods/burstable/podfbdfe8e3-1c87-4ff2-907c-b2ec8e25d012,task_memcg=/kubepods/burstable/podfbdfe8e3-1c87-4ff2-907c-b2ec8e25d012/ef807430361e6e82b45db92e2e9b6fbec98f419b12c591e655c1a725565e73a8,task=manager,pid=966,uid=0";
// sapcc/kubernetes-oomkill-exporter main_test.go @105ab402, the two raw /dev/kmsg records (bodies after `;`).
const SAPCC_CGROUPFS =
  "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=9f02d9fa0049eb2655fc83c765f142362b2cb403b57b70ba3185071015ca3b64,mems_allowed=0-1,oom_memcg=/kubepods/burstable/podd11ab7b0-d6db-4a24-a7de-4a2faf1e6980/9f02d9fa0049eb2655fc83c765f142362b2cb403b57b70ba3185071015ca3b64,task_memcg=/kubepods/burstable/podd11ab7b0-d6db-4a24-a7de-4a2faf1e6980/9f02d9fa0049eb2655fc83c765f142362b2cb403b57b70ba3185071015ca3b64,task=prometheus-conf,pid=3401999,uid=0";
const SAPCC_SYSTEMD =
  "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-2260b35b008a15bd118e629c0c5d74e7f3a1fe18c724fbac61a54862fea196dc.scope,mems_allowed=0,oom_memcg=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-poddfc377c9_c533_4d51_af9e_6e0e0b3db83b.slice,task_memcg=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-poddfc377c9_c533_4d51_af9e_6e0e0b3db83b.slice/cri-containerd-2260b35b008a15bd118e629c0c5d74e7f3a1fe18c724fbac61a54862fea196dc.scope,task=stress,pid=255629,uid=0";
// CarstenGrohmann/OOMAnalyser @b35dd5fb, OOMDisplay.example_proxmox_cgroup_oom (corpus peers/OOMAnalyser/…proxmox…log line 158), prefix removed.
const PROXMOX =
  "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=docker-a59e4e7d3090c04c6ce5a4b7a8bc85228eb9b96ac00b1284643a8c7c11dda661.scope,mems_allowed=0,oom_memcg=/lxc/39004,task_memcg=/lxc/39004/ns/system.slice/docker-a59e4e7d3090c04c6ce5a4b7a8bc85228eb9b96ac00b1284643a8c7c11dda661.scope,task=php-fpm,pid=3902942,uid=1000";
// google/cadvisor oomparser_test.go @6a0c4f25, TestStreamOOMs case 3 (corpus peers/cadvisor/…case3_docker_memcg_4.8_part1.log line 35).
const CADVISOR_DOCKER_V1 =
  "Task in /docker/2e088fe462e25e60be1dafafe2c05c47bda1a97978648d10ad2b7484fc0b8f50 killed as a result of limit of /docker/2e088fe462e25e60be1dafafe2c05c47bda1a97978648d10ad2b7484fc0b8f50";

describe("containerIdentity", () => {
  it("kubepods cgroupfs driver: pod uid, qos and the bare container id (cadvisor 5.x line)", () => {
    const path = field(CADVISOR_5X, "task_memcg");
    const id = containerIdentity(path)!;
    expect(id.podUid).toBe("fbdfe8e3-1c87-4ff2-907c-b2ec8e25d012");
    expect(id.qos).toBe("burstable");
    expect(id.id).toBe(field(CADVISOR_5X, "cpuset")); // the kernel printed the same id as the cpuset name
    // A bare id under a pod is what both dockershim and containerd produce: the runtime is not guessed.
    expect(id.runtime).toBe("kubepods");
    // oom_memcg is the pod itself: a pod without a container.
    const pod = containerIdentity(field(CADVISOR_5X, "oom_memcg"))!;
    expect(pod).toMatchObject({ runtime: "kubepods", id: null, podUid: "fbdfe8e3-1c87-4ff2-907c-b2ec8e25d012" });
  });

  it("kubepods cgroupfs driver, second real line (sapcc)", () => {
    const id = containerIdentity(field(SAPCC_CGROUPFS, "task_memcg"))!;
    expect(id.podUid).toBe("d11ab7b0-d6db-4a24-a7de-4a2faf1e6980");
    expect(id.id).toBe("9f02d9fa0049eb2655fc83c765f142362b2cb403b57b70ba3185071015ca3b64");
  });

  it("kubepods systemd driver: underscored pod uid comes back dashed, containerd scope (sapcc)", () => {
    const id = containerIdentity(field(SAPCC_SYSTEMD, "task_memcg"))!;
    expect(id.runtime).toBe("containerd");
    expect(id.id).toBe("2260b35b008a15bd118e629c0c5d74e7f3a1fe18c724fbac61a54862fea196dc");
    // sapcc's own test expects "dfc377c9_c533_4d51_af9e_6e0e0b3db83b"; the API server knows the dashed form.
    expect(id.podUid).toBe("dfc377c9-c533-4d51-af9e-6e0e0b3db83b");
    expect(id.qos).toBe("burstable");
  });

  it("a pod uid with a stray space (the cadvisor issue #2813 line) still reads", () => {
    // The corpus SOURCES.md notes the upstream line carried a space inside the uid; our copy has none, so insert one.
    const uid = /pod([0-9a-f-]+)/.exec(field(CADVISOR_5X, "oom_memcg"))![1];
    const spaced = `pod${uid.slice(0, 24)} ${uid.slice(24)}`;
    expect(podUidOf(spaced)).toBe(uid);
  });

  it("docker cgroupfs /docker/<id> (cgroup v1, 4.8 kernel)", () => {
    const path = /^Task in (\S+) killed/.exec(CADVISOR_DOCKER_V1)![1];
    expect(containerIdentity(path)).toMatchObject({
      runtime: "docker",
      id: "2e088fe462e25e60be1dafafe2c05c47bda1a97978648d10ad2b7484fc0b8f50",
      podUid: null,
    });
  });

  it("Proxmox LXC running docker: docker scope inside, the CT as outer", () => {
    const id = containerIdentity(field(PROXMOX, "task_memcg"))!;
    expect(id.runtime).toBe("docker");
    expect(id.id).toBe("a59e4e7d3090c04c6ce5a4b7a8bc85228eb9b96ac00b1284643a8c7c11dda661");
    expect(id.unit).toBe(field(PROXMOX, "cpuset"));
    expect(id.outer).toMatchObject({ runtime: "lxc", id: "39004" });
    // oom_memcg=/lxc/39004: the limit hit was the CT's own.
    expect(containerIdentity(field(PROXMOX, "oom_memcg"))).toMatchObject({ runtime: "lxc", id: "39004" });
  });

  it("LXD/Incus payload cgroup with a unit inside", () => {
    // /proc/<pid>/cgroup line from a public Go test of a GitHub-runner fleet (found by code search for "/lxc.payload.").
    const id = containerIdentity("/lxc.payload.gha-fleet_worker/system.slice/actions.runner.one-job.service")!;
    expect(id).toMatchObject({ runtime: "lxc", id: "gha-fleet_worker", unit: "actions.runner.one-job.service" });
  });

  it("cri-o systemd driver, besteffort pod", () => {
    // A real /proc/self/cgroup dump from cri-o 1.19 on OpenShift 4.6, quoted in a public Go test file (found by code search).
    const id = containerIdentity(
      "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod8ca306fa_3c03_47fa_97dd_19979c345572.slice/crio-d6d725b909f37c3e232aadfbafa950a58bfe7baa579ba8c47a12be88bb921607.scope",
    )!;
    expect(id).toMatchObject({
      runtime: "cri-o",
      id: "d6d725b909f37c3e232aadfbafa950a58bfe7baa579ba8c47a12be88bb921607",
      podUid: "8ca306fa-3c03-47fa-97dd-19979c345572",
      qos: "besteffort",
    });
  });

  it("static pod: the 32-hex uid is kept as is (cAdvisor metric id from OpenShift)", () => {
    const id = containerIdentity(
      "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pode4e6004e827fdf45941cf777618f60ce.slice/crio-192f5a90b165665d969bb0137b8573f2214c8f75b728ecc58dbbc7fccd64af28.scope",
    )!;
    expect(id.podUid).toBe("e4e6004e827fdf45941cf777618f60ce");
    expect(id.id).toBe("192f5a90b165665d969bb0137b8573f2214c8f75b728ecc58dbbc7fccd64af28");
  });

  it("cri-o conmon scope is cri-o with the conmon unit, so it can be told from the container", () => {
    // Same cri-o dump as above with the monitor's sibling scope name (crio-conmon-<id>.scope, cri-o's naming).
    const id = containerIdentity(
      "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod8ca306fa_3c03_47fa_97dd_19979c345572.slice/crio-conmon-d6d725b909f37c3e232aadfbafa950a58bfe7baa579ba8c47a12be88bb921607.scope",
    )!;
    expect(id.runtime).toBe("cri-o");
    expect(id.unit).toMatch(/^crio-conmon-/);
  });

  it("podman machine.slice/libpod-<id>.scope", () => {
    // `podman inspect` CgroupPath from an OpenShift 4.15 node, quoted in a public Go test (found by code search).
    expect(containerIdentity("/machine.slice/libpod-55ea3863351726184e26ca7418f577d04c96dac0009e1f088f6c0c7a1dc2ed7c.scope")).toMatchObject({
      runtime: "podman",
      id: "55ea3863351726184e26ca7418f577d04c96dac0009e1f088f6c0c7a1dc2ed7c",
    });
  });

  it("systemd units: a service is a unit, no container", () => {
    // systemd-oomd line in systemd/systemd issue #24185: "Killed /system.slice/httpd.service due to memory used (…"
    expect(containerIdentity("/system.slice/httpd.service")).toEqual({ runtime: "systemd", id: null, podUid: null, qos: null, unit: "httpd.service" });
  });

  it("plain cgroups name nothing: the go-leak run's /sandbox/leaky and cadvisor's /mem2", () => {
    // corpus go-leak/logs/dmesg.txt line 2257: task_memcg=/sandbox/leaky; cadvisor consts: "Task in /mem2 killed …".
    expect(containerIdentity("/sandbox/leaky")).toBeNull();
    expect(containerIdentity("/mem2")).toBeNull();
    expect(containerIdentity("/")).toBeNull();
    expect(containerIdentity("")).toBeNull();
  });
});
