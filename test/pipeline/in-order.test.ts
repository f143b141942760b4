import { describe, expect, it } from "vitest";
import { InOrder, type ScanItem } from "../../src/pipeline/in-order.js";
import type { InputInfo } from "../../src/scan/scan-input.js";

const warning = (message: string): ScanItem => ({ kind: "warning", value: { path: "x", message } });
const info = (path: string): InputInfo => ({ path, format: "syslog-rfc3164", lines: 1, bytes: 1, gzip: false });

describe("InOrder", () => {
  it("passes items in input order and makes an input read ahead wait once it holds maxHeld items", async () => {
    const passed: string[] = [];
    const order = new InOrder(3, (item) => passed.push(item.kind === "warning" ? item.value.message : "event"), 2);
    order.item(1, warning("b1"));
    expect(order.ready(1)).toBeNull(); // one held: read on
    order.item(1, warning("b2"));
    const wait = order.ready(1);
    expect(wait).not.toBeNull(); // two held: wait for input 0
    expect(order.ready(0)).toBeNull(); // the head never waits
    order.item(0, warning("a1"));
    let woken = false;
    void wait!.then(() => (woken = true));
    await Promise.resolve();
    expect(woken).toBe(false);
    order.done(0, info("a"));
    await wait;
    expect(woken).toBe(true);
    expect(order.ready(1)).toBeNull(); // now the head
    order.item(1, warning("b3"));
    order.done(2, info("c"));
    order.done(1, info("b"));
    expect(passed).toEqual(["a1", "b1", "b2", "b3"]);
    expect(order.summaries().map((s) => s.path)).toEqual(["a", "b", "c"]);
  });
});
