import { describe, expect, it } from "vitest";
import { cgroupPattern } from "../../src/cgroup/mask.js";

describe("cgroupPattern", () => {
  it("two different pods of the cgroupfs driver give one pattern", () => {
    // google/cadvisor oomparser_test.go @6a0c4f25 5.x line, and sapcc/kubernetes-oomkill-exporter main_test.go @105ab402.
    const a = "/kubepods/burstable/podfbdfe8e3-1c87-4ff2-907c-b2ec8e25d012/ef807430361e6e82b45db92e2e9b6fbec98f419b12c591e655c1a725565e73a8";
    const b = "/kubepods/burstable/podd11ab7b0-d6db-4a24-a7de-4a2faf1e6980/9f02d9fa0049eb2655fc83c765f142362b2cb403b57b70ba3185071015ca3b64";
    expect(cgroupPattern(a)).toBe("/kubepods/burstable/pod*/*");
    expect(cgroupPattern(b)).toBe(cgroupPattern(a));
    expect(cgroupPattern("/kubepods/burstable/podfbdfe8e3-1c87-4ff2-907c-b2ec8e25d012")).toBe("/kubepods/burstable/pod*");
  });

  it("systemd driver: pod uid with underscores and the containerd scope", () => {
    // sapcc main_test.go @105ab402 second record, task_memcg.
    expect(
      cgroupPattern(
        "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-poddfc377c9_c533_4d51_af9e_6e0e0b3db83b.slice/cri-containerd-2260b35b008a15bd118e629c0c5d74e7f3a1fe18c724fbac61a54862fea196dc.scope",
      ),
    ).toBe("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod*.slice/cri-containerd-*.scope");
  });

  it("docker scope and the LXC CT id (OOMAnalyser proxmox example)", () => {
    expect(cgroupPattern("/lxc/39004/ns/system.slice/docker-a59e4e7d3090c04c6ce5a4b7a8bc85228eb9b96ac00b1284643a8c7c11dda661.scope")).toBe(
      "/lxc/*/ns/system.slice/docker-*.scope",
    );
    expect(cgroupPattern("/docker/2e088fe462e25e60be1dafafe2c05c47bda1a97978648d10ad2b7484fc0b8f50")).toBe("/docker/*");
  });

  it("transient scopes lose their pids and uuids, slices and services keep the user", () => {
    // systemd-oomd lines: "Killed /user.slice/user-1000.slice/user@1000.service/app.slice/app-code-892075.scope due to memory pressure …"
    expect(cgroupPattern("/user.slice/user-1000.slice/user@1000.service/app.slice/app-code-892075.scope")).toBe(
      "/user.slice/user-1000.slice/user@1000.service/app.slice/app-code-*.scope",
    );
    // Qiita post (systemd-oomd on Ubuntu): …/app-org.gnome.Terminal.slice/vte-spawn-f6518140-41fe-4a13-b828-55c5b8738fb8.scope
    expect(
      cgroupPattern("/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-f6518140-41fe-4a13-b828-55c5b8738fb8.scope"),
    ).toBe("/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-*.scope");
  });

  it("a plain cgroup is unchanged (go-leak dmesg.txt line 2257, task_memcg=/sandbox/leaky)", () => {
    expect(cgroupPattern("/sandbox/leaky")).toBe("/sandbox/leaky");
    expect(cgroupPattern("/sandbox/payment-gateway-svc")).toBe("/sandbox/payment-gateway-svc");
  });
});
